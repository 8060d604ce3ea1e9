//! What is planned: detaljplaner with their stages, and the översiktsplan's future areas.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Contact, KindFacts, LandUse, Lang, PlanStage, PlanningKind, PlotStatus, SmallMap, WrittenText,
};

/// A published detaljplan as the public sees it: on the map and in the plans view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: i64,
    /// The registered plan id, e.g. "0188-P2024/1".
    pub plan_id: String,
    pub name: String,
    pub stage: PlanStage,
    pub permitted_uses: Vec<LandUse>,
    pub description: WrittenText,
    /// Reached and expected stages, in date order.
    pub stage_dates: Vec<StageDate>,
    pub svg_path: String,
}

impl PlanView {
    /// The next stage the plan is expected to reach, with its forecast date, unless that date
    /// has passed.
    pub fn next_stage(&self) -> Option<&StageDate> {
        self.stage_dates.iter().find(|s| s.upcoming())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageDate {
    pub stage: PlanStage,
    pub date: NaiveDate,
    /// A forecast from the planning schedule rather than a date the stage was reached.
    pub expected: bool,
    /// A forecast whose date has passed without the stage being reached: no longer upcoming.
    /// Set by the public reads, which know today's date.
    #[serde(default)]
    pub late: bool,
}

impl StageDate {
    /// Still ahead: expected, and its date not passed.
    pub fn upcoming(&self) -> bool {
        self.expected && !self.late
    }
}

/// A future development area from the översiktsplan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FutureAreaView {
    pub id: i64,
    pub name: String,
    pub intended_use: WrittenText,
    pub horizon_from_year: i16,
    pub horizon_to_year: i16,
    pub description: WrittenText,
    pub svg_path: String,
    /// Where the label goes: a point inside the area, in map coordinates.
    pub label_x: f64,
    pub label_y: f64,
}

impl FutureAreaView {
    /// "2030–2040".
    pub fn horizon(&self) -> String {
        format!("{}–{}", self.horizon_from_year, self.horizon_to_year)
    }
}

impl PlanStage {
    /// The stable identifier used in CSS classes and URLs.
    pub fn key(self) -> &'static str {
        match self {
            PlanStage::Planbesked => "planbesked",
            PlanStage::Samrad => "samrad",
            PlanStage::Granskning => "granskning",
            PlanStage::Antagen => "antagen",
            PlanStage::LagaKraft => "laga_kraft",
            PlanStage::Upphavd => "upphavd",
        }
    }

    /// What the stage means for a company, in one line.
    pub fn explanation(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlanStage::Planbesked, Lang::Sv) => "Kommunen har beslutat att pröva en ny plan.",
            (PlanStage::Samrad, Lang::Sv) => "Förslaget är ute på samråd; det kan ändras.",
            (PlanStage::Granskning, Lang::Sv) => "Det bearbetade förslaget granskas.",
            (PlanStage::Antagen, Lang::Sv) => {
                "Planen är antagen men har ännu inte vunnit laga kraft."
            }
            (PlanStage::LagaKraft, Lang::Sv) => "Planen gäller: bygglov kan ges enligt den.",
            (PlanStage::Upphavd, Lang::Sv) => "Planen är upphävd och gäller inte längre.",
            (PlanStage::Planbesked, Lang::En) => {
                "The municipality has decided to consider a new plan."
            }
            (PlanStage::Samrad, Lang::En) => "The proposal is out for consultation; it may change.",
            (PlanStage::Granskning, Lang::En) => "The revised proposal is under review.",
            (PlanStage::Antagen, Lang::En) => "The plan is adopted but not yet in force.",
            (PlanStage::LagaKraft, Lang::En) => "The plan is in force: building permits follow it.",
            (PlanStage::Upphavd, Lang::En) => "The plan is cancelled and no longer applies.",
        }
    }
}

/// A published plot within a plan or future area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CoveredPlot {
    pub id: i64,
    pub designation: String,
    pub status: PlotStatus,
}

/// A published plan's or future area's own page (`/plan/7`, `/framtida-omrade/3`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanningPage {
    pub kind: PlanningKind,
    pub id: i64,
    pub name: String,
    pub description: WrittenText,
    pub facts: KindFacts,
    /// The outline's area, square metres.
    pub area_m2: f64,
    /// Whom to ask about the plan.
    pub contact: Option<Contact>,
    /// The outline (as the plot of a small map), the plots within it by status, the land.
    pub map: SmallMap,
    pub plots: Vec<CoveredPlot>,
}
