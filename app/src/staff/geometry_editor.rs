//! Drawing on the staff workspace's maps: the plot editor's outline (move, add and delete
//! corners; draw a split line; pick a neighbour to merge with) and a new plot's outline.
//!
//! Progressive enhancement over the geometry forms in workspace.rs. The server draws each map as
//! a picture of the plot among its neighbours; once hydrated, what staff do on the map rewrites
//! the forms' GeoJSON fields (and typing in a field redraws the map), and the forms post as
//! they do without JavaScript: nothing is saved from here, and the server checks everything.

use leptos::{prelude::*, wasm_bindgen::JsCast, web_sys};

use crate::domain::{
    Lang, LocalFrame, LocalLand, MIN_VERTICES, MapPoint, PlotOutline, format_area_m2, line_geojson,
    line_points, midpoint, multipolygon_geojson, multipolygon_parts, outline_rings,
    polygon_geojson, polygon_ring, ring_area_m2, rings_overlap, to_cm,
};
use crate::staff::texts::{self, SV as T};
use crate::ui::map_drawing::{drawing_size, screen_to_map, screen_units_at};

/// A handle's touch target (radius, screen pixels: 44 px across) and its visible dot.
const HANDLE_HIT_PX: f64 = 22.0;
const HANDLE_DOT_PX: f64 = 7.0;
const MIDPOINT_DOT_PX: f64 = 5.0;

/// Arrow keys move a focused corner this far (metres); with Shift ten times as far.
const KEY_STEP_M: f64 = 1.0;

/// Room around the edited plot: its neighbours show, and a split line can start outside it.
const FRAME_MARGIN: f64 = 0.6;
const FRAME_MIN_MARGIN_M: f64 = 20.0;

/// Room around a business area's plots for drawing a new one beside them.
const AREA_MARGIN: f64 = 0.5;
const AREA_MIN_MARGIN_M: f64 = 100.0;

/// Another plot on the map, grey and named.
#[derive(Clone, Debug, PartialEq)]
struct ContextPlot {
    id: i64,
    business_area_id: i64,
    designation: String,
    ring: Vec<MapPoint>,
}

fn context_plots(outlines: &[PlotOutline]) -> Vec<ContextPlot> {
    outlines
        .iter()
        .filter_map(|o| {
            Some(ContextPlot {
                id: o.id,
                business_area_id: o.business_area_id,
                designation: o.designation.clone(),
                ring: o.ring()?,
            })
        })
        .collect()
}

/// The drawing surface: the framed box and, once the browser has measured it, how many metres
/// one screen pixel is (handles keep their size in pixels).
#[derive(Clone, Copy)]
struct Canvas {
    svg: NodeRef<leptos::svg::Svg>,
    frame: Signal<LocalFrame>,
    per_px: RwSignal<f64>,
    /// Set once hydrated: the tools and handles appear only when they can work.
    live: RwSignal<bool>,
}

impl Canvas {
    fn new(frame: Signal<LocalFrame>) -> Canvas {
        Canvas {
            svg: NodeRef::new(),
            frame,
            per_px: RwSignal::new(1.0),
            live: RwSignal::new(false),
        }
    }

    fn measure(self) {
        if let Some(svg) = self.svg.get_untracked() {
            let view = self.frame.get_untracked().view;
            self.per_px
                .set(view.units_per_px(drawing_size(&svg.get_bounding_client_rect())));
        }
    }

    /// The map point under a pointer (client pixels), not yet rounded.
    fn point_at(self, client_x: i32, client_y: i32) -> Option<MapPoint> {
        let svg = self.svg.get_untracked()?;
        let frame = self.frame.get_untracked();
        let local = screen_to_map(
            &svg.get_bounding_client_rect(),
            frame.view,
            f64::from(client_x),
            f64::from(client_y),
        );
        Some(frame.to_map(local))
    }

    /// A transform that draws a handle, in screen pixels, at the map point `p`.
    fn handle_at(self, p: MapPoint) -> String {
        let (x, y) = self.frame.get().to_svg(p);
        screen_units_at(x, y, self.per_px.get())
    }
}

