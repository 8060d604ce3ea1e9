//! OGC API – Features Part 4 on plots: create (POST), replace (PUT), update (PATCH, a JSON
//! merge patch) and delete, for an account that may edit plots, by API token
//! (`Authorization: Bearer`) or by staff session with its CSRF token (`X-CSRF-Token`).
//!
//! Every write names the version it is based on with `If-Match` (the ETag a GET gave): without
//! one it is a 428, with another than the plot has now a 412, and nothing changes. The changes
//! go through the workspace's own service (`workspace::change_plot`, `geometry::create_in`,
//! `geometry::retire`): the same rules (a valid polygon inside the municipality that overlaps
//! no other plot, the facts' limits), the same history entries and the same feed.

use axum::{
    Router,
    body::Bytes,
    extract::{FromRequestParts, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::{post, put},
};
use markkartan_app::domain::{
    GeometryForm, Permission, PlotEditForm, PlotField, Problem, ProblemKind, Viewer,
};
use serde_json::{Map, Value};

use super::{AppState, Error};
use crate::auth;
use crate::db;
use crate::workspace::{self, SaveRefused};

/// The largest body a write takes: a plot's facts and an outline of a few thousand corners.
pub const BODY_LIMIT: usize = 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ogc/collections/{id}/items", post(create))
        .route(
            "/ogc/collections/{id}/items/{item}",
            put(replace).patch(update).delete(remove),
        )
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
}

/// A plot's ETag: strong, and changed by every save of the plot (its version).
pub fn plot_etag(id: i64, version: i32) -> String {
    format!("\"plot-{id}-v{version}\"")
}

/// The account a write comes from, allowed to edit plots: by API token, or by a staff session
/// that also sends its CSRF token. 401 without either (or with a token that is unknown,
/// revoked or expired), 403 for a role that may not edit plots.
pub struct PlotWriter(pub Viewer);

impl FromRequestParts<AppState> for PlotWriter {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then_some(token)
            })
            .map(str::trim);
        let viewer = match bearer {
            Some(token) => {
                auth::api_viewer(&state.pool, token, parts.method.as_str(), parts.uri.path())
                    .await
                    .map_err(|e| Error::from(e).into_response())?
                    .ok_or_else(|| {
                        unauthorised(
                            "API-nyckeln är okänd, återkallad eller har gått ut.",
                            "The API token is unknown, revoked or expired.",
                        )
                    })?
            }
            None => {
                let viewer = parts.extensions.get::<Viewer>().cloned().ok_or_else(|| {
                    unauthorised(
                        "Skicka en API-nyckel (Authorization: Bearer) eller logga in.",
                        "Send an API token (Authorization: Bearer) or sign in.",
                    )
                })?;
                let sent = parts
                    .headers
                    .get("x-csrf-token")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if !auth::csrf_matches(sent, &viewer.csrf_token) {
                    return Err(Error::from(
                        Problem::field(
                            ProblemKind::Forbidden,
                            "X-CSRF-Token",
                            "En ändring med inloggning behöver sidans CSRF-token i X-CSRF-Token.",
                        )
                        .in_english(
                            "A change by a signed-in session needs its CSRF token in X-CSRF-Token.",
                        ),
                    )
                    .into_response());
                }
                viewer
            }
        };
        Viewer::require(Some(viewer), Permission::EditPlots)
            .map(PlotWriter)
            .map_err(|denied| Error::from(Problem::from(denied)).into_response())
    }
}

fn unauthorised(message: &str, english: &str) -> Response {
    let mut response =
        Error::from(Problem::new(ProblemKind::NotSignedIn, message).in_english(english))
            .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"markkartan\""),
    );
    response
}

/// Only plots are written; every other collection is read-only (405).
fn plots_only(collection: &str) -> Result<(), Error> {
    match collection {
        "plots" => Ok(()),
        _ if db::ogc::source(collection).is_some() => Err(Problem::new(
            ProblemKind::MethodNotAllowed,
            "Den här samlingen går bara att läsa; tomter (plots) går att ändra.",
        )
        .in_english("This collection is read-only; plots can be written.")
        .into()),
        _ => Err(Problem::not_found().into()),
    }
}

