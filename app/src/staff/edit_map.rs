//! The map every workspace editor draws on (the plot editor's, the new plot's, the planners'):
//! the land, the other plots grey and named, and what the editor adds on top; its buttons,
//! shown once hydrated; and the drawn outline's area with a warning where it overlaps a plot.
//!
//! Progressive enhancement over the editors' forms: the server draws each map as a picture;
//! once hydrated, what staff do on the map rewrites the forms' GeoJSON fields (and typing in a
//! field redraws the map), and the forms post as they do without JavaScript: nothing is saved
//! from here, and the server checks everything.

use leptos::{prelude::*, web_sys};

use crate::domain::{
    LabelAnchor, LabelCandidate, LabelKind, Lang, LocalFrame, LocalLand, LocalPlace, MapPoint,
    PlotOutline, ViewBox, format_area_m2, place_labels_clear_of, ring_area_m2, rings_overlap,
    to_cm,
};
use crate::staff::texts::{self, SV as T};
use crate::ui::map_drawing::{
    DEFAULT_HEIGHT_PX, DEFAULT_WIDTH_PX, MapLabel, ScaleBar, drawing_size, scale_bar_room,
    screen_to_map, screen_units_at,
};

/// A handle's touch target (radius, screen pixels: 44 px across) and its visible dot.
pub(super) const HANDLE_HIT_PX: f64 = 22.0;
pub(super) const HANDLE_DOT_PX: f64 = 7.0;

/// Another plot on the map, grey and named.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ContextPlot {
    pub id: i64,
    pub business_area_id: i64,
    pub designation: String,
    pub ring: Vec<MapPoint>,
}

