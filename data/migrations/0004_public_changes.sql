-- Public changes, for the Atom feed companies subscribe to: a plot that became available, a
-- detaljplan that reached a new stage, a future area that was published. Written by triggers,
-- so every way of changing the data (sample load, staff edits, imports) feeds it alike.
CREATE TYPE public_change_kind AS ENUM ('plot_available', 'plan_stage', 'future_area_published');

CREATE TABLE public_changes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind public_change_kind NOT NULL,
    plot_id bigint REFERENCES plots (id) ON DELETE CASCADE,
    detailed_plan_id bigint REFERENCES detailed_plans (id) ON DELETE CASCADE,
    future_area_id bigint REFERENCES future_areas (id) ON DELETE CASCADE,
    -- The stage a plan reached (plan_stage changes only).
    plan_stage plan_stage,
    happened_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT public_changes_subject CHECK (
        (kind = 'plot_available' AND plot_id IS NOT NULL)
        OR (kind = 'plan_stage' AND detailed_plan_id IS NOT NULL AND plan_stage IS NOT NULL)
        OR (kind = 'future_area_published' AND future_area_id IS NOT NULL)
    )
);
CREATE INDEX public_changes_happened_idx ON public_changes (happened_at DESC, id DESC);

CREATE FUNCTION record_plot_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.published AND NEW.status = 'available'
       AND (TG_OP = 'INSERT' OR OLD.status <> 'available' OR NOT OLD.published) THEN
        INSERT INTO public_changes (kind, plot_id) VALUES ('plot_available', NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER plots_public_changes AFTER INSERT OR UPDATE OF status, published ON plots
    FOR EACH ROW EXECUTE FUNCTION record_plot_change();

CREATE FUNCTION record_plan_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.published AND (TG_OP = 'INSERT' OR OLD.stage <> NEW.stage OR NOT OLD.published) THEN
        INSERT INTO public_changes (kind, detailed_plan_id, plan_stage)
        VALUES ('plan_stage', NEW.id, NEW.stage);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER detailed_plans_public_changes AFTER INSERT OR UPDATE OF stage, published
    ON detailed_plans FOR EACH ROW EXECUTE FUNCTION record_plan_change();

CREATE FUNCTION record_future_area_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.published AND (TG_OP = 'INSERT' OR NOT OLD.published) THEN
        INSERT INTO public_changes (kind, future_area_id) VALUES ('future_area_published', NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER future_areas_public_changes AFTER INSERT OR UPDATE OF published ON future_areas
    FOR EACH ROW EXECUTE FUNCTION record_future_area_change();
