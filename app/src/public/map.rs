//! The public map: an SVG drawn on the server, made pannable and zoomable once hydrated.
//!
//! Every plot is an SVG link (`<a href="?tomt=ID">`), so it is clickable and keyboard-focusable
//! with an accessible name before any script runs, and opening it without JavaScript still
//! shows its panel. After hydration the same link selects the plot without a page load.

use std::{collections::HashSet, time::Duration};

use leptos::{prelude::*, web_sys};
use leptos_meta::Meta;
use leptos_router::{
    NavigateOptions,
    components::Form,
    hooks::{use_navigate, use_query_map},
};

use crate::ProblemNotice;
use crate::domain::{
    FilterError, LAND_TILES, LabelKind, Lang, MAX_VIEW_WIDTH, MIN_VIEW_WIDTH, MapData, MapLayer,
    MapPlot, PlacedLabel, PlanStage, PlotStatus, ViewBox, place_labels, tiles_for_view,
};
use crate::public::catalog::{get_map_data, matching_plot_ids};
use crate::public::plot_list::FilterForm;
use crate::public::plot_panel::PlotPanel;
use crate::ui::forms::{KeepOtherParams, filter_from_query, submit_on_change};
use crate::ui::i18n::use_lang;

/// The map page: loads the published plots and context layers, then draws them.
#[component]
pub fn MapPage() -> impl IntoView {
    let t = use_lang().texts();
    let data = Resource::new(|| (), |_| get_map_data());
    // The list's filters apply to the map too (same URL parameters, same query on the server):
    // plots that do not match are hidden.
    let query = use_query_map();
    let parsed = Memo::new(move |_| query.with(filter_from_query));
    let filter = Memo::new(move |_| parsed.get().0);
    let filter_errors = Memo::new(move |_| parsed.get().1);
    // A filter that cannot be understood is a bad request; the page still shows the map and
    // says which field.
    if !filter_errors.get_untracked().is_empty() {
        crate::set_status(400);
    }
    let matching = Resource::new(
        move || filter.get(),
        |filter| async move {
            if filter.is_any() {
                Ok(None)
            } else {
                matching_plot_ids(filter).await.map(Some)
            }
        },
    );
    view! {
        <h1 class="page-title">{t.page_title_map}</h1>
        <Meta name="description" content=t.map_description />
        <Suspense fallback=move || view! { <p class="map-loading">{t.map_loading}</p> }>
            {move || Suspend::new(async move {
                // Awaited here so the server renders the filtered map in the first HTML; the
                // plots read it through `matching` as it changes.
                let _ = matching.await;
                match data.await {
                    Ok(data) => view! { <MapWithPanel data matching filter_errors /> }.into_any(),
                    Err(problem) => view! {
                        <div class="map-error"><ProblemNotice problem unavailable=t.map_unavailable /></div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The ids of the plots the URL's filter lets through; `None` when there is no filter.
type Matching = Resource<Result<Option<Vec<i64>>, crate::domain::Problem>>;

/// The map beside the fact sheet of the selected plot. The selection lives in the URL
/// (`?tomt=ID`) so a link reproduces it.
#[component]
fn MapWithPanel(
    data: MapData,
    matching: Matching,
    filter_errors: Memo<Vec<FilterError>>,
) -> impl IntoView {
    let query = use_query_map();
    let selected_id = Memo::new(move |_| {
        query
            .read()
            .get("tomt")
            .and_then(|id| id.parse::<i64>().ok())
    });
    // A shared view (`vy`) opens as it was; a link to a plot opens the map on the plot's
    // business area.
    let shared_view = query.with_untracked(|q| q.get("vy").and_then(|v| ViewBox::from_param(&v)));
    let initial_view = selected_id
        .get_untracked()
        .and_then(|id| data.plots.iter().find(|plot| plot.id == id))
        .map(|plot| plot.business_area.clone())
        // Or the business area or locality the URL filters on (a search hit, say).
        .or_else(|| query.with_untracked(|q| q.get("omrade")))
        .map(|name| {
            data.business_areas
                .iter()
                .filter(|area| area.name == name)
                .map(|area| area.extent)
                .collect::<Vec<_>>()
        })
        .or_else(|| {
            query.with_untracked(|q| q.get("ort")).map(|locality| {
                data.business_areas
                    .iter()
                    .filter(|area| area.locality == locality)
                    .map(|area| area.extent)
                    .collect()
            })
        })
        .and_then(|extents| ViewBox::covering(&extents))
        .map(|extent| extent.padded(AREA_MARGIN));
    let initial_view = shared_view.or(initial_view).unwrap_or(data.extent);
    view! {
        <div class="map-layout">
            <MapView data initial_view selected_id matching filter_errors />
            <PlotPanel selected_id />
        </div>
    }
    .into_any()
}

/// Assumed drawing width before the browser reports the real one (server rendering).
const DEFAULT_WIDTH_PX: f64 = 1000.0;
const DEFAULT_HEIGHT_PX: f64 = 700.0;

/// Margin around a business area when the map zooms to it.
const AREA_MARGIN: f64 = 0.15;

/// Wider than this (in metres) the plots are specks: business areas get markers instead.
const OVERVIEW_WIDTH_M: f64 = 20_000.0;
/// Narrower than this the local streets and their names are drawn.
const STREET_WIDTH_M: f64 = 6_000.0;

/// The SVG map with its controls.
#[component]
fn MapView(
    data: MapData,
    initial_view: ViewBox,
    selected_id: Memo<Option<i64>>,
    matching: Matching,
    filter_errors: Memo<Vec<FilterError>>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let layers =
        Memo::new(move |_| query.with(|q| MapLayer::from_values(q.get_all("lager").as_deref())));
    // A set, so each of thousands of plots asks in constant time.
    let matching_set = Memo::new(move |_| {
        matching
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|ids| ids.into_iter().collect::<HashSet<i64>>())
    });
    let view_box = RwSignal::new(initial_view);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    // The frame's box is where the drawing sits at rest: a gesture's transform moves the SVG's
    // own box, never the frame's.
    let frame_ref = NodeRef::<leptos::html::Div>::new();
    let rest_rect = move || {
        frame_ref
            .get_untracked()
            .map(|frame| frame.get_bounding_client_rect())
    };
    let drag = StoredValue::new(None::<DragState>);
    // Set while a drag moved the map, so the click that ends it does not select a plot.
    let suppress_click = StoredValue::new(false);

    // Pan and zoom gestures move the drawn map as one picture (a CSS transform, which the
    // browser composites without redrawing a single plot) and are committed to the view box,
    // the one full redraw, when the gesture ends. This keeps gestures smooth at 10,000 plots.
    let gesture = StoredValue::new(None::<Gesture>);
    let wheel_timer = StoredValue::new(None::<TimeoutHandle>);
    let show_gesture = move |g: Option<Gesture>| {
        gesture.set_value(g);
        if let Some(svg) = svg_ref.get_untracked() {
            let style = svg.style();
            let _ = match g {
                Some(g) => style.set_property("transform", &g.css()),
                None => style.remove_property("transform").map(|_| ()),
            };
        }
    };
    let commit_gesture = move || {
        if let Some(timer) = wheel_timer.get_value() {
            timer.clear();
            wheel_timer.set_value(None);
        }
        let (Some(g), Some(rect)) = (gesture.get_value(), rest_rect()) else {
            return;
        };
        view_box.update(|vb| *vb = g.committed(&rect, *vb));
        show_gesture(None);
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some(rect) = rest_rect() else {
            return;
        };
        let current = gesture.get_value().unwrap_or(Gesture::NONE);
        // Zoom the current gesture about the pointer; the zoom range of the view box holds.
        let step = if ev.delta_y() > 0.0 { 0.8 } else { 1.25 };
        let width = view_box.get_untracked().width;
        let scale = (current.scale * step).clamp(width / MAX_VIEW_WIDTH, width / MIN_VIEW_WIDTH);
        let zoomed = current.zoomed_about(
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
            scale / current.scale,
        );
        show_gesture(Some(zoomed));
        if let Some(timer) = wheel_timer.get_value() {
            timer.clear();
        }
        wheel_timer.set_value(
            set_timeout_with_handle(commit_gesture, Duration::from_millis(WHEEL_SETTLE_MS)).ok(),
        );
    };
    let on_pointer_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        commit_gesture();
        drag.set_value(Some(DragState {
            start_x: f64::from(ev.client_x()),
            start_y: f64::from(ev.client_y()),
            moved: false,
        }));
        suppress_click.set_value(false);
    };
    let on_pointer_move = move |ev: web_sys::PointerEvent| {
        let Some(mut state) = drag.get_value() else {
            return;
        };
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let dx_px = f64::from(ev.client_x()) - state.start_x;
        let dy_px = f64::from(ev.client_y()) - state.start_y;
        if !state.moved && dx_px.hypot(dy_px) < DRAG_THRESHOLD_PX {
            return;
        }
        if !state.moved {
            state.moved = true;
            // Capture only once it is a real drag: capturing at once would steal plot clicks.
            let _ = svg.set_pointer_capture(ev.pointer_id());
            drag.set_value(Some(state));
        }
        show_gesture(Some(Gesture {
            tx: dx_px,
            ty: dy_px,
            scale: 1.0,
        }));
    };
    let on_pointer_up = move |_ev: web_sys::PointerEvent| {
        if let Some(state) = drag.get_value() {
            suppress_click.set_value(state.moved);
            if state.moved {
                commit_gesture();
            }
        }
        drag.set_value(None);
    };
    let zoom_by = move |factor: f64| {
        commit_gesture();
        view_box.update(|vb| {
            let (cx, cy) = vb.center();
            *vb = vb.zoomed(factor, cx, cy);
        })
    };
    // The drawing's size on screen, in pixels: assumed on the server, measured in the browser.
    let screen_px = RwSignal::new((DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX));
    let measure = move || {
        if let Some(rect) = rest_rect()
            && rect.width() > 0.0
            && rect.height() > 0.0
        {
            screen_px.set((rect.width(), rect.height()));
        }
    };
    // Effects run only in the browser: measure, and mark the map as live (the browser tests
    // wait for the mark).
    Effect::new(move |_| {
        if let Some(svg) = svg_ref.get() {
            measure();
            let _ = svg.set_attribute("data-hydrated", "true");
        }
    });
    // The view goes into the URL (replacing the history entry), so a copied link shows the same
    // part of the map. Only changes are written: opening the page leaves its URL alone.
    let navigate = use_navigate();
    Effect::new(move |previous: Option<ViewBox>| {
        let view = view_box.get();
        if previous.is_some_and(|previous| previous != view) {
            let mut params = query.get_untracked();
            params.replace("vy", view.to_param());
            navigate(
                &format!("/{}", params.to_query_string()),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
        view
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // Map units per screen pixel ("meet" fits the whole view box, so the tighter axis decides).
    let per_px = move || {
        let vb = view_box.get();
        let (w, h) = screen_px.get();
        f64::max(vb.width / w, vb.height / h)
    };
    let extent = data.extent;
    // The names the map writes, placed afresh for each view so that no two overlap.
    let candidates = data.label_candidates(lang);
    let labels = Memo::new(move |_| {
        let view = view_box.get();
        let shown = layers.get();
        let on = |layer| shown.contains(&layer);
        matching_set.with(|matching| {
            let visible = candidates.iter().filter(|c| match c.kind {
                LabelKind::Locality => on(MapLayer::Context),
                LabelKind::BusinessArea => {
                    view.width > OVERVIEW_WIDTH_M && on(MapLayer::BusinessAreas)
                }
                LabelKind::FutureArea => on(MapLayer::FutureAreas),
                LabelKind::Street => view.width <= STREET_WIDTH_M && on(MapLayer::Context),
                LabelKind::Plot => c.plot.is_some_and(|(id, status)| {
                    let layer_shows = on(MapLayer::AllPlots)
                        || (on(MapLayer::AvailablePlots) && status == PlotStatus::Available);
                    layer_shows && matching.as_ref().is_none_or(|m| m.contains(&id))
                }),
            });
            place_labels(visible, view, per_px(), screen_px.get())
        })
    });
    // Each locality with business land, and the box around its business areas.
    let localities: Vec<(String, ViewBox)> = {
        let mut names: Vec<&String> = data.business_areas.iter().map(|a| &a.locality).collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .filter_map(|name| {
                let extents: Vec<ViewBox> = data
                    .business_areas
                    .iter()
                    .filter(|a| &a.locality == name)
                    .map(|a| a.extent)
                    .collect();
                ViewBox::covering(&extents).map(|b| (name.clone(), b.padded(AREA_MARGIN)))
            })
            .collect()
    };
    // The filter form's choices: (locality, business area), as the list page has them.
    let places: Vec<(String, String)> = {
        let mut places: Vec<(String, String)> = data
            .business_areas
            .iter()
            .map(|a| (a.locality.clone(), a.name.clone()))
            .collect();
        places.sort();
        places
    };
    // Open when the URL filters (or tried to), so a shared filtered map shows why plots are hidden.
    let filters_open = query.with_untracked(|q| {
        let (filter, errors) = filter_from_query(q);
        !filter.is_any() || !errors.is_empty()
    });
    // Markers for the business areas, drawn at overview scale; the list of zoom buttons under
    // the map is their accessible equivalent, so the markers are hidden from screen readers.
    let area_markers = data
        .business_areas
        .iter()
        .map(|area| {
            let (cx, cy) = area.extent.center();
            let target = area.extent.padded(AREA_MARGIN);
            let name = area.name.clone();
            view! {
                <g class="area-marker" transform=move || screen_units_at(cx, cy, per_px()) on:click=move |_| view_box.set(target)>
                    <title>{name}</title>
                    <circle r="7" />
                </g>
            }
        })
        .collect_view();
    // Under everything: the configured raster base map, or else Markkartan's own land tiles
    // (the sea is the frame's background).
    let tile_template = data
        .basemap
        .as_ref()
        .map_or(LAND_TILES.to_string(), |b| b.url_template.clone());
    let land_tiles = data.basemap.is_none();
    let attribution = data.basemap.as_ref().map(|b| b.attribution.clone());
    let tiles = move || {
        let view = view_box.get();
        tiles_for_view(view, view.width / per_px(), &tile_template)
            .into_iter()
            .map(|t| if land_tiles { t.with_land_bleed() } else { t })
            .map(|t| {
                view! {
                    <image
                        href=t.url
                        x=t.x
                        y=t.y
                        width=t.size
                        height=t.size
                        preserveAspectRatio="none"
                    />
                }
            })
            .collect_view()
    };
    let streets = data
        .streets
        .into_iter()
        .map(|street| view! { <path d=street.svg_path /> })
        .collect_view();

    view! {
        <section class="map" aria-labelledby="map-heading">
            <h2 id="map-heading" class="visually-hidden">{t.map_heading}</h2>
            <p id="map-help" class="visually-hidden">
                {t.map_help}
            </p>
            <div class="map-frame" node_ref=frame_ref>
            <svg
                node_ref=svg_ref
                class=move || {
                    let width = view_box.get().width;
                    let scale = if width > OVERVIEW_WIDTH_M {
                        " overview"
                    } else if width <= STREET_WIDTH_M {
                        " street-scale"
                    } else {
                        ""
                    };
                    format!("map-canvas{scale} {}", MapLayer::classes(&layers.get()))
                }
                viewBox=move || view_box.get().to_attr()
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label=t.map_label
                aria-describedby="map-help"
                on:wheel=on_wheel
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
                on:pointercancel=on_pointer_up
            >
                <defs>
                    <pattern
                        id="hatch-reserved"
                        patternUnits="userSpaceOnUse"
                        width="8"
                        height="8"
                        patternTransform="rotate(45)"
                    >
                        <rect width="8" height="8" class="hatch-background" />
                        <line x1="0" y1="0" x2="0" y2="8" class="hatch-line" />
                    </pattern>
                </defs>
                <g class=if land_tiles { "layer-land" } else { "layer-basemap" } aria-hidden="true">{tiles}</g>
                <g class="layer-roads" aria-hidden="true">
                    {data.roads.into_iter().map(|r| view! { <path d=r.svg_path data-road=r.name /> }).collect_view()}
                </g>
                <g class="layer-streets" aria-hidden="true">{streets}</g>
                <g class="layer-plans" aria-hidden="true">
                    {data
                        .plans
                        .into_iter()
                        .map(|plan| {
                            let title = format!("{} {} ({})", plan.plan_id, plan.name, plan.stage.label(lang));
                            view! {
                                <path class=format!("plan stage-{}", plan.stage.key()) d=plan.svg_path>
                                    <title>{title}</title>
                                </path>
                            }
                        })
                        .collect_view()}
                </g>
                <g class="layer-future" aria-hidden="true">
                    {data
                        .future_areas
                        .into_iter()
                        .map(|area| view! { <path class="future-area" d=area.svg_path /> })
                        .collect_view()}
                </g>
                <g class="layer-plots">
                    {data
                        .plots
                        .into_iter()
                        .map(|plot| view! { <PlotShape plot lang selected_id matching_set suppress_click /> })
                        .collect_view()}
                </g>
                <g class="layer-area-markers" aria-hidden="true">{area_markers}</g>
                <g class="layer-labels" aria-hidden="true">
                    <For each=move || labels.get() key=|label| label.candidate.key.clone() let:label>
                        <MapLabel label per_px=Signal::derive(per_px) />
                    </For>
                </g>
                <g class="layer-localities" aria-hidden="true">
                    {data
                        .localities
                        .into_iter()
                        .map(|l| {
                            view! {
                                <g transform=move || screen_units_at(l.x, l.y, per_px())>
                                    <circle r="4" />
                                </g>
                            }
                        })
                        .collect_view()}
                </g>
            </svg>
            </div>
            <div class="map-controls">
                <button type="button" on:click=move |_| zoom_by(0.5) aria-label=t.zoom_in>"+"</button>
                <button type="button" on:click=move |_| zoom_by(2.0) aria-label=t.zoom_out>"−"</button>
                <button type="button" on:click=move |_| view_box.set(extent) aria-label=t.zoom_all>"⌂"</button>
            </div>
            <nav class="area-zoom" aria-label=t.zoom_to_area>
                <h3>{t.business_areas}</h3>
                <ul>
                    {data
                        .business_areas
                        .into_iter()
                        .map(|area| {
                            let target = area.extent.padded(AREA_MARGIN);
                            view! {
                                <li>
                                    <button type="button" on:click=move |_| view_box.set(target)>
                                        {area.name}
                                    </button>
                                    <span class="area-locality">" (" {area.locality} ")"</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <h3>{t.localities}</h3>
                <ul>
                    {localities
                        .into_iter()
                        .map(|(locality, target)| {
                            view! {
                                <li>
                                    <button type="button" on:click=move |_| view_box.set(target)>
                                        {locality}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <details class="map-filters" open=filters_open>
                <summary>{t.filter_plots}</summary>
                <FilterForm places errors=filter_errors lang action="/" with_sort=false />
            </details>
            <LayerControls layers lang />
            <p>
                // The same filters as a list, the map's content without the map.
                <a href=move || format!("/tomter{}", query.with(|q| q.to_query_string()))>{t.nav_list}</a>
            </p>
            <MapLegend lang />
            <p class="map-attribution">
                {match attribution {
                    Some(a) => format!("{} {a}", t.basemap_by),
                    None => t.land_by.to_string(),
                }}
            </p>
        </section>
    }
    .into_any()
}

/// One placed name: its lines centred in the box placement gave it, turned as it runs.
#[component]
fn MapLabel(label: PlacedLabel, per_px: Signal<f64>) -> impl IntoView {
    let c = label.candidate;
    let font = c.kind.font_px();
    let (_, text_height) = c.text_size_px();
    let (dx, dy) = c.centre_offset_px();
    let (x, y, angle) = (c.x, c.y, c.angle);
    let first_baseline = -text_height / 2.0 + font * 0.95;
    let lines = c
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let baseline = first_baseline + i as f64 * font * 1.25;
            view! { <tspan x="0" y=format!("{baseline:.1}")>{line}</tspan> }
        })
        .collect_view();
    view! {
        <g
            class=format!("map-label label-{}", c.kind.key())
            transform=move || {
                format!("{} translate({dx:.1} {dy:.1}) rotate({angle:.1})", screen_units_at(x, y, per_px.get()))
            }
        >
            <text text-anchor="middle" font-size=font>{lines}</text>
        </g>
    }
}

/// A transform that puts the origin at a map point and makes one unit one screen pixel, so
/// markers and labels keep their size whatever the zoom. (Drawing text directly at Web Mercator
/// coordinates, millions of units from the origin, also loses glyphs in Chromium.)
pub(crate) fn screen_units_at(x: f64, y: f64, per_px: f64) -> String {
    format!("translate({x:.1} {y:.1}) scale({per_px:.4})")
}

/// How far a pointer must move before a press becomes a pan rather than a click.
const DRAG_THRESHOLD_PX: f64 = 4.0;

#[derive(Clone, Copy)]
struct DragState {
    start_x: f64,
    start_y: f64,
    moved: bool,
}

/// How long the wheel must rest before its zoom is committed to the view box.
const WHEEL_SETTLE_MS: u64 = 200;

/// A gesture in progress: the drawn map moved by (`tx`, `ty`) CSS pixels and scaled by `scale`
/// about the drawing's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Gesture {
    tx: f64,
    ty: f64,
    scale: f64,
}

impl Gesture {
    const NONE: Gesture = Gesture {
        tx: 0.0,
        ty: 0.0,
        scale: 1.0,
    };

    fn css(self) -> String {
        format!(
            "translate({:.1}px, {:.1}px) scale({:.5})",
            self.tx, self.ty, self.scale
        )
    }

    /// This gesture followed by a zoom by `factor` about the screen point (`x`, `y`), in pixels
    /// from the drawing's top-left corner.
    fn zoomed_about(self, x: f64, y: f64, factor: f64) -> Gesture {
        Gesture {
            tx: x + factor * (self.tx - x),
            ty: y + factor * (self.ty - y),
            scale: self.scale * factor,
        }
    }

    /// The view box that shows what this gesture shows: the map point drawn at the centre of the
    /// screen becomes the centre, and the box shrinks by the gesture's scale.
    fn committed(self, rect: &web_sys::DomRect, vb: ViewBox) -> ViewBox {
        let centre_x = (rect.width() / 2.0 - self.tx) / self.scale;
        let centre_y = (rect.height() / 2.0 - self.ty) / self.scale;
        let (cx, cy) = screen_to_map(rect, vb, rect.left() + centre_x, rect.top() + centre_y);
        let (vx, vy) = vb.center();
        vb.zoomed(1.0 / self.scale, vx, vy).centred_on(cx, cy)
    }
}

/// Map units per screen pixel, for an SVG drawn with `preserveAspectRatio="xMidYMid meet"`
/// into `rect`.
pub(crate) fn map_units_per_px(rect: &web_sys::DomRect, vb: ViewBox) -> f64 {
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return vb.width / DEFAULT_WIDTH_PX;
    }
    f64::max(vb.width / rect.width(), vb.height / rect.height())
}

/// The map point under a screen position, for the view box `vb` drawn into `rect`.
pub(crate) fn screen_to_map(
    rect: &web_sys::DomRect,
    vb: ViewBox,
    client_x: f64,
    client_y: f64,
) -> (f64, f64) {
    let scale = map_units_per_px(rect, vb);
    // With "meet" the drawing is centred: half the spare room is on each side.
    let offset_x = (rect.width() - vb.width / scale) / 2.0;
    let offset_y = (rect.height() - vb.height / scale) / 2.0;
    (
        vb.x + (client_x - rect.left() - offset_x) * scale,
        vb.y + (client_y - rect.top() - offset_y) * scale,
    )
}

/// One plot on the map: a link to its panel, coloured (and, when reserved, hatched) by status.
#[component]
fn PlotShape(
    plot: MapPlot,
    lang: Lang,
    selected_id: Memo<Option<i64>>,
    matching_set: Memo<Option<HashSet<i64>>>,
    suppress_click: StoredValue<bool>,
) -> impl IntoView {
    let navigate = use_navigate();
    let query = use_query_map();
    let id = plot.id;
    let name = plot.accessible_name(lang);
    let status = plot.status;
    let href = lang.href(&format!("/?tomt={id}"));
    let class = move || {
        let selected = if selected_id.get() == Some(id) {
            " selected"
        } else {
            ""
        };
        let filtered_out =
            if matching_set.with(|set| set.as_ref().is_some_and(|s| !s.contains(&id))) {
                " filtered-out"
            } else {
                ""
            };
        format!("plot status-{}{selected}{filtered_out}", status.key())
    };
    let on_click = {
        move |ev: web_sys::MouseEvent| {
            ev.prevent_default();
            if suppress_click.get_value() {
                suppress_click.set_value(false);
                return;
            }
            // The same page with this plot selected: layers and filters stay as they are.
            let mut params = query.get_untracked();
            params.replace("tomt", id.to_string());
            // Keep the map where it is: no scroll to the top as on a page load.
            navigate(
                &format!("/{}", params.to_query_string()),
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    view! {
        // The <g> makes the macro build an SVG <a>, not an HTML one.
        <g>
            <a
                href=href
                class=class
                aria-label=name
                aria-current=move || (selected_id.get() == Some(id)).then_some("true")
                data-plot-id=id
                on:click=on_click
            >
                <path d=plot.svg_path />
            </a>
        </g>
    }
    .into_any()
}

/// The layer switches: a GET form, so they work without JavaScript and live in the URL; once
/// hydrated each change applies at once (a client-side navigation, the map stays).
#[component]
fn LayerControls(layers: Memo<Vec<MapLayer>>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let label = move |layer: MapLayer| match layer {
        MapLayer::AvailablePlots => t.layer_available,
        MapLayer::AllPlots => t.layer_plots,
        MapLayer::BusinessAreas => t.layer_areas,
        MapLayer::Plans => t.layer_plans,
        MapLayer::FutureAreas => t.layer_future,
        MapLayer::Context => t.layer_context,
    };
    let boxes = MapLayer::ALL
        .into_iter()
        .map(|layer| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name="lager"
                        value=layer.key()
                        prop:checked=move || layers.get().contains(&layer)
                        checked=layers.get_untracked().contains(&layer)
                    />
                    {label(layer)}
                </label>
            }
        })
        .collect_view();
    view! {
        <Form method="GET" action="/" noscroll=true attr:class="layer-controls" on:change=submit_on_change>
            <fieldset>
                <legend>{t.layers}</legend>
                // Always sent, so that every layer switched off stays off.
                <input type="hidden" name="lager" value="" />
                <KeepOtherParams own=&["lager"] />
                {boxes}
                <button type="submit" class="button">{t.show_layers}</button>
            </fieldset>
        </Form>
    }
    .into_any()
}

/// What the colours and hatching mean. Status is also in every plot's accessible name, so
/// colour is never the only carrier.
#[component]
fn MapLegend(lang: Lang) -> impl IntoView {
    use crate::domain::PlotStatus;
    view! {
        <div class="map-legend">
            <h3>{lang.texts().legend}</h3>
            <ul>
                {PlotStatus::ALL
                    .into_iter()
                    .map(|status| {
                        view! {
                            <li>
                                <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                                    <rect width="20" height="14" class=format!("plot status-{}", status.key()) />
                                </svg>
                                {status.label(lang)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h3>{lang.texts().layer_plans}</h3>
            <ul>
                {PlanStage::ALL
                    .into_iter()
                    .map(|stage| {
                        view! {
                            <li>
                                <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                                    <rect width="20" height="14" class=format!("plan stage-{}", stage.key()) />
                                </svg>
                                {stage.label(lang)}
                            </li>
                        }
                    })
                    .collect_view()}
                <li>
                    <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                        <rect width="20" height="14" class="future-area" />
                    </svg>
                    {lang.texts().layer_future}
                </li>
            </ul>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::Gesture;

    #[test]
    fn a_zoom_keeps_the_point_under_the_pointer_in_place() {
        let g = Gesture::NONE.zoomed_about(100.0, 50.0, 2.0);
        assert_eq!(g.scale, 2.0);
        // The drawing's point (100, 50) is still drawn at (100, 50).
        assert_eq!(
            (g.tx + g.scale * 100.0, g.ty + g.scale * 50.0),
            (100.0, 50.0)
        );
        // A second zoom elsewhere composes with the first.
        let g2 = g.zoomed_about(300.0, 200.0, 0.5);
        let drawn_at = |g: Gesture, x: f64| g.tx + g.scale * x;
        let content_x = (300.0 - g.tx) / g.scale;
        assert!((drawn_at(g2, content_x) - 300.0).abs() < 1e-9);
        assert_eq!(g2.scale, 1.0);
    }

    #[test]
    fn a_gesture_is_written_as_a_css_transform() {
        let g = Gesture {
            tx: 12.0,
            ty: -3.0,
            scale: 1.5,
        };
        assert_eq!(g.css(), "translate(12.0px, -3.0px) scale(1.50000)");
    }
}
