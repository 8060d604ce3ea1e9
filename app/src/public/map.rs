//! The public map: an SVG drawn on the server, made pannable and zoomable once hydrated, beside
//! the selected plot's panel. This file puts the map together; each of its parts is a file of
//! its own beside it:
//!
//! - `map_camera.rs`: the view box, the drawing's size, a gesture in progress and its commit
//! - `map_gesture.rs`: the mouse, the wheel and two fingers; `map_keys.rs`: the keyboard
//! - `map_url.rs`: where the map opens, and the view kept in the URL
//! - `map_sheet.rs`: on a phone, the selected plot moved above the panel's bottom sheet
//! - `map_tiles.rs`, `map_context.rs`, `map_plots.rs`, `map_labels.rs`: what is drawn, from
//!   the land up to the names
//! - `map_hint.rs`: the tooltip and the focus ring; `map_zoom.rs`: zooming to a place;
//!   `map_layers.rs`: the layer switches and the legend

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::ProblemNotice;
use crate::domain::{
    FilterError, MapData, MapLayer, PlacePoint, ViewBox, future_area_label_candidates,
    ground_metres_per_mercator_unit, plot_label_candidates,
};
use crate::public::catalog::{get_map_data, matching_plot_ids};
use crate::public::map_camera::MapCamera;
use crate::public::map_context::{ContextLayers, LocalityMarkers};
use crate::public::map_gesture::MapGestures;
use crate::public::map_hint::{FocusMarker, PlotHints, PlotPointing, PlotTooltip};
use crate::public::map_keys::{open_from_keyboard, pan_or_zoom};
use crate::public::map_labels::LabelLayer;
use crate::public::map_layers::{LayerControls, MapLegend};
use crate::public::map_plots::{MapContent, Matching, PlotLayer, PlotLinks, matching_set};
use crate::public::map_sheet::keep_plot_above_sheet;
use crate::public::map_tiles::{OverlayTiles, TileLayer};
use crate::public::map_url::{navigate_map, opening_from_url, write_view_to_url};
use crate::public::map_zoom::{AreaMarkers, AreaZoom, ZoomButtons};
use crate::public::place_panel::{PlacePanel, PlacePin, ask_about_place, place_in_url};
use crate::public::plot_list::FilterForm;
use crate::public::plot_panel::{PanelFocus, PlotPanel};
use crate::ui::forms::filter_from_query;
use crate::ui::i18n::use_lang;
use crate::ui::map_drawing::{HatchPattern, ScaleBar};

/// The map page: loads the published plots and context layers, then draws them.
#[component]
pub fn MapPage() -> impl IntoView {
    let t = use_lang().texts();
    // The list's filters apply to the map too (same URL parameters, same query on the server):
    // plots that do not match are hidden.
    let query = use_query_map();
    // The detaljplaner come with the map when the address switches their layer on; else the
    // map fetches them when the layer is switched on (`MapView`).
    let with_plans = query.with_untracked(|q| {
        MapLayer::from_values(q.get_all("lager").as_deref()).contains(&MapLayer::Plans)
    });
    // Where the map opens decides what the server sends: the address as the page was opened
    // (later changes to it are the map's own doing, and it fetches what they need).
    let opening = query.with_untracked(opening_from_url);
    let data = Resource::new(
        move || (with_plans, opening.clone()),
        |(with_plans, opening)| {
            get_map_data(
                with_plans,
                opening.view.map(ViewBox::to_param),
                opening.plot,
                opening.business_area,
                opening.locality,
            )
        },
    );
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
    // Where the page opened, or, when a filter's change draws the map anew, where it was moved
    // to since (the view the address keeps); what it lacks there it fetches.
    let initial_view = query
        .with_untracked(|q| q.get("vy").and_then(|v| ViewBox::from_param(&v)))
        .unwrap_or(data.view);
    let panel = PanelFocus::new();
    let place = place_in_url(selected_id);
    view! {
        <div class="map-layout">
            <MapView data initial_view selected_id place matching filter_errors panel />
            <PlotPanel selected_id panel />
            <PlacePanel place panel />
        </div>
    }
    .into_any()
}

pub(super) use crate::domain::AREA_MARGIN;
/// Narrower than this the local streets and their names are drawn.
pub(super) const STREET_WIDTH_M: f64 = 6_000.0;

