-- Who wrote a revision: its author and every planner who saved it since. A revision is
-- approved only by someone who wrote none of its content (unless self-approval is set), so a
-- planner cannot send a colleague's revision back, rewrite it and approve their own text.
ALTER TABLE planning_revisions ADD COLUMN editor_ids bigint[] NOT NULL DEFAULT '{}';
UPDATE planning_revisions SET editor_ids = ARRAY[author_id] WHERE author_id IS NOT NULL;
-- Before this migration an edit kept only the author; what the history says each planner did
-- (created or edited) is the record of who wrote what.
UPDATE planning_revisions r
   SET editor_ids = ARRAY(SELECT DISTINCT x FROM unnest(r.editor_ids || e.editors) AS x ORDER BY x)
  FROM (SELECT revision_id, array_agg(DISTINCT account_id) AS editors
          FROM planning_events
         WHERE action IN ('created', 'edited') AND account_id IS NOT NULL
         GROUP BY revision_id) e
 WHERE e.revision_id = r.id;
