//! Changing a plot's shape: reshape, split along a line, merge with a neighbour, draw a new one.
//! Each runs in one transaction that first takes the lock every outline write takes (so two
//! saves at the same moment are checked one after the other, migration 0009), checks the
//! version the editor loaded, checks the geometry (valid polygon, inside the municipality,
//! overlapping no other plot, which it names) and records the change in the history. A refused
//! change stores nothing.

use markkartan_app::domain::{
    DESIGNATION_MAX_CHARS, FieldChange, GeometryForm, GeometryProblem, Lang, MAX_PLOT_CORNERS,
    PlotField, StaffPlot, Viewer, check_text,
};
use sqlx::{PgConnection, PgPool};

use crate::db;
use crate::workspace::{SaveRefused, refuse_if_stale};

/// Reads GeoJSON text as one geometry of the expected type ("Polygon" or "LineString") and
/// returns it as plain GeoJSON for PostGIS (coordinates in EPSG:3011).
pub fn read_geometry(text: &str, expected: &'static str) -> Result<String, GeometryProblem> {
    read_value(text, expected).map(|geometry| geometry.to_string())
}

/// [`read_geometry`], as the geometry itself.
fn read_value(text: &str, expected: &'static str) -> Result<geojson::Geometry, GeometryProblem> {
    if text.trim().is_empty() {
        return Err(GeometryProblem::Missing);
    }
    let geojson: geojson::GeoJson = text.trim().parse().map_err(|error: geojson::Error| {
        GeometryProblem::NotGeoJson(format!("teknisk orsak: {error}"))
    })?;
    let geometry = match geojson {
        geojson::GeoJson::Geometry(g) => g,
        geojson::GeoJson::Feature(geojson::Feature {
            geometry: Some(g), ..
        }) => g,
        other => {
            return Err(GeometryProblem::WrongType {
                expected: swedish(expected),
                found: match other {
                    geojson::GeoJson::FeatureCollection(_) => "en samling".into(),
                    _ => "en tom geometri".into(),
                },
            });
        }
    };
    let found = geometry.value.type_name();
    if found != expected {
        return Err(GeometryProblem::WrongType {
            expected: swedish(expected),
            found: swedish(found).to_string(),
        });
    }
    let geometry = flat(geometry);
    check_positions(&geometry.value)?;
    Ok(geometry)
}

/// Every position two finite numbers, every line two positions or more, every ring closed with
/// four or more: what PostGIS would otherwise refuse with an error of its own.
fn check_positions(value: &geojson::GeometryValue) -> Result<(), GeometryProblem> {
    use geojson::{GeometryValue, Position};
    let unreadable = |what: &str| Err(GeometryProblem::NotGeoJson(what.to_string()));
    let line = |positions: &[Position], least: usize| -> Result<(), GeometryProblem> {
        if positions
            .iter()
            .any(|p| p.len() != 2 || p.as_slice().iter().any(|c| !c.is_finite()))
        {
            return unreadable("en punkt har inte två koordinater");
        }
        if positions.len() < least {
            return unreadable(if least == 2 {
                "en linje behöver minst två punkter"
            } else {
                "en yta behöver minst tre hörn"
            });
        }
        Ok(())
    };
    let polygon = |rings: &[Vec<Position>]| -> Result<(), GeometryProblem> {
        if rings.is_empty() {
            return unreadable("ytan har inga hörn");
        }
        for ring in rings {
            line(ring, 4)?;
            if ring.first() != ring.last() {
                return unreadable("ytans kant slutar inte där den börjar");
            }
        }
        Ok(())
    };
    match value {
        GeometryValue::Polygon { coordinates } => polygon(coordinates),
        GeometryValue::MultiPolygon { coordinates } => {
            if coordinates.is_empty() {
                return unreadable("multipolygonen har inga delar");
            }
            coordinates.iter().try_for_each(|rings| polygon(rings))
        }
        GeometryValue::LineString { coordinates } => line(coordinates, 2),
        _ => Ok(()),
    }
}

