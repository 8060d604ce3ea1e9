//! The OGC API's OpenAPI 3.1 document (`/ogc/api`, the landing page's `service-desc`), made
//! from the same definitions the server answers with: one path per collection from
//! `db::ogc::SOURCES`, its queryables as the items' parameters, its tiles when it has them, the
//! writes on plots, and the CRSs, limits and filter languages of `ogc.rs`. A collection added
//! there is in the document without a line here. Beside the OGC API it names every other
//! endpoint of the site from the lists the server is built from: the site's own routes
//! (`endpoints.rs`), the app's pages (its route list) and the server functions the pages call.

use axum::{extract::State, response::Response};
use markkartan_app::public::open_data::ApiPageKind;
use serde_json::{Map, Value, json};

use super::ogc::Asked;
use super::ogc::{DEFAULT_LIMIT, MAX_LIMIT, crs_uris};
use super::ogc_tiles::MAX_ZOOM;
use super::{AppState, Error};
use crate::db::ogc::{SOURCES, Source};

pub const MEDIA_TYPE: &str = "application/vnd.oai.openapi+json;version=3.1";

pub async fn document(State(state): State<AppState>, asked: Asked) -> Result<Response, Error> {
    let document = openapi(&asked.base).to_string();
    asked
        .answer(&state, ApiPageKind::Definition, MEDIA_TYPE, document)
        .await
}

fn problem() -> Value {
    json!({ "description": "A problem (RFC 9457), naming the parameter or property when it is about one.",
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } })
}

fn json_answer(description: &str, media: &str) -> Value {
    json!({ "description": description, "content": { media: { "schema": { "type": "object" } } } })
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema, "style": "form", "explode": false })
}

fn path_id(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": schema })
}