/// The version `If-Match` names for this plot: 428 without one, 412 when it names no version
/// of this plot (a weak tag, `*`, another item's).
fn if_match(headers: &HeaderMap, id: i64) -> Result<String, Error> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(Problem::field(
            ProblemKind::PreconditionRequired,
            "If-Match",
            "Skicka If-Match med den ETag som du läste tomten med, så att ingen annans ändring skrivs över.",
        )
        .in_english("Send If-Match with the ETag you read the plot with, so that nobody else's change is overwritten.")
        .into());
    };
    let prefix = format!("\"plot-{id}-v");
    value
        .to_str()
        .ok()
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .find_map(|tag| {
            tag.strip_prefix(&prefix)?
                .strip_suffix('"')
                .map(str::to_string)
        })
        .filter(|v| v.parse::<i32>().is_ok())
        .ok_or_else(|| stale(id))
}

fn stale(id: i64) -> Error {
    Problem::field(
        ProblemKind::PreconditionFailed,
        "If-Match",
        format!("Tomt {id} har ändrats sedan den lästes (eller If-Match är inte dess ETag). Inget är ändrat; läs den igen."),
    )
    .in_english(format!("Plot {id} has changed since it was read (or If-Match is not its ETag). Nothing changed; read it again."))
    .into()
}

/// A refusal of the service as this API says it: the workspace's own problem (error.rs), with a
/// conflict with a newer version as a 412 and the field named as this API names properties.
fn refused(id: i64, refused: SaveRefused) -> Error {
    if matches!(refused, SaveRefused::Conflict { .. }) {
        return stale(id);
    }
    match Error::from(refused) {
        Error::Problem(mut problem) => {
            problem.field = problem
                .field
                .as_deref()
                .map(|f| property_named(f).to_string());
            problem.into()
        }
        other => other,
    }
}

/// The property an editor's form field (its name in the form) stands for here.
fn property_named(form_field: &str) -> &'static str {
    match form_field {
        "beteckning" => "designation",
        "omrade" => "business_area",
        "geometri" | "med" => "geometry",
        other => WRITABLE
            .iter()
            .find(|(_, field)| field.name() == other)
            .map_or("properties", |(name, _)| name),
    }
}

/// The properties a client may write, each with the editor's field it sets.
const WRITABLE: &[(&str, PlotField)] = &[
    ("status", PlotField::Status),
    ("reserved_until", PlotField::ReservedUntil),
    ("reserved_for", PlotField::ReservedFor),
    ("price_sek_per_m2", PlotField::Price),
    ("permitted_uses", PlotField::PermittedUses),
    ("water_sewage", PlotField::WaterSewage),
    ("electrical_capacity_kw", PlotField::ElectricalCapacity),
    ("district_heating", PlotField::DistrictHeating),
    ("fiber", PlotField::Fiber),
    ("description", PlotField::PublicDescription),
    ("description_en", PlotField::PublicDescriptionEn),
];

/// Properties a feature read from `plots` carries that follow from others or are set
/// elsewhere: accepted in a write (so a feature read can be written back) and left as they are.
const DERIVED: &[&str] = &[
    "designation",
    "property_designation",
    "business_area",
    "locality",
    "area_m2",
    "max_site_coverage_percent",
    "max_building_height_m",
    "updated_at",
    "fact_sheet",
];

fn bad(property: &str, what: &str, what_en: &str) -> Error {
    Problem::bad_value(property, what, what_en).into()
}

/// Sets one property on the editor's form, as the editor would have sent it.
fn set(form: &mut PlotEditForm, field: PlotField, name: &str, value: &Value) -> Result<(), Error> {
    let text = |value: &Value| -> Result<String, Error> {
        match value {
            Value::Null => Ok(String::new()),
            Value::String(s) => Ok(s.clone()),
            _ => Err(bad(name, "en text eller null", "a text or null")),
        }
    };
    let number = |value: &Value| -> Result<String, Error> {
        match value {
            Value::Null => Ok(String::new()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(bad(name, "ett tal eller null", "a number or null")),
        }
    };
    let flag = |value: &Value| -> Result<Option<String>, Error> {
        match value {
            Value::Bool(b) => Ok(b.then(|| "ja".to_string())),
            _ => Err(bad(name, "true eller false", "true or false")),
        }
    };
    match field {
        PlotField::Status => form.status = text(value)?,
        PlotField::ReservedUntil => form.reserved_until = text(value)?,
        PlotField::ReservedFor => form.reserved_for = text(value)?,
        PlotField::Price => form.price = number(value)?,
        PlotField::ElectricalCapacity => form.electrical_capacity = number(value)?,
        PlotField::WaterSewage => form.water_sewage = text(value)?,
        PlotField::DistrictHeating => form.district_heating = flag(value)?,
        PlotField::Fiber => form.fiber = flag(value)?,
        PlotField::PublicDescription => form.public_description = text(value)?,
        PlotField::PublicDescriptionEn => form.public_description_en = text(value)?,
        PlotField::PermittedUses => {
            form.permitted_uses = match value {
                Value::Null => Vec::new(),
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string))
                    .collect::<Option<_>>()
                    .ok_or_else(|| bad(name, "en lista av texter", "a list of texts"))?,
                _ => return Err(bad(name, "en lista av texter", "a list of texts")),
            }
        }
        _ => {}
    }
    Ok(())
}

