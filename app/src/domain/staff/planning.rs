//! What planners keep (detaljplaner and the översiktsplan's future areas) and how a change of
//! them reaches the public: a revision goes draft → in review → published (at once or at a set
//! time), approved by another planner than its author unless self-approval is allowed.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::Viewer;
use super::workflow::may_approve;
use crate::domain::{
    LONG_TEXT_MAX_CHARS, LandUse, LandUseCategory, Lang, LocalLand, LocalPlace, NAME_MAX_CHARS,
    PlanStage, PlotOutline, StageDate, WrittenText, check_text,
};

/// What planners publish: detaljplaner, the översiktsplan's future areas, and its land-use
/// areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "planning_kind", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum PlanningKind {
    DetailedPlan,
    FutureArea,
    LandUseArea,
}

impl PlanningKind {
    pub const ALL: [PlanningKind; 3] = [
        PlanningKind::DetailedPlan,
        PlanningKind::FutureArea,
        PlanningKind::LandUseArea,
    ];

    /// The path segment of its pages: `/plan/7`, `/personal/plan/7`.
    pub fn segment(self) -> &'static str {
        match self {
            PlanningKind::DetailedPlan => "plan",
            PlanningKind::FutureArea => "framtida-omrade",
            PlanningKind::LandUseArea => "markanvandning",
        }
    }

    pub fn from_segment(segment: &str) -> Option<PlanningKind> {
        PlanningKind::ALL
            .into_iter()
            .find(|k| k.segment() == segment)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlanningKind::DetailedPlan, Lang::Sv) => "Detaljplan",
            (PlanningKind::FutureArea, Lang::Sv) => "Framtida område",
            (PlanningKind::LandUseArea, Lang::Sv) => "Markanvändning i översiktsplanen",
            (PlanningKind::DetailedPlan, Lang::En) => "Detailed plan",
            (PlanningKind::FutureArea, Lang::En) => "Future area",
            (PlanningKind::LandUseArea, Lang::En) => "Land use in the comprehensive plan",
        }
    }

    /// The workspace's words for starting one.
    pub fn new_label(self) -> &'static str {
        match self {
            PlanningKind::DetailedPlan => "Ny detaljplan",
            PlanningKind::FutureArea => "Nytt framtida område",
            PlanningKind::LandUseArea => "Ny markanvändning",
        }
    }

    /// The public page of the plan or area with this id.
    pub fn public_path(self, id: i64) -> String {
        format!("/{}/{id}", self.segment())
    }

    /// The interest form's parameter for interest in one: `/intresse?plan=7`. A company asks
    /// about a place in a land-use area, not the area.
    pub fn interest_param(self) -> Option<&'static str> {
        match self {
            PlanningKind::DetailedPlan => Some("plan"),
            PlanningKind::FutureArea => Some("framtida_omrade"),
            PlanningKind::LandUseArea => None,
        }
    }

    /// Its page in the workspace.
    pub fn staff_path(self, id: i64) -> String {
        format!("/personal/{}/{id}", self.segment())
    }
}

/// Where a revision is on its way to the public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "revision_state", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum RevisionState {
    /// Only signed-in staff see it; its author edits it.
    Draft,
    /// Ready for review: waiting for a planner to approve it or send it back.
    InReview,
    /// Approved, to be published at its time.
    Scheduled,
    /// Public (the latest published revision is what the public sees).
    Published,
    /// Given up before publication.
    Discarded,
}

impl RevisionState {
    pub fn label(self) -> &'static str {
        match self {
            RevisionState::Draft => "Utkast",
            RevisionState::InReview => "Väntar på granskning",
            RevisionState::Scheduled => "Schemalagd",
            RevisionState::Published => "Publicerad",
            RevisionState::Discarded => "Kasserad",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            RevisionState::Draft => "draft",
            RevisionState::InReview => "in_review",
            RevisionState::Scheduled => "scheduled",
            RevisionState::Published => "published",
            RevisionState::Discarded => "discarded",
        }
    }
}

