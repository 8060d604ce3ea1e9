//! The plot editor's shape: a new outline, a split along a line, a merge with a neighbour.
//! Plain forms with GeoJSON in SWEREF 99 18 00 (EPSG:3011), the projection the municipality's
//! GIS uses, posted to the server (server/src/http/staff/plots.rs), which checks every geometry
//! and names what is wrong. Above them the plot's map: once hydrated, its corners move, a split
//! line is drawn on it and a neighbour is picked on it, each filling the forms' fields.

use leptos::prelude::*;

use crate::domain::{
    DESIGNATION_MAX_CHARS, GeometryOperation, LocalFrame, LocalLand, MapPoint, Neighbour,
    PlotOutline, RejectedGeometry, line_geojson, line_points, polygon_ring,
};
use crate::staff::edit_map::{
    Canvas, EditMap, HANDLE_DOT_PX, MapTools, OutlineMeasures, context_plots,
};
use crate::staff::history::HistoryList;
use crate::staff::texts::{self, SV as T};
use crate::staff::vertex_handles::VertexHandles;
use crate::ui::forms::textarea_text;

/// Room around the edited plot: its neighbours show, and a split line can start outside it.
const FRAME_MARGIN: f64 = 0.6;
const FRAME_MIN_MARGIN_M: f64 = 20.0;

