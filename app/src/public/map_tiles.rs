//! Under everything on the public map: the configured raster base map, or else Markkartan's own
//! land tiles (`/tiles/land/{z}/{x}/{y}.svg`); the sea is the frame's background. The tiles for
//! the view are chosen afresh whenever the view changes.

use leptos::prelude::*;

use crate::domain::{BaseMap, LAND_TILES, tiles_for_view};
use crate::public::map_camera::MapCamera;

/// The tiles that cover the view, as SVG `<image>`s in the map's coordinates.
#[component]
pub(super) fn TileLayer(camera: MapCamera, basemap: Option<BaseMap>) -> impl IntoView {
    let land_tiles = basemap.is_none();
    let template = basemap.map_or(LAND_TILES.to_string(), |b| b.url_template);
    let tiles = move || {
        let view = camera.view_box.get();
        tiles_for_view(view, view.width / camera.per_px(), &template)
            .into_iter()
            // Land tiles overlap their neighbours, so no hairline of sea shows between them.
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
    view! {
        <g class=if land_tiles { "layer-land" } else { "layer-basemap" } aria-hidden="true">{tiles}</g>
    }
}