/// What happened to a plan or area, in its history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "planning_action", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum PlanningAction {
    Created,
    Edited,
    Submitted,
    Returned,
    Scheduled,
    Published,
    Discarded,
    Withdrawn,
    /// A land-use area lost the part a newly published neighbour covers.
    Reshaped,
}

impl PlanningAction {
    pub fn label(self) -> &'static str {
        match self {
            PlanningAction::Created => "Utkast skapat",
            PlanningAction::Edited => "Utkast ändrat",
            PlanningAction::Submitted => "Skickat för granskning",
            PlanningAction::Returned => "Skickat tillbaka till utkast",
            PlanningAction::Scheduled => "Godkänt och schemalagt",
            PlanningAction::Published => "Publicerat",
            PlanningAction::Discarded => "Utkast kasserat",
            PlanningAction::Withdrawn => "Avpublicerat",
            PlanningAction::Reshaped => {
                "Minskat: ett angränsande område publicerades över en del av det"
            }
        }
    }
}

/// The översiktsplan's land-use categories for a future area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "area_use", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum AreaUse {
    Verksamheter,
    Industri,
    Handel,
    Logistik,
    BlandadBebyggelse,
    TekniskForsorjning,
}

impl AreaUse {
    pub const ALL: [AreaUse; 6] = [
        AreaUse::Verksamheter,
        AreaUse::Industri,
        AreaUse::Handel,
        AreaUse::Logistik,
        AreaUse::BlandadBebyggelse,
        AreaUse::TekniskForsorjning,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AreaUse::Verksamheter => "verksamheter",
            AreaUse::Industri => "industri",
            AreaUse::Handel => "handel",
            AreaUse::Logistik => "logistik",
            AreaUse::BlandadBebyggelse => "blandad_bebyggelse",
            AreaUse::TekniskForsorjning => "teknisk_forsorjning",
        }
    }

    pub fn from_key(key: &str) -> Option<AreaUse> {
        AreaUse::ALL.into_iter().find(|u| u.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AreaUse::Verksamheter, Lang::Sv) => "verksamheter",
            (AreaUse::Industri, Lang::Sv) => "industri",
            (AreaUse::Handel, Lang::Sv) => "handel",
            (AreaUse::Logistik, Lang::Sv) => "logistik",
            (AreaUse::BlandadBebyggelse, Lang::Sv) => "blandad bebyggelse",
            (AreaUse::TekniskForsorjning, Lang::Sv) => "teknisk försörjning",
            (AreaUse::Verksamheter, Lang::En) => "business",
            (AreaUse::Industri, Lang::En) => "industry",
            (AreaUse::Handel, Lang::En) => "retail",
            (AreaUse::Logistik, Lang::En) => "logistics",
            (AreaUse::BlandadBebyggelse, Lang::En) => "mixed development",
            (AreaUse::TekniskForsorjning, Lang::En) => "utilities",
        }
    }
}

/// A detaljplan's facts, as a revision holds them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanFacts {
    /// The registered plan id, e.g. "0188-P2024/1".
    pub plan_id: String,
    pub stage: PlanStage,
    /// The dates each stage was reached, and the expected date of the next.
    pub stage_dates: Vec<StageDate>,
    pub permitted_uses: Vec<LandUse>,
    /// In Swedish and, where the planner wrote it, English.
    pub purpose: WrittenText,
    pub building_rights: WrittenText,
    /// Where the plan documents are (https).
    pub documents_url: String,
    pub contact_person_id: Option<i64>,
    /// The plan lifts shore protection (upphäver strandskyddet) within it: once it is in force,
    /// proposed while it is on its way.
    #[serde(default)]
    pub shore_protection_lifted: bool,
}

/// A future area's facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaFacts {
    pub land_use: AreaUse,
    /// The intended use in words, e.g. "Logistik och hamnanknutna verksamheter" (and English).
    pub intended_use: WrittenText,
    pub horizon_from_year: i16,
    pub horizon_to_year: i16,
}

