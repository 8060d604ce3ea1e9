-- No two plots overlap, however the saves interleave.
--
-- The editor's and the import's checks (migration 0008) read the plots as they were when the
-- check ran: two staff reshaping neighbouring plots at the same moment could each pass their
-- check and both be written, overlapping. Every write of plot outlines now takes one lock,
-- held until its transaction ends, and checks again under it. The application takes the lock
-- before its own checks (so they see every committed outline and their messages name the
-- plot), and this trigger checks once more for any writer, so no path can skip it.

-- The one lock all outline writes take (a transaction-level advisory lock; lock_timeout applies
-- while waiting for it). Take it before any row or table lock, so no two writers wait on each
-- other in opposite order.
CREATE FUNCTION lock_plot_outlines() RETURNS void
    LANGUAGE sql VOLATILE AS $$
    SELECT pg_advisory_xact_lock(hashtext('markkartan: plot outlines'))
$$;

-- After every statement that inserts plots or changes an outline: under the lock, no new or
-- changed outline overlaps another plot (by more than half a square metre, as 0008 defines).
-- Under READ COMMITTED each query here sees what was committed before the lock was granted, so
-- a save that waited for another sees its outline. Refused as constraint `plots_no_overlap`,
-- with the other plot's designation as the detail; the server answers 409 naming it.
CREATE FUNCTION plots_refuse_overlap() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    clash record;
BEGIN
    -- A save of a plot's facts leaves its outline as it was: nothing to check, no lock.
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (
            SELECT 1 FROM changed_plots n JOIN previous_plots o USING (id)
             WHERE NOT ST_OrderingEquals(n.geom, o.geom)
        ) THEN
            RETURN NULL;
        END IF;
    END IF;
    PERFORM lock_plot_outlines();
    SELECT n.designation AS plot, p.designation AS other INTO clash
      FROM changed_plots n
      JOIN plots p ON p.id <> n.id AND plot_outlines_overlap(p.geom, n.geom)
     ORDER BY n.designation, p.designation
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'plot % overlaps %', clash.plot, clash.other
            USING ERRCODE = 'exclusion_violation',
                  CONSTRAINT = 'plots_no_overlap',
                  TABLE = 'plots',
                  DETAIL = clash.other;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER plots_no_overlap_on_insert
    AFTER INSERT ON plots
    REFERENCING NEW TABLE AS changed_plots
    FOR EACH STATEMENT EXECUTE FUNCTION plots_refuse_overlap();

CREATE TRIGGER plots_no_overlap_on_update
    AFTER UPDATE ON plots
    REFERENCING OLD TABLE AS previous_plots NEW TABLE AS changed_plots
    FOR EACH STATEMENT EXECUTE FUNCTION plots_refuse_overlap();
