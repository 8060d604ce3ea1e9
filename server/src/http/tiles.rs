//! `/tiles/land/{z}/{x}/{y}.svg`: the land under every interactive map, as XYZ tiles of SVG in
//! Web Mercator (the sea is the map's own background). The land is OpenStreetMap's
//! (© OpenStreetMap contributors, ODbL), the municipality's part of it drawn lighter. A land
//! tile drawn is kept a day (`tile_cache::LandTiles`), answered as the vector tiles are
//! (compressed once, with an ETag). Over it, the overlays: land use and
//! riksintressen, kept until a change to them is announced (`tile_cache::TileCache`).

use std::sync::{Arc, LazyLock};

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use markkartan_app::domain::{
    LAND_COLOUR, LAND_TILE_BLEED, LAND_TILE_UNITS, LandUseCategory, Problem,
};

use super::ogc_tiles::answer;
use super::{AppState, Error};
use crate::catalog;
use crate::db::place::OverlayLayer;
use crate::tile_cache::Tile;

/// Deeper than this the 10 m land data has nothing more to show; the map's closest zoom (50 m
/// across) needs zoom 19.
pub const MAX_ZOOM: u32 = 20;

/// Land outside the municipality, greyer than the municipality's own (`LAND_COLOUR`); the sea
/// is the map's background (`--sea` in the style sheet).
const LAND_FILL: &str = "#e6e3da";

