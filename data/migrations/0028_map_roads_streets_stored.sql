-- The roads and streets the map draws, in Web Mercator as SVG paths with the places for their
-- names, depend only on their lines: they are made when the lines are written, never on a
-- request. Made on each request they were two thirds of the map page's database time (0.3 s
-- each at the sample's 2,000 streets), and under ten concurrent visitors the page ran out of
-- connections. A trigger refreshes each view after any statement that changes its table, so
-- nothing can leave them stale; only the sample loader writes these tables, once a statement.
CREATE MATERIALIZED VIEW map_roads AS
    SELECT r.road_number AS name, road_sign(r.road_number) AS sign,
           -- Simplified to 25 m: finer detail is invisible at the scale roads are drawn.
           ST_AsSVG(ST_Transform(ST_Simplify(r.geom, 25), 3857), 0, 0) AS svg_path,
           array_agg(ST_X(place.point) ORDER BY place.rank) AS label_x,
           array_agg(-ST_Y(place.point) ORDER BY place.rank) AS label_y
      FROM roads r
     CROSS JOIN LATERAL (
           SELECT ST_Transform(ST_LineInterpolatePoint(d.geom, f.at), 3857) AS point,
                  row_number() OVER (ORDER BY ST_Length(d.geom) DESC, f.rank) AS rank
             FROM ST_Dump(ST_LineMerge(r.geom)) AS d
            CROSS JOIN (VALUES (0.5, 1), (0.3, 2), (0.7, 3), (0.15, 4), (0.85, 5)) AS f(at, rank)
     ) place
     GROUP BY r.id, r.road_number, r.geom;

-- Each street's name goes a quarter, half and three quarters along each stretch, the longest
-- stretches first, turned along it.
CREATE MATERIALIZED VIEW map_streets AS
    SELECT s.name, ST_AsSVG(ST_Transform(s.geom, 3857), 0, 1) AS svg_path,
           array_agg(ST_X(place.point) ORDER BY place.rank) AS label_x,
           array_agg(-ST_Y(place.point) ORDER BY place.rank) AS label_y,
           array_agg(place.angle ORDER BY place.rank) AS label_angle
      FROM streets s
     CROSS JOIN LATERAL (
           SELECT ST_Transform(ST_LineInterpolatePoint(d.geom, f.at), 3857) AS point,
                  degrees(atan2(-(ST_Y(ST_EndPoint(w.geom)) - ST_Y(ST_StartPoint(w.geom))),
                                ST_X(ST_EndPoint(w.geom)) - ST_X(ST_StartPoint(w.geom))))
                      AS angle,
                  row_number() OVER (ORDER BY ST_Length(d.geom) DESC, f.rank) AS rank
             FROM ST_DumpSegments(s.geom) AS d
            CROSS JOIN LATERAL (SELECT ST_Transform(d.geom, 3857) AS geom) w
            CROSS JOIN (VALUES (0.5, 1), (0.25, 2), (0.75, 3)) AS f(at, rank)
     ) place
     GROUP BY s.id, s.name, s.geom;

CREATE FUNCTION refresh_map_roads() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    REFRESH MATERIALIZED VIEW map_roads;
    RETURN NULL;
END $$;

CREATE FUNCTION refresh_map_streets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    REFRESH MATERIALIZED VIEW map_streets;
    RETURN NULL;
END $$;

CREATE TRIGGER roads_drawn AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roads
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_map_roads();
CREATE TRIGGER streets_drawn AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON streets
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_map_streets();