/// Reads a plan's or area's outline: a Polygon or a MultiPolygon (a plan can be in parts), as
/// plain two-dimensional GeoJSON for PostGIS.
pub fn read_outline(text: &str) -> Result<String, GeometryProblem> {
    match read_geometry(text, "Polygon") {
        Err(GeometryProblem::WrongType { found, .. }) if found == "multipolygon" => {
            read_geometry(text, "MultiPolygon")
        }
        Err(GeometryProblem::WrongType { found, .. }) => Err(GeometryProblem::WrongType {
            expected: "polygon eller multipolygon",
            found,
        }),
        other => other,
    }
}

/// The geometry in two dimensions: a plot is land on a map, and a height (a third value per
/// position, as some GIS exports carry) is dropped rather than stored.
fn flat(geometry: geojson::Geometry) -> geojson::Geometry {
    use geojson::{GeometryValue, Position};
    let flat_line = |line: Vec<Position>| -> Vec<Position> {
        line.into_iter()
            .map(|position| match position.as_slice() {
                [x, y, _, ..] => Position::from([*x, *y]),
                _ => position,
            })
            .collect()
    };
    let value = match geometry.value {
        GeometryValue::Polygon { coordinates } => GeometryValue::Polygon {
            coordinates: coordinates.into_iter().map(flat_line).collect(),
        },
        GeometryValue::LineString { coordinates } => GeometryValue::LineString {
            coordinates: flat_line(coordinates),
        },
        GeometryValue::MultiPolygon { coordinates } => GeometryValue::MultiPolygon {
            coordinates: coordinates
                .into_iter()
                .map(|polygon| polygon.into_iter().map(flat_line).collect())
                .collect(),
        },
        other => other,
    };
    geojson::Geometry::new(value)
}

fn swedish(geojson_type: &str) -> &'static str {
    match geojson_type {
        "Polygon" => "polygon",
        "LineString" => "linje",
        "Point" => "punkt",
        "MultiPolygon" => "multipolygon",
        "MultiPoint" => "samling punkter",
        "MultiLineString" => "samling linjer",
        _ => "annan geometri",
    }
}

async fn checked_polygon(
    tx: &mut PgConnection,
    text: &str,
    except: &[i64],
) -> Result<String, SaveRefused> {
    let polygon = read_value(text, "Polygon").map_err(SaveRefused::Geometry)?;
    let corners = match &polygon.value {
        geojson::GeometryValue::Polygon { coordinates } => coordinates.iter().map(Vec::len).sum(),
        _ => 0,
    };
    let polygon = polygon.to_string();
    if corners > MAX_PLOT_CORNERS {
        return Err(SaveRefused::Geometry(GeometryProblem::TooManyCorners(
            corners,
        )));
    }
    db::geometry::check_plot_polygon(tx, &polygon, except)
        .await?
        .map_err(SaveRefused::Geometry)?;
    Ok(polygon)
}

/// The plot, locked for this transaction after the outlines' lock, if the form names the
/// version it has now.
async fn locked(
    tx: &mut PgConnection,
    id: i64,
    form: &GeometryForm,
) -> Result<StaffPlot, SaveRefused> {
    db::geometry::lock_outlines(tx).await?;
    if form.version.trim().parse::<i32>().is_err() {
        return Err(SaveRefused::Geometry(GeometryProblem::MissingVersion));
    }
    let plot = db::staff_plots::lock(tx, id)
        .await?
        .ok_or(SaveRefused::NotFound)?;
    refuse_if_stale(tx, &plot, &form.version).await?;
    Ok(plot)
}

fn change(field: PlotField, from: String, to: String) -> FieldChange {
    FieldChange {
        field: field.name().to_string(),
        from,
        to,
    }
}

/// Writes the plot's new outline and records it in the history, with where the plot came from
/// when that changed too. Returns the plot's new version.
async fn write_outline(
    tx: &mut PgConnection,
    viewer: &Viewer,
    id: i64,
    polygon: &str,
    origin: Option<FieldChange>,
) -> Result<i32, SaveRefused> {
    let before = db::geometry::outline(&mut *tx, id).await?;
    let version = db::geometry::set_outline(tx, id, polygon).await?;
    let after = db::geometry::outline(&mut *tx, id).await?;
    let mut changes = vec![change(PlotField::Geometry, before, after)];
    changes.extend(origin);
    db::staff_plots::record_history(tx, id, Some(viewer.account_id), version, &changes).await?;
    Ok(version)
}

