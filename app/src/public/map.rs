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
use crate::public::map_gesture::{DRAG_THRESHOLD_PX, DragState, Gesture, Pinch, WHEEL_SETTLE_MS};
use crate::public::map_hint::{FocusMarker, PlotHints, PlotPointing, PlotTooltip};
use crate::public::plot_list::FilterForm;
use crate::public::plot_panel::{PanelFocus, PlotPanel};
use crate::ui::forms::{KeepOtherParams, filter_from_query, submit_on_change};
use crate::ui::i18n::use_lang;
use crate::ui::map_drawing::{DEFAULT_HEIGHT_PX, DEFAULT_WIDTH_PX, HatchPattern, screen_units_at};

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
    let panel = PanelFocus::new();
    view! {
        <div class="map-layout">
            <MapView data initial_view selected_id matching filter_errors panel />
            <PlotPanel selected_id panel />
        </div>
    }
    .into_any()
}

/// Margin around a business area when the map zooms to it.
const AREA_MARGIN: f64 = 0.15;

/// Wider than this (in metres) the plots are specks: business areas get markers instead.
const OVERVIEW_WIDTH_M: f64 = 20_000.0;
/// Narrower than this the local streets and their names are drawn.
const STREET_WIDTH_M: f64 = 6_000.0;
/// A plot opened from the keyboard is shown at least this wide a view (metres).
const KEYBOARD_ZOOM_MIN_WIDTH_M: f64 = 600.0;
/// How far inside the map, above the phone's sheet, a selected plot must be (pixels).
const SHEET_MARGIN_PX: f64 = 24.0;

