//! OGC API – Features, Part 1 Core, under `/ogc`: the landing page, the conformance
//! declaration, the collections (curated in `db::ogc`) and their items as GeoJSON in CRS84,
//! with a bounding box, a limit and `next`/`prev` links. A GIS client (QGIS, GDAL's OAPIF
//! driver) opens the server at `/ogc`.

use axum::{
    Router,
    extract::{FromRequestParts, Path, State},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::get,
};
use chrono::{DateTime, Utc};
use markkartan_app::domain::{Lang, NAME_MAX_CHARS, Problem, ProblemKind, check_text};
use markkartan_app::public::open_data::{ApiPage, ApiPageKind};
use serde_json::{Value, json};

use super::{AppState, Error};
use crate::db::ogc::{self, Crs, FIRST_FILTER_PARAMETER, Interval, Page, Source};
use crate::db::ogc_filter::{self, Kind};

/// Items a page has unless the request says otherwise, and the most it may ask for.
pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 1000;

const CONFORMANCE: &[&str] = &[
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
];

const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
/// Where the data is kept: SWEREF 99 18 00.
const STORAGE_CRS: &str = "http://www.opengis.net/def/crs/EPSG/0/3011";

/// The CRSs every collection is served in, by URI. EPSG defines 4326 latitude first and the
/// SWEREF 99 projections northing first; CRS84 and Web Mercator put the easting first.
static CRSES: &[(&str, Crs)] = &[
    (
        CRS84,
        Crs {
            srid: 4326,
            northing_first: false,
            decimals: 7,
        },
    ),
    (
        "http://www.opengis.net/def/crs/EPSG/0/4326",
        Crs {
            srid: 4326,
            northing_first: true,
            decimals: 7,
        },
    ),
    (
        "http://www.opengis.net/def/crs/EPSG/0/3006",
        Crs {
            srid: 3006,
            northing_first: true,
            decimals: 2,
        },
    ),
    (
        STORAGE_CRS,
        Crs {
            srid: 3011,
            northing_first: true,
            decimals: 2,
        },
    ),
    (
        "http://www.opengis.net/def/crs/EPSG/0/3857",
        Crs {
            srid: 3857,
            northing_first: false,
            decimals: 2,
        },
    ),
];

/// The URIs of the CRSs every collection is served in.
pub(super) fn crs_uris() -> Vec<&'static str> {
    CRSES.iter().map(|(uri, _)| *uri).collect()
}

/// The CRS a parameter names (CRS84 when it is absent), or a 400 naming the parameter.
pub(super) fn crs_of(name: &str, value: Option<&str>) -> Result<(&'static str, Crs), Problem> {
    let value = value.unwrap_or(CRS84);
    CRSES
        .iter()
        .find(|(uri, _)| *uri == value)
        .copied()
        .ok_or_else(|| {
            Problem::field(
                ProblemKind::BadRequest,
                name,
                format!("{name} ska vara ett av referenssystemen som samlingen listar under crs."),
            )
            .in_english(format!(
                "{name} must be one of the reference systems the collection lists under crs."
            ))
        })
}

/// How a document of the API is asked for: as the page a browser shows (`f=html`, or no `f`
/// and an `Accept` that names text/html) or as JSON (`f=json`, and for every program), and in
/// which language (`lang=en`; Swedish without it, as on every page).
pub(super) struct Encoding {
    pub html: bool,
    pub lang: Lang,
}

impl Encoding {
    pub(super) fn read(
        headers: &HeaderMap,
        pairs: &[(String, String)],
    ) -> Result<Encoding, Problem> {
        let asked = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim())
        };
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let html = match asked("f") {
            None | Some("") => accept.contains("text/html"),
            Some("html") => true,
            Some("json" | "geojson") => false,
            Some(_) => {
                return Err(Problem::field(
                    ProblemKind::BadRequest,
                    "f",
                    "f ska vara html eller json.",
                )
                .in_english("f must be html or json."));
            }
        };
        let lang = asked("lang").and_then(Lang::from_code).unwrap_or_default();
        Ok(Encoding { html, lang })
    }
}