/// A new outline for the plot. Returns the plot's new version.
pub async fn reshape(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    form: &GeometryForm,
) -> Result<i32, SaveRefused> {
    let mut tx = pool.begin().await?;
    let plot = locked(&mut tx, id, form).await?;
    let version = reshape_locked(&mut tx, viewer, id, &form.geometry)
        .await?
        .unwrap_or(plot.version);
    tx.commit().await?;
    Ok(version)
}

/// A new outline for a plot this transaction has locked after the outlines' lock: checked as
/// every outline is, and written with its history entry unless it is the outline the plot has
/// (to the centimetre). Returns the plot's new version, if it changed.
pub async fn reshape_locked(
    tx: &mut PgConnection,
    viewer: &Viewer,
    id: i64,
    geometry: &str,
) -> Result<Option<i32>, SaveRefused> {
    let polygon = checked_polygon(tx, geometry, &[id]).await?;
    if !db::geometry::outline_differs(&mut *tx, id, &polygon).await? {
        return Ok(None);
    }
    write_outline(tx, viewer, id, &polygon, None)
        .await
        .map(Some)
}

async fn free_designation(tx: &mut PgConnection, designation: &str) -> Result<String, SaveRefused> {
    let designation = designation.trim();
    if designation.is_empty() {
        return Err(SaveRefused::Geometry(GeometryProblem::MissingDesignation));
    }
    if let Err(problem) = check_text(designation, DESIGNATION_MAX_CHARS) {
        return Err(SaveRefused::Geometry(
            GeometryProblem::UnreadableDesignation(problem.message(Lang::Sv)),
        ));
    }
    if db::geometry::designation_taken(tx, designation).await? {
        return Err(SaveRefused::Geometry(GeometryProblem::DesignationTaken(
            designation.to_string(),
        )));
    }
    Ok(designation.to_string())
}

/// Splits the plot along a line into itself (the larger part) and a new plot (the smaller,
/// named by the form) with the same facts, not for sale until staff decide. Returns the new
/// plot's id.
pub async fn split(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    form: &GeometryForm,
) -> Result<i64, SaveRefused> {
    let mut tx = pool.begin().await?;
    let plot = locked(&mut tx, id, form).await?;
    let line = read_geometry(&form.geometry, "LineString").map_err(SaveRefused::Geometry)?;
    let designation = free_designation(&mut tx, &form.designation).await?;
    let parts = db::geometry::split_parts(&mut tx, id, &line).await?;
    let [kept, split_off] = &parts[..] else {
        return Err(SaveRefused::Geometry(GeometryProblem::SplitNotInTwo(
            parts.len(),
        )));
    };
    let origin = change(
        PlotField::Origin,
        String::new(),
        format!("delad; den andra delen är {designation}"),
    );
    write_outline(&mut tx, viewer, id, kept, Some(origin)).await?;
    let area = db::geometry::business_area_of(&mut tx, id).await?;
    let new_id =
        db::geometry::insert_plot(&mut tx, &designation, area, split_off, Some(id)).await?;
    let outline = db::geometry::outline(&mut *tx, new_id).await?;
    let created = [
        change(PlotField::Geometry, String::new(), outline),
        change(
            PlotField::Origin,
            String::new(),
            format!("delad från {}", plot.designation),
        ),
    ];
    db::staff_plots::record_history(&mut tx, new_id, Some(viewer.account_id), 1, &created).await?;
    tx.commit().await?;
    Ok(new_id)
}

