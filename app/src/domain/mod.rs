//! Domain types of Markkartan, compiled for both the server and the browser, one file per
//! concept: the plot and its status, plans, the map's view, formatting, the organisation number,
//! the public forms (interest, filter, search), the staff workspace (`staff/`), the import, and
//! the boundary's vocabulary of refusals (`problem`). Each module's public items are re-exported
//! here by name, so `crate::domain::PlotStatus` is how both halves name them.
//!
//! Enums that live in the database as Postgres enums derive `sqlx::Type` on the server only, so the
//! Rust and SQL vocabularies cannot drift apart silently: a value the database does not know is a
//! decoding error, not a string that falls through to a default.

mod compare;
mod contacts;
mod fact_sheet;
mod filter;
mod format;
mod import;
mod import_mapping;
mod inbox;
mod insights;
mod interest;
mod interest_errors;
mod labels;
mod lang;
mod layers;
mod map_view;
mod meetings;
mod org_number;
mod outline;
mod place;
mod plan_stage;
mod plans;
mod plot;
mod problem;
mod proposals;
mod search;
mod sites;
mod staff;
mod text;

#[cfg(test)]
mod tests;

pub use compare::{
    COMPARE_PARAM, CompareChoice, Comparison, MAX_COMPARE_CHOICES, MAX_COMPARED, compare_href,
    parse_compared,
};
pub use contacts::{
    ContactForm, ContactPersonView, ContactProblem, ContactsPage, QuestionKind, RejectedContact,
    Responsibility, ValidContact,
};
pub use fact_sheet::{
    Contact, Distances, FactSheet, NeighbourPlot, PREVIEW_HEIGHT_PX, PREVIEW_WIDTH_PX, PlanSummary,
    SmallMap, format_date, format_distance, preview_image_path,
};
pub use filter::{
    FilterError, FilterProblem, ListPage, MAX_LIST_PAGE, PLOTS_PER_PAGE, PlotFilter, PlotListItem,
    PlotSort, list_page_from_params, param,
};
pub use format::{
    count_of, format_area_m2, format_hectares, format_integer, format_sek, parse_whole_number,
};
pub use import::{
    Crs, ImportFormat, ImportPreview, ImportProblem, ImportStart, MAX_FILE_NAME_CHARS,
    MAX_IMPORT_ATTRIBUTES, MAX_IMPORT_BYTES, MAX_IMPORT_FEATURES, MAX_PLOT_CORNERS, PreviewFeature,
    RejectedImport,
};
pub use import_mapping::{ImportField, ImportMapping, ImportedPlot};
pub use inbox::{
    CaseMail, Colleague, Inbox, InboxFilter, InboxItem, InterestCase, InterestNote, InterestStatus,
    InterestUpdate, InterestUpdateForm, NOTE_MAX_CHARS,
};
pub use insights::{
    CONTACT_WITHIN_DAYS, CaseOutcome, CaseWarnings, Coming, Durations, FigureTable, Funnel,
    InsightSection, Insights, InsightsPage, MIN_ANSWERS_FOR_INDEX, MonthlySupply, RejectedSurvey,
    SURVEY_COMMENT_MAX_CHARS, SURVEY_VALID_DAYS, ServiceFactor, Supply, SurveyAnswer, SurveyForm,
    SurveyIndex, SurveyLink, format_decimal, month_name, percent_of, service_index, survey_gone,
    survey_page,
};
pub use interest::{
    InterestForm, InterestSubject, MAX_MESSAGE_CHARS, RejectedInterest, ValidInterest,
};
pub use interest_errors::{InterestError, InterestField, InterestProblem};
pub use labels::{
    LabelAnchor, LabelCandidate, LabelKind, PlacedLabel, future_area_label_candidates,
    place_labels, place_labels_clear_of, plot_label_candidates,
};
pub use lang::{Lang, WrittenText};
pub use layers::MapLayer;
pub use map_view::{
    AREA_MARGIN, BaseMap, BusinessAreaView, InView, LAND_COLOUR, LAND_TILE_BLEED, LAND_TILE_UNITS,
    LAND_TILES, MAX_OVERVIEW_PLOTS, MAX_TILE_ZOOM, MAX_VIEW_WIDTH, MIN_VIEW_WIDTH, MapData,
    MapFutureArea, MapOpening, MapPlan, NamedPath, NamedPoint, OVERVIEW_WIDTH_M, PlacedTile,
    SEA_COLOUR, StreetView, ViewBox, ground_metres_per_mercator_unit, round_distance, scale_label,
    tiles_for_view,
};
pub use meetings::{
    BOOKING_HORIZON_DAYS, BookedMeeting, BookingForm, FieldProblem, FreeSlot,
    MAX_MEETING_MESSAGE_CHARS, MeetingKind, MeetingOffer, MeetingsPage, RejectedBooking,
    RejectedSlots, SlotForm, StaffSlot, ValidBooking, ValidSlots, format_meeting_day,
    format_meeting_time, looks_like_link_token,
};
pub use org_number::{OrgNumber, OrgNumberError};
pub use outline::{
    LocalFrame, LocalLand, LocalPlace, MIN_VERTICES, MapPoint, PlotOutline, line_geojson,
    line_points, midpoint, multipolygon_geojson, multipolygon_parts, outline_rings,
    polygon_geojson, polygon_ring, ring_area_m2, rings_overlap, to_cm,
};
pub use place::{
    FutureAreaHere, LandUseCategory, LandUseHere, NEAREST_PLOTS, NationalInterestHere,
    NationalInterestKind, NearbyPlot, PlacePoint, PlaceReport, PlanHere, ShoreProtectionHere,
};
pub use plan_stage::PlanStage;
pub use plans::{CoveredPlot, FutureAreaView, PlanView, PlanningPage, StageDate};
pub use plot::{LandUse, MapPlot, PlotStatus, WaterSewage};
pub use problem::{Problem, ProblemKind};
pub use proposals::{
    DEFAULT_PROPOSAL_VALID_DAYS, ItemRef, MAX_PROPOSAL_ITEMS, PROPOSAL_LETTER_MAX_CHARS,
    PROPOSAL_NOTE_MAX_CHARS, PROPOSAL_QUESTION_MAX_CHARS, PROPOSAL_VALID_DAYS, ProposalBookingForm,
    ProposalEditor, ProposalItem, ProposalItemChoice, ProposalItemForm, ProposalLetterForm,
    ProposalLink, ProposalPage, ProposalQuestionForm, ProposalState, ProposalSummary,
    ProposalVerdict, ProposedFutureArea, ProposedThing, RejectedProposalEdit, RejectedProposalForm,
    ValidLetter, VerdictForm, proposal_gone,
};
pub use search::{MAX_PLOT_HITS, RoadHit, SearchHits};
pub use sites::{ADJACENT_WITHIN_M, ContiguousSite};
pub use staff::{
    API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, AccountView, AccountsPage, ApiTokenAnswer,
    ApiTokenView, RejectedAccount,
};
pub use staff::{
    AreaFacts, AreaUse, DemandSummary, KindFacts, LandUseFacts, PLAN_ID_MAX_CHARS,
    PLAN_TEXT_MAX_CHARS, PlanFacts, PlanningAction, PlanningContent, PlanningEditor, PlanningError,
    PlanningEvent, PlanningForm, PlanningItem, PlanningKind, PlanningOverview, PlanningStepForm,
    RejectedPlanning, RejectedStep, Revision, RevisionState, URL_MAX_CHARS,
};
pub use staff::{
    ContactChoice, HistoryEntry, PlotEditor, PlotPage, RejectedPlotEdit, RetiredPlot, StaffPlot,
    WorkspaceOverview,
};
pub use staff::{
    DESCRIPTION_MAX_CHARS, EditError, FieldChange, PlotEdit, PlotEditForm, PlotField,
    water_sewage_key,
};
pub use staff::{
    Denied, Permission, RejectedSignIn, Role, SIGN_IN_FAILED, Viewer, sign_in_limited,
};
pub use staff::{
    GeometryForm, GeometryOperation, GeometryProblem, Neighbour, PlotChoice, RejectedGeometry,
};
pub use staff::{PLANNING_STEPS, PlanningStep, SCHEDULED, StepRule, may_approve};
pub use text::{
    DESIGNATION_MAX_CHARS, EMAIL_MAX_CHARS, LONG_TEXT_MAX_CHARS, NAME_MAX_CHARS,
    PASSWORD_MAX_CHARS, PHONE_MAX_CHARS, SEARCH_MAX_CHARS, TextProblem, check_text, limit_hint,
};
