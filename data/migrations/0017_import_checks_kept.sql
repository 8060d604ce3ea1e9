-- An import draft's checks run once, after its upload and after each change of its mapping,
-- coordinate system or business area, and are kept with it: showing the preview again runs
-- none. (The commit checks everything again, under the plots' lock.)
ALTER TABLE plot_imports ADD COLUMN checked jsonb;
