-- What a road's sign says: "E18", "76" (a national road, "Rv 76" in the data, is signposted by
-- its number only). One function, used wherever a road is named on a map or searched for
-- (server/src/db/context.rs, server/src/db/search.rs).
CREATE FUNCTION road_sign(road_number text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN regexp_replace(road_number, '^Rv ', '');