/// A land-use area's facts: the översiktsplan's designation of it and where the plan says so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandUseFacts {
    pub category: LandUseCategory,
    /// The part of the översiktsplan that says it.
    pub documents_url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum KindFacts {
    Plan(PlanFacts),
    Area(AreaFacts),
    LandUse(LandUseFacts),
}

/// What one revision of a plan or area says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanningContent {
    pub name: String,
    /// In Swedish and, where the planner wrote it, English.
    pub description: WrittenText,
    pub facts: KindFacts,
}

impl PlanningContent {
    pub fn kind(&self) -> PlanningKind {
        match self.facts {
            KindFacts::Plan(_) => PlanningKind::DetailedPlan,
            KindFacts::Area(_) => PlanningKind::FutureArea,
            KindFacts::LandUse(_) => PlanningKind::LandUseArea,
        }
    }

    /// Each fact as (label, value) in Swedish, in the order the workspace shows them: what
    /// "what the public will see" compares.
    pub fn fact_rows(
        &self,
        contacts: &[crate::domain::ContactChoice],
    ) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("Namn", self.name.clone()),
            ("Beskrivning", self.description.sv.clone()),
            ("Beskrivning (engelska)", self.description.en.clone()),
        ];
        match &self.facts {
            KindFacts::Plan(plan) => {
                let mut stage_dates = plan.stage_dates.clone();
                stage_dates.sort_by_key(|s| s.stage);
                let dates = stage_dates
                    .iter()
                    .map(|s| {
                        format!(
                            "{} {}{}",
                            s.stage.label(Lang::Sv),
                            s.date,
                            if s.expected { " (väntat)" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let contact = plan
                    .contact_person_id
                    .and_then(|id| contacts.iter().find(|c| c.id == id))
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                // The uses as a set: the same uses in another order are no change.
                let mut uses = plan.permitted_uses.clone();
                uses.sort_by_key(|u| u.code());
                uses.dedup();
                rows.extend([
                    ("Plan-id", plan.plan_id.clone()),
                    ("Skede", plan.stage.label(Lang::Sv).to_string()),
                    ("Skedesdatum", dates),
                    ("Användning", LandUse::describe_all(&uses, Lang::Sv)),
                    ("Syfte", plan.purpose.sv.clone()),
                    ("Syfte (engelska)", plan.purpose.en.clone()),
                    ("Byggrätt", plan.building_rights.sv.clone()),
                    ("Byggrätt (engelska)", plan.building_rights.en.clone()),
                    ("Plandokument", plan.documents_url.clone()),
                    ("Kontaktperson", contact),
                ]);
            }
            KindFacts::Area(area) => rows.extend([
                ("Markanvändning", area.land_use.label(Lang::Sv).to_string()),
                ("Avsedd användning", area.intended_use.sv.clone()),
                ("Avsedd användning (engelska)", area.intended_use.en.clone()),
                (
                    "Tidshorisont",
                    format!("{}–{}", area.horizon_from_year, area.horizon_to_year),
                ),
            ]),
            KindFacts::LandUse(land) => rows.extend([
                ("Kategori", land.category.label(Lang::Sv).to_string()),
                ("Översiktsplanen", land.documents_url.clone()),
            ]),
        }
        rows
    }
}

/// Text limits of a plan's and an area's fields.
pub const PLAN_ID_MAX_CHARS: usize = 40;
pub const URL_MAX_CHARS: usize = 500;
pub const PLAN_TEXT_MAX_CHARS: usize = LONG_TEXT_MAX_CHARS;

/// The planning editor's form, as posted: every field is text until validated.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanningForm {
    #[serde(default)]
    pub csrf: String,
    /// The open revision's version the editor loaded (empty when there was none).
    #[serde(default)]
    pub version: String,
    /// The published revision the editor started from when there was no open one: a new
    /// revision of a published plan is refused if another was published meanwhile.
    #[serde(rename = "grund", default)]
    pub base: String,
    #[serde(rename = "namn", default)]
    pub name: String,
    #[serde(rename = "beskrivning", default)]
    pub description: String,
    #[serde(rename = "beskrivning_en", default)]
    pub description_en: String,
    /// GeoJSON Polygon or MultiPolygon, EPSG:3011.
    #[serde(rename = "geometri", default)]
    pub geometry: String,
    #[serde(rename = "plan_id", default)]
    pub plan_id: String,
    #[serde(rename = "skede", default)]
    pub stage: String,
    #[serde(rename = "datum_planbesked", default)]
    pub date_planbesked: String,
    #[serde(rename = "datum_samrad", default)]
    pub date_samrad: String,
    #[serde(rename = "datum_granskning", default)]
    pub date_granskning: String,
    #[serde(rename = "datum_antagen", default)]
    pub date_antagen: String,
    #[serde(rename = "datum_laga_kraft", default)]
    pub date_laga_kraft: String,
    #[serde(rename = "datum_upphavd", default)]
    pub date_upphavd: String,
    /// The expected date of the next stage.
    #[serde(rename = "nasta_skede_datum", default)]
    pub next_stage_date: String,
    #[serde(rename = "anvandning", default)]
    pub permitted_uses: Vec<String>,
    #[serde(rename = "syfte", default)]
    pub purpose: String,
    #[serde(rename = "syfte_en", default)]
    pub purpose_en: String,
    #[serde(rename = "byggratt", default)]
    pub building_rights: String,
    #[serde(rename = "byggratt_en", default)]
    pub building_rights_en: String,
    #[serde(rename = "plandokument", default)]
    pub documents_url: String,
    #[serde(rename = "kontakt", default)]
    pub contact_person: String,
    /// A checkbox: "ja" when the plan lifts shore protection.
    #[serde(rename = "upphaver_strandskydd", default)]
    pub shore_protection_lifted: String,
    #[serde(rename = "markanvandning", default)]
    pub land_use: String,
    #[serde(rename = "avsedd_anvandning", default)]
    pub intended_use: String,
    #[serde(rename = "avsedd_anvandning_en", default)]
    pub intended_use_en: String,
    #[serde(rename = "horisont_fran", default)]
    pub horizon_from: String,
    #[serde(rename = "horisont_till", default)]
    pub horizon_to: String,
    /// A land-use area's category (`LandUseCategory::key`).
    #[serde(rename = "kategori", default)]
    pub category: String,
}

/// A field of the planning form that could not be accepted, and why (in Swedish).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanningError {
    /// The form field's name (`namn`, `plan_id`, `geometri`, …).
    pub field: String,
    pub message: String,
}

