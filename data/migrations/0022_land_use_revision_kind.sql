-- A land-use area of the översiktsplan becomes one more thing planners revise (draft → review →
-- published), and publishing one may reshape its neighbours (it replaces the land use it
-- covers). A new enum value can be used only once the transaction that adds it has committed,
-- so these two stand alone; migration 0023 uses them.
ALTER TYPE planning_kind ADD VALUE 'land_use_area';
ALTER TYPE planning_action ADD VALUE 'reshaped';