/// The map both editors draw on: the other plots, grey and named, under what the editor adds
/// (`children`). A click reports the map point and the plot under the pointer, if any.
#[component]
fn EditMap(
    canvas: Canvas,
    label: String,
    #[prop(into)] context: Signal<Vec<ContextPlot>>,
    /// Plots that react to a click (merge candidates), and the one chosen.
    #[prop(optional)]
    selectable: Vec<i64>,
    #[prop(optional, into)] selected: Signal<Option<i64>>,
    /// The land around (the sea is the frame's background).
    #[prop(optional, into)]
    land: Signal<LocalLand>,
    on_click: Callback<(MapPoint, Option<i64>)>,
    children: Children,
) -> impl IntoView {
    Effect::new(move |_| {
        canvas.frame.track();
        if canvas.svg.get().is_some() {
            canvas.measure();
            canvas.live.set(true);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| canvas.measure());
    on_cleanup(move || resize.remove());
    let on_map_click = move |ev: web_sys::MouseEvent| {
        let plot = event_target::<web_sys::Element>(&ev)
            .closest("[data-plot-id]")
            .ok()
            .flatten()
            .and_then(|el| el.get_attribute("data-plot-id"))
            .and_then(|id| id.parse::<i64>().ok());
        if let Some(p) = canvas.point_at(ev.client_x(), ev.client_y()) {
            on_click.run((to_cm(p), plot));
        }
    };
    let plots = move || {
        let frame = canvas.frame.get();
        context
            .get()
            .into_iter()
            .map(|plot| {
                let id = plot.id;
                let kind = if selectable.contains(&id) {
                    "context-plot merge-candidate"
                } else {
                    "context-plot"
                };
                view! {
                    <path
                        class=move || if selected.get() == Some(id) { format!("{kind} selected") } else { kind.to_string() }
                        data-plot-id=id
                        role="img"
                        aria-label=plot.designation.clone()
                        d=frame.path(&plot.ring, true)
                    >
                        <title>{plot.designation.clone()}</title>
                    </path>
                }
            })
            .collect_view()
    };
    view! {
        <div class="edit-map-frame">
            <svg
                node_ref=canvas.svg
                class="edit-map"
                viewBox=move || canvas.frame.get().view.to_attr()
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label=label
                data-live=move || canvas.live.get().then_some("true")
                on:click=on_map_click
            >
                <path
                    class="land"
                    aria-hidden="true"
                    d=move || land.with(|l| l.svg_path.clone())
                    transform=move || canvas.frame.get().land_transform(&land.get())
                />
                <g class="context-plots">{plots}</g>
                {children()}
            </svg>
        </div>
    }
}

/// The map's buttons, shown once hydrated: before that they could not do anything.
#[component]
fn MapTools(canvas: Canvas, children: ChildrenFn) -> impl IntoView {
    move || {
        canvas
            .live
            .get()
            .then(|| view! { <div class="edit-map-tools">{children()}</div> })
    }
}

/// Draggable, keyboard-movable corners of the polygon in `outline` (GeoJSON text), with a
/// handle in the middle of each edge that adds a corner there. Every change rewrites the text.
#[component]
fn VertexHandles(
    canvas: Canvas,
    outline: RwSignal<String>,
    status: RwSignal<String>,
    help_id: &'static str,
) -> impl IntoView {
    let ring = Memo::new(move |_| outline.with(|t| polygon_ring(t)).unwrap_or_default());
    let count = Memo::new(move |_| ring.with(Vec::len));
    let corner = move |i: usize| ring.with(|r| r.get(i).copied());
    let edit = move |change: &dyn Fn(&mut Vec<MapPoint>)| {
        let mut r = ring.get_untracked();
        change(&mut r);
        outline.set(polygon_geojson(&r));
    };
    let describe = move |i: usize| {
        ring.with_untracked(|r| {
            r.get(i)
                .map(|(x, y)| texts::corner_position(i + 1, r.len(), *x, *y))
        })
    };
    // The corner being dragged, and where the pointer held it (so it does not jump).
    let dragging = StoredValue::new(None::<(usize, MapPoint)>);
    let grab = move |ev: &web_sys::PointerEvent, i: usize| {
        let (Some(p), Some(pointer)) = (corner(i), canvas.point_at(ev.client_x(), ev.client_y()))
        else {
            return;
        };
        ev.stop_propagation();
        let _ = event_target::<web_sys::Element>(ev).set_pointer_capture(ev.pointer_id());
        dragging.set_value(Some((i, (p.0 - pointer.0, p.1 - pointer.1))));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some((i, (dx, dy))) = dragging.get_value() else {
            return;
        };
        if let Some((x, y)) = canvas.point_at(ev.client_x(), ev.client_y()) {
            edit(&|r| {
                if let Some(corner) = r.get_mut(i) {
                    *corner = to_cm((x + dx, y + dy));
                }
            });
        }
    };
    let on_release = move |_| {
        if let Some((i, _)) = dragging.get_value() {
            dragging.set_value(None);
            status.set(describe(i).unwrap_or_default());
        }
    };
    let add_after = move |i: usize| {
        let n = count.get_untracked();
        let (Some(a), Some(b)) = (corner(i), corner((i + 1) % n)) else {
            return;
        };
        edit(&|r| r.insert(i + 1, midpoint(a, b)));
        status.set(texts::corner_added(i + 2, n + 1));
    };
    // Keyboard focus to corner `i`, once the handles show the change: a deleted corner's
    // handle leaves the page, and focus with it, unless it is put somewhere.
    let focus_corner = move |i: usize| {
        request_animation_frame(move || {
            let handle = canvas.svg.try_get_untracked().flatten().and_then(|svg| {
                svg.query_selector(&format!(".vertex-handle[data-corner=\"{i}\"]"))
                    .ok()
                    .flatten()
            });
            if let Some(handle) = handle {
                let _ = handle.unchecked_into::<web_sys::SvgElement>().focus();
            }
        });
    };
    let on_key = move |ev: web_sys::KeyboardEvent, i: usize| {
        let step = if ev.shift_key() {
            10.0 * KEY_STEP_M
        } else {
            KEY_STEP_M
        };
        let (dx, dy) = match ev.key().as_str() {
            "ArrowUp" => (0.0, step),
            "ArrowDown" => (0.0, -step),
            "ArrowLeft" => (-step, 0.0),
            "ArrowRight" => (step, 0.0),
            "Delete" | "Backspace" => {
                ev.prevent_default();
                let n = count.get_untracked();
                if n > MIN_VERTICES {
                    edit(&|r| {
                        if i < r.len() {
                            r.remove(i);
                        }
                    });
                    // As when deleting from a list: on to the corner that took its place, or
                    // back to the one before when it was the last.
                    let left = n - 1;
                    let now = i.min(left - 1);
                    focus_corner(now);
                    status.set(texts::corner_deleted(i + 1, left, now + 1));
                } else {
                    status.set(T.map_too_few_corners.to_string());
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        edit(&|r| {
            if let Some(corner) = r.get_mut(i) {
                *corner = to_cm((corner.0 + dx, corner.1 + dy));
            }
        });
        status.set(describe(i).unwrap_or_default());
    };
    view! {
        // Along the ring: each corner, then the middle of the edge that follows it. The SVG order
        // is the Tab order, so a keyboard user meets the outline as it runs, corner 1 first.
        // Later handles are drawn on top; `midpoint_hit_px` keeps an edge's middle from
        // covering the corner before it.
        <g class="vertex-handles" on:pointermove=on_move on:pointerup=on_release on:pointercancel=on_release>
            <For each=move || 0..count.get() key=|i| *i children=move |i| {
                let next = move || (i + 1) % count.get().max(1);
                view! {
                    <g
                        class="vertex-handle"
                        data-corner=i
                        role="button"
                        tabindex="0"
                        aria-label=move || texts::corner_label(i + 1, count.get())
                        aria-describedby=help_id
                        transform=move || corner(i).map(|p| canvas.handle_at(p))
                        on:pointerdown=move |ev: web_sys::PointerEvent| {
                            if ev.button() == 0 {
                                grab(&ev, i);
                            }
                        }
                        on:keydown=move |ev| on_key(ev, i)
                    >
                        <circle class="handle-hit" r=HANDLE_HIT_PX />
                        <circle class="handle-dot" r=HANDLE_DOT_PX />
                    </g>
                    <g
                        class="midpoint-handle"
                        role="button"
                        tabindex="0"
                        aria-label=move || texts::midpoint_label(i + 1, next() + 1)
                        aria-describedby=help_id
                        transform=move || {
                            let (a, b) = (corner(i)?, corner(next())?);
                            Some(canvas.handle_at(midpoint(a, b)))
                        }
                        on:pointerdown=move |ev: web_sys::PointerEvent| {
                            if ev.button() == 0 {
                                add_after(i);
                                grab(&ev, i + 1);
                            }
                        }
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                add_after(i);
                            }
                        }
                    >
                        <circle
                            class="handle-hit"
                            r=move || {
                                let (a, b) = (corner(i)?, corner(next())?);
                                let edge_px = (b.0 - a.0).hypot(b.1 - a.1) / canvas.per_px.get();
                                Some(midpoint_hit_px(edge_px))
                            }
                        />
                        <circle class="handle-dot" r=MIDPOINT_DOT_PX />
                    </g>
                }
            } />
        </g>
    }
}

/// The touch target of an edge's middle, on an edge `edge_px` screen pixels long: full size
/// where it leaves room for the corners' targets at either end, else shrunk towards its dot,
/// so that a press near a corner always takes the corner.
fn midpoint_hit_px(edge_px: f64) -> f64 {
    (edge_px / 2.0 - HANDLE_HIT_PX).clamp(MIDPOINT_DOT_PX, HANDLE_HIT_PX)
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
pub fn PlotGeometryMap(
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

/// The outline's area as it is being drawn, and a warning as soon as it overlaps another plot
/// (the server still checks when it is saved, and names the plots).
#[component]
fn OutlineMeasures(
    ring: Memo<Option<Vec<MapPoint>>>,
    context: Signal<Vec<ContextPlot>>,
) -> impl IntoView {
    let overlapped = Memo::new(move |_| {
        ring.with(|ring| {
            ring.as_ref()
                .map(|ring| {
                    context.with(|context| {
                        context
                            .iter()
                            .filter(|other| rings_overlap(ring, &other.ring))
                            .map(|other| other.designation.clone())
                            .collect::<Vec<_>>()
                    })
                })
                .unwrap_or_default()
        })
    });
    let area = move || {
        ring.with(|ring| {
            ring.as_ref()
                .map(|ring| format_area_m2(ring_area_m2(ring), Lang::Sv))
                .unwrap_or_default()
        })
    };
    view! {
        <p class="edit-map-measure">
            {T.map_outline_area} " " <span data-field="drawn-area">{area}</span>
        </p>
        <p class="edit-map-warning" role="status" data-field="overlap-warning">
            {move || {
                let plots = overlapped.get();
                (!plots.is_empty()).then(|| texts::outline_overlaps(&plots))
            }}
        </p>
    }
}

/// The new plot's map: the chosen business area's plots; clicks add corners until the outline
/// is closed (on its first corner or with "Stäng ytan"), then the corners move as in the plot
/// editor. Writes the polygon to `geometry`.
#[component]
pub fn NewPlotMap(
    outlines: Vec<PlotOutline>,
    land_by_business_area: Vec<(i64, LocalLand)>,
    business_area: RwSignal<String>,
    geometry: RwSignal<String>,
) -> impl IntoView {
    let plots = StoredValue::new(context_plots(&outlines));
    if plots.with_value(Vec::is_empty) {
        return ().into_any();
    }
    // The chosen area's plots, or every plot while it has none.
    let context = Memo::new(move |_| {
        let area = business_area.with(|a| a.parse::<i64>().ok());
        plots.with_value(|plots| {
            let in_area: Vec<ContextPlot> = plots
                .iter()
                .filter(|p| Some(p.business_area_id) == area)
                .cloned()
                .collect();
            if in_area.is_empty() {
                plots.clone()
            } else {
                in_area
            }
        })
    });
    let frame = Memo::new(move |_| {
        context.with(|plots| {
            let points = plots.iter().flat_map(|p| p.ring.iter().copied());
            LocalFrame::around(points, AREA_MARGIN, AREA_MIN_MARGIN_M)
                .expect("there are plots to frame")
        })
    });
    // The chosen area's land (none while the map frames every plot).
    let land = Signal::derive(move || {
        let area = business_area.with(|a| a.parse::<i64>().ok());
        land_by_business_area
            .iter()
            .find(|(id, _)| Some(*id) == area)
            .map(|(_, land)| land.clone())
            .unwrap_or_default()
    });
    view! {
        <DrawOutline
            context=context.into()
            frame=frame.into()
            land
            geometry
            label=T.map_new_plot_label
            help_id="new-plot-map-help"
            help=T.map_new_plot_help
            overlap_warning=true
        />
    }
    .into_any()
}

/// A plan's or future area's map: every plot grey for orientation, the outline drawn corner by
/// corner or its corners moved (one polygon; an outline in several parts is edited as GeoJSON
/// or imported). Writes the outline to `geometry`.
#[component]
pub fn PlanningOutlineMap(
    plots: Vec<PlotOutline>,
    land: LocalLand,
    geometry: RwSignal<String>,
) -> impl IntoView {
    let plots = context_plots(&plots);
    // An outline in parts: one part at a time is edited, the others drawn beside it.
    if geometry.with_untracked(|g| multipolygon_parts(g)).is_some() {
        return view! { <PartsMap plots geometry /> }.into_any();
    }
    // An outline with holes is drawn, not edited here: its field and the file upload change
    // it (rewriting it from its outer ring would drop the holes).
    let parts = geometry.with_untracked(|g| outline_rings(g));
    if geometry.with_untracked(|g| polygon_ring(g)).is_none() && !parts.is_empty() {
        let points: Vec<MapPoint> = parts.iter().flatten().copied().collect();
        let Some(frame) = LocalFrame::around(points, 0.1, FRAME_MIN_MARGIN_M) else {
            return ().into_any();
        };
        let d = parts
            .iter()
            .map(|r| frame.path(r, true))
            .collect::<Vec<_>>()
            .join(" ");
        return view! {
            <div class="edit-map-panel">
                <p class="field-hint">{texts::outline_in_parts(parts.len())}</p>
                <svg class="edit-map" viewBox=frame.view.to_attr() role="img" aria-label=T.map_planning_label>
                    <path class="edited-outline" d=d />
                </svg>
            </div>
        }
        .into_any();
    }
    // Framed once, around the outline as it was loaded, or around every plot for a new one.
    let framed: Vec<MapPoint> = geometry
        .with_untracked(|g| polygon_ring(g))
        .unwrap_or_else(|| plots.iter().flat_map(|p| p.ring.iter().copied()).collect());
    let Some(frame) = LocalFrame::around(framed, FRAME_MARGIN, AREA_MIN_MARGIN_M) else {
        return ().into_any();
    };
    view! {
        <DrawOutline
            context=Signal::stored(plots)
            frame=Signal::stored(frame)
            land=Signal::stored(land)
            geometry
            label=T.map_planning_label
            help_id="planning-map-help"
            help=T.map_planning_help
            overlap_warning=false
        />
    }
    .into_any()
}

/// A plan's outline in parts (a MultiPolygon): a choice of the part to edit, which the map
/// edits as it edits one polygon (corners dragged, moved with the keys, added, deleted), the
/// other parts drawn beside it; a part can be added (drawn) or removed. Every change rewrites
/// the whole MultiPolygon in `geometry`, and typing in the field redraws the map.
#[component]
fn PartsMap(plots: Vec<ContextPlot>, geometry: RwSignal<String>) -> impl IntoView {
    let parts = Memo::new(move |_| geometry.with(|g| multipolygon_parts(g)).unwrap_or_default());
    // Framed once, around every part as loaded.
    let points: Vec<MapPoint> = parts.get_untracked().into_iter().flatten().collect();
    let Some(frame) = LocalFrame::around(points, FRAME_MARGIN, FRAME_MIN_MARGIN_M) else {
        return ().into_any();
    };
    let selected = RwSignal::new(0usize);
    // The part being edited, as a polygon the drawing map works on (empty: a new part).
    let part = RwSignal::new(String::new());
    let load_part = move |i: usize| {
        let text = parts
            .with_untracked(|p| p.get(i).map(|ring| polygon_geojson(ring)))
            .unwrap_or_default();
        part.set(text);
    };
    load_part(0);
    // The edited part back into the whole; a part drawn anew is added at the end.
    Effect::new(move |_| {
        let Some(ring) = part.with(|t| polygon_ring(t)) else {
            return;
        };
        let i = selected.get_untracked();
        let mut all = parts.get_untracked();
        if all.get(i) == Some(&ring) {
            return;
        }
        if i < all.len() {
            all[i] = ring;
        } else {
            all.push(ring);
        }
        geometry.set(multipolygon_geojson(&all));
    });
    // The whole typed anew in its field: the part on the map follows.
    Effect::new(move |_| {
        let i = selected.get_untracked();
        if let Some(ring) = parts.with(|p| p.get(i).cloned())
            && part.with_untracked(|t| polygon_ring(t)).as_ref() != Some(&ring)
        {
            part.set(polygon_geojson(&ring));
        }
    });
    // The other parts, grey and named, with the plots.
    let context = Signal::derive(move || {
        let i = selected.get();
        let mut context = plots.clone();
        context.extend(
            parts
                .get()
                .into_iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(j, ring)| ContextPlot {
                    id: -1 - j as i64,
                    business_area_id: 0,
                    designation: texts::outline_part(j + 1),
                    ring,
                }),
        );
        context
    });
    let choose = move |i: usize| {
        selected.set(i);
        load_part(i);
    };
    let remove = move |_| {
        let i = selected.get_untracked();
        let mut all = parts.get_untracked();
        if all.len() > 1 && i < all.len() {
            all.remove(i);
            geometry.set(multipolygon_geojson(&all));
            choose(0);
        }
    };
    let choices = move || {
        let count = parts.with(Vec::len);
        (0..count)
            .map(|i| {
                let id = format!("outline-part-{}", i + 1);
                view! {
                    <span class="check">
                        <input type="radio" name="outline-part" id=id.clone()
                            prop:checked=move || selected.get() == i
                            on:change=move |_| choose(i) />
                        <label for=id>{texts::outline_part(i + 1)}</label>
                    </span>
                }
            })
            .collect_view()
    };
    let drawing_new = move || selected.get() >= parts.with(Vec::len);
    view! {
        <fieldset class="outline-parts">
            <legend>{texts::outline_in_parts_editable(parts.with(Vec::len))}</legend>
            {choices}
            <button type="button" class="button" on:click=move |_| { selected.set(parts.with_untracked(Vec::len)); part.set(String::new()); }>
                {T.map_new_part}
            </button>
            <button type="button" class="button" disabled=move || drawing_new() || parts.with(Vec::len) < 2 on:click=remove>
                {T.map_remove_part}
            </button>
        </fieldset>
        <DrawOutline
            context
            frame=Signal::stored(frame)
            land=Signal::stored(LocalLand::default())
            geometry=part
            label=T.map_planning_label
            help_id="planning-map-help"
            help=T.map_planning_help
            overlap_warning=false
        />
    }
    .into_any()
}

/// A map on which an outline is drawn: clicks add corners until it is closed (on its first
/// corner or with "Stäng ytan"), then its corners move. `overlap_warning`: warn while the
/// outline overlaps one of the plots drawn (a plot must not; a plan covers plots).
#[component]
fn DrawOutline(
    context: Signal<Vec<ContextPlot>>,
    frame: Signal<LocalFrame>,
    land: Signal<LocalLand>,
    geometry: RwSignal<String>,
    label: &'static str,
    help_id: &'static str,
    help: &'static str,
    overlap_warning: bool,
) -> impl IntoView {
    let canvas = Canvas::new(frame);
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
        status.set(texts::outline_closed(points.len()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_middle_never_covers_its_corners_targets() {
        // Long edge: the full 44 px target, clear of both corners' targets.
        assert_eq!(midpoint_hit_px(400.0), HANDLE_HIT_PX);
        // 60 px: the two corner targets leave 8 px either side of the middle.
        assert_eq!(midpoint_hit_px(60.0), 8.0);
        // Shorter still: just the visible dot, which stays pressable.
        assert_eq!(midpoint_hit_px(20.0), MIDPOINT_DOT_PX);
    }
}