/// The parameters of a collection's items: the standard ones and its text queryables.
fn items_parameters(source: &Source) -> Vec<Value> {
    let crs = json!({ "type": "string", "format": "uri", "enum": crs_uris() });
    let mut parameters = vec![
        query(
            "bbox",
            "Only features meeting this box: lower corner then upper, in bbox-crs's axis order (CRS84: west,south,east,north).",
            json!({ "type": "array", "minItems": 4, "maxItems": 4, "items": { "type": "number" } }),
        ),
        query(
            "bbox-crs",
            "The CRS of bbox (CRS84 unless given).",
            crs.clone(),
        ),
        query(
            "crs",
            "The CRS of the answer's coordinates (CRS84 unless given).",
            crs.clone(),
        ),
        query(
            "limit",
            "How many features a page has.",
            json!({ "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT }),
        ),
        query(
            "offset",
            "How many matching features come before this page.",
            json!({ "type": "integer", "minimum": 0, "default": 0 }),
        ),
        query(
            "datetime",
            "The last change: an RFC 3339 instant or an interval (start/end, `..` open).",
            json!({ "type": "string" }),
        ),
        query(
            "filter",
            "A CQL2 filter on the queryables (Basic CQL2, CASEI, DATE, TIMESTAMP and the spatial comparisons).",
            json!({ "type": "string", "maxLength": crate::db::ogc_filter::MAX_CHARS }),
        ),
        query(
            "filter-lang",
            "The filter's language.",
            json!({ "type": "string", "enum": ["cql2-text", "cql2-json"], "default": "cql2-text" }),
        ),
        query(
            "filter-crs",
            "The CRS of geometries in the filter (CRS84 unless given).",
            crs,
        ),
    ];
    parameters.extend(
        source
            .queryables
            .iter()
            .filter(|(_, kind)| *kind == crate::db::ogc_filter::Kind::Text)
            .map(|(name, _)| {
                query(
                    name,
                    &format!("Only features whose {name} is this value."),
                    json!({ "type": "string" }),
                )
            }),
    );
    parameters
}

fn collection_paths(source: &Source, paths: &mut Map<String, Value>) {
    let id = source.id;
    let at = format!("/ogc/collections/{id}");
    let geojson = "application/geo+json";
    paths.insert(
        at.clone(),
        json!({ "get": {
            "summary": format!("The collection {id}: {}", source.title),
            "description": source.description,
            "operationId": format!("describe-{id}"),
            "tags": [id],
            "responses": { "200": json_answer("The collection, its extent and links.", "application/json"), "404": problem() },
        }}),
    );
    let mut items = json!({ "get": {
        "summary": format!("The features of {id}"),
        "operationId": format!("items-{id}"),
        "tags": [id],
        "parameters": items_parameters(source),
        "responses": {
            "200": json_answer("A page of features, with numberMatched, numberReturned and next/prev links; Content-Crs names the CRS.", geojson),
            "400": problem(),
        },
    }});
    let mut item = json!({ "get": {
        "summary": format!("One feature of {id}, with its ETag"),
        "operationId": format!("item-{id}"),
        "tags": [id],
        "parameters": [
            path_id("featureId", "The feature's id.", json!({ "type": "integer" })),
            query("crs", "The CRS of the answer's coordinates.", json!({ "type": "string", "format": "uri", "enum": crs_uris() })),
        ],
        "responses": { "200": json_answer("The feature; ETag is its version.", geojson), "404": problem() },
    }});
    if id == "plots" {
        let write = |summary: &str, media: &str, created: bool| {
            let mut responses = json!({
                "400": problem(), "401": problem(), "403": problem(), "404": problem(),
                "409": problem(), "412": problem(), "422": problem(), "428": problem(),
            });
            if created {
                responses["201"] =
                    json!({ "description": "Created: Location and ETag of the new plot." });
            } else {
                responses["204"] = json!({ "description": "Done: the plot's new ETag." });
            }
            let mut operation = json!({
                "summary": summary,
                "tags": [id],
                "security": [{ "apiToken": [] }, { "staffSession": [] }],
                "responses": responses,
            });
            if !media.is_empty() {
                operation["requestBody"] = json!({ "required": true,
                    "content": { media: { "schema": { "type": "object" } } } });
            }
            operation
        };
        let if_match = json!({ "name": "If-Match", "in": "header", "required": true,
            "description": "The ETag the plot was read with.", "schema": { "type": "string" } });
        items["post"] = write(
            "A new plot: outline, designation, business_area and any facts",
            geojson,
            true,
        );
        for (method, summary, media) in [
            (
                "put",
                "Replace a plot: every writable fact and the outline",
                geojson,
            ),
            (
                "patch",
                "Change what a JSON merge patch names",
                "application/merge-patch+json",
            ),
            (
                "delete",
                "Take the plot off offer (its record and history stay)",
                "",
            ),
        ] {
            let mut operation = write(summary, media, false);
            operation["parameters"] = json!([
                path_id("featureId", "The plot's id.", json!({ "type": "integer" })),
                if_match.clone(),
            ]);
            item[method] = operation;
        }
    }
    paths.insert(format!("{at}/items"), items);
    paths.insert(format!("{at}/items/{{featureId}}"), item);
    paths.insert(
        format!("{at}/queryables"),
        json!({ "get": {
            "summary": format!("What {id}'s features may be filtered on"),
            "operationId": format!("queryables-{id}"),
            "tags": [id],
            "responses": { "200": json_answer("A JSON Schema of the queryables.", "application/schema+json") },
        }}),
    );
    if source.tiles {
        let tiles = format!("{at}/tiles");
        paths.insert(tiles.clone(), json!({ "get": { "summary": format!("{id}'s tilesets"), "operationId": format!("tilesets-{id}"), "tags": [id],
            "responses": { "200": json_answer("The tilesets (WebMercatorQuad).", "application/json") } } }));
        paths.insert(format!("{tiles}/WebMercatorQuad"), json!({ "get": { "summary": format!("{id}'s tileset"), "operationId": format!("tileset-{id}"), "tags": [id],
            "responses": { "200": json_answer("The tileset's metadata.", "application/json") } } }));
        paths.insert(format!("{tiles}/WebMercatorQuad/tilejson.json"), json!({ "get": { "summary": format!("{id}'s TileJSON"), "operationId": format!("tilejson-{id}"), "tags": [id],
            "responses": { "200": json_answer("TileJSON 3.0.", "application/vnd.mapbox.tile+json") } } }));
        paths.insert(
            format!("{tiles}/WebMercatorQuad/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"),
            json!({ "get": {
                "summary": format!("A vector tile of {id}"),
                "operationId": format!("tile-{id}"),
                "tags": [id],
                "parameters": [
                    path_id("tileMatrix", "The zoom level.", json!({ "type": "integer", "minimum": 0, "maximum": MAX_ZOOM })),
                    path_id("tileRow", "The row, from the north.", json!({ "type": "integer", "minimum": 0 })),
                    path_id("tileCol", "The column, from the west.", json!({ "type": "integer", "minimum": 0 })),
                ],
                "responses": {
                    "200": { "description": "A Mapbox Vector Tile; ETag, Cache-Control.",
                             "content": { "application/vnd.mapbox-vector-tile": { "schema": { "type": "string", "format": "binary" } } } },
                    "204": { "description": "Nothing lies in this tile." },
                    "304": { "description": "Unchanged since the ETag sent in If-None-Match." },
                    "404": problem(),
                },
            }}),
        );
    }
}

/// The `{name}` parameters of a path, as its path parameters (numbers when they are ids or
/// tile coordinates).
fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|segment| Some(segment.strip_prefix('{')?.split_once('}')?.0))
        .map(|name| {
            let schema = match name {
                "id" | "z" | "x" | "y" => json!({ "type": "integer", "minimum": 0 }),
                _ => json!({ "type": "string" }),
            };
            path_id(name, &format!("The {name} the path names."), schema)
        })
        .collect()
}

