//! The names the public map writes: localities, future areas, business areas (at the overview),
//! streets (at plot scale) and plots, placed afresh for each view by `domain/labels.rs` so that
//! no two overlap. The same placement runs on the server and in the browser, so hydration writes
//! what the server wrote.

use std::collections::HashSet;

use leptos::prelude::*;

use crate::domain::{LabelCandidate, LabelKind, MapLayer, PlotStatus, place_labels};
use crate::public::map::STREET_WIDTH_M;
use crate::public::map_camera::MapCamera;
use crate::ui::map_drawing::MapLabel;

/// The names placed for the current view, of the layers shown and of the plots the filter lets
/// through.
#[component]
pub(super) fn LabelLayer(
    camera: MapCamera,
    candidates: Memo<Vec<LabelCandidate>>,
    layers: Memo<Vec<MapLayer>>,
    matching: Memo<Option<HashSet<i64>>>,
) -> impl IntoView {
    let labels = Memo::new(move |_| {
        let view = camera.view_box.get();
        let shown = layers.get();
        let on = |layer| shown.contains(&layer);
        candidates.with(|candidates| {
            matching.with(|matching| {
                let visible = candidates.iter().filter(|c| match c.kind {
                    LabelKind::Locality => on(MapLayer::Context),
                    LabelKind::BusinessArea => view.is_overview() && on(MapLayer::BusinessAreas),
                    LabelKind::FutureArea => on(MapLayer::FutureAreas),
                    LabelKind::Road => on(MapLayer::Context),
                    LabelKind::Street => view.width <= STREET_WIDTH_M && on(MapLayer::Context),
                    LabelKind::Plot => c.plot.is_some_and(|(id, status)| {
                        let layer_shows = on(MapLayer::AllPlots)
                            || (on(MapLayer::AvailablePlots) && status == PlotStatus::Available);
                        layer_shows && matching.as_ref().is_none_or(|m| m.contains(&id))
                    }),
                });
                place_labels(visible, view, camera.per_px(), camera.screen_px.get())
            })
        })
    });
    view! {
        <g class="layer-labels" aria-hidden="true">
            // Keyed by name and place: a name moved to another of its places (a street's or
            // road's, when the screen's size changes the room) is drawn anew there.
            <For
                each=move || labels.get()
                key=|label| (label.candidate.key.clone(), label.candidate.x.to_bits(), label.candidate.y.to_bits())
                let:label
            >
                <MapLabel label per_px=Signal::derive(move || camera.per_px()) />
            </For>
        </g>
    }
}
