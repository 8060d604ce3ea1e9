//! The public map: an SVG drawn on the server, made pannable and zoomable once hydrated.
//!
//! Every plot is an SVG link (`<a href="?tomt=ID">`), so it is clickable and keyboard-focusable
//! with an accessible name before any script runs, and opening it without JavaScript still
//! shows its panel. After hydration the same link selects the plot without a page load.

use leptos::{prelude::*, web_sys};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::catalog::get_map_data;
use crate::domain::{Lang, MapData, MapPlot, ViewBox, tiles_for_view};
use crate::plot_panel::PlotPanel;

/// The map page: loads the published plots and context layers, then draws them.
#[component]
pub fn MapPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_map_data());
    view! {
        <h1 class="page-title">"Lediga och kommande tomter för verksamheter"</h1>
        <Suspense fallback=|| view! { <p class="map-loading">"Kartan laddas…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <MapWithPanel data /> }.into_any(),
                    Err(error) => view! {
                        <p class="map-error" role="alert">{error.to_string()}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The map beside the panel of the selected plot. The selection lives in the URL (`?tomt=ID`)
/// so a link reproduces it.
#[component]
fn MapWithPanel(data: MapData) -> impl IntoView {
    let query = use_query_map();
    let selected_id = Memo::new(move |_| {
        query
            .read()
            .get("tomt")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let plots = StoredValue::new(data.plots.clone());
    let selected_plot = Memo::new(move |_| {
        let id = selected_id.get()?;
        plots.with_value(|plots| plots.iter().find(|p| p.id == id).cloned())
    });
    // A shared link to a plot opens the map on the plot's business area.
    let initial_view = selected_plot
        .get_untracked()
        .and_then(|plot| {
            data.business_areas
                .iter()
                .find(|area| area.name == plot.business_area)
                .map(|area| area.extent.padded(AREA_MARGIN))
        })
        .unwrap_or(data.extent);
    view! {
        <div class="map-layout">
            <MapView data initial_view selected_id />
            <Show when=move || selected_plot.get().is_some()>
                {move || selected_plot.get().map(|plot| view! { <PlotPanel plot /> })}
            </Show>
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

/// The SVG map with its controls.
#[component]
fn MapView(data: MapData, initial_view: ViewBox, selected_id: Memo<Option<i64>>) -> impl IntoView {
    let view_box = RwSignal::new(initial_view);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let drag = StoredValue::new(None::<DragState>);
    // Set while a drag moved the map, so the click that ends it does not select a plot.
    let suppress_click = StoredValue::new(false);

    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let factor = if ev.delta_y() > 0.0 { 1.25 } else { 0.8 };
        view_box.update(|vb| {
            let (mx, my) = screen_to_map(
                &svg,
                *vb,
                f64::from(ev.client_x()),
                f64::from(ev.client_y()),
            );
            *vb = vb.zoomed(factor, mx, my);
        });
    };
    let on_pointer_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        drag.set_value(Some(DragState {
            start_x: f64::from(ev.client_x()),
            start_y: f64::from(ev.client_y()),
            start_view: view_box.get_untracked(),
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
        let scale = map_units_per_px(&svg, state.start_view);
        view_box.set(state.start_view.panned(-dx_px * scale, -dy_px * scale));
    };
    let on_pointer_up = move |_ev: web_sys::PointerEvent| {
        if let Some(state) = drag.get_value() {
            suppress_click.set_value(state.moved);
        }
        drag.set_value(None);
    };
    let zoom_by = move |factor: f64| {
        view_box.update(|vb| {
            let (cx, cy) = vb.center();
            *vb = vb.zoomed(factor, cx, cy);
        })
    };
    // The drawing's size on screen, in pixels: assumed on the server, measured in the browser.
    let screen_px = RwSignal::new((DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX));
    let measure = move || {
        if let Some(svg) = svg_ref.get_untracked() {
            let rect = svg.get_bounding_client_rect();
            if rect.width() > 0.0 && rect.height() > 0.0 {
                screen_px.set((rect.width(), rect.height()));
            }
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
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // Map units per screen pixel ("meet" fits the whole view box, so the tighter axis decides).
    let per_px = move || {
        let vb = view_box.get();
        let (w, h) = screen_px.get();
        f64::max(vb.width / w, vb.height / h)
    };
    let extent = data.extent;
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
    let basemap = data.basemap.clone();
    let attribution = data.basemap.as_ref().map(|b| b.attribution.clone());
    let tiles = move || {
        basemap.as_ref().map(|basemap| {
            let view = view_box.get();
            tiles_for_view(view, view.width / per_px(), &basemap.url_template)
                .into_iter()
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
        })
    };

    view! {
        <section class="map" aria-labelledby="map-heading">
            <h2 id="map-heading" class="visually-hidden">"Karta"</h2>
            <p id="map-help" class="visually-hidden">
                "Varje tomt på kartan är en länk. Tabba till en tomt och tryck Enter för att se dess uppgifter."
            </p>
            <svg
                node_ref=svg_ref
                class=move || {
                    if view_box.get().width > OVERVIEW_WIDTH_M { "map-canvas overview" } else { "map-canvas" }
                }
                viewBox=move || view_box.get().to_attr()
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label="Karta över tomter för verksamheter i Norrtälje kommun"
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
                <g class="layer-basemap">{tiles}</g>
                <g class="layer-municipality" aria-hidden="true">
                    {data.municipality.into_iter().map(|m| view! { <path d=m.svg_path /> }).collect_view()}
                </g>
                <g class="layer-roads" aria-hidden="true">
                    {data.roads.into_iter().map(|r| view! { <path d=r.svg_path data-road=r.name /> }).collect_view()}
                </g>
                <g class="layer-plots">
                    {data
                        .plots
                        .into_iter()
                        .map(|plot| view! { <PlotShape plot selected_id suppress_click /> })
                        .collect_view()}
                </g>
                <g class="layer-area-markers" aria-hidden="true">{area_markers}</g>
                <g class="layer-localities" aria-hidden="true">
                    {data
                        .localities
                        .into_iter()
                        .map(|l| {
                            view! {
                                <g transform=move || screen_units_at(l.x, l.y, per_px())>
                                    <circle r="4" />
                                    <text x="6" y="-5" font-size="13">
                                        {l.name}
                                    </text>
                                </g>
                            }
                        })
                        .collect_view()}
                </g>
            </svg>
            <div class="map-controls">
                <button type="button" on:click=move |_| zoom_by(0.5) aria-label="Zooma in">"+"</button>
                <button type="button" on:click=move |_| zoom_by(2.0) aria-label="Zooma ut">"−"</button>
                <button type="button" on:click=move |_| view_box.set(extent) aria-label="Visa hela kartan">"⌂"</button>
            </div>
            <nav class="area-zoom" aria-label="Zooma till verksamhetsområde">
                <h3>"Verksamhetsområden"</h3>
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
            </nav>
            <MapLegend />
            {attribution.map(|a| view! { <p class="map-attribution">"Bakgrundskarta: " {a}</p> })}
        </section>
    }
    .into_any()
}

/// A transform that puts the origin at a map point and makes one unit one screen pixel, so
/// markers and labels keep their size whatever the zoom. (Drawing text directly at Web Mercator
/// coordinates, millions of units from the origin, also loses glyphs in Chromium.)
fn screen_units_at(x: f64, y: f64, per_px: f64) -> String {
    format!("translate({x:.1} {y:.1}) scale({per_px:.4})")
}

/// How far a pointer must move before a press becomes a pan rather than a click.
const DRAG_THRESHOLD_PX: f64 = 4.0;

#[derive(Clone, Copy)]
struct DragState {
    start_x: f64,
    start_y: f64,
    start_view: ViewBox,
    moved: bool,
}

/// Map units per screen pixel, for an SVG drawn with `preserveAspectRatio="xMidYMid meet"`.
fn map_units_per_px(svg: &web_sys::SvgElement, vb: ViewBox) -> f64 {
    let rect = svg.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return vb.width / DEFAULT_WIDTH_PX;
    }
    f64::max(vb.width / rect.width(), vb.height / rect.height())
}

/// The map point under a screen position.
fn screen_to_map(
    svg: &web_sys::SvgElement,
    vb: ViewBox,
    client_x: f64,
    client_y: f64,
) -> (f64, f64) {
    let rect = svg.get_bounding_client_rect();
    let scale = map_units_per_px(svg, vb);
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
    selected_id: Memo<Option<i64>>,
    suppress_click: StoredValue<bool>,
) -> impl IntoView {
    let navigate = use_navigate();
    let id = plot.id;
    let name = plot.accessible_name(Lang::Sv);
    let status = plot.status;
    let href = format!("/?tomt={id}");
    let class = move || {
        let selected = if selected_id.get() == Some(id) {
            " selected"
        } else {
            ""
        };
        format!("plot status-{}{selected}", status.key())
    };
    let on_click = {
        let href = href.clone();
        move |ev: web_sys::MouseEvent| {
            ev.prevent_default();
            if suppress_click.get_value() {
                suppress_click.set_value(false);
                return;
            }
            // Keep the map where it is: no scroll to the top as on a page load.
            navigate(
                &href,
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

/// What the colours and hatching mean. Status is also in every plot's accessible name, so
/// colour is never the only carrier.
#[component]
fn MapLegend() -> impl IntoView {
    use crate::domain::PlotStatus;
    view! {
        <div class="map-legend">
            <h3>"Teckenförklaring"</h3>
            <ul>
                {PlotStatus::ALL
                    .into_iter()
                    .map(|status| {
                        view! {
                            <li>
                                <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                                    <rect width="20" height="14" class=format!("plot status-{}", status.key()) />
                                </svg>
                                {status.label(Lang::Sv)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}
