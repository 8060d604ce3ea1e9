//! Zooming the public map to a place: the +, − and ⌂ buttons over the map, a marker for each
//! business area at overview scale, and under the map the list of business areas and localities
//! to zoom to (the markers' accessible equivalent, so the markers are hidden from screen
//! readers).

use leptos::prelude::*;

use crate::domain::{BusinessAreaView, Lang, ViewBox};
use crate::public::map::AREA_MARGIN;
use crate::public::map_camera::MapCamera;
use crate::ui::map_drawing::screen_units_at;

/// Zoom in, out, and back to the whole map.
#[component]
pub(super) fn ZoomButtons(camera: MapCamera, whole_map: ViewBox, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <div class="map-controls">
            <button type="button" on:click=move |_| camera.zoom_by(0.5) aria-label=t.zoom_in>"+"</button>
            <button type="button" on:click=move |_| camera.zoom_by(2.0) aria-label=t.zoom_out>"−"</button>
            <button type="button" on:click=move |_| camera.view_box.set(whole_map) aria-label=t.zoom_all>"⌂"</button>
        </div>
    }
}

/// A marker at each business area's centre with the number of its available plots, drawn at
/// overview scale and wherever the plots are too many to draw (the style sheet hides them
/// closer in); a click zooms to the area.
#[component]
pub(super) fn AreaMarkers(
    camera: MapCamera,
    areas: Vec<BusinessAreaView>,
    lang: Lang,
) -> impl IntoView {
    let markers = areas
        .into_iter()
        .map(|area| {
            let (cx, cy) = area.extent.center();
            let target = area.extent.padded(AREA_MARGIN);
            let title = format!("{}: {}", area.name, area.summary(lang));
            let available = area.available.to_string();
            // Wide enough for the digits.
            let rx = 5.0 + 4.0 * available.len() as f64;
            view! {
                <g class="area-marker" transform=move || screen_units_at(cx, cy, camera.per_px()) on:click=move |_| camera.view_box.set(target)>
                    <title>{title}</title>
                    <ellipse rx=rx ry="9" />
                    <text dy="0.35em">{available}</text>
                </g>
            }
        })
        .collect_view();
    view! { <g class="layer-area-markers" aria-hidden="true">{markers}</g> }
}

/// Buttons that zoom to each business area, and to each locality with business land.
#[component]
pub(super) fn AreaZoom(
    camera: MapCamera,
    areas: Vec<BusinessAreaView>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let localities = localities_with_extent(&areas);
    view! {
        <nav class="area-zoom" aria-label=t.zoom_to_area>
            <h3>{t.business_areas}</h3>
            <ul>
                {areas
                    .into_iter()
                    .map(|area| {
                        let target = area.extent.padded(AREA_MARGIN);
                        let summary = area.summary(lang);
                        view! {
                            <li>
                                <button type="button" on:click=move |_| camera.view_box.set(target)>
                                    {area.name}
                                </button>
                                <span class="area-locality">" (" {area.locality} ")"</span>
                                <span class="area-summary">{summary}</span>
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
                                <button type="button" on:click=move |_| camera.view_box.set(target)>
                                    {locality}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Each locality with business land, in name order, and the box around its business areas.
fn localities_with_extent(areas: &[BusinessAreaView]) -> Vec<(String, ViewBox)> {
    let mut names: Vec<&String> = areas.iter().map(|a| &a.locality).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let extents: Vec<ViewBox> = areas
                .iter()
                .filter(|a| &a.locality == name)
                .map(|a| a.extent)
                .collect();
            ViewBox::covering(&extents).map(|b| (name.clone(), b.padded(AREA_MARGIN)))
        })
        .collect()
}
