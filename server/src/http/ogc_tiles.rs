//! OGC API – Tiles for the collections drawn on the map (plots, business areas, detaljplaner,
//! future areas): Mapbox Vector Tiles in WebMercatorQuad made by PostGIS (`ST_AsMVT`), the
//! tileset's metadata and a TileJSON document for each, a 204 for a tile with nothing in it,
//! strong ETags (304 on a match) and a cache in memory that edits empty exactly where they
//! reach (`tile_cache`).

use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{Path, RawPathParams, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use markkartan_app::domain::Problem;
use serde_json::{Value, json};

use super::{AppState, Error};
use crate::db::ogc::{self, Source};
use crate::tile_cache::{Tile, TileEncoding};

/// The zoom levels served: deeper than 20 the outlines have nothing more to show.
pub const MAX_ZOOM: u32 = 20;
const TILE_MATRIX_SET: &str = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
const MVT: &str = "application/vnd.mapbox-vector-tile";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ogc/tileMatrixSets", get(tile_matrix_sets))
        .route("/ogc/collections/{id}/tiles", get(tilesets))
        .route("/ogc/collections/{id}/tiles/WebMercatorQuad", get(tileset))
        .route(
            "/ogc/collections/{id}/tiles/WebMercatorQuad/tilejson.json",
            get(tilejson),
        )
}

/// The tiles themselves, apart from the documents above: they pass the edge like every answer
/// but not the compression layer, since a tile is compressed once, when it is kept (`tile`).
pub fn tile_routes() -> Router<AppState> {
    // `{tileMatrix}/{tileRow}/{tileCol}` as one parameter, read by `address`: each parameter
    // the router finds costs it two allocations.
    Router::new().route(
        "/ogc/collections/{id}/tiles/WebMercatorQuad/{*tile}",
        get(tile),
    )
}

fn tiled(id: &str) -> Result<&'static Source, Error> {
    ogc::source(id)
        .filter(|s| s.tiles)
        .ok_or_else(|| Problem::not_found().into())
}

async fn tile_matrix_sets() -> Json<Value> {
    Json(json!({
        "tileMatrixSets": [{
            "id": "WebMercatorQuad",
            "title": "Google Maps Compatible for the World",
            "uri": TILE_MATRIX_SET,
            "links": [{ "rel": "self", "href": TILE_MATRIX_SET, "type": "application/json" }],
        }],
    }))
}

fn base_path(state: &AppState, headers: &HeaderMap, source: &Source) -> String {
    format!(
        "{}/ogc/collections/{}/tiles",
        state.site.origin(headers),
        source.id
    )
}