impl PlanningError {
    pub fn new(field: &str, message: impl Into<String>) -> PlanningError {
        PlanningError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl PlanningForm {
    /// The form filled in with a revision's content (and its geometry as GeoJSON).
    pub fn from_content(content: &PlanningContent, geometry: String, version: i32) -> PlanningForm {
        let mut form = PlanningForm {
            version: version.to_string(),
            name: content.name.clone(),
            description: content.description.sv.clone(),
            description_en: content.description.en.clone(),
            geometry,
            ..PlanningForm::default()
        };
        match &content.facts {
            KindFacts::Plan(plan) => {
                form.plan_id = plan.plan_id.clone();
                form.stage = plan.stage.key().to_string();
                for s in &plan.stage_dates {
                    if s.expected {
                        form.next_stage_date = s.date.to_string();
                    } else {
                        *form.stage_date_mut(s.stage) = s.date.to_string();
                    }
                }
                form.permitted_uses = plan
                    .permitted_uses
                    .iter()
                    .map(|u| u.code().to_string())
                    .collect();
                form.purpose = plan.purpose.sv.clone();
                form.purpose_en = plan.purpose.en.clone();
                form.building_rights = plan.building_rights.sv.clone();
                form.building_rights_en = plan.building_rights.en.clone();
                form.documents_url = plan.documents_url.clone();
                form.contact_person = plan
                    .contact_person_id
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                if plan.shore_protection_lifted {
                    form.shore_protection_lifted = "ja".to_string();
                }
            }
            KindFacts::Area(area) => {
                form.land_use = area.land_use.key().to_string();
                form.intended_use = area.intended_use.sv.clone();
                form.intended_use_en = area.intended_use.en.clone();
                form.horizon_from = area.horizon_from_year.to_string();
                form.horizon_to = area.horizon_to_year.to_string();
            }
            KindFacts::LandUse(land) => {
                form.category = land.category.key().to_string();
                form.documents_url = land.documents_url.clone();
            }
        }
        form
    }

    /// The form a plan's or area's page starts with: its open revision's content, or else a new
    /// revision of what is published (based on it), or else an empty one.
    pub fn starting(open: Option<&Revision>, published: Option<&Revision>) -> PlanningForm {
        match (open, published) {
            (Some(open), _) => {
                PlanningForm::from_content(&open.content, open.geometry.clone(), open.version)
            }
            (None, Some(published)) => PlanningForm {
                version: String::new(),
                base: published.id.to_string(),
                ..PlanningForm::from_content(
                    &published.content,
                    published.geometry.clone(),
                    published.version,
                )
            },
            (None, None) => PlanningForm::default(),
        }
    }

    /// The date field of a stage.
    pub fn stage_date(&self, stage: PlanStage) -> &str {
        match stage {
            PlanStage::Planbesked => &self.date_planbesked,
            PlanStage::Samrad => &self.date_samrad,
            PlanStage::Granskning => &self.date_granskning,
            PlanStage::Antagen => &self.date_antagen,
            PlanStage::LagaKraft => &self.date_laga_kraft,
            PlanStage::Upphavd => &self.date_upphavd,
        }
    }

    fn stage_date_mut(&mut self, stage: PlanStage) -> &mut String {
        match stage {
            PlanStage::Planbesked => &mut self.date_planbesked,
            PlanStage::Samrad => &mut self.date_samrad,
            PlanStage::Granskning => &mut self.date_granskning,
            PlanStage::Antagen => &mut self.date_antagen,
            PlanStage::LagaKraft => &mut self.date_laga_kraft,
            PlanStage::Upphavd => &mut self.date_upphavd,
        }
    }

    /// The content the form describes (the geometry is checked by PostGIS), or every field
    /// that is wrong.
    pub fn validate(&self, kind: PlanningKind) -> Result<PlanningContent, Vec<PlanningError>> {
        let mut errors = Vec::new();
        let mut text = |field: &str, value: &str, max: usize, required: bool| -> String {
            let value = value.trim();
            if let Err(problem) = check_text(value, max) {
                errors.push(PlanningError::new(field, problem.message(Lang::Sv)));
            } else if required && value.is_empty() {
                errors.push(PlanningError::new(field, "Fyll i fältet."));
            }
            value.to_string()
        };
        let name = text("namn", &self.name, NAME_MAX_CHARS, true);
        let description = WrittenText {
            sv: text("beskrivning", &self.description, PLAN_TEXT_MAX_CHARS, false),
            en: text(
                "beskrivning_en",
                &self.description_en,
                PLAN_TEXT_MAX_CHARS,
                false,
            ),
        };
        let facts = match kind {
            PlanningKind::DetailedPlan => {
                let plan_id = text("plan_id", &self.plan_id, PLAN_ID_MAX_CHARS, true);
                let purpose = WrittenText {
                    sv: text("syfte", &self.purpose, PLAN_TEXT_MAX_CHARS, false),
                    en: text("syfte_en", &self.purpose_en, PLAN_TEXT_MAX_CHARS, false),
                };
                let building_rights = WrittenText {
                    sv: text(
                        "byggratt",
                        &self.building_rights,
                        PLAN_TEXT_MAX_CHARS,
                        false,
                    ),
                    en: text(
                        "byggratt_en",
                        &self.building_rights_en,
                        PLAN_TEXT_MAX_CHARS,
                        false,
                    ),
                };
                let documents_url = text("plandokument", &self.documents_url, URL_MAX_CHARS, false);
                let stage = PlanStage::ALL.into_iter().find(|s| s.key() == self.stage);
                if stage.is_none() {
                    errors.push(PlanningError::new("skede", "Välj ett skede i listan."));
                }
                check_documents_url(&documents_url, &mut errors);
                let mut permitted_uses = Vec::new();
                for code in &self.permitted_uses {
                    match LandUse::from_code(code) {
                        Some(u) if !permitted_uses.contains(&u) => permitted_uses.push(u),
                        Some(_) => {}
                        None => errors.push(PlanningError::new(
                            "anvandning",
                            "Välj användning bland planbestämmelserna i listan.",
                        )),
                    }
                }
                let mut stage_dates = Vec::new();
                for s in PlanStage::ALL {
                    let field = format!("datum_{}", s.key());
                    match parse_date(self.stage_date(s)) {
                        Ok(Some(date)) => stage_dates.push(StageDate {
                            stage: s,
                            date,
                            expected: false,
                            late: false,
                        }),
                        Ok(None) => {}
                        Err(()) => {
                            errors.push(PlanningError::new(&field, "Skriv datumet som ÅÅÅÅ-MM-DD."))
                        }
                    }
                }
                match (
                    parse_date(&self.next_stage_date),
                    stage.map(PlanStage::next),
                ) {
                    (Ok(Some(date)), Some(Some(next))) => stage_dates.push(StageDate {
                        stage: next,
                        date,
                        expected: true,
                        late: false,
                    }),
                    (Ok(Some(_)), Some(None)) => errors.push(PlanningError::new(
                        "nasta_skede_datum",
                        "Planen har inget nästa skede; lämna datumet tomt.",
                    )),
                    (Ok(_), _) => {}
                    (Err(()), _) => errors.push(PlanningError::new(
                        "nasta_skede_datum",
                        "Skriv datumet som ÅÅÅÅ-MM-DD.",
                    )),
                }
                stage_dates.sort_by_key(|s| (s.date, s.stage));
                let contact_person_id = match self.contact_person.trim() {
                    "" => None,
                    id => match id.parse::<i64>() {
                        Ok(id) => Some(id),
                        Err(_) => {
                            errors.push(PlanningError::new(
                                "kontakt",
                                "Välj en kontaktperson i listan.",
                            ));
                            None
                        }
                    },
                };
                stage.map(|stage| {
                    KindFacts::Plan(PlanFacts {
                        plan_id,
                        stage,
                        stage_dates,
                        permitted_uses,
                        purpose,
                        building_rights,
                        documents_url,
                        contact_person_id,
                        shore_protection_lifted: !self.shore_protection_lifted.trim().is_empty(),
                    })
                })
            }
            PlanningKind::FutureArea => {
                let intended_use = WrittenText {
                    sv: text(
                        "avsedd_anvandning",
                        &self.intended_use,
                        NAME_MAX_CHARS,
                        false,
                    ),
                    en: text(
                        "avsedd_anvandning_en",
                        &self.intended_use_en,
                        NAME_MAX_CHARS,
                        false,
                    ),
                };
                let land_use = AreaUse::from_key(self.land_use.trim());
                if land_use.is_none() {
                    errors.push(PlanningError::new(
                        "markanvandning",
                        "Välj markanvändning i listan.",
                    ));
                }
                let year = |field: &str, value: &str, errors: &mut Vec<PlanningError>| match value
                    .trim()
                    .parse::<i16>()
                {
                    Ok(year) if (2000..=2100).contains(&year) => Some(year),
                    _ => {
                        errors.push(PlanningError::new(
                            field,
                            "Skriv ett årtal mellan 2000 och 2100.",
                        ));
                        None
                    }
                };
                let from = year("horisont_fran", &self.horizon_from, &mut errors);
                let to = year("horisont_till", &self.horizon_to, &mut errors);
                if let (Some(from), Some(to)) = (from, to)
                    && from > to
                {
                    errors.push(PlanningError::new(
                        "horisont_till",
                        "Tidshorisonten kan inte sluta före den börjar.",
                    ));
                }
                match (land_use, from, to) {
                    (Some(land_use), Some(from), Some(to)) => Some(KindFacts::Area(AreaFacts {
                        land_use,
                        intended_use,
                        horizon_from_year: from,
                        horizon_to_year: to,
                    })),
                    _ => None,
                }
            }
            PlanningKind::LandUseArea => {
                let documents_url = text("plandokument", &self.documents_url, URL_MAX_CHARS, false);
                check_documents_url(&documents_url, &mut errors);
                let category = LandUseCategory::from_key(self.category.trim());
                if category.is_none() {
                    errors.push(PlanningError::new(
                        "kategori",
                        "Välj översiktsplanens kategori i listan.",
                    ));
                }
                category.map(|category| {
                    KindFacts::LandUse(LandUseFacts {
                        category,
                        documents_url,
                    })
                })
            }
        };
        match facts {
            Some(facts) if errors.is_empty() => Ok(PlanningContent {
                name,
                description,
                facts,
            }),
            _ => Err(errors),
        }
    }
}

/// The link to a plan document: empty, or a web address (the database checks the same).
fn check_documents_url(url: &str, errors: &mut Vec<PlanningError>) {
    if !url.is_empty()
        && (!(url.starts_with("https://") || url.starts_with("http://"))
            || url.chars().any(char::is_whitespace))
    {
        errors.push(PlanningError::new(
            "plandokument",
            "Skriv en webbadress som börjar med https://.",
        ));
    }
}

fn parse_date(text: &str) -> Result<Option<NaiveDate>, ()> {
    match text.trim() {
        "" => Ok(None),
        date => NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ()),
    }
}

impl PlanStage {
    /// The stage a plan moves to after this one, if any (a plan in force is cancelled only by
    /// a new decision, not as the next step of its own process).
    pub fn next(self) -> Option<PlanStage> {
        match self {
            PlanStage::Planbesked => Some(PlanStage::Samrad),
            PlanStage::Samrad => Some(PlanStage::Granskning),
            PlanStage::Granskning => Some(PlanStage::Antagen),
            PlanStage::Antagen => Some(PlanStage::LagaKraft),
            PlanStage::LagaKraft | PlanStage::Upphavd => None,
        }
    }
}

/// One revision, as the workspace shows it. Times are Swedish time (Europe/Stockholm).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub id: i64,
    pub state: RevisionState,
    pub content: PlanningContent,
    /// GeoJSON, EPSG:3011.
    pub geometry: String,
    pub author: Option<String>,
    pub author_id: Option<i64>,
    /// Everyone who wrote any of its content: its author and each planner who saved it since.
    pub editor_ids: Vec<i64>,
    pub approver: Option<String>,
    pub publish_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

/// An entry of a plan's or area's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanningEvent {
    pub action: PlanningAction,
    /// Who; `None`: the server, publishing at the scheduled time.
    pub who: Option<String>,
    pub from_state: Option<RevisionState>,
    pub to_state: Option<RevisionState>,
    pub from_stage: Option<PlanStage>,
    pub to_stage: Option<PlanStage>,
    pub happened_at: NaiveDateTime,
}

