-- A plot merged into its neighbour is retired, not erased: its row, its history and the
-- interests companies registered in it stay, and its page says what became of it.
--
-- Every plot ever offered is a row of `plot_records`; `plots` is a view of those not retired,
-- and every query of the application (public pages, the workspace, the rules of migrations
-- 0008 and 0009) reads and writes through it, as the public reads plans through
-- `published_plans`. The view is automatically updatable: inserts, updates and deletes through
-- it reach `plot_records`, whose constraints and triggers apply as before.
--
-- A migration that adds a column to plots adds it to plot_records and creates the view again
-- (a view keeps the columns it had when it was made).
ALTER TABLE plots RENAME TO plot_records;
ALTER TABLE plot_records
    ADD COLUMN retired_at timestamptz,
    -- The plot it was merged into.
    ADD COLUMN retired_into bigint REFERENCES plot_records (id),
    ADD CONSTRAINT plot_records_retirement CHECK ((retired_at IS NULL) = (retired_into IS NULL));

-- A designation names one plot on offer; a retired plot's name may be given again.
ALTER TABLE plot_records DROP CONSTRAINT plots_designation_key;
CREATE UNIQUE INDEX plots_designation_key ON plot_records (designation) WHERE retired_at IS NULL;

CREATE VIEW plots AS SELECT * FROM plot_records WHERE retired_at IS NULL;
