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
    Lang, LocalFrame, LocalLand, MapPoint, PlotOutline, format_area_m2, ring_area_m2,
    rings_overlap, to_cm,
};
use crate::staff::texts::{self, SV as T};
use crate::ui::map_drawing::{ScaleBar, drawing_size, screen_to_map, screen_units_at};

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

/// The drawing surface: the framed box and, once the browser has measured it, how many metres
/// one screen pixel is (handles keep their size in pixels).
#[derive(Clone, Copy)]
pub(super) struct Canvas {
    pub svg: NodeRef<leptos::svg::Svg>,
    pub frame: Signal<LocalFrame>,
    pub per_px: RwSignal<f64>,
    /// Set once hydrated: the tools and handles appear only when they can work.
    pub live: RwSignal<bool>,
}

impl Canvas {
    pub fn new(frame: Signal<LocalFrame>) -> Canvas {
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
    pub fn point_at(self, client_x: i32, client_y: i32) -> Option<MapPoint> {
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
            <ScaleBar metres_per_px=canvas.per_px />
        </div>
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