/// A plan or area on the planner's overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanningItem {
    pub kind: PlanningKind,
    pub id: i64,
    pub name: String,
    /// Whether the public sees a version of it now.
    pub public: bool,
    /// The open revision's state, if one is on its way.
    pub open_state: Option<RevisionState>,
    pub open_author: Option<String>,
    /// Everyone who wrote any of the open revision's content.
    pub open_editor_ids: Vec<i64>,
    pub publish_at: Option<NaiveDateTime>,
    pub changed_at: NaiveDateTime,
    /// Interest registered by companies in it (plans in progress and future areas).
    pub interest_count: i64,
}

/// The planner's overview (`/personal/planer`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanningOverview {
    pub viewer: Viewer,
    pub items: Vec<PlanningItem>,
    /// Whether a planner may approve their own revision (a setting for small teams).
    pub self_approval: bool,
}

impl PlanningOverview {
    /// Revisions in review that this viewer may approve.
    pub fn waiting_for_me(&self) -> Vec<&PlanningItem> {
        self.items
            .iter()
            .filter(|i| {
                i.open_state == Some(RevisionState::InReview)
                    && may_approve(
                        &i.open_editor_ids,
                        self.viewer.account_id,
                        self.self_approval,
                    )
            })
            .collect()
    }

    /// What this viewer wrote that waits for someone else's review.
    pub fn mine_waiting(&self) -> Vec<&PlanningItem> {
        self.items
            .iter()
            .filter(|i| {
                i.open_state == Some(RevisionState::InReview)
                    && i.open_editor_ids.contains(&self.viewer.account_id)
            })
            .collect()
    }

