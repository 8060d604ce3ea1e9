//! Drawing an outline on an edit map, corner by corner: each click adds one until the outline
//! is closed (on its first corner or with "Stäng ytan"); then its corners move as handles. The
//! new plot's map and the planners' maps draw this way.

use leptos::{prelude::*, web_sys};

use crate::domain::{
    LocalFrame, LocalLand, LocalPlace, MIN_VERTICES, MapPoint, polygon_geojson, polygon_ring,
};
use crate::staff::edit_map::{
    Canvas, ContextPlot, EditMap, HANDLE_DOT_PX, HANDLE_HIT_PX, MapTools, OutlineMeasures,
};
use crate::staff::texts::{self, SV as T};
use crate::staff::vertex_handles::VertexHandles;

/// A map on which an outline is drawn: clicks add corners until it is closed (on its first
/// corner or with "Stäng ytan"), then its corners move. `overlap_warning`: warn while the
/// outline overlaps one of the plots drawn (a plot must not; a plan covers plots). `finish`: what
/// the form does with the closed outline, said when it closes ("skapa tomten", "spara utkastet").
#[component]
pub(super) fn DrawOutline(
    context: Signal<Vec<ContextPlot>>,
    frame: Signal<LocalFrame>,
    land: Signal<LocalLand>,
    geometry: RwSignal<String>,
    label: &'static str,
    help_id: &'static str,
    help: &'static str,
    overlap_warning: bool,
    finish: &'static str,
    /// Localities named on the map; with no outline yet, the map opens at the first.
    #[prop(optional)]
    places: Vec<LocalPlace>,
) -> impl IntoView {
    let canvas = Canvas::new(frame);
    if geometry.with_untracked(String::is_empty)
        && let Some(first) = places.first()
    {
        canvas.show_place(first);
    }
    let status = RwSignal::new(String::new());
    // Corners clicked so far, while the outline is open.
    let drawn = RwSignal::new(Vec::<MapPoint>::new());
    let outline_ring = Memo::new(move |_| geometry.with(|t| polygon_ring(t)));
    let closed = Memo::new(move |_| outline_ring.with(Option::is_some));
    let close = move || {
        let points = drawn.get_untracked();
        if points.len() < MIN_VERTICES {
            status.set(T.map_click_three_corners.to_string());
            return;
        }
        geometry.set(polygon_geojson(&points));
        drawn.set(Vec::new());
        status.set(texts::outline_closed(points.len(), finish));
    };
    let on_click = Callback::new(move |(p, _): (MapPoint, Option<i64>)| {
        if closed.get_untracked() {
            return;
        }
        drawn.update(|points| points.push(p));
        let n = drawn.with_untracked(Vec::len);
        status.set(if n < MIN_VERTICES {
            texts::corners_drawn(n)
        } else {
            texts::corners_drawn_may_close(n)
        });
    });
    let restart = move |_| {
        drawn.set(Vec::new());
        geometry.set(String::new());
        status.set(T.map_drawing_cleared.to_string());
    };
    // The open outline: a line through the corners; the first one closes it.
    let drawing = move || {
        let points = drawn.get();
        let frame = canvas.frame.get();
        let first = points
            .first()
            .copied()
            .filter(|_| points.len() >= MIN_VERTICES);
        view! {
            <path class="split-line" d=frame.path(&points, false) />
            {points
                .iter()
                .map(|&p| view! { <circle class="split-point" r=HANDLE_DOT_PX transform=canvas.handle_at(p) /> })
                .collect_view()}
            {first.map(|p| view! {
                <g
                    class="vertex-handle close-handle"
                    role="button"
                    tabindex="0"
                    aria-label=T.map_close_at_first_corner
                    transform=canvas.handle_at(p)
                    on:click=move |ev: web_sys::MouseEvent| {
                        ev.stop_propagation();
                        close();
                    }
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            close();
                        }
                    }
                >
                    <circle class="handle-hit" r=HANDLE_HIT_PX />
                    <circle class="handle-dot" r=HANDLE_DOT_PX />
                </g>
            })}
        }
    };
    let outline = move || {
        let frame = canvas.frame.get();
        geometry.with(|t| polygon_ring(t)).map(|ring| {
            view! { <path class="edited-outline" d=frame.path(&ring, true) /> }
        })
    };
    let editing = move || {
        (canvas.live.get() && closed.get()).then(|| {
            view! { <VertexHandles canvas outline=geometry status help_id /> }
        })
    };
    view! {
        <div class="edit-map-panel">
            <p id=help_id class="field-hint">{help}</p>
            <MapTools canvas>
                <button
                    type="button"
                    class="button"
                    disabled=move || closed.get() || drawn.with(Vec::len) < MIN_VERTICES
                    on:click=move |_| close()
                >
                    {T.map_close}
                </button>
                <button type="button" class="button" on:click=restart>{T.map_restart}</button>
            </MapTools>
            <EditMap
                canvas
                label=label.to_string()
                context=context
                land
                places
                on_click
            >
                {outline}
                {move || (!closed.get()).then(drawing)}
                {editing}
            </EditMap>
            // Once the outline is closed its corners move: the same area and overlap check.
            {move || closed.get().then(|| {
                let context = if overlap_warning { context } else { Signal::stored(Vec::new()) };
                view! { <OutlineMeasures ring=outline_ring context /> }
            })}
            <p class="edit-map-status" aria-live="polite">{move || status.get()}</p>
        </div>
    }
    .into_any()
}