/// What a request to the API asks: the encoding and language it wants, its query's pairs, and
/// the site's origin it was sent to (for absolute links); a query that cannot be read, or an
/// `f` the API cannot answer in, is a 400 naming it.
pub(super) struct Asked {
    pub encoding: Encoding,
    pub pairs: Vec<(String, String)>,
    pub base: String,
    /// The address asked for: the page that shows the answer is rendered at it.
    address: String,
}

impl FromRequestParts<AppState> for Asked {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(parts.uri.query().unwrap_or_default()).map_err(|_| {
                Problem::field(
                    ProblemKind::BadRequest,
                    "query",
                    "Frågan i adressen går inte att läsa.",
                )
                .in_english("The address's query cannot be read.")
            })?;
        Ok(Asked {
            encoding: Encoding::read(&parts.headers, &pairs)?,
            base: state.site.origin(&parts.headers),
            address: parts
                .uri
                .path_and_query()
                .map_or("/ogc", |p| p.as_str())
                .to_string(),
            pairs,
        })
    }
}

impl Asked {
    /// The document as JSON (`media`) or, for a browser, as the app's page that shows it, at
    /// the address asked for (its language and links follow the query).
    pub(super) async fn answer(
        &self,
        state: &AppState,
        kind: ApiPageKind,
        media: &str,
        document: String,
    ) -> Result<Response, Error> {
        let mut response = if self.encoding.html {
            let document: Value =
                serde_json::from_str(&document).map_err(|e| Error::Internal(e.to_string()))?;
            let page = ApiPage { kind, document };
            super::render_page(state, &self.address, StatusCode::OK, None, move || {
                leptos::prelude::provide_context(page.clone())
            })
            .await
        } else {
            ([(header::CONTENT_TYPE, media.to_string())], document).into_response()
        };
        response
            .headers_mut()
            .insert(header::VARY, header::HeaderValue::from_static("accept"));
        Ok(response)
    }
}

/// Whether a request to the API asks for a page (its refusals are then pages too).
pub(super) fn asks_page(headers: &HeaderMap, query: Option<&str>) -> bool {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or_default()).unwrap_or_default();
    match Encoding::read(headers, &pairs) {
        Ok(encoding) => encoding.html,
        // An `f` it cannot answer in: as the browser asks.
        Err(_) => Encoding::read(headers, &[]).is_ok_and(|e| e.html),
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ogc", get(landing))
        // Clients (OWSLib) ask for the landing page with a slash at its end.
        .route("/ogc/", get(landing))
        .route("/ogc/conformance", get(conformance))
        .route("/ogc/collections", get(collections))
        .route("/ogc/collections/{id}", get(collection))
        .route("/ogc/collections/{id}/items", get(items))
        .route("/ogc/collections/{id}/queryables", get(queryables))
        .route("/ogc/collections/{id}/items/{item}", get(item))
        .route("/ogc/api", get(super::ogc_openapi::document))
        // Anything else under /ogc is a 404 in the API's own terms (problem+json to a
        // program), not the app's page: GDAL looks for an API document at /ogc/api.
        .route("/ogc/{*rest}", get(not_found))
}

async fn not_found() -> Error {
    Problem::not_found().into()
}

fn link(href: String, rel: &str, kind: &str, title: &str) -> Value {
    json!({ "href": href, "rel": rel, "type": kind, "title": title })
}

