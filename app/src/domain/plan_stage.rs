//! The stages a detaljplan passes through.

use serde::{Deserialize, Serialize};

use super::Lang;

/// Stage of a detaljplan in the planning process (plan- och bygglagen).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "plan_stage", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum PlanStage {
    Planbesked,
    Samrad,
    Granskning,
    Antagen,
    LagaKraft,
    Upphavd,
}

impl PlanStage {
    pub const ALL: [PlanStage; 6] = [
        PlanStage::Planbesked,
        PlanStage::Samrad,
        PlanStage::Granskning,
        PlanStage::Antagen,
        PlanStage::LagaKraft,
        PlanStage::Upphavd,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlanStage::Planbesked, Lang::Sv) => "planbesked",
            (PlanStage::Samrad, Lang::Sv) => "samråd",
            (PlanStage::Granskning, Lang::Sv) => "granskning",
            (PlanStage::Antagen, Lang::Sv) => "antagen",
            (PlanStage::LagaKraft, Lang::Sv) => "laga kraft",
            (PlanStage::Upphavd, Lang::Sv) => "upphävd",
            (PlanStage::Planbesked, Lang::En) => "planning decision",
            (PlanStage::Samrad, Lang::En) => "consultation",
            (PlanStage::Granskning, Lang::En) => "review",
            (PlanStage::Antagen, Lang::En) => "adopted",
            (PlanStage::LagaKraft, Lang::En) => "in force",
            (PlanStage::Upphavd, Lang::En) => "cancelled",
        }
    }
}