    pub fn scheduled(&self) -> Vec<&PlanningItem> {
        let mut items: Vec<&PlanningItem> = self
            .items
            .iter()
            .filter(|i| i.open_state == Some(RevisionState::Scheduled))
            .collect();
        items.sort_by_key(|i| i.publish_at);
        items
    }

    /// The ten most recently changed.
    pub fn recently_changed(&self) -> Vec<&PlanningItem> {
        let mut items: Vec<&PlanningItem> = self.items.iter().collect();
        items.sort_by_key(|i| std::cmp::Reverse(i.changed_at));
        items.truncate(10);
        items
    }
}

/// Interest companies registered in a plan or area, as its planner sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DemandSummary {
    pub count: i64,
    /// The wanted areas added up, m².
    pub wanted_area_m2: i64,
    /// The earliest wanted start.
    pub earliest_start: Option<NaiveDate>,
}

/// A plan's or area's page in the workspace: its open revision (or a new one), what is public,
/// the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanningEditor {
    pub viewer: Viewer,
    pub kind: PlanningKind,
    /// `None` for a new plan or area.
    pub id: Option<i64>,
    /// The revision being worked on, if one is open.
    pub open: Option<Revision>,
    /// What the public sees now, if anything.
    pub published: Option<Revision>,
    /// Whether the public sees it now (a withdrawn plan has a published revision but is not
    /// public).
    pub public: bool,
    pub history: Vec<PlanningEvent>,
    pub contacts: Vec<crate::domain::ContactChoice>,
    /// Plots around, grey on the map, and the land under them.
    pub plots: Vec<PlotOutline>,
    pub land: LocalLand,
    /// The localities, the one with most business land around it first: a new outline's map
    /// opens there, and the planner may go to any of them.
    pub places: Vec<LocalPlace>,
    pub demand: DemandSummary,
    pub self_approval: bool,
}

impl PlanningEditor {
    /// Whether this viewer may approve the revision in review.
    pub fn may_approve(&self) -> bool {
        self.open.as_ref().is_some_and(|r| {
            r.state == RevisionState::InReview
                && may_approve(&r.editor_ids, self.viewer.account_id, self.self_approval)
        })
    }
}

/// A planning form refused, shown again as typed with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedPlanning {
    pub form: PlanningForm,
    pub errors: Vec<PlanningError>,
    /// Said above the form when it was filled in from a file rather than refused.
    pub notice: Option<String>,
}

/// A workflow step (submit, approve, return, discard, withdraw) as posted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanningStepForm {
    #[serde(default)]
    pub csrf: String,
    /// The revision the step acts on (the open one, or the published one to withdraw) and its
    /// version, as the planner saw them.
    #[serde(default)]
    pub revision: String,
    #[serde(default)]
    pub version: String,
    /// For approval: when to publish (`ÅÅÅÅ-MM-DDTHH:MM`, Swedish time); empty: now.
    #[serde(rename = "publicera", default)]
    pub publish_at: String,
}

/// A step refused, shown on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedStep {
    pub message: String,
}