/// The SVG map with its controls.
#[component]
fn MapView(
    data: MapData,
    initial_view: ViewBox,
    selected_id: Memo<Option<i64>>,
    matching: Matching,
    filter_errors: Memo<Vec<FilterError>>,
    panel: PanelFocus,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let hints = StoredValue::new(PlotHints::new(&data.plots, lang));
    let pointing = PlotPointing::new();
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
        // One finger scrolls the page, as on any page with a map in it; two pan and pinch
        // (the touch handlers below). The mouse and a pen drag.
        if ev.button() != 0 || ev.pointer_type() == "touch" {
            return;
        }
        pointing.hovered.set(None);
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
    // Two fingers: the map follows their midpoint and scales with their spread.
    let pinch = StoredValue::new(None::<Pinch>);
    let touch_points = move |ev: &web_sys::TouchEvent| {
        let touches = ev.touches();
        let rect = rest_rect()?;
        let (a, b) = (touches.get(0)?, touches.get(1)?);
        let (ax, ay) = (
            f64::from(a.client_x()) - rect.left(),
            f64::from(a.client_y()) - rect.top(),
        );
        let (bx, by) = (
            f64::from(b.client_x()) - rect.left(),
            f64::from(b.client_y()) - rect.top(),
        );
        Some((((ax + bx) / 2.0, (ay + by) / 2.0), (ax - bx).hypot(ay - by)))
    };
    let on_touch_start = move |ev: web_sys::TouchEvent| {
        if ev.touches().length() == 1 && pinch.get_value().is_none() {
            // A new tap: a pinch that ended before it does not swallow its click.
            suppress_click.set_value(false);
        }
        if ev.touches().length() != 2 {
            return;
        }
        ev.prevent_default();
        commit_gesture();
        drag.set_value(None);
        pointing.hovered.set(None);
        pinch.set_value(touch_points(&ev).map(|(mid, distance)| Pinch {
            start_mid: mid,
            start_distance: distance,
        }));
    };
    let on_touch_move = move |ev: web_sys::TouchEvent| {
        let Some(start) = pinch.get_value() else {
            return;
        };
        // Not the page's scroll or zoom: the map's.
        ev.prevent_default();
        if let Some((mid, distance)) = touch_points(&ev) {
            let width = view_box.get_untracked().width;
            let range = (width / MAX_VIEW_WIDTH, width / MIN_VIEW_WIDTH);
            show_gesture(Some(start.gesture(mid, distance, range)));
        }
    };
    let on_touch_end = move |ev: web_sys::TouchEvent| {
        if pinch.get_value().is_some() && ev.touches().length() < 2 {
            pinch.set_value(None);
            suppress_click.set_value(true);
            commit_gesture();
        }
    };
    let zoom_by = move |factor: f64| {
        commit_gesture();
        view_box.update(|vb| {
            let (cx, cy) = vb.center();
            *vb = vb.zoomed(factor, cx, cy);
        })
    };
    // With the focus on the map or a plot: the arrows pan a quarter of the view, + and − zoom.
    let on_key_down = move |ev: web_sys::KeyboardEvent| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let vb = view_box.get_untracked();
        let (cx, cy) = vb.center();
        let step = 0.25;
        let moved = match ev.key().as_str() {
            "ArrowLeft" => vb.panned(-vb.width * step, 0.0),
            "ArrowRight" => vb.panned(vb.width * step, 0.0),
            "ArrowUp" => vb.panned(0.0, -vb.height * step),
            "ArrowDown" => vb.panned(0.0, vb.height * step),
            "+" | "=" | "Add" => vb.zoomed(0.5, cx, cy),
            "-" | "−" | "_" | "Subtract" => vb.zoomed(2.0, cx, cy),
            _ => return,
        };
        ev.prevent_default();
        commit_gesture();
        view_box.set(moved);
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
            // The address as it is now: a plot selected in the same event (Enter zooms to it)
            // is in the address bar before the router's query follows.
            let mut params = address_bar_query().unwrap_or_else(|| query.get_untracked());
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
    let per_px = move || view_box.get().units_per_px(screen_px.get());
    let extent = data.extent;
    // A plot opened from the keyboard: the map zooms to it, and the panel's heading takes the
    // focus once it shows the plot.
    let open_from_keyboard = Callback::new(move |id: i64| {
        if let Some(hint) = hints.with_value(|hints| hints.get(id).cloned()) {
            let (w, h) = screen_px.get_untracked();
            let width = (hint.size_m * 8.0).max(KEYBOARD_ZOOM_MIN_WIDTH_M);
            let target = ViewBox {
                x: 0.0,
                y: 0.0,
                width,
                height: width * h / w,
            }
            .centred_on(hint.x, hint.y);
            commit_gesture();
            view_box.set(target);
        }
        panel.focus_heading.set(true);
        panel.from_keyboard.set(true);
    });
    // On a phone the panel is a sheet over the bottom of the map: the selected plot is moved
    // into the part of the map still seen above it.
    Effect::new(move |_| {
        let Some(id) = panel.shown.get() else {
            return;
        };
        let (Some(rect), Some(sheet)) = (
            rest_rect(),
            document().query_selector(".plot-panel").ok().flatten(),
        ) else {
            return;
        };
        let sheet = sheet.get_bounding_client_rect();
        let covers_map = sheet.top() < rect.bottom()
            && sheet.left() <= rect.left() + 1.0
            && sheet.right() >= rect.right() - 1.0;
        let Some(hint) = hints.with_value(|hints| hints.get(id).cloned()) else {
            return;
        };
        if !covers_map {
            return;
        }
        let top = rect.top().max(0.0);
        let bottom = sheet.top();
        // No room above the sheet (a phone on its side): nowhere to move the plot to.
        if bottom - top <= 2.0 * SHEET_MARGIN_PX {
            return;
        }
        let vb = view_box.get_untracked();
        let (x, y) = vb.screen_point(screen_px.get_untracked(), hint.x, hint.y);
        let y = rect.top() + y;
        if y > top + SHEET_MARGIN_PX && y < bottom - SHEET_MARGIN_PX && x > 0.0 && x < rect.width()
        {
            return;
        }
        // Read without tracking: this runs when the panel shows a plot, not on every view.
        let units = untrack(per_px);
        let dx = (x - rect.width() / 2.0) * units;
        let dy = (y - (top + bottom) / 2.0) * units;
        commit_gesture();
        view_box.set(vb.panned(dx, dy));
    });
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
                tabindex="0"
                on:keydown=on_key_down
                on:touchstart=on_touch_start
                on:touchmove=on_touch_move
                on:touchend=on_touch_end
                on:touchcancel=on_touch_end
                on:wheel=on_wheel
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
                on:pointercancel=on_pointer_up
            >
                <defs><HatchPattern id="hatch-reserved" /></defs>
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
                        .map(|area| view! { <path class="future-area" data-future-area=area.id d=area.svg_path /> })
                        .collect_view()}
                </g>
                <g class="layer-plots">
                    {data
                        .plots
                        .into_iter()
                        .map(|plot| view! { <PlotShape plot lang selected_id matching_set suppress_click pointing open_from_keyboard panel /> })
                        .collect_view()}
                </g>
                <g class="layer-area-markers" aria-hidden="true">{area_markers}</g>
                <g class="layer-labels" aria-hidden="true">
                    <For each=move || labels.get() key=|label| label.candidate.key.clone() let:label>
                        <MapLabel label per_px=Signal::derive(per_px) />
                    </For>
                </g>
                <g class="layer-focus" aria-hidden="true">
                    <FocusMarker hints pointing per_px=Signal::derive(per_px) />
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
            <PlotTooltip hints pointing view_box screen_px />
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

