//! OGC API – Features, Part 1 Core, under `/ogc`: the landing page, the conformance
//! declaration, the collections (curated in `db::ogc`) and their items as GeoJSON in CRS84,
//! with a bounding box, a limit and `next`/`prev` links. A GIS client (QGIS, GDAL's OAPIF
//! driver) opens the server at `/ogc`.

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
    routing::get,
};
use markkartan_app::domain::{Problem, ProblemKind};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, Error};
use crate::db::ogc::{self, Page, Source};

/// Items a page has unless the request says otherwise, and the most it may ask for.
pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 1000;

const CONFORMANCE: &[&str] = &[
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ogc", get(landing))
        .route("/ogc/conformance", get(conformance))
        .route("/ogc/collections", get(collections))
        .route("/ogc/collections/{id}", get(collection))
        .route("/ogc/collections/{id}/items", get(items))
        .route("/ogc/collections/{id}/items/{item}", get(item))
}

fn link(href: String, rel: &str, kind: &str, title: &str) -> Value {
    json!({ "href": href, "rel": rel, "type": kind, "title": title })
}

async fn landing(State(state): State<AppState>, headers: HeaderMap) -> Json<Value> {
    let base = state.site.origin(&headers);
    Json(json!({
        "title": "Markkartan – verksamhetsmark i Norrtälje kommun",
        "description": "Norrtälje kommun's land for business establishment: plots, business areas, detaljplaner, the översiktsplan's future areas and land use, as OGC API – Features.",
        "links": [
            link(format!("{base}/ogc"), "self", "application/json", "This document"),
            link(format!("{base}/ogc/conformance"), "conformance", "application/json", "The standards this server conforms to"),
            link(format!("{base}/ogc/collections"), "data", "application/json", "The collections"),
            link(format!("{base}/"), "service-doc", "text/html", "The map"),
        ],
    }))
}

async fn conformance() -> Json<Value> {
    Json(json!({ "conformsTo": CONFORMANCE }))
}

async fn collections(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, Error> {
    let base = state.site.origin(&headers);
    let mut list = Vec::with_capacity(ogc::SOURCES.len());
    for source in ogc::SOURCES {
        list.push(describe(&state, &base, source).await?);
    }
    Ok(Json(json!({
        "links": [link(format!("{base}/ogc/collections"), "self", "application/json", "The collections")],
        "collections": list,
    })))
}

async fn collection(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Error> {
    let base = state.site.origin(&headers);
    Ok(Json(describe(&state, &base, source(&id)?).await?))
}

fn source(id: &str) -> Result<&'static Source, Error> {
    ogc::source(id).ok_or_else(|| Problem::not_found().into())
}

/// A collection as `/ogc/collections` lists it: its extent, item type and links.
async fn describe(state: &AppState, base: &str, source: &Source) -> Result<Value, Error> {
    let extent = ogc::extent(&state.pool, source, base).await?;
    let path = format!("{base}/ogc/collections/{}", source.id);
    Ok(json!({
        "id": source.id,
        "title": source.title,
        "description": source.description,
        "itemType": "feature",
        "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
        "extent": {
            "spatial": {
                "bbox": extent.bbox.map(|b| vec![b]).unwrap_or_default(),
                "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
            },
            "temporal": {
                "interval": [[Value::Null, extent.updated]],
                "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
            },
        },
        "links": [
            link(path.clone(), "self", "application/json", source.title),
            link(format!("{path}/items"), "items", "application/geo+json", source.title),
        ],
    }))
}

/// The query of `/items`: each refused with a 400 naming it when it is not what the document
/// says.
#[derive(Deserialize)]
struct ItemsQuery {
    bbox: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

impl ItemsQuery {
    fn page(&self) -> Result<Page, Problem> {
        let bbox = match self
            .bbox
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            None => None,
            Some(text) => Some(bbox(text)?),
        };
        let whole = |name: &str,
                     value: Option<&str>,
                     default: i64,
                     range: std::ops::RangeInclusive<i64>| {
            match value.map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(default),
                Some(v) => v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .ok_or_else(|| {
                        Problem::field(
                            ProblemKind::BadRequest,
                            name,
                            format!(
                                "{name} ska vara ett heltal från {} till {}.",
                                range.start(),
                                range.end()
                            ),
                        )
                        .in_english(format!(
                            "{name} must be a whole number from {} to {}.",
                            range.start(),
                            range.end()
                        ))
                    }),
            }
        };
        Ok(Page {
            bbox,
            limit: whole("limit", self.limit.as_deref(), DEFAULT_LIMIT, 1..=MAX_LIMIT)?,
            offset: whole("offset", self.offset.as_deref(), 0, 0..=i64::from(i32::MAX))?,
        })
    }
}

