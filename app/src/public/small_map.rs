//! The small map of a plot (or a site, a plan, a place) and its neighbours: the fact sheet,
//! the comparison, the finder, a place's page, a plan's page and the staff's inbox draw it. The
//! public bundle has none of these pages (the server renders them), so only the server and the
//! staff bundle carry it.

use leptos::prelude::*;

use crate::domain::{PlotStatus, SmallMap, StreetView, ViewBox, ground_metres_per_mercator_unit};
use crate::ui::map_drawing::{HatchPattern, PictureScaleBar, picture_unit, screen_units_at};

/// The plot and its neighbours, framed. A picture: the facts are all in text beside it.
// The public bundle draws no small map: the pages with one are rendered by the server only.
#[component]
pub fn SmallMapView(map: SmallMap, label: &'static str) -> impl IntoView {
    view! {
        <svg
            class="small-map"
            viewBox=map.view.to_attr()
            preserveAspectRatio="xMidYMid meet"
            role="img"
            aria-label=label
        >
            // The hatching, only where a neighbour is reserved: the finder draws many small
            // maps on one page, all of available plots, and an id must be unique.
            {map
                .neighbours
                .iter()
                .any(|n| n.status == PlotStatus::Reserved)
                .then(|| view! { <defs><HatchPattern id="hatch-reserved-small" /></defs> })}
            <path class="land" d=map.land_svg_path />
            {map
                .neighbours
                .into_iter()
                .map(|n| view! { <path class=format!("neighbour status-{}", n.status.key()) d=n.svg_path /> })
                .collect_view()}
            <path class="this-plot" d=map.plot_svg_path />
            <SmallMapLines lines=map.lines view=map.view />
            <PictureScaleBar view=map.view ground_per_unit=ground_metres_per_mercator_unit(map.view.center().1) />
        </svg>
    }
    .into_any()
}

/// The roads and streets on a small map, each named once along it where it is in view.
#[component]
fn SmallMapLines(lines: Vec<StreetView>, view: ViewBox) -> impl IntoView {
    let unit = picture_unit(view);
    let paths = lines
        .iter()
        .map(|l| {
            let class = if l.main_road {
                "small-line main-road"
            } else {
                "small-line"
            };
            view! { <path class=class d=l.svg_path.clone() /> }
        })
        .collect_view();
    let names = lines
        .iter()
        .filter_map(|l| {
            // The one of its places nearest the picture's middle (its edges depend on the
            // screen's shape).
            let (cx, cy) = view.center();
            let (x, y, angle) = l.label_places().into_iter().min_by(|a, b| {
                let d = |(x, y, _): &(f64, f64, f64)| (x - cx).powi(2) + (y - cy).powi(2);
                d(a).total_cmp(&d(b))
            })?;
            Some(view! {
                <g class="map-label label-street" transform=format!("{} rotate({angle:.1})", screen_units_at(x, y, unit))>
                    <text text-anchor="middle" y="4" font-size="11">{l.name.clone()}</text>
                </g>
            })
        })
        .collect_view();
    view! {
        <g aria-hidden="true">{paths}</g>
        <g aria-hidden="true">{names}</g>
    }
    .into_any()
}