async fn landing(State(state): State<AppState>, asked: Asked) -> Result<Response, Error> {
    let base = &asked.base;
    let (title, description) = match asked.encoding.lang {
        Lang::Sv => (
            "Markkartan – verksamhetsmark i Norrtälje kommun",
            "Norrtälje kommuns mark för företagsetableringar: tomter, verksamhetsområden, detaljplaner, översiktsplanens framtida områden och markanvändning, som OGC API – Features.",
        ),
        Lang::En => (
            "Markkartan – land for business in Norrtälje kommun",
            "Norrtälje kommun's land for business establishment: plots, business areas, detaljplaner, the översiktsplan's future areas and land use, as OGC API – Features.",
        ),
    };
    let document = json!({
        "title": title,
        "description": description,
        "links": [
            link(format!("{base}/ogc"), "self", "application/json", "This document"),
            link(format!("{base}/ogc?f=html"), "alternate", "text/html", "This document as a page"),
            link(format!("{base}/ogc/conformance"), "conformance", "application/json", "The standards this server conforms to"),
            link(format!("{base}/ogc/collections"), "data", "application/json", "The collections"),
            link(format!("{base}/ogc/api"), "service-desc", super::ogc_openapi::MEDIA_TYPE, "The API's definition (OpenAPI 3.1)"),
            link(format!("{base}/ogc/api?f=html"), "service-doc", "text/html", "The API's definition as a page"),
        ],
    });
    asked
        .answer(
            &state,
            ApiPageKind::Landing,
            "application/json",
            document.to_string(),
        )
        .await
}

async fn conformance(State(state): State<AppState>, asked: Asked) -> Result<Response, Error> {
    let document = json!({ "conformsTo": CONFORMANCE });
    asked
        .answer(
            &state,
            ApiPageKind::Conformance,
            "application/json",
            document.to_string(),
        )
        .await
}

async fn collections(State(state): State<AppState>, asked: Asked) -> Result<Response, Error> {
    let base = &asked.base;
    let mut list = Vec::with_capacity(ogc::SOURCES.len());
    for source in ogc::SOURCES {
        list.push(describe(&state, base, source, asked.encoding.lang).await?);
    }
    let document = json!({
        "links": [link(format!("{base}/ogc/collections"), "self", "application/json", "The collections")],
        "collections": list,
    });
    asked
        .answer(
            &state,
            ApiPageKind::Collections,
            "application/json",
            document.to_string(),
        )
        .await
}

async fn collection(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
) -> Result<Response, Error> {
    let base = &asked.base;
    let document = describe(&state, base, source(&id)?, asked.encoding.lang).await?;
    asked
        .answer(
            &state,
            ApiPageKind::Collection,
            "application/json",
            document.to_string(),
        )
        .await
}

fn source(id: &str) -> Result<&'static Source, Error> {
    ogc::source(id).ok_or_else(|| Problem::not_found().into())
}

/// A collection as `/ogc/collections` lists it: its extent, item type and links.
async fn describe(
    state: &AppState,
    base: &str,
    source: &Source,
    lang: Lang,
) -> Result<Value, Error> {
    let extent = ogc::extent(&state.pool, source, base).await?;
    let path = format!("{base}/ogc/collections/{}", source.id);
    let mut links = vec![
        link(
            path.clone(),
            "self",
            "application/json",
            source.title_in(lang),
        ),
        link(
            format!("{path}/items"),
            "items",
            "application/geo+json",
            source.title_in(lang),
        ),
        link(
            format!("{path}/queryables"),
            "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            "application/schema+json",
            "What the items may be filtered on",
        ),
    ];
    if source.tiles {
        links.push(link(
            format!("{path}/tiles"),
            "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
            "application/json",
            "Vector tiles",
        ));
    }
    Ok(json!({
        "id": source.id,
        "title": source.title_in(lang),
        "description": source.description_in(lang),
        "itemType": "feature",
        "crs": crs_uris(),
        "storageCrs": STORAGE_CRS,
        "extent": {
            "spatial": {
                "bbox": extent.bbox.map(|b| vec![b]).unwrap_or_default(),
                "crs": CRS84,
            },
            "temporal": {
                "interval": [[Value::Null, extent.updated]],
                "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
            },
        },
        "links": links,
    }))
}

/// `/ogc/collections/{id}/queryables`: the properties its items may be filtered on (with CQL2,
/// and the texts by equality too) and the geometry, as a JSON Schema.
async fn queryables(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
) -> Result<Response, Error> {
    let source = source(&id)?;
    let base = &asked.base;
    let mut properties: serde_json::Map<String, Value> = source
        .queryables
        .iter()
        .map(|(name, kind)| {
            let mut schema = kind.schema();
            schema["title"] = json!(name);
            (name.to_string(), schema)
        })
        .collect();
    properties.insert(
        "geometry".into(),
        json!({ "format": "geometry-any", "title": "geometry", "x-ogc-role": "primary-geometry" }),
    );
    let body = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{base}/ogc/collections/{}/queryables", source.id),
        "type": "object",
        "title": source.title_in(asked.encoding.lang),
        "properties": properties,
        "additionalProperties": false,
    });
    asked
        .answer(
            &state,
            ApiPageKind::Queryables,
            "application/schema+json",
            body.to_string(),
        )
        .await
}