/// Merges an adjacent plot into this one: this plot gets the union, the other is retired (its
/// row, history and interests stay; its name and outline are in this plot's history too). Both
/// plots must be at the versions the editor loaded. Returns the plot's new version.
pub async fn merge(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    form: &GeometryForm,
) -> Result<i32, SaveRefused> {
    let mut tx = pool.begin().await?;
    let plot = locked(&mut tx, id, form).await?;
    let Some((other, seen)) = form.merge_target().filter(|(other, _)| *other != id) else {
        return Err(SaveRefused::Geometry(GeometryProblem::NotAdjacent));
    };
    let other = db::staff_plots::lock(&mut tx, other)
        .await?
        .ok_or(SaveRefused::Geometry(GeometryProblem::NotAdjacent))?;
    let (union, single) = db::geometry::union_of(&mut tx, id, other.id).await?;
    if !single {
        return Err(SaveRefused::Geometry(GeometryProblem::NotAdjacent));
    }
    let seen = seen.ok_or(SaveRefused::Geometry(GeometryProblem::MissingVersion))?;
    if other.version != seen {
        return Err(SaveRefused::Geometry(GeometryProblem::NeighbourChanged(
            other.designation,
        )));
    }
    let union = checked_polygon(&mut tx, &union, &[id, other.id]).await?;
    // The merged plot's outline stays in the history as where the land came from. It is
    // retired before this plot takes its land, or the two would overlap for a moment.
    let other_outline = db::geometry::outline(&mut *tx, other.id).await?;
    let retired = db::geometry::retire_plot(&mut tx, other.id, Some(id)).await?;
    let into = change(
        PlotField::Origin,
        String::new(),
        format!("sammanslagen med {}, som den nu ingår i", plot.designation),
    );
    db::staff_plots::record_history(&mut tx, other.id, Some(viewer.account_id), retired, &[into])
        .await?;
    let origin = change(
        PlotField::Origin,
        other_outline,
        format!("sammanslagen med {}", other.designation),
    );
    let version = write_outline(&mut tx, viewer, id, &union, Some(origin)).await?;
    tx.commit().await?;
    Ok(version)
}

/// A newly drawn plot in a business area, not for sale until staff set its facts. Returns its id.
pub async fn create(
    pool: &PgPool,
    viewer: &Viewer,
    form: &GeometryForm,
) -> Result<i64, SaveRefused> {
    let mut tx = pool.begin().await?;
    let id = create_in(&mut tx, viewer, form).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`create`] within a transaction the caller commits (a standards client's new plot sets its
/// facts in the same one).
pub async fn create_in(
    tx: &mut PgConnection,
    viewer: &Viewer,
    form: &GeometryForm,
) -> Result<i64, SaveRefused> {
    db::geometry::lock_outlines(tx).await?;
    let area = match form.business_area.trim().parse::<i64>() {
        Ok(area) if db::geometry::business_area_exists(tx, area).await? => area,
        _ => return Err(SaveRefused::Geometry(GeometryProblem::UnknownBusinessArea)),
    };
    let designation = free_designation(tx, &form.designation).await?;
    let polygon = checked_polygon(tx, &form.geometry, &[]).await?;
    let id = db::geometry::insert_plot(tx, &designation, area, &polygon, None).await?;
    let outline = db::geometry::outline(&mut *tx, id).await?;
    let created = [
        change(PlotField::Geometry, String::new(), outline),
        change(PlotField::Origin, String::new(), "ritad".to_string()),
    ];
    db::staff_plots::record_history(tx, id, Some(viewer.account_id), 1, &created).await?;
    Ok(id)
}

/// Takes a plot off offer for good (a standards client's DELETE), at the version the caller
/// saw: it leaves every page and list as a merged plot does, while its row, its history and
/// the interests in it stay.
pub async fn retire(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    based_on: &str,
) -> Result<(), SaveRefused> {
    let mut tx = pool.begin().await?;
    let plot = db::staff_plots::lock(&mut tx, id)
        .await?
        .ok_or(SaveRefused::NotFound)?;
    refuse_if_stale(&mut tx, &plot, based_on).await?;
    let version = db::geometry::retire_plot(&mut tx, id, None).await?;
    let removed = change(PlotField::Origin, String::new(), "borttagen".to_string());
    db::staff_plots::record_history(&mut tx, id, Some(viewer.account_id), version, &[removed])
        .await?;
    tx.commit().await?;
    Ok(())
}
