//! A plot's history: every change, newest first, who made it and when, and each field from
//! what to what. The plot editor shows it whole, and the changes made meanwhile when a save
//! was refused because someone else saved first.

use leptos::prelude::*;

use crate::domain::{FieldChange, HistoryEntry, Lang, PlotField, PlotStatus};
use crate::staff::texts::{self, SV as T};

/// Changes, newest first: who, when, and each field from what to what.
#[component]
pub(crate) fn HistoryList(entries: Vec<HistoryEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p>{T.editor_history_empty}</p> }.into_any();
    }
    view! {
        <ol class="history" reversed>
            {entries.into_iter().map(|entry| view! {
                <li data-version=entry.version>
                    <p class="history-when">
                        {texts::history_when(
                            entry.version,
                            entry.changed_at.format("%Y-%m-%d %H:%M"),
                            &entry.changed_by.clone().unwrap_or_else(|| T.editor_history_by_import.to_string())
                        )}
                    </p>
                    <ul>{entry.changes.iter().map(|c| view! { <li>{describe(c)}</li> }).collect_view()}</ul>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

fn describe(change: &FieldChange) -> String {
    let label = PlotField::from_name(&change.field)
        .map(PlotField::label)
        .unwrap_or(change.field.as_str());
    let shown = |v: &str| {
        if v.is_empty() {
            T.editor_empty_value.to_string()
        } else {
            format!("”{v}”")
        }
    };
    // Statuses are stored by key; show them as words.
    let word = |v: &str| match PlotField::from_name(&change.field) {
        Some(PlotField::Status) => PlotStatus::ALL
            .into_iter()
            .find(|s| s.key() == v)
            .map_or(v.to_string(), |s| s.label(Lang::Sv).to_string()),
        _ => v.to_string(),
    };
    format!(
        "{label}: {} → {}",
        shown(&word(&change.from)),
        shown(&word(&change.to))
    )
}
