//! Under everything on the public map: the configured raster base map, or else Markkartan's own
//! land tiles (`/tiles/land/{z}/{x}/{y}.svg`); the sea is the frame's background. The tiles for
//! the whole frame (any shape of screen) and a margin around it are chosen afresh whenever the
//! view changes, so a pan shows land from its first pixel, before it is committed.

use leptos::prelude::*;

use crate::domain::{BaseMap, LAND_TILES, MAX_TILE_ZOOM, MapLayer, ViewBox, tiles_for_view};

/// Tiles beyond the frame, as a share of it on every side: what a pan uncovers before it is
/// committed and the tiles are chosen again.
const PAN_MARGIN: f64 = 0.25;
use crate::public::map_camera::MapCamera;

/// The tiles that cover the frame and its margin, as SVG `<image>`s in the map's coordinates.
#[component]
pub(super) fn TileLayer(
    camera: MapCamera,
    basemap: Option<BaseMap>,
    /// The land data's box: the sea is drawn inside it only (the frame's neutral colour says
    /// "no data" beyond it).
    land_extent: Option<ViewBox>,
) -> impl IntoView {
    let land_tiles = basemap.is_none();
    let sea = land_extent.filter(|_| land_tiles).map(|e| {
        view! { <rect class="sea" x=e.x y=e.y width=e.width height=e.height aria-hidden="true" /> }
    });
    let (template, max_zoom) = basemap.map_or((LAND_TILES.to_string(), MAX_TILE_ZOOM), |b| {
        (b.url_template, b.max_zoom)
    });
    let tiles = move || tile_images(camera, &template, max_zoom, land_tiles);
    view! {
        {sea}
        <g class=if land_tiles { "layer-land" } else { "layer-basemap" } aria-hidden="true">{tiles}</g>
    }
}

/// A layer drawn from tiles over the land (land use, riksintressen), fetched only while it is
/// switched on.
#[component]
pub(super) fn OverlayTiles(
    camera: MapCamera,
    layers: Memo<Vec<MapLayer>>,
    layer: MapLayer,
) -> impl IntoView {
    let template = layer.tiles().unwrap_or_default();
    let tiles = move || {
        layers
            .get()
            .contains(&layer)
            .then(|| tile_images(camera, template, MAX_TILE_ZOOM, true))
    };
    view! { <g class=format!("layer-{}", layer.key()) aria-hidden="true">{tiles}</g> }
}

/// The tiles that cover the frame and its margin, as `<image>`s; tiles with a bleed (the
/// server's own) overlap their neighbours, so no hairline shows between them.
fn tile_images(
    camera: MapCamera,
    template: &str,
    max_zoom: u32,
    bleed: bool,
) -> impl IntoView + use<> {
    let per_px = camera.per_px();
    let shown = camera
        .view_box
        .get()
        .visible_in(camera.screen_px.get())
        .padded(PAN_MARGIN);
    tiles_for_view(shown, shown.width / per_px, template, max_zoom)
        .into_iter()
        .map(|t| if bleed { t.with_land_bleed() } else { t })
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
}