/// A unique, readable operationId: the method and the path's words.
fn operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{method}-{}", words.join("-"))
}

fn insert(paths: &mut Map<String, Value>, path: &str, method: &str, operation: Value) {
    let item = paths.entry(path.to_string()).or_insert_with(|| json!({}));
    item[method] = operation;
}

/// Everything outside `/ogc`: the site's own routes, its pages and its server functions.
fn site_paths(paths: &mut Map<String, Value>) {
    use super::endpoints::Audience;
    let staff_security = json!([{ "staffForm": [] }]);
    for endpoint in super::endpoints::all() {
        let tag = match endpoint.audience {
            Audience::Public => "site",
            Audience::Staff => "staff",
        };
        let mut responses = json!({ "4XX": problem() });
        if endpoint.answer.is_empty() {
            responses["303"] =
                json!({ "description": "Done: on to the page that shows the result." });
        } else {
            responses["200"] = json_answer(endpoint.summary, endpoint.answer);
        }
        let mut operation = json!({
            "summary": endpoint.summary,
            "operationId": operation_id(endpoint.method, &endpoint.address()),
            "tags": [tag],
            "parameters": path_parameters(&endpoint.path),
            "responses": responses,
        });
        if endpoint.audience == Audience::Staff {
            operation["security"] = staff_security.clone();
        }
        if let Some(media) = endpoint.body {
            operation["requestBody"] = json!({ "required": true,
                "content": { media: { "schema": { "type": "object" } } } });
        }
        insert(paths, &endpoint.address(), endpoint.method, operation);
    }
    for path in super::page_paths() {
        let tag = if markkartan_app::is_workspace_path(&path) {
            "staff pages"
        } else {
            "pages"
        };
        let mut operation = json!({
            "summary": format!("The page {path}"),
            "operationId": operation_id("page", &path),
            "tags": [tag],
            "parameters": path_parameters(&path),
            "responses": { "200": json_answer("The page, in Swedish or (lang=en) English.", "text/html"), "4XX": problem() },
        });
        operation["parameters"]
            .as_array_mut()
            .expect("a list")
            .push(query(
                "lang",
                "The page's language.",
                json!({ "type": "string", "enum": ["sv", "en"], "default": "sv" }),
            ));
        insert(paths, &path, "get", operation);
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        let method = method.as_str().to_ascii_lowercase();
        insert(
            paths,
            path,
            &method,
            json!({
                "summary": format!("The pages' call {path}"),
                "operationId": operation_id(&method, path),
                "tags": ["app calls"],
                "requestBody": { "required": false, "content": {
                    "application/x-www-form-urlencoded": { "schema": { "type": "object" } },
                    "application/json": { "schema": { "type": "object" } } } },
                "responses": { "200": json_answer("What the page asked for.", "application/json"), "4XX": problem() },
            }),
        );
    }
}

