-- Search matches names as people type them: any case, and with or without the Swedish letters'
-- marks ("gorla" finds Görla, "kapellskar" Kapellskär). The folding is one SQL function, used
-- on both sides of every comparison (server/src/db/search.rs).
CREATE FUNCTION search_fold(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN translate(lower(name), 'åäöéèêëüáàíìóòúùæøñç', 'aaoeeeeuaaiioouuaonc');