/// The query in the browser's address bar, which a navigation changes at once (the router's
/// query memo follows a moment later).
fn address_bar_query() -> Option<leptos_router::params::ParamsMap> {
    let search = window().location().search().ok()?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(search.trim_start_matches('?')).ok()?;
    Some(pairs.into_iter().collect())
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

/// One plot on the map: a link to its panel, coloured (and, when reserved, hatched) by status.
#[component]
fn PlotShape(
    plot: MapPlot,
    lang: Lang,
    selected_id: Memo<Option<i64>>,
    matching_set: Memo<Option<HashSet<i64>>>,
    suppress_click: StoredValue<bool>,
    pointing: PlotPointing,
    open_from_keyboard: Callback<i64>,
    panel: PanelFocus,
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
            // Enter on the focused plot (a click without a pointer); a pointer's click leaves
            // the focus where it is.
            if ev.detail() == 0 {
                open_from_keyboard.run(id);
            } else {
                panel.focus_heading.set(false);
                panel.from_keyboard.set(false);
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
                aria-describedby=move || (pointing.focused.get() == Some(id) && pointing.shown() == Some(id)).then_some("plot-tooltip")
                on:click=on_click
                on:pointerenter=move |_| pointing.hovered.set(Some(id))
                on:pointerleave=move |_| pointing.hovered.update(|h| if *h == Some(id) { *h = None })
                on:focus=move |_| pointing.focused.set(Some(id))
                on:blur=move |_| pointing.focused.update(|f| if *f == Some(id) { *f = None })
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
    // Every plot or only the available ones (or none): one choice, so radio buttons.
    let plot_choices = [
        (MapLayer::AllPlots.key(), t.layer_plots),
        (MapLayer::AvailablePlots.key(), t.layer_available),
        ("", t.layer_no_plots),
    ];
    let plot_layer_key = move || {
        let shown = layers.get();
        if shown.contains(&MapLayer::AllPlots) {
            MapLayer::AllPlots.key()
        } else if shown.contains(&MapLayer::AvailablePlots) {
            MapLayer::AvailablePlots.key()
        } else {
            ""
        }
    };
    let radios = plot_choices
        .into_iter()
        .map(|(key, text)| {
            view! {
                <label class="check">
                    <input
                        type="radio"
                        name="lager"
                        value=key
                        prop:checked=move || plot_layer_key() == key
                        checked=untrack(plot_layer_key) == key
                    />
                    {text}
                </label>
            }
        })
        .collect_view();
    let boxes = [
        MapLayer::BusinessAreas,
        MapLayer::Plans,
        MapLayer::FutureAreas,
        MapLayer::Context,
    ]
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
    // Without JavaScript the button applies the choice; once the page is live every change
    // applies at once and the button is hidden.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <Form method="GET" action="/" noscroll=true attr:class="layer-controls" on:change=submit_on_change>
            <fieldset>
                <legend>{t.layers}</legend>
                // Always sent, so that every layer switched off stays off.
                <input type="hidden" name="lager" value="" />
                <KeepOtherParams own=&["lager"] />
                <fieldset class="plot-layers">
                    <legend>{t.plots_on_map}</legend>
                    {radios}
                </fieldset>
                {boxes}
                <button type="submit" class="button" hidden=move || live.get()>{t.show_layers}</button>
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