/// A write's body: a GeoJSON feature (or, for PATCH, a merge patch of one), read as JSON.
fn body_of(headers: &HeaderMap, body: &Bytes, patch: bool) -> Result<Map<String, Value>, Error> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let accepted = if patch {
        ["application/merge-patch+json", "application/json"].as_slice()
    } else {
        ["application/geo+json", "application/json"].as_slice()
    };
    if !accepted.iter().any(|a| kind.starts_with(a)) {
        return Err(Problem::field(
            ProblemKind::BadRequest,
            "Content-Type",
            format!("Content-Type ska vara {}.", accepted.join(" eller ")),
        )
        .in_english(format!("Content-Type must be {}.", accepted.join(" or ")))
        .into());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(bad(
            "body",
            "ett JSON-objekt (en GeoJSON-feature)",
            "a JSON object (a GeoJSON feature)",
        )),
    }
}

/// The feature's properties and geometry (GeoJSON in EPSG:3011, when it has one), checked:
/// an unknown property is a 400 naming it.
struct Feature {
    properties: Map<String, Value>,
    geometry: Option<String>,
}

async fn feature(
    state: &AppState,
    headers: &HeaderMap,
    mut body: Map<String, Value>,
) -> Result<Feature, Error> {
    if let Some(kind) = body.get("type")
        && kind != "Feature"
    {
        return Err(bad("type", "Feature", "Feature"));
    }
    let properties = match body.remove("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(bad("properties", "ett objekt", "an object")),
    };
    for name in properties.keys() {
        let known = WRITABLE.iter().any(|(w, _)| w == name) || DERIVED.contains(&name.as_str());
        if !known {
            return Err(Problem::field(
                ProblemKind::BadRequest,
                name,
                format!("{name} är ingen egenskap som en tomt har här."),
            )
            .in_english(format!("{name} is not a property a plot has here."))
            .into());
        }
    }
    let geometry = match body.remove("geometry") {
        None | Some(Value::Null) => None,
        Some(geometry) => {
            let crs = headers
                .get("content-crs")
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().trim_start_matches('<').trim_end_matches('>'));
            let (_, crs) = super::ogc::crs_of("Content-Crs", crs)?;
            let stored = db::ogc::to_storage(&state.pool, &geometry.to_string(), crs)
                .await?
                .ok_or_else(|| bad("geometry", "en GeoJSON-polygon", "a GeoJSON polygon"))?;
            Some(stored)
        }
    };
    Ok(Feature {
        properties,
        geometry,
    })
}

/// The answer to a write: no content, the plot's new ETag, and where it is.
fn written(status: StatusCode, id: i64, version: i32) -> Response {
    let mut response = status.into_response();
    let headers = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(&plot_etag(id, version)) {
        headers.insert(header::ETAG, tag);
    }
    if let Ok(location) = HeaderValue::from_str(&format!("/ogc/collections/plots/items/{id}")) {
        headers.insert(header::LOCATION, location);
    }
    response
}