/// The one tileset a collection has, as the list and its own document describe it.
fn describe(path: &str, source: &Source) -> Value {
    json!({
        "title": source.title,
        "dataType": "vector",
        "crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
        "tileMatrixSetURI": TILE_MATRIX_SET,
        "links": [
            { "rel": "self", "href": format!("{path}/WebMercatorQuad"), "type": "application/json", "title": source.title },
            { "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "href": TILE_MATRIX_SET, "type": "application/json" },
            { "rel": "item", "href": format!("{path}/WebMercatorQuad/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"), "type": MVT, "templated": true },
            { "rel": "describedby", "href": format!("{path}/WebMercatorQuad/tilejson.json"), "type": "application/vnd.mapbox.tile+json", "title": "TileJSON" },
        ],
    })
}

async fn tilesets(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Error> {
    let source = tiled(&id)?;
    let path = base_path(&state, &headers, source);
    Ok(Json(json!({
        "links": [{ "rel": "self", "href": path, "type": "application/json" }],
        "tilesets": [describe(&path, source)],
    })))
}

async fn tileset(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Error> {
    let source = tiled(&id)?;
    let mut document = describe(&base_path(&state, &headers, source), source);
    document["layers"] = json!([{
        "id": source.id,
        "dataType": "vector",
        "geometryDimension": 2,
        "minTileMatrix": "0",
        "maxTileMatrix": MAX_ZOOM.to_string(),
    }]);
    Ok(Json(document))
}

async fn tilejson(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let source = tiled(&id)?;
    let path = base_path(&state, &headers, source);
    let extent = ogc::extent(&state.pool, source, &state.site.origin(&headers)).await?;
    let fields: serde_json::Map<String, Value> = source
        .queryables
        .iter()
        .map(|(name, kind)| {
            let kind = kind.schema()["type"]
                .as_str()
                .unwrap_or("string")
                .to_string();
            (name.to_string(), json!(kind))
        })
        .collect();
    let body = json!({
        "tilejson": "3.0.0",
        "name": source.title,
        "description": source.description,
        "tiles": [format!("{path}/WebMercatorQuad/{{z}}/{{y}}/{{x}}")],
        "minzoom": 0,
        "maxzoom": MAX_ZOOM,
        "bounds": extent.bbox.unwrap_or([18.0, 59.4, 19.4, 60.3]),
        "attribution": "Norrtälje kommun",
        "vector_layers": [{ "id": source.id, "fields": fields, "minzoom": 0, "maxzoom": MAX_ZOOM }],
    });
    Ok((
        [(header::CONTENT_TYPE, "application/vnd.mapbox.tile+json")],
        body.to_string(),
    )
        .into_response())
}

/// A tile's zoom, column and row from `{tileMatrix}/{tileRow}/{tileCol}`, or `None` when they
/// are not a tile of WebMercatorQuad.
fn address(tile: &str) -> Option<(u32, u32, u32)> {
    let mut parts = tile.split('/');
    let (z, y, x) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let z: u32 = z.parse().ok().filter(|z| *z <= MAX_ZOOM)?;
    let across = 1u32 << z;
    let x: u32 = x.parse().ok().filter(|x| *x < across)?;
    let y: u32 = y.parse().ok().filter(|y| *y < across)?;
    Some((z, x, y))
}

/// Whether a tile was kept (`hit`) or made (`miss`), on vector, land and overlay tiles: the
/// benchmark and the tests count them.
const X_TILE_CACHE: HeaderName = HeaderName::from_static("x-tile-cache");

// The most frequent answer there is, so it allocates little: the address's parts and the
// request's headers are read where they are (`Path` and the `HeaderMap` extractor would copy
// them), the origin is the site's own shared text, the ETags are kept as header values.
async fn tile(
    State(state): State<AppState>,
    params: RawPathParams,
    request: Request,
) -> Result<Response, Error> {
    let headers = request.headers();
    let mut params = params.iter().map(|(_, value)| value);
    let (id, tile) = (
        params.next().unwrap_or_default(),
        params.next().unwrap_or_default(),
    );
    let source = tiled(id)?;
    let (z, x, y) = address(tile).ok_or_else(|| {
        Problem::field(
            markkartan_app::domain::ProblemKind::NotFound,
            "tile",
            format!("Det finns ingen sådan ruta: nivå 0–{MAX_ZOOM}, rad och kolumn under 2^nivå."),
        )
        .in_english(format!(
            "There is no such tile: level 0–{MAX_ZOOM}, row and column below 2^level."
        ))
    })?;
    let origin = state.site.shared_origin(headers);
    let key = (source.id, z, x, y, origin.clone());
    let (tile, cached) = state
        .tiles
        .kept_or_made(&state.pool, key, || async {
            ogc::tile(&state.pool, source, &origin, (z, x, y))
                .await
                .map(Bytes::from)
        })
        .await?;
    Ok(answer(&tile, cached, headers, MVT, "public, max-age=60").await)
}

/// A kept (or just made) tile as the answer to a request with these headers: compressed as the
/// client takes it, 304 when it has this representation already (its ETag), 204 when nothing
/// lies in the tile, with `x-tile-cache` saying whether it was kept. Vector tiles and the
/// map's SVG land and overlays (`tiles`) are answered alike.
pub(super) async fn answer(
    tile: &Tile,
    cached: bool,
    headers: &HeaderMap,
    content_type: &'static str,
    cache_control: &'static str,
) -> Response {
    // Compressed here, not by the compression layer (which vector tiles do not pass, and which
    // leaves an answer with a `Content-Encoding` alone), so that a kept tile is compressed once
    // (sent as it is if compressing failed).
    let asked = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .and_then(TileEncoding::accepted)
        .filter(|_| !tile.body.is_empty());
    let (encoding, body) = match asked {
        Some(encoding) => match tile.encoded(encoding).await {
            Some(body) => (Some(encoding), body),
            None => (None, tile.body.clone()),
        },
        None => (None, tile.body.clone()),
    };
    let etag = tile.etag_in(encoding);
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().as_bytes() == etag.as_bytes()));
    let (status, body) = if unchanged {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else if body.is_empty() {
        // Nothing lies in this tile: an empty answer, cheaper than an empty tile.
        (StatusCode::NO_CONTENT, Body::empty())
    } else {
        (StatusCode::OK, Body::from(body))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    // Room for the tile's headers and the edge's at once, instead of growing as they come.
    *headers = HeaderMap::with_capacity(12);
    if status == StatusCode::OK {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Some(encoding) = encoding {
            headers.insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_static(encoding.name()),
            );
        }
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::ETAG, etag.clone());
    // After its time in caches on the way, the ETag answers a revalidation cheaply.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.insert(
        X_TILE_CACHE,
        HeaderValue::from_static(if cached { "hit" } else { "miss" }),
    );
    response
}