/// The SVG map with its controls. Its view is not erased (`into_any`) here: `MapWithPanel` erases
/// the whole, and every erasure adds its own code to the WASM.
#[component]
fn MapView(
    data: MapData,
    initial_view: ViewBox,
    selected_id: Memo<Option<i64>>,
    place: Memo<Option<PlacePoint>>,
    matching: Matching,
    filter_errors: Memo<Vec<FilterError>>,
    panel: PanelFocus,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let context_labels = data.label_candidates();
    let hints = StoredValue::new(PlotHints::new(&data.in_view.plots, lang));
    let content = MapContent::new(data.in_view);
    let pointing = PlotPointing::new();
    let layers =
        Memo::new(move |_| query.with(|q| MapLayer::from_values(q.get_all("lager").as_deref())));
    let matching = matching_set(matching);
    let camera = MapCamera::new(initial_view);
    let gestures = MapGestures::new(camera, pointing);
    write_view_to_url(camera.view_box);
    content.follow(camera, layers, hints, lang);
    keep_plot_above_sheet(camera, hints, panel);
    let links = PlotLinks {
        lang,
        selected_id,
        matching,
        gestures,
        pointing,
        open_from_keyboard: open_from_keyboard(camera, hints, panel),
        panel,
    };
    // The names of the context layers, and of the future areas and plots as they are fetched
    // (no plot's while the business areas' markers stand for them).
    let label_candidates = Memo::new(move |_| {
        let mut all = context_labels.clone();
        content
            .future_areas
            .with(|areas| all.extend(future_area_label_candidates(areas)));
        if !content.aggregated.get() {
            content
                .plots
                .with(|plots| all.extend(plot_label_candidates(plots, lang)));
        }
        all
    });
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
    let attribution = data.basemap.as_ref().map(|b| b.attribution.clone());
    let own_land = data.basemap.is_none();

    // The drawing and what sits in its corner, apart from the controls around it (one view
    // would nest too deep for the compiler's type layout).
    let frame = view! {
        <div class="map-frame" node_ref=camera.frame>
        <svg
            node_ref=camera.svg
            class=move || {
                let view = camera.view_box.get();
                let scale = if view.is_overview() {
                    " overview"
                } else if view.width <= STREET_WIDTH_M {
                    " street-scale"
                } else {
                    ""
                };
                let aggregated = if content.aggregated.get() { " aggregated" } else { "" };
                format!("map-canvas{scale}{aggregated} {}", MapLayer::classes(&layers.get()))
            }
            viewBox=move || camera.view_box.get().to_attr()
            preserveAspectRatio="xMidYMid meet"
            role="group"
            aria-label=t.map_label
            aria-describedby="map-help"
            tabindex="0"
            on:keydown=move |ev| pan_or_zoom(camera, ev, panel)
            on:touchstart=move |ev| gestures.touch_start(ev)
            on:touchmove=move |ev| gestures.touch_move(ev)
            on:touchend=move |ev| gestures.touch_end(ev)
            on:touchcancel=move |ev| gestures.touch_end(ev)
            on:wheel=move |ev| gestures.wheel(ev)
            on:pointerdown=move |ev| gestures.pointer_down(ev)
            on:pointermove=move |ev| gestures.pointer_move(ev)
            on:pointerup=move |_| gestures.pointer_up()
            on:pointercancel=move |_| gestures.pointer_up()
            on:click=move |ev| on_background(ev, gestures, camera, selected_id)
        >
            <defs><HatchPattern id="hatch-reserved" /></defs>
            <TileLayer camera basemap=data.basemap land_extent=data.land_extent />
            <OverlayTiles camera layers layer=MapLayer::LandUse />
            <ContextLayers roads=data.roads streets=data.streets plans=content.plans future_areas=content.future_areas lang gestures />
            <PlotLayer plots=content.plots links />
            <AreaMarkers camera areas=data.business_areas.clone() lang />
            <LabelLayer camera candidates=label_candidates layers matching />
            <g class="layer-focus" aria-hidden="true">
                <FocusMarker hints pointing camera />
                <PlacePin place camera />
            </g>
            <OverlayTiles camera layers layer=MapLayer::NationalInterests />
            <LocalityMarkers camera localities=data.localities />
        </svg>
        // Where Enter asks "what applies here?", shown while the map has the keyboard's focus.
        <div class="map-centre" aria-hidden="true"></div>
        <ScaleBar metres_per_px=Signal::derive(move || {
            camera.per_px() * ground_metres_per_mercator_unit(camera.view_box.get().center().1)
        }) />
        </div>
    }
    .into_any();

    view! {
        <section class="map" aria-labelledby="map-heading">
            <h2 id="map-heading" class="visually-hidden">{t.map_heading}</h2>
            <p id="map-help" class="visually-hidden">
                {t.map_help}
            </p>
            {frame}
            <PlotTooltip hints pointing view_box=camera.view_box screen_px=camera.screen_px selected=selected_id />
            <ZoomButtons camera whole_map=data.extent lang />
            <AreaZoom camera areas=data.business_areas lang />
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
            // Closer than the overview, the land data's coast is coarser than the map: the land
            // is faded and this says so (style sheet).
            {own_land.then(|| view! { <p class="map-coast-note">{t.coast_simplified}</p> }.into_any())}
        </section>
    }
}

/// A click or tap on the map beside the plots, plans and markers (unless it ended a drag):
/// with a plot's panel open (on a phone, the bottom sheet), it closes the panel and the view
/// stays; else it asks what applies at that place.
fn on_background(
    ev: leptos::web_sys::MouseEvent,
    gestures: MapGestures,
    camera: MapCamera,
    selected_id: Memo<Option<i64>>,
) {
    if gestures.swallows_click() {
        return;
    }
    let on_something = event_target::<leptos::web_sys::Element>(&ev)
        .closest("a, .layer-area-markers")
        .ok()
        .flatten()
        .is_some();
    if on_something {
        return;
    }
    if selected_id.get_untracked().is_some() {
        let mut params = use_query_map().get_untracked();
        params.remove("tomt");
        navigate_map(&use_navigate(), &params, false);
    } else if let Some(rect) = camera.rest_rect() {
        let (x, y) = camera.view_box.get_untracked().map_point(
            (rect.width(), rect.height()),
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
        );
        ask_about_place(x, y);
    }
}
