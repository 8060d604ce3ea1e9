//! The planning workflow as data: every step a planner can take on a plan or future area, which
//! states it is allowed from, the state it leads to, what the history records, its form's path
//! segment and its button. The server's workflow (`server/src/planning.rs`), the editor's step
//! buttons and the SQL that finds a plan's open revision all read [`PLANNING_STEPS`]; a change of
//! the workflow is a change of this table.

use serde::{Deserialize, Serialize};

use super::planning::{PlanningAction, RevisionState};

/// A step of the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlanningStep {
    Submit,
    Discard,
    Approve,
    Return,
    Withdraw,
}

/// One row of the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepRule {
    pub step: PlanningStep,
    /// The revision states it may be taken from. A step from [`RevisionState::Published`] acts on
    /// what the public sees (the latest published revision); every other on the open revision.
    pub from: &'static [RevisionState],
    /// The state it leads to; `None`: the revision keeps its state (withdrawing takes the plan
    /// off the public pages, its published revision stays what it was).
    pub to: Option<RevisionState>,
    /// What the history records.
    pub action: PlanningAction,
    /// The last segment of its form's path: `/personal/plan/7/skicka`.
    pub segment: &'static str,
    /// Its button.
    pub label: &'static str,
    /// The page's query after it (`?klart=skickad`), and what the page then says.
    pub done: &'static str,
    pub done_message: &'static str,
}

/// The workflow. Approval publishes at once, or at a set time: it then leads to
/// [`RevisionState::Scheduled`] ([`SCHEDULED`] says so), from which the scheduler publishes.
pub const PLANNING_STEPS: [StepRule; 5] = [
    StepRule {
        step: PlanningStep::Submit,
        from: &[RevisionState::Draft],
        to: Some(RevisionState::InReview),
        action: PlanningAction::Submitted,
        segment: "skicka",
        label: "Skicka för granskning",
        done: "skickad",
        done_message: "Revisionen är skickad för granskning.",
    },
    StepRule {
        step: PlanningStep::Discard,
        from: &[RevisionState::Draft],
        to: Some(RevisionState::Discarded),
        action: PlanningAction::Discarded,
        segment: "kassera",
        label: "Kassera utkastet",
        done: "kasserad",
        done_message: "Utkastet är kasserat.",
    },
    StepRule {
        step: PlanningStep::Approve,
        from: &[RevisionState::InReview],
        to: Some(RevisionState::Published),
        action: PlanningAction::Published,
        segment: "godkann",
        label: "Godkänn och publicera",
        done: "publicerad",
        done_message: "Revisionen är publicerad: allmänheten ser den nu.",
    },
    StepRule {
        step: PlanningStep::Return,
        from: &[RevisionState::InReview, RevisionState::Scheduled],
        to: Some(RevisionState::Draft),
        action: PlanningAction::Returned,
        segment: "tillbaka",
        label: "Skicka tillbaka till utkast",
        done: "tillbaka",
        done_message: "Revisionen är tillbaka som utkast.",
    },
    StepRule {
        step: PlanningStep::Withdraw,
        from: &[RevisionState::Published],
        to: None,
        action: PlanningAction::Withdrawn,
        segment: "avpublicera",
        label: "Avpublicera",
        done: "avpublicerad",
        done_message: "Den är avpublicerad: allmänheten ser den inte längre.",
    },
];

/// Approval with a publication time ahead: the revision waits, approved, until then.
pub const SCHEDULED: StepRule = StepRule {
    step: PlanningStep::Approve,
    from: &[RevisionState::InReview],
    to: Some(RevisionState::Scheduled),
    action: PlanningAction::Scheduled,
    segment: "godkann",
    label: "Godkänn och publicera",
    done: "schemalagd",
    done_message: "Revisionen är godkänd och publiceras vid den angivna tiden.",
};