/// The query of `/items`, read from its pairs: each parameter refused with a 400 naming it
/// when it is not what the document says, and one the collection does not know too.
#[derive(Default)]
struct ItemsQuery {
    bbox: Option<String>,
    bbox_crs: Option<String>,
    crs: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    datetime: Option<String>,
    filter: Option<String>,
    filter_lang: Option<String>,
    filter_crs: Option<String>,
    /// Equality filters on the collection's text properties, as given.
    filters: Vec<(String, String)>,
}

impl ItemsQuery {
    fn read(source: &Source, pairs: Vec<(String, String)>) -> Result<ItemsQuery, Problem> {
        let mut query = ItemsQuery::default();
        for (name, value) in pairs {
            let value = value.trim().to_string();
            let slot = match name.as_str() {
                "bbox" => &mut query.bbox,
                "bbox-crs" => &mut query.bbox_crs,
                "crs" => &mut query.crs,
                "limit" => &mut query.limit,
                "offset" => &mut query.offset,
                "datetime" => &mut query.datetime,
                "filter" => &mut query.filter,
                "filter-lang" => &mut query.filter_lang,
                "filter-crs" => &mut query.filter_crs,
                // The encoding and the page's language (`Encoding`).
                "f" | "lang" => continue,
                filter if equality_filters(source).any(|name| name == filter) => {
                    if let Err(problem) = check_text(&value, NAME_MAX_CHARS) {
                        return Err(Problem::field(
                            ProblemKind::BadRequest,
                            filter,
                            problem.message(Lang::Sv),
                        )
                        .in_english(problem.message(Lang::En)));
                    }
                    query.filters.push((name, value));
                    continue;
                }
                _ => {
                    return Err(Problem::field(
                        ProblemKind::BadRequest,
                        &name,
                        format!(
                            "Parametern {name} finns inte här. Samlingen filtreras på: {}, och med filter (CQL2).",
                            equality_filters(source).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .in_english(format!(
                        "There is no parameter {name} here. The collection filters on: {}, and with filter (CQL2).",
                        equality_filters(source).collect::<Vec<_>>().join(", ")
                    )));
                }
            };
            *slot = Some(value).filter(|v| !v.is_empty());
        }
        Ok(query)
    }

    /// The page asked for, and the URI of the CRS its coordinates are in.
    fn page(&self, source: &Source) -> Result<(Page, &'static str), Problem> {
        let (crs_uri, crs) = crs_of("crs", self.crs.as_deref())?;
        let (_, bbox_crs) = crs_of("bbox-crs", self.bbox_crs.as_deref())?;
        let bbox = match self.bbox.as_deref() {
            None => None,
            Some(text) => Some(bbox(text, bbox_crs)?),
        };
        let filters = (!self.filters.is_empty()).then(|| {
            Value::Object(
                self.filters
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            )
        });
        let page = Page {
            bbox,
            bbox_crs,
            limit: whole("limit", self.limit.as_deref(), DEFAULT_LIMIT, 1..=MAX_LIMIT)?,
            offset: whole("offset", self.offset.as_deref(), 0, 0..=i64::from(i32::MAX))?,
            crs,
            filters,
            changed: match self.datetime.as_deref() {
                None => (None, None),
                Some(text) => datetime(text)?,
            },
            filter: self.condition(source)?,
        };
        Ok((page, crs_uri))
    }

    /// The CQL2 filter as SQL, if there is one, or a 400 naming the parameter and saying why.
    fn condition(&self, source: &Source) -> Result<Option<ogc_filter::Condition>, Problem> {
        let lang = match self.filter_lang.as_deref() {
            None | Some("cql2-text") => ogc_filter::Lang::Text,
            Some("cql2-json") => ogc_filter::Lang::Json,
            Some(_) => {
                return Err(Problem::field(
                    ProblemKind::BadRequest,
                    "filter-lang",
                    "filter-lang ska vara cql2-text eller cql2-json.",
                )
                .in_english("filter-lang must be cql2-text or cql2-json."));
            }
        };
        let (_, crs) = crs_of("filter-crs", self.filter_crs.as_deref())?;
        let Some(text) = self.filter.as_deref() else {
            return Ok(None);
        };
        ogc_filter::condition(text, lang, source.queryables, crs, FIRST_FILTER_PARAMETER)
            .map(Some)
            .map_err(|why| {
                Problem::field(
                    ProblemKind::BadRequest,
                    "filter",
                    format!("filter kan inte läsas som CQL2 här ({why})."),
                )
                .in_english(format!("filter cannot be read as CQL2 here: {why}."))
            })
    }

    /// The parameters a link to another page of the same request carries.
    fn carried(&self) -> Vec<(String, String)> {
        let mut params: Vec<(String, String)> = [
            ("bbox", &self.bbox),
            ("bbox-crs", &self.bbox_crs),
            ("crs", &self.crs),
            ("datetime", &self.datetime),
            ("filter", &self.filter),
            ("filter-lang", &self.filter_lang),
            ("filter-crs", &self.filter_crs),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
        .collect();
        params.extend(self.filters.iter().cloned());
        params
    }
}

/// A database error from a filtered request: when PostGIS or PostgreSQL could not use a value
/// of the filter (a ring that does not close, a point no projection reaches, a date out of
/// range: data exceptions and PostGIS's own errors), a 400 naming `filter`.
fn unusable_filter(error: sqlx::Error, filtered: bool) -> Error {
    let refused_value = match &error {
        sqlx::Error::Database(e) => e
            .code()
            .is_some_and(|code| code.starts_with("22") || code == "XX000"),
        _ => false,
    };
    if filtered && refused_value {
        tracing::info!(%error, "a filter PostGIS could not use");
        return Problem::field(
            ProblemKind::BadRequest,
            "filter",
            "filter innehåller en geometri eller ett värde som inte går att använda (en ring som inte sluter sig, en punkt utanför referenssystemet, ett datum utanför kalendern).",
        )
        .in_english("filter holds a geometry or value that cannot be used (a ring that does not close, a point outside the reference system, a date outside the calendar).")
        .into();
    }
    error.into()
}

/// The properties an items request may filter on by equality (`?status=available`): the texts.
fn equality_filters(source: &Source) -> impl Iterator<Item = &'static str> {
    source
        .queryables
        .iter()
        .filter(|(_, kind)| *kind == Kind::Text)
        .map(|(name, _)| *name)
}

/// An instant or an interval of RFC 3339 instants (`a/b`, `../b`, `a/..`): the last change
/// within it.
fn datetime(text: &str) -> Result<Interval, Problem> {
    let refused = || {
        Problem::field(
            ProblemKind::BadRequest,
            "datetime",
            "datetime ska vara en tidpunkt (2026-05-01T00:00:00Z) eller ett intervall (start/slut, .. för öppet).",
        )
        .in_english("datetime must be an instant (2026-05-01T00:00:00Z) or an interval (start/end, .. for open).")
    };
    let instant = |t: &str| -> Result<Option<DateTime<Utc>>, Problem> {
        match t.trim() {
            ".." | "" => Ok(None),
            t => DateTime::parse_from_rfc3339(t)
                .map(|d| Some(d.with_timezone(&Utc)))
                .map_err(|_| refused()),
        }
    };
    let (from, to) = match text.split_once('/') {
        Some((from, to)) => (instant(from)?, instant(to)?),
        None => {
            let at = instant(text)?.ok_or_else(refused)?;
            (Some(at), Some(at))
        }
    };
    if from.zip(to).is_some_and(|(from, to)| from > to) {
        return Err(refused());
    }
    Ok((from, to))
}

/// A whole number within `range` (`default` when absent), or a 400 naming the parameter.
fn whole(
    name: &str,
    value: Option<&str>,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, Problem> {
    let Some(value) = value else {
        return Ok(default);
    };
    value
        .parse::<i64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            let (from, to) = (range.start(), range.end());
            Problem::field(
                ProblemKind::BadRequest,
                name,
                format!("{name} ska vara ett heltal från {from} till {to}."),
            )
            .in_english(format!(
                "{name} must be a whole number from {from} to {to}."
            ))
        })
}

/// Four numbers, the lower corner and then the upper, in the axis order of `crs` (CRS84:
/// west,south,east,north; EPSG:4326: south,west,north,east; SWEREF 99: northing first).
fn bbox(text: &str, crs: Crs) -> Result<[f64; 4], Problem> {
    let refused = || {
        Problem::field(
            ProblemKind::BadRequest,
            "bbox",
            "bbox ska vara fyra tal: det nedre hörnet och sedan det övre, i axelordningen för bbox-crs (CRS84: väst,syd,öst,nord i grader).",
        )
        .in_english("bbox must be four numbers: the lower corner and then the upper, in the axis order of bbox-crs (CRS84: west,south,east,north in degrees).")
    };
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect::<Option<_>>()
        .ok_or_else(refused)?;
    let [a1, b1, a2, b2] = numbers[..] else {
        return Err(refused());
    };
    if a1 > a2 || b1 > b2 {
        return Err(refused());
    }
    // Degrees: latitudes within ±90 and longitudes within ±180, in the CRS's order.
    if crs.srid == 4326 {
        let ((lat1, lat2), (lon1, lon2)) = if crs.northing_first {
            ((a1, a2), (b1, b2))
        } else {
            ((b1, b2), (a1, a2))
        };
        if lat1 < -90.0 || lat2 > 90.0 || lon1 < -180.0 || lon2 > 180.0 {
            return Err(refused());
        }
    }
    Ok([a1, b1, a2, b2])
}

async fn items(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
) -> Result<Response, Error> {
    let source = source(&id)?;
    let query = ItemsQuery::read(source, asked.pairs.clone())?;
    let (page, crs_uri) = query.page(source)?;
    let base = &asked.base;
    let path = format!("{base}/ogc/collections/{}/items", source.id);
    let at = |offset: i64| {
        let mut params = vec![("limit".to_string(), page.limit.to_string())];
        params.extend(query.carried());
        if offset > 0 {
            params.push(("offset".to_string(), offset.to_string()));
        }
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(params).unwrap_or_default()
        )
    };
    // The page's own address names everything its features depend on (the site's address in
    // their links among them): a layer whose changes are announced keeps its pages by it.
    let address = at(page.offset);
    let kept = source
        .tiles
        .then(|| state.item_pages.get(&state.tiles, &address))
        .flatten();
    let cache = if kept.is_some() { "hit" } else { "miss" };
    let mut features_cache = None;
    let read = match kept {
        Some(read) => read,
        None => {
            state.tiles.watch(&state.pool);
            let generation = state.tiles.generation();
            let (read, features) = read_page(&state, source, base, &page, generation)
                .await
                .map_err(|error| unusable_filter(error, page.filter.is_some()))?;
            features_cache = Some(features);
            let read = std::sync::Arc::new(read);
            if source.tiles {
                state
                    .item_pages
                    .keep(&state.tiles, &address, read.clone(), generation);
            }
            read
        }
    };
    let (features, returned, matched) = (&read.0, read.1, read.2);
    let mut links = vec![
        link(address, "self", "application/geo+json", "This page"),
        link(
            format!("{base}/ogc/collections/{}", source.id),
            "collection",
            "application/json",
            source.title_in(asked.encoding.lang),
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
    let mut response = asked
        .answer(&state, ApiPageKind::Items, "application/geo+json", body)
        .await?;
    say_crs(&mut response, crs_uri);
    let headers = response.headers_mut();
    headers.insert("x-items-cache", header::HeaderValue::from_static(cache));
    if let Some(features) = features_cache {
        headers.insert(
            "x-features-cache",
            header::HeaderValue::from_static(features),
        );
    }
    Ok(response)
}

/// A page of items read anew (`generation` read before it): which features it holds, from the
/// database, and their text from what this server kept of a tiled layer's features, reading
/// only the others. Says whether its features were all kept (`hit`), all read (`miss`) or some
/// of each (`part`). A feature that left the layer between the two reads is left out.
async fn read_page(
    state: &AppState,
    source: &'static Source,
    base: &str,
    page: &Page,
    generation: u64,
) -> Result<(crate::tile_cache::ItemPage, &'static str), sqlx::Error> {
    use std::sync::Arc;
    let (ids, matched) = ogc::page_ids(&state.pool, source, base, page).await?;
    let origin: Arc<str> = Arc::from(base);
    let form = (source.id, page.crs, &origin);
    let mut found = if source.tiles {
        state.item_features.get(&state.tiles, form, &ids)
    } else {
        vec![None; ids.len()]
    };
    let missing: Vec<i64> = ids
        .iter()
        .zip(&found)
        .filter_map(|(id, feature)| feature.is_none().then_some(*id))
        .collect();
    if !missing.is_empty() {
        let read: Vec<(i64, Arc<str>)> =
            ogc::features(&state.pool, source, base, &missing, page.crs)
                .await?
                .into_iter()
                .map(|(id, feature)| (id, Arc::from(feature)))
                .collect();
        if source.tiles {
            state
                .item_features
                .keep(&state.tiles, form, &read, generation);
        }
        let by_id: std::collections::HashMap<i64, Arc<str>> = read.into_iter().collect();
        for (id, feature) in ids.iter().zip(found.iter_mut()) {
            if feature.is_none() {
                *feature = by_id.get(id).cloned();
            }
        }
    }
    let cache = match missing.len() {
        // A page with no features took nothing from what was kept.
        _ if ids.is_empty() => "miss",
        0 => "hit",
        n if n == ids.len() => "miss",
        _ => "part",
    };
    let features: Vec<&str> = found.iter().flatten().map(|f| &**f).collect();
    let returned = features.len() as i64;
    Ok((
        (format!("[{}]", features.join(",")), returned, matched),
        cache,
    ))
}

/// Says which CRS the answer's coordinates are in (Part 2's `Content-Crs`).
fn say_crs(response: &mut Response, crs_uri: &str) {
    if let Ok(value) = header::HeaderValue::from_str(&format!("<{crs_uri}>")) {
        response
            .headers_mut()
            .insert(header::HeaderName::from_static("content-crs"), value);
    }
}

async fn item(
    State(state): State<AppState>,
    Path((id, item)): Path<(String, String)>,
    asked: Asked,
) -> Result<Response, Error> {
    let source = source(&id)?;
    let asked_crs = asked
        .pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "crs")
        .map(|(_, v)| v.trim())
        .filter(|c| !c.is_empty());
    let (crs_uri, crs) = crs_of("crs", asked_crs)?;
    let item: i64 = item.parse().map_err(|_| Problem::not_found())?;
    let base = &asked.base;
    let (feature, version) = ogc::item(&state.pool, source, base, item, crs)
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
        link(
            path,
            "collection",
            "application/json",
            source.title_in(asked.encoding.lang)
        ),
    ]);
    let body = format!("{},\"links\":{links}}}", &feature[..feature.len() - 1]);
    // A plot's tag is its version, which a write names in If-Match (Part 4); another item's
    // is a digest of what it says.
    let etag = match version {
        Some(version) => super::ogc_write::plot_etag(item, version),
        None => {
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(body.as_bytes());
            format!(
                "\"{}\"",
                digest[..16]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            )
        }
    };
    let mut response = asked
        .answer(&state, ApiPageKind::Item, "application/geo+json", body)
        .await?;
    say_crs(&mut response, crs_uri);
    // The page has the tag of its own HTML (`revalidate`).
    if !asked.encoding.html
        && let Ok(etag) = header::HeaderValue::from_str(&etag)
    {
        response.headers_mut().insert(header::ETAG, etag);
    }
    Ok(response)
}
