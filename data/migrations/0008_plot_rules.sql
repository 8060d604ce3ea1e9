-- The rules every plot outline meets, in one place: the editor's checks (draw, reshape, split,
-- merge) and the import's use these functions, so the two never disagree.

-- Inside the municipality: covered by its outline (on the boundary counts as inside).
CREATE FUNCTION plot_in_municipality(outline geometry) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(ST_CoveredBy(outline, (SELECT ST_Union(geom) FROM municipality)), false)
$$;

-- Two outlines overlap when they share more than half a square metre: plots drawn against each
-- other's boundaries touch, and a centimetre's disagreement along an edge is no overlap. Simple
-- enough for PostgreSQL to inline, so `a && b` uses a spatial index where there is one.
CREATE FUNCTION plot_outlines_overlap(a geometry, b geometry) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT a && b AND ST_Intersects(a, b) AND ST_Area(ST_Intersection(a, b)) > 0.5
$$;

-- The plots (by designation, sorted) a valid outline overlaps, leaving out except_ids: the plot
-- itself when it is reshaped, the two being merged.
CREATE FUNCTION plots_overlapped_by(outline geometry, except_ids bigint[] DEFAULT '{}')
    RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(p.designation ORDER BY p.designation), '{}')
      FROM plots p
     WHERE p.id <> ALL (except_ids) AND plot_outlines_overlap(p.geom, outline)
$$;
