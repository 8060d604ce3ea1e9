-- A contact person away (on leave, on holiday) until and including a day: while away, the
-- deputy of each of their responsibilities answers instead (db::interests::subject), so new
-- cases and meetings go to someone who is there.
ALTER TABLE contact_persons ADD COLUMN away_until date;