/// The plot's shape: the map, then a form for each change, with a refused change's message
/// (which takes the focus) and, when someone saved the plot meanwhile, what they changed.
#[component]
pub(super) fn GeometryForms(
    plot_id: i64,
    version: i32,
    csrf: String,
    designation: String,
    outline: String,
    neighbours: Vec<Neighbour>,
    nearby: Vec<PlotOutline>,
    land: LocalLand,
    rejected: Option<RejectedGeometry>,
) -> impl IntoView {
    let typed = |operation: GeometryOperation| {
        rejected
            .as_ref()
            .filter(|r| r.operation == operation)
            .map(|r| (r.geometry.clone(), r.designation.clone()))
    };
    // A refused shape: the page opens at the message (the forms post to `#geometry-problem`),
    // and the message takes the focus so that a screen reader reads it.
    let problem_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(problem) = problem_ref.get() {
            let _ = problem.focus();
        }
    });
    let problem = rejected.as_ref().map(|r| {
        view! {
            <div class="error-summary" role="alert" id="geometry-problem" tabindex="-1" node_ref=problem_ref>
                <p>{T.geometry_not_saved} {r.message.clone()}</p>
                {(!r.meanwhile.is_empty()).then(|| view! { <HistoryList entries=r.meanwhile.clone() /> })}
            </div>
        }
    });
    let reshape_text = typed(GeometryOperation::Reshape).map_or(outline.clone(), |(g, _)| g);
    let (split_line, split_name) = typed(GeometryOperation::Split).unwrap_or_default();
    // The fields' text, which the map rewrites.
    let outline_text = RwSignal::new(reshape_text.clone());
    let line_text = RwSignal::new(split_line.clone());
    let merge_with = RwSignal::new(
        neighbours
            .first()
            .map(|n| n.id.to_string())
            .unwrap_or_default(),
    );
    let map = view! {
        <PlotGeometryMap
            designation
            stored_outline=outline
            nearby
            merge_candidates=neighbours.iter().map(|n| n.id).collect()
            land
            outline=outline_text
            split_line=line_text
            merge_with
        />
    };
    let hidden = move || {
        view! {
            <input type="hidden" name="csrf" value=csrf.clone() />
            <input type="hidden" name="version" value=version.to_string() />
        }
    };
    // The choice names the neighbour with the version loaded (`ID:VERSION`); the map selects by id.
    let choices = neighbours.clone();
    let chosen = move || {
        merge_with.with(|id| {
            choices
                .iter()
                .find(|n| n.id.to_string() == *id)
                .map(Neighbour::choice_value)
                .unwrap_or_default()
        })
    };
    let merge = (!neighbours.is_empty()).then(|| {
        view! {
            <form method="post" action=format!("/personal/tomt/{plot_id}/sla-ihop#geometry-problem") class="plot-edit-form">
                {hidden()}
                <div class="field">
                    <label for="geometry-med">{T.geometry_merge_with}</label>
                    <select id="geometry-med" name="med" prop:value=chosen
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            merge_with.set(value.split(':').next().unwrap_or_default().to_string());
                        }>
                        {neighbours.iter().map(|n| view! { <option value=n.choice_value()>{n.designation.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{T.geometry_merge}</button>
            </form>
        }
    });
    view! {
        <section aria-labelledby="geometry-heading" class="geometry">
            <h2 id="geometry-heading">{T.geometry_heading}</h2>
            <p>{T.geometry_intro}</p>
            {problem}
            {map}
            <form method="post" action=format!("/personal/tomt/{plot_id}/geometri#geometry-problem") class="plot-edit-form">
                {hidden()}
                <div class="field">
                    <label for="geometry-outline">{T.geometry_outline}</label>
                    <textarea id="geometry-outline" name="geometri" rows="5" prop:value=move || outline_text.get()
                        on:input=move |ev| outline_text.set(event_target_value(&ev))>{textarea_text(reshape_text)}</textarea>
                </div>
                <button type="submit" class="button">{T.geometry_save}</button>
            </form>
            <form method="post" action=format!("/personal/tomt/{plot_id}/dela#geometry-problem") class="plot-edit-form">
                {hidden()}
                <div class="field">
                    <label for="geometry-line">{T.geometry_split_line}</label>
                    <textarea id="geometry-line" name="geometri" rows="3" prop:value=move || line_text.get()
                        on:input=move |ev| line_text.set(event_target_value(&ev))>{textarea_text(split_line)}</textarea>
                </div>
                <div class="field">
                    <label for="geometry-beteckning">{T.geometry_split_designation}</label>
                    <input id="geometry-beteckning" name="beteckning" type="text" maxlength=DESIGNATION_MAX_CHARS value=split_name />
                </div>
                <button type="submit" class="button">{T.geometry_split}</button>
            </form>
            {merge}
        </section>
    }
}

/// What clicks on the plot editor's map do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Corners are handles; a click on a neighbour picks it for merging.
    Corners,
    /// Clicks add points to the split line.
    SplitLine,
}

/// The plot editor's map: the plot among its neighbours. Its corners move (pointer or arrow
/// keys), "Rita delningslinje" turns clicks into the split line, and a click on a neighbour
/// picks it in the merge form. Writes to the forms' fields through `outline`, `split_line`
/// and `merge_with`.
#[component]
fn PlotGeometryMap(
    designation: String,
    /// The stored outline, which the map is framed around.
    stored_outline: String,
    nearby: Vec<PlotOutline>,
    merge_candidates: Vec<i64>,
    land: LocalLand,
    outline: RwSignal<String>,
    split_line: RwSignal<String>,
    merge_with: RwSignal<String>,
) -> impl IntoView {
    let Some(frame) = polygon_ring(&stored_outline)
        .and_then(|ring| LocalFrame::around(ring, FRAME_MARGIN, FRAME_MIN_MARGIN_M))
    else {
        return ().into_any();
    };
    let canvas = Canvas::new(Signal::stored(frame));
    let mode = RwSignal::new(Mode::Corners);
    let status = RwSignal::new(String::new());
    let ring = Memo::new(move |_| outline.with(|t| polygon_ring(t)));
    let line = Memo::new(move |_| split_line.with(|t| line_points(t)).unwrap_or_default());
    let names: Vec<(i64, String)> = nearby
        .iter()
        .map(|p| (p.id, p.designation.clone()))
        .collect();
    let selectable = merge_candidates.clone();
    let on_click =
        Callback::new(
            move |(p, plot): (MapPoint, Option<i64>)| match mode.get_untracked() {
                Mode::SplitLine => {
                    let mut points = line.get_untracked();
                    points.push(p);
                    split_line.set(line_geojson(&points));
                    status.set(texts::split_line_points(points.len()));
                }
                Mode::Corners => {
                    let Some(id) = plot.filter(|id| merge_candidates.contains(id)) else {
                        return;
                    };
                    merge_with.set(id.to_string());
                    if let Some((_, name)) = names.iter().find(|(n, _)| *n == id) {
                        status.set(texts::merge_chosen(name));
                    }
                }
            },
        );
    let toggle_split = move |_| {
        if mode.get_untracked() == Mode::SplitLine {
            mode.set(Mode::Corners);
            status.set(String::new());
        } else {
            mode.set(Mode::SplitLine);
            split_line.set(String::new());
            status.set(T.map_split_line_hint.to_string());
        }
    };
    let selected = Signal::derive(move || merge_with.with(|id| id.parse::<i64>().ok()));
    let clear_line = move |_| {
        split_line.set(String::new());
        status.set(T.map_split_line_cleared.to_string());
    };
    let handles = move || {
        (canvas.live.get() && mode.get() == Mode::Corners).then(|| {
            view! { <VertexHandles canvas outline status help_id="geometry-map-help" /> }
        })
    };
    let context = context_plots(&nearby);
    let measures = view! { <OutlineMeasures ring context=Signal::stored(context.clone()) /> };
    view! {
        <div class="edit-map-panel">
            <p id="geometry-map-help" class="field-hint">
                {T.map_plot_help}
            </p>
            <MapTools canvas>
                <button
                    type="button"
                    class="button"
                    aria-pressed=move || (mode.get() == Mode::SplitLine).to_string()
                    on:click=toggle_split
                >
                    {T.map_draw_split_line}
                </button>
                <button type="button" class="button" on:click=clear_line>{T.map_clear_line}</button>
            </MapTools>
            <EditMap
                canvas
                label=texts::plot_map_label(&designation)
                context=Signal::stored(context)
                selectable
                selected
                land=Signal::stored(land)
                on_click
            >
                <path
                    class="edited-outline"
                    d=move || ring.with(|r| r.as_ref().map(|r| frame.path(r, true)).unwrap_or_default())
                />
                <path class="split-line" d=move || line.with(|l| frame.path(l, false)) />
                {move || {
                    line.get()
                        .into_iter()
                        .map(|p| view! { <circle class="split-point" r=HANDLE_DOT_PX transform=canvas.handle_at(p) /> })
                        .collect_view()
                }}
                {handles}
            </EditMap>
            {measures}
            <p class="edit-map-status" aria-live="polite">{move || status.get()}</p>
        </div>
    }
    .into_any()
}