/// `west,south,east,north` in CRS84 degrees.
fn bbox(text: &str) -> Result<[f64; 4], Problem> {
    let refused = || {
        Problem::field(
            ProblemKind::BadRequest,
            "bbox",
            "bbox ska vara fyra tal: väst,syd,öst,nord i grader (CRS84), väst och syd mindre än öst och nord.",
        )
        .in_english("bbox must be four numbers: west,south,east,north in degrees (CRS84), west and south less than east and north.")
    };
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect::<Option<_>>()
        .ok_or_else(refused)?;
    let [west, south, east, north] = numbers[..] else {
        return Err(refused());
    };
    let lon = -180.0..=180.0;
    let lat = -90.0..=90.0;
    if !(lon.contains(&west) && lon.contains(&east) && lat.contains(&south) && lat.contains(&north))
        || west > east
        || south > north
    {
        return Err(refused());
    }
    Ok([west, south, east, north])
}

async fn items(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ItemsQuery>,
) -> Result<Response, Error> {
    let source = source(&id)?;
    let page = query.page()?;
    let base = state.site.origin(&headers);
    let (features, returned, matched) = ogc::items(&state.pool, source, &base, &page).await?;
    let path = format!("{base}/ogc/collections/{}/items", source.id);
    let at = |offset: i64| {
        let mut params = vec![("limit", page.limit.to_string())];
        if let Some(b) = page.bbox {
            params.push(("bbox", b.map(|n| n.to_string()).join(",")));
        }
        if offset > 0 {
            params.push(("offset", offset.to_string()));
        }
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(params).unwrap_or_default()
        )
    };
    let mut links = vec![
        link(at(page.offset), "self", "application/geo+json", "This page"),
        link(
            format!("{base}/ogc/collections/{}", source.id),
            "collection",
            "application/json",
            source.title,
        ),
    ];
    if page.offset + page.limit < matched {
        links.push(link(
            at(page.offset + page.limit),
            "next",
            "application/geo+json",
            "The next page",
        ));
    }
    if page.offset > 0 {
        links.push(link(
            at((page.offset - page.limit).max(0)),
            "prev",
            "application/geo+json",
            "The previous page",
        ));
    }
    let envelope = json!({
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": returned,
        "timeStamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "links": links,
    })
    .to_string();
    // The features as PostGIS wrote them, spliced into the envelope (not read and written
    // again): `envelope` is an object, so it ends with its closing brace.
    let body = format!(
        "{},\"features\":{features}}}",
        &envelope[..envelope.len() - 1]
    );
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}

async fn item(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, item)): Path<(String, String)>,
) -> Result<Response, Error> {
    let source = source(&id)?;
    let item: i64 = item.parse().map_err(|_| Problem::not_found())?;
    let base = state.site.origin(&headers);
    let feature = ogc::item(&state.pool, source, &base, item)
        .await?
        .ok_or_else(Problem::not_found)?;
    let path = format!("{base}/ogc/collections/{}", source.id);
    let links = json!([
        link(
            format!("{path}/items/{item}"),
            "self",
            "application/geo+json",
            "This feature"
        ),
        link(path, "collection", "application/json", source.title),
    ]);
    let body = format!("{},\"links\":{links}}}", &feature[..feature.len() - 1]);
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}