impl PlanningStep {
    pub fn rule(self) -> &'static StepRule {
        // Every step has its row (a unit test checks the table).
        PLANNING_STEPS
            .iter()
            .find(|rule| rule.step == self)
            .unwrap_or(&PLANNING_STEPS[0])
    }

    /// What the page says after the step that leads to `?klart={done}`.
    pub fn done_message(done: &str) -> Option<&'static str> {
        PLANNING_STEPS
            .iter()
            .chain([&SCHEDULED])
            .find(|rule| rule.done == done)
            .map(|rule| rule.done_message)
    }

    /// The step a form's path names.
    pub fn from_segment(segment: &str) -> Option<PlanningStep> {
        PLANNING_STEPS
            .iter()
            .find(|rule| rule.segment == segment)
            .map(|rule| rule.step)
    }
}

impl StepRule {
    /// Whether it acts on what the public sees rather than on the open revision.
    pub fn acts_on_public(&self) -> bool {
        self.from.contains(&RevisionState::Published)
    }

    pub fn allowed_from(&self, state: RevisionState) -> bool {
        self.from.contains(&state)
    }

    /// Its button for a revision in `state` (cancelling a scheduled publication says so).
    pub fn label_from(&self, state: RevisionState) -> &'static str {
        match (self.step, state) {
            (PlanningStep::Return, RevisionState::Scheduled) => {
                "Avbryt publiceringen (tillbaka till utkast)"
            }
            _ => self.label,
        }
    }
}

impl RevisionState {
    pub const ALL: [RevisionState; 5] = [
        RevisionState::Draft,
        RevisionState::InReview,
        RevisionState::Scheduled,
        RevisionState::Published,
        RevisionState::Discarded,
    ];

    /// Still on its way to the public: some step of the workflow is taken from it on the open
    /// revision. There is at most one open revision per plan or area.
    pub fn is_open(self) -> bool {
        PLANNING_STEPS
            .iter()
            .any(|rule| !rule.acts_on_public() && rule.allowed_from(self))
    }

    /// The open states, as SQL reads them: `('draft', 'in_review', 'scheduled')`.
    pub fn open_states_sql() -> String {
        let keys: Vec<String> = RevisionState::ALL
            .into_iter()
            .filter(|state| state.is_open())
            .map(|state| format!("'{}'", state.key()))
            .collect();
        format!("({})", keys.join(", "))
    }
}

/// Who may approve a revision: someone who wrote none of its content (every account that saved
/// it is among its editors), unless the municipality lets a planner approve their own.
pub fn may_approve(editor_ids: &[i64], account_id: i64, self_approval: bool) -> bool {
    self_approval || !editor_ids.contains(&account_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_one_row_with_its_own_segment() {
        for step in [
            PlanningStep::Submit,
            PlanningStep::Discard,
            PlanningStep::Approve,
            PlanningStep::Return,
            PlanningStep::Withdraw,
        ] {
            let rows: Vec<_> = PLANNING_STEPS.iter().filter(|r| r.step == step).collect();
            assert_eq!(rows.len(), 1, "{step:?}");
            assert_eq!(step.rule().step, step);
            assert_eq!(PlanningStep::from_segment(rows[0].segment), Some(step));
        }
        assert_eq!(PlanningStep::from_segment("publicera"), None);
    }

    #[test]
    fn the_open_states_are_those_steps_leave_from() {
        let open: Vec<_> = RevisionState::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect();
        assert_eq!(
            open,
            [
                RevisionState::Draft,
                RevisionState::InReview,
                RevisionState::Scheduled
            ]
        );
        assert_eq!(
            RevisionState::open_states_sql(),
            "('draft', 'in_review', 'scheduled')"
        );
    }

    #[test]
    fn an_editor_never_approves_without_self_approval() {
        assert!(!may_approve(&[1, 2], 2, false));
        assert!(may_approve(&[1, 2], 3, false));
        assert!(may_approve(&[1, 2], 2, true));
    }
}