/// The document, with links made absolute at `base`.
pub fn openapi(base: &str) -> Value {
    let mut paths = Map::new();
    for (path, summary, media) in [
        ("/ogc", "The landing page", "application/json"),
        (
            "/ogc/conformance",
            "The conformance classes",
            "application/json",
        ),
        ("/ogc/collections", "The collections", "application/json"),
        (
            "/ogc/tileMatrixSets",
            "The tile matrix sets (WebMercatorQuad)",
            "application/json",
        ),
        ("/ogc/api", "This document", MEDIA_TYPE),
    ] {
        paths.insert(
            path.to_string(),
            json!({ "get": { "summary": summary, "tags": ["server"],
                "operationId": path.trim_start_matches('/').replace('/', "-"),
                "responses": { "200": json_answer(summary, media) } } }),
        );
    }
    for source in SOURCES {
        collection_paths(source, &mut paths);
    }
    site_paths(&mut paths);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Markkartan – verksamhetsmark i Norrtälje kommun",
            "description": "OGC API – Features (Core, GeoJSON, CRS, Filtering with CQL2, Create/Replace/Update/Delete on plots with ETags) and OGC API – Tiles (vector tiles) for Norrtälje kommun's land for business; and every other endpoint of the site: its downloads, feeds and map tiles, the staff's forms, the pages, and the calls the pages make to the server.",
            "version": env!("CARGO_PKG_VERSION"),
            "contact": { "name": "Norrtälje kommun, mark och exploatering" },
        },
        "servers": [{ "url": base }],
        "tags": [
            { "name": "server", "description": "The OGC API's own documents." },
            { "name": "site", "description": "Downloads, feeds, map tiles and the public forms." },
            { "name": "staff", "description": "The staff's forms: a signed-in session and its CSRF token (the form's csrf_token)." },
            { "name": "pages", "description": "The public pages (HTML), each also the fallback without JavaScript." },
            { "name": "staff pages", "description": "The workspace's pages: a signed-in session (staffForm); without one they lead to the sign-in page." },
            { "name": "app calls", "description": "The calls the pages make to the server (Leptos server functions). Their arguments follow the app and change with it; programs should use the OGC API." },
        ],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "apiToken": { "type": "http", "scheme": "bearer",
                    "description": "An API token an admin issues on the accounts page (/personal/konton)." },
                "staffSession": { "type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                    "description": "A signed-in staff session (its cookie) and its CSRF token." },
                "staffForm": { "type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE,
                    "description": "A signed-in staff session; a form's POST carries its CSRF token as the field csrf_token." },
            },
            "schemas": {
                "Problem": { "type": "object", "properties": {
                    "type": { "type": "string" }, "title": { "type": "string" },
                    "status": { "type": "integer" }, "detail": { "type": "string" },
                    "field": { "type": "string", "description": "The parameter or property the problem is about." },
                } },
            },
        },
    })
}