pub(super) fn context_plots(outlines: &[PlotOutline]) -> Vec<ContextPlot> {
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

/// The drawing surface: the framed box, the part of it shown (zoomed and panned by wheel,
/// buttons, keys and two fingers) and, once the browser has measured it, how many metres one
/// screen pixel is (handles keep their size in pixels).
#[derive(Clone, Copy)]
pub(super) struct Canvas {
    pub svg: NodeRef<leptos::svg::Svg>,
    pub frame: Signal<LocalFrame>,
    /// What the map shows, in the frame's SVG coordinates: the frame's box until zoomed.
    pub view: RwSignal<ViewBox>,
    pub per_px: RwSignal<f64>,
    /// The drawing's size in pixels, once measured (names are placed in it).
    screen_px: RwSignal<(f64, f64)>,
    /// Set once hydrated: the tools and handles appear only when they can work.
    pub live: RwSignal<bool>,
    /// The fingers on the map (pointer id, client x, y): two pan and pinch it.
    touches: StoredValue<Vec<(i32, f64, f64)>>,
}

/// Farthest out an editor's map zooms: this many times its framed box.
const MAX_ZOOM_OUT: f64 = 3.0;

/// The least a map shows around a locality it goes to, in metres.
const PLACE_VIEW_MIN_M: f64 = 2_500.0;

impl Canvas {
    pub fn new(frame: Signal<LocalFrame>) -> Canvas {
        Canvas {
            svg: NodeRef::new(),
            frame,
            view: RwSignal::new(frame.get_untracked().view),
            // Until the browser measures it, the server draws the map at an assumed size.
            per_px: RwSignal::new(
                frame
                    .get_untracked()
                    .view
                    .units_per_px((DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX)),
            ),
            screen_px: RwSignal::new((DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX)),
            live: RwSignal::new(false),
            touches: StoredValue::new(Vec::new()),
        }
    }

    fn measure(self) {
        if let Some(svg) = self.svg.get_untracked() {
            let view = self.view.get_untracked();
            let size = drawing_size(&svg.get_bounding_client_rect());
            self.per_px.set(view.units_per_px(size));
            self.screen_px.set(size);
        }
    }

    /// The SVG point under a pointer (client pixels).
    fn svg_point_at(self, client_x: f64, client_y: f64) -> Option<(f64, f64)> {
        let svg = self.svg.get_untracked()?;
        Some(screen_to_map(
            &svg.get_bounding_client_rect(),
            self.view.get_untracked(),
            client_x,
            client_y,
        ))
    }

    /// The map point under a pointer (client pixels), not yet rounded.
    pub fn point_at(self, client_x: i32, client_y: i32) -> Option<MapPoint> {
        let local = self.svg_point_at(f64::from(client_x), f64::from(client_y))?;
        Some(self.frame.get_untracked().to_map(local))
    }

    /// Zooms by `factor` (< 1 zooms in) keeping the SVG point `about` where it is, from 50 m
    /// across out to [`MAX_ZOOM_OUT`] times the framed box.
    pub fn zoom(self, factor: f64, about: Option<(f64, f64)>) {
        let farthest = self.frame.get_untracked().view.width * MAX_ZOOM_OUT;
        self.view.update(|v| {
            let (cx, cy) = about.unwrap_or_else(|| v.center());
            let zoomed = v.zoomed(factor, cx, cy);
            if zoomed.width <= farthest || zoomed.width < v.width {
                *v = zoomed;
            }
        });
        self.measure();
    }

    /// Moves the view by a share of its size (arrow keys: a quarter).
    pub fn pan(self, right: f64, down: f64) {
        self.view
            .update(|v| *v = v.panned(v.width * right, v.height * down));
    }

    pub fn show_whole_frame(self) {
        self.view.set(self.frame.get_untracked().view);
        self.measure();
    }

    /// Shows a locality and the business land near it (at least [`PLACE_VIEW_MIN_M`] across).
    pub fn show_place(self, place: &LocalPlace) {
        let frame = self.frame.get_untracked();
        let ((x0, y0), (x1, y1)) = place.around;
        let size = ((x1 - x0).max(y1 - y0) * 1.2).max(PLACE_VIEW_MIN_M);
        let (x, y) = frame.to_svg(((x0 + x1) / 2.0, (y0 + y1) / 2.0));
        self.view.set(ViewBox {
            x: x - size / 2.0,
            y: y - size / 2.0,
            width: size,
            height: size,
        });
        self.measure();
    }

    fn wheel(self, ev: web_sys::WheelEvent) {
        ev.prevent_default();
        let about = self.svg_point_at(f64::from(ev.client_x()), f64::from(ev.client_y()));
        self.zoom(if ev.delta_y() > 0.0 { 1.25 } else { 0.8 }, about);
    }

    /// Arrow keys pan, + and − zoom, on the map itself (a handle's keys move the handle).
    fn key(self, ev: web_sys::KeyboardEvent) {
        if ev.target() != ev.current_target() {
            return;
        }
        match ev.key().as_str() {
            "ArrowLeft" => self.pan(-0.25, 0.0),
            "ArrowRight" => self.pan(0.25, 0.0),
            "ArrowUp" => self.pan(0.0, -0.25),
            "ArrowDown" => self.pan(0.0, 0.25),
            "+" | "=" => self.zoom(0.5, None),
            "-" => self.zoom(2.0, None),
            _ => return,
        }
        ev.prevent_default();
    }

    fn touch_down(self, ev: &web_sys::PointerEvent) {
        if ev.pointer_type() == "touch" {
            let finger = (
                ev.pointer_id(),
                f64::from(ev.client_x()),
                f64::from(ev.client_y()),
            );
            self.touches.update_value(|t| t.push(finger));
        }
    }

    /// Two fingers: the map follows their middle and the change in their distance.
    fn touch_move(self, ev: &web_sys::PointerEvent) {
        if ev.pointer_type() != "touch" {
            return;
        }
        let before = self.touches.get_value();
        let mut after = before.clone();
        for finger in after.iter_mut().filter(|f| f.0 == ev.pointer_id()) {
            *finger = (
                ev.pointer_id(),
                f64::from(ev.client_x()),
                f64::from(ev.client_y()),
            );
        }
        self.touches.set_value(after.clone());
        let ([a, b], [c, d]) = (&before[..], &after[..]) else {
            return;
        };
        let spread = |p: &(i32, f64, f64), q: &(i32, f64, f64)| (p.1 - q.1).hypot(p.2 - q.2);
        let middle =
            |p: &(i32, f64, f64), q: &(i32, f64, f64)| ((p.1 + q.1) / 2.0, (p.2 + q.2) / 2.0);
        let (m0, m1) = (middle(a, b), middle(c, d));
        let (Some(from), Some(to)) = (self.svg_point_at(m0.0, m0.1), self.svg_point_at(m1.0, m1.1))
        else {
            return;
        };
        self.view
            .update(|v| *v = v.panned(from.0 - to.0, from.1 - to.1));
        if spread(c, d) > 0.0 {
            self.zoom(spread(a, b) / spread(c, d), Some(from));
        }
    }

    fn touch_up(self, ev: &web_sys::PointerEvent) {
        self.touches
            .update_value(|t| t.retain(|f| f.0 != ev.pointer_id()));
    }

    /// A transform that draws a handle, in screen pixels, at the map point `p`.
    pub fn handle_at(self, p: MapPoint) -> String {
        let (x, y) = self.frame.get().to_svg(p);
        screen_units_at(x, y, self.per_px.get())
    }
}

/// The map every editor draws on: the land, and the other plots, grey and named, under what the
/// editor adds (`children`). A click reports the map point and the plot under the pointer, if any.
#[component]
pub(super) fn EditMap(
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
    /// Localities: named on the map, and a choice that takes the map to one.
    #[prop(optional)]
    places: Vec<LocalPlace>,
    on_click: Callback<(MapPoint, Option<i64>)>,
    children: Children,
) -> impl IntoView {
    // A new frame (the new plot's business area chosen) shows whole; the view as zoomed is
    // kept otherwise.
    Effect::new(move |previous: Option<LocalFrame>| {
        let frame = canvas.frame.get();
        if previous.is_some_and(|p| p != frame) {
            canvas.view.set(frame.view);
        }
        if canvas.svg.get().is_some() {
            canvas.measure();
            canvas.live.set(true);
        }
        frame
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
    let names_empty = places.is_empty();
    let place_names: Vec<String> = places.iter().map(|p| p.name.clone()).collect();
    let dots = {
        let places = places.clone();
        move || {
            let frame = canvas.frame.get();
            let per_px = canvas.per_px.get();
            places
                .iter()
                .map(|p| {
                    let (x, y) = frame.to_svg(p.at);
                    view! { <circle class="place-dot" transform=screen_units_at(x, y, per_px) r="3" /> }
                })
                .collect_view()
        }
    };
    // The localities', roads' and streets' names, placed as the public map places its own so
    // that none overlaps another (`domain/labels.rs`): localities first, a road's or street's
    // name at one of its places along it.
    let candidates = {
        let places = places.clone();
        Memo::new(move |_| {
            let frame = canvas.frame.get();
            let mut candidates: Vec<LabelCandidate> = places
                .iter()
                .map(|p| {
                    let (x, y) = frame.to_svg(p.at);
                    name_at(
                        LabelKind::Locality,
                        format!("place-{}", p.name),
                        &p.name,
                        (x, y, 0.0),
                    )
                })
                .collect();
            land.with(|land| {
                candidates.extend(land.lines.iter().enumerate().filter_map(|(i, line)| {
                    let kind = if line.main_road {
                        LabelKind::Road
                    } else {
                        LabelKind::Street
                    };
                    let mut places = line.label_places().into_iter().map(|(x, y, angle)| {
                        let (x, y) = frame.to_svg((land.origin.0 + x, land.origin.1 - y));
                        // A road's number stands upright on its sign.
                        (x, y, if line.main_road { 0.0 } else { angle })
                    });
                    let first = places.next()?;
                    Some(LabelCandidate {
                        elsewhere: places.collect(),
                        ..name_at(kind, format!("line-{i}"), &line.name, first)
                    })
                }));
            });
            candidates
        })
    };
    let names = move || {
        let screen = canvas.screen_px.get();
        let placed = candidates.with(|c| {
            place_labels_clear_of(
                c,
                canvas.view.get(),
                canvas.per_px.get(),
                screen,
                &[scale_bar_room(screen)],
            )
        });
        placed
            .into_iter()
            .map(|label| view! { <MapLabel label per_px=canvas.per_px /> })
            .collect_view()
    };
    let line_paths = move || {
        land.with(|land| {
            land.lines
                .iter()
                .map(|line| {
                    let class = if line.main_road {
                        "edit-map-line main-road"
                    } else {
                        "edit-map-line"
                    };
                    view! {
                        <path class="edit-map-line-edge" d=line.svg_path.clone() />
                        <path class=class d=line.svg_path.clone() />
                    }
                })
                .collect_view()
        })
    };
    let go_to = move |ev: web_sys::Event| {
        let name = event_target_value(&ev);
        if let Some(place) = places.iter().find(|p| p.name == name) {
            canvas.show_place(place);
        }
    };
    let place_choice = move || {
        (canvas.live.get() && !names_empty).then(|| {
            view! {
                <div class="field edit-map-places">
                    <label for="edit-map-place">{T.map_go_to_place}</label>
                    <select id="edit-map-place" on:change=go_to.clone()>
                        <option value="">{T.map_choose_place}</option>
                        {place_names.clone().into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </div>
            }
        })
    };
    view! {
        {place_choice}
        <div class="edit-map-frame">
            <svg
                node_ref=canvas.svg
                class="edit-map"
                viewBox=move || canvas.view.get().to_attr()
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label=label
                aria-describedby="edit-map-keys"
                tabindex="0"
                data-live=move || canvas.live.get().then_some("true")
                on:click=on_map_click
                on:wheel=move |ev| canvas.wheel(ev)
                on:keydown=move |ev| canvas.key(ev)
                on:pointerdown=move |ev| canvas.touch_down(&ev)
                on:pointermove=move |ev| canvas.touch_move(&ev)
                on:pointerup=move |ev| canvas.touch_up(&ev)
                on:pointercancel=move |ev| canvas.touch_up(&ev)
            >
                <path
                    class="land"
                    aria-hidden="true"
                    d=move || land.with(|l| l.svg_path.clone())
                    transform=move || canvas.frame.get().land_transform(&land.get())
                />
                <g class="edit-map-lines" aria-hidden="true" transform=move || canvas.frame.get().land_transform(&land.get())>
                    {line_paths}
                </g>
                <g class="context-plots">{plots}</g>
                <g class="edit-map-places" aria-hidden="true">{dots}{names}</g>
                {children()}
            </svg>
            <ScaleBar metres_per_px=canvas.per_px />
            <p id="edit-map-keys" class="visually-hidden">{T.map_keys}</p>
            {move || canvas.live.get().then(|| view! {
                <div class="edit-map-zoom">
                    <button type="button" aria-label=T.map_zoom_in on:click=move |_| canvas.zoom(0.5, None)>"+"</button>
                    <button type="button" aria-label=T.map_zoom_out on:click=move |_| canvas.zoom(2.0, None)>"−"</button>
                    <button type="button" aria-label=T.map_zoom_whole on:click=move |_| canvas.show_whole_frame()>"⤢"</button>
                </div>
            })}
        </div>
        <p class="edit-map-coast">{T.map_coast_simplified}</p>
    }
}

/// A name the editor's map could write at a point in its SVG coordinates, turned by `angle`.
pub(super) fn name_at(
    kind: LabelKind,
    key: String,
    name: &str,
    (x, y, angle): (f64, f64, f64),
) -> LabelCandidate {
    LabelCandidate {
        kind,
        key,
        lines: vec![name.to_string()],
        x,
        y,
        // Beside a locality's dot, under a business area's plots, along a road or street.
        anchor: match kind {
            LabelKind::Locality => LabelAnchor::Beside,
            LabelKind::BusinessArea => LabelAnchor::Below,
            _ => LabelAnchor::Centred,
        },
        angle,
        elsewhere: Vec::new(),
        needs_room: None,
        plot: None,
    }
}

/// The map's buttons, shown once hydrated: before that they could not do anything.
#[component]
pub(super) fn MapTools(canvas: Canvas, children: ChildrenFn) -> impl IntoView {
    move || {
        canvas
            .live
            .get()
            .then(|| view! { <div class="edit-map-tools">{children()}</div> })
    }
}

/// The outline's area as it is being drawn, and a warning as soon as it overlaps another plot
/// (the server still checks when it is saved, and names the plots).
#[component]
pub(super) fn OutlineMeasures(
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