pub async fn land(
    State(state): State<AppState>,
    Path((z, x, y)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let (z, x, y) = tile_address(&z, &x, &y).ok_or_else(Problem::not_found)?;
    let (land, kept) = match state.land_tiles.get((z, x, y)) {
        Some(land) => (land, true),
        None => {
            let land = Tile::of(Bytes::from(draw_land(&state, z, x, y).await?));
            state.land_tiles.keep((z, x, y), land.clone());
            (land, false)
        }
    };
    // The land changes when the data is reloaded, rarely: a day, then revalidated.
    Ok(answer(
        &land,
        kept,
        &headers,
        "image/svg+xml",
        "public, max-age=86400",
    )
    .await)
}

/// One land tile as SVG: the land outside the municipality, then the municipality's own.
async fn draw_land(state: &AppState, z: u32, x: u32, y: u32) -> Result<String, Error> {
    let tile = catalog::land_tile(&state.pool, z, x, y).await?;
    // The picture reaches LAND_TILE_BLEED units past the tile on every side: the map draws it
    // that much larger, overlapping its neighbours.
    let (from, across) = (
        -i64::from(LAND_TILE_BLEED),
        LAND_TILE_UNITS + 2 * LAND_TILE_BLEED,
    );
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{from} {from} {across} {across}">"#
    );
    for (fill, d) in [(LAND_FILL, &tile.land), (LAND_COLOUR, &tile.municipality)] {
        if !d.is_empty() {
            svg.push_str(&format!(r#"<path fill="{fill}" d="{d}"/>"#));
        }
    }
    svg.push_str("</svg>");
    Ok(svg)
}

/// `/tiles/land-use/{z}/{x}/{y}.svg`: the översiktsplan's land use, each category in its
/// legend colour (the map draws the layer translucent over the land).
pub async fn land_use(
    State(state): State<AppState>,
    Path((z, x, y)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    overlay(
        state,
        OverlayLayer::LandUse,
        (z.as_str(), x.as_str(), y.as_str()),
        &headers,
    )
    .await
}

/// `/tiles/national-interests/{z}/{x}/{y}.svg`: riksintressen, outlined.
pub async fn national_interests(
    State(state): State<AppState>,
    Path((z, x, y)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    overlay(
        state,
        OverlayLayer::NationalInterests,
        (z.as_str(), x.as_str(), y.as_str()),
        &headers,
    )
    .await
}

/// An overlay's tile, kept like a vector tile until a change to its layer reaches it (planners
/// publish land use; riksintressen are loaded anew), and answered alike: compressed once,
/// with an ETag.
async fn overlay(
    state: AppState,
    layer: OverlayLayer,
    (z, x, y): (&str, &str, &str),
    headers: &HeaderMap,
) -> Result<Response, Error> {
    /// The cache's keys carry the site's address that a vector tile's links are made for; an
    /// overlay has no links, so one key serves every address.
    static NO_LINKS: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from(""));
    let (z, x, y) = tile_address(z, x, y).ok_or_else(Problem::not_found)?;
    let key = (layer.name(), z, x, y, NO_LINKS.clone());
    let (tile, kept) = state
        .tiles
        .kept_or_made(&state.pool, key, || async {
            draw_overlay(&state, layer, (z, x, y))
                .await
                .map(Bytes::from)
        })
        .await?;
    // Planners publish land use now and then: an hour in caches, then revalidated.
    Ok(answer(
        &tile,
        kept,
        headers,
        "image/svg+xml",
        "public, max-age=3600",
    )
    .await)
}

/// One overlay tile as SVG: each kind's areas in its colour, or (riksintressen) its outlines.
async fn draw_overlay(
    state: &AppState,
    layer: OverlayLayer,
    (z, x, y): (u32, u32, u32),
) -> Result<String, Error> {
    let shapes = catalog::overlay_tile(&state.pool, layer, z, x, y).await?;
    let (from, across) = (
        -i64::from(LAND_TILE_BLEED),
        LAND_TILE_UNITS + 2 * LAND_TILE_BLEED,
    );
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{from} {from} {across} {across}">"#
    );
    for shapes in &shapes {
        // The kinds are the database's enum values; a colour comes only from the domain's.
        match layer {
            OverlayLayer::LandUse => {
                if let Some(category) = LandUseCategory::from_key(&shapes.kind) {
                    svg.push_str(&format!(
                        r#"<path fill="{}" d="{}"/>"#,
                        category.colour(),
                        shapes.area
                    ));
                }
            }
            // Outlined only: a translucent fill would be doubled where neighbouring tiles
            // overlap, and would hide the land use under it.
            OverlayLayer::NationalInterests => {
                if !shapes.outline.is_empty() {
                    svg.push_str(&format!(
                        r##"<path fill="none" stroke="#7a3e9d" stroke-width="{}" stroke-dasharray="{} {}" d="{}"/>"##,
                        LAND_TILE_UNITS / 256,
                        LAND_TILE_UNITS / 64,
                        LAND_TILE_UNITS / 128,
                        shapes.outline
                    ));
                }
            }
        }
    }
    svg.push_str("</svg>");
    Ok(svg)
}

/// `z`, `x` and `y.svg` as a tile that exists: zoom up to [`MAX_ZOOM`], both indexes inside
/// the zoom's grid of 2^z × 2^z tiles.
fn tile_address(z: &str, x: &str, y: &str) -> Option<(u32, u32, u32)> {
    let number = |text: &str| {
        (!text.is_empty() && text.len() <= 7 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    let z = number(z).filter(|z| *z <= MAX_ZOOM)?;
    let across = 1u32 << z;
    let x = number(x).filter(|x| *x < across)?;
    let y = number(y.strip_suffix(".svg")?).filter(|y| *y < across)?;
    Some((z, x, y))
}

#[cfg(test)]
mod tests {
    use super::tile_address;

    #[test]
    fn only_tiles_that_exist_are_addressed() {
        assert_eq!(tile_address("0", "0", "0.svg"), Some((0, 0, 0)));
        assert_eq!(
            tile_address("12", "2260", "1176.svg"),
            Some((12, 2260, 1176))
        );
        for (z, x, y) in [
            ("1", "2", "0.svg"),
            ("1", "0", "2.svg"),
            ("21", "0", "0.svg"),
            ("3", "0", "0.png"),
            ("3", "0", "0"),
            ("-1", "0", "0.svg"),
            ("3", "+1", "0.svg"),
            ("3", "0", "<svg>.svg"),
            ("99999999999", "0", "0.svg"),
            ("", "0", "0.svg"),
        ] {
            assert_eq!(tile_address(z, x, y), None, "{z}/{x}/{y}");
        }
    }
}