/// The form for a change to plot `id` based on `version`: the plot's facts as stored, with
/// the written properties set (PUT: every writable one not given is cleared, but who holds a
/// reservation, which a read does not show, stays).
async fn change_form(
    state: &AppState,
    id: i64,
    version: String,
    properties: &Map<String, Value>,
    replace: bool,
) -> Result<PlotEditForm, Error> {
    let current = db::staff_plots::one(&state.pool, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    // The form keeps what a write does not show (internal notes, the contact, who holds a
    // reservation) as read here: only if this is the version the write is based on, which the
    // service then checks again under the plot's lock.
    if current.version.to_string() != version {
        return Err(stale(id));
    }
    // What follows from other facts or is set elsewhere may be sent back as read, not changed.
    for (name, stored) in [
        ("designation", current.designation.as_str()),
        ("business_area", current.business_area.as_str()),
        ("locality", current.locality.as_str()),
    ] {
        if let Some(sent) = properties.get(name)
            && sent.as_str() != Some(stored)
        {
            return Err(Problem::field(
                ProblemKind::Invalid,
                name,
                format!("{name} går inte att ändra här; skicka det som det är eller utelämna det."),
            )
            .in_english(format!(
                "{name} cannot be changed here; send it as it is or leave it out."
            ))
            .into());
        }
    }
    let mut form = PlotEditForm::from_plot(&current, "");
    form.version = version;
    for (name, field) in WRITABLE {
        match properties.get(*name) {
            Some(value) => set(&mut form, *field, name, value)?,
            None if replace && *field != PlotField::ReservedFor => {
                set(&mut form, *field, name, &Value::Null)
                    .or_else(|_| set(&mut form, *field, name, &Value::Bool(false)))?;
            }
            None => {}
        }
    }
    Ok(form)
}

async fn replace(
    State(state): State<AppState>,
    PlotWriter(viewer): PlotWriter,
    Path((collection, item)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Error> {
    change(state, viewer, (collection, item), headers, body, true).await
}

async fn update(
    State(state): State<AppState>,
    PlotWriter(viewer): PlotWriter,
    Path((collection, item)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Error> {
    change(state, viewer, (collection, item), headers, body, false).await
}

/// One way through PUT (`replace`: the whole plot, its outline required) and PATCH (a merge
/// patch: what it names).
async fn change(
    state: AppState,
    viewer: Viewer,
    (collection, item): (String, String),
    headers: HeaderMap,
    body: Bytes,
    replace: bool,
) -> Result<Response, Error> {
    plots_only(&collection)?;
    let id = item.parse::<i64>().map_err(|_| Problem::not_found())?;
    let version = if_match(&headers, id)?;
    let body = body_of(&headers, &body, !replace)?;
    if replace && body.get("geometry").is_none_or(Value::is_null) {
        return Err(bad(
            "geometry",
            "en polygon (PUT ersätter hela tomten)",
            "a polygon (PUT replaces the whole plot)",
        ));
    }
    let feature = feature(&state, &headers, body).await?;
    let form = change_form(&state, id, version, &feature.properties, replace).await?;
    let version =
        workspace::change_plot(&state.pool, &viewer, id, &form, feature.geometry.as_deref())
            .await
            .map_err(|e| refused(id, e))?;
    tracing::info!(
        plot = id,
        version,
        replace,
        account = viewer.account_id,
        "plot changed through the OGC API"
    );
    Ok(written(StatusCode::NO_CONTENT, id, version))
}

async fn remove(
    State(state): State<AppState>,
    PlotWriter(viewer): PlotWriter,
    Path((collection, item)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    plots_only(&collection)?;
    let id = item.parse::<i64>().map_err(|_| Problem::not_found())?;
    let version = if_match(&headers, id)?;
    crate::geometry::retire(&state.pool, &viewer, id, &version)
        .await
        .map_err(|e| refused(id, e))?;
    tracing::info!(
        plot = id,
        account = viewer.account_id,
        "plot deleted through the OGC API"
    );
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A new plot: a feature with its outline, `designation` and `business_area` (by name), and
/// any facts; drawn and given its facts in one transaction.
async fn create(
    State(state): State<AppState>,
    PlotWriter(viewer): PlotWriter,
    Path(collection): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Error> {
    plots_only(&collection)?;
    let feature = feature(&state, &headers, body_of(&headers, &body, false)?).await?;
    let text = |name: &str| {
        feature
            .properties
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let Some(geometry) = feature.geometry.clone() else {
        return Err(bad("geometry", "en polygon", "a polygon"));
    };
    let area = db::ogc::business_area_named(&state.pool, text("business_area").trim())
        .await?
        .ok_or_else(|| {
            bad(
                "business_area",
                "namnet på ett verksamhetsområde",
                "the name of a business area",
            )
        })?;
    let drawn = GeometryForm {
        designation: text("designation"),
        business_area: area.to_string(),
        geometry,
        ..GeometryForm::default()
    };
    let mut tx = state.pool.begin().await?;
    let id = crate::geometry::create_in(&mut tx, &viewer, &drawn)
        .await
        .map_err(|e| refused(0, e))?;
    let current = db::staff_plots::lock(&mut tx, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    let mut form = PlotEditForm::from_plot(&current, "");
    for (name, field) in WRITABLE {
        if let Some(value) = feature.properties.get(*name) {
            set(&mut form, *field, name, value)?;
        }
    }
    let version = workspace::write_facts(&mut tx, &viewer, &current, &form)
        .await
        .map_err(|e| refused(id, e))?;
    tx.commit().await?;
    tracing::info!(
        plot = id,
        account = viewer.account_id,
        "plot created through the OGC API"
    );
    Ok(written(StatusCode::CREATED, id, version))
}
