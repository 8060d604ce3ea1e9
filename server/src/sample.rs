//! The sample data set in data/sample: fictional but realistic business land in Norrtälje kommun.
//!
//! Loading is all or nothing: every file goes in within one transaction, so a bad file leaves
//! the database as it was.

use std::path::{Path, PathBuf};

use crate::db;

#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a GeoJSON FeatureCollection: {reason}")]
    NotGeoJson { path: PathBuf, reason: String },
    #[error("loading {file} failed, nothing was stored: {source}")]
    Database {
        file: &'static str,
        source: sqlx::Error,
    },
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Loaded {
        plots: u64,
        detailed_plans: u64,
        future_areas: u64,
    },
    /// The database already had content and `replace` was not asked for.
    AlreadyLoaded,
}

/// Loads the sample in `dir` and the land around the municipality from `land` (the real
/// coast, data/context/land.geojson), which the municipality's outline is cut to.
pub async fn load(
    pool: &sqlx::PgPool,
    dir: &Path,
    land: &Path,
    replace: bool,
) -> Result<Outcome, SampleError> {
    let read = |name: &'static str| -> Result<String, SampleError> {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|source| SampleError::Read { path, source })
    };
    let read_geojson = |name: &'static str| -> Result<String, SampleError> {
        read_feature_collection(&dir.join(name))
    };
    let land_geojson = read_feature_collection(land)?;
    let contacts = read("contact_persons.json")?;
    let municipality = read_geojson("municipality.geojson")?;
    let localities = read_geojson("localities.geojson")?;
    let roads = read_geojson("roads.geojson")?;
    let ports = read_geojson("ports.geojson")?;
    let streets = read_geojson("streets.geojson")?;
    let business_areas = read("business_areas.json")?;
    let plots = read_geojson("plots.geojson")?;
    let plans = read_geojson("detailed_plans.geojson")?;
    let future_areas = read_geojson("future_areas.geojson")?;
    let land_use = read_geojson("land_use.geojson")?;
    let national_interests = read_geojson("national_interests.geojson")?;
    let shore_protection = read_geojson("shore_protection.geojson")?;

    let step = |file: &'static str| move |source| SampleError::Database { file, source };
    let mut tx = pool.begin().await.map_err(step("(transaction)"))?;
    if db::sample::has_content(&mut tx)
        .await
        .map_err(step("(check)"))?
    {
        if !replace {
            return Ok(Outcome::AlreadyLoaded);
        }
        db::sample::clear(&mut tx).await.map_err(step("(clear)"))?;
    }
    db::sample::insert_contacts(&mut tx, &contacts)
        .await
        .map_err(step("contact_persons.json"))?;
    db::sample::insert_meeting_slots(&mut tx)
        .await
        .map_err(step("(the contact persons' phone hours)"))?;
    db::sample::insert_land(&mut tx, &land_geojson)
        .await
        .map_err(step("land.geojson"))?;
    db::sample::insert_municipality(&mut tx, &municipality)
        .await
        .map_err(step("municipality.geojson"))?;
    db::sample::insert_shorelines(&mut tx)
        .await
        .map_err(step("(the shores, from land.geojson)"))?;
    db::sample::insert_localities(&mut tx, &localities)
        .await
        .map_err(step("localities.geojson"))?;
    db::sample::insert_roads(&mut tx, &roads)
        .await
        .map_err(step("roads.geojson"))?;
    db::sample::insert_ports(&mut tx, &ports)
        .await
        .map_err(step("ports.geojson"))?;
    db::sample::insert_streets(&mut tx, &streets)
        .await
        .map_err(step("streets.geojson"))?;
    db::sample::insert_business_areas(&mut tx, &business_areas)
        .await
        .map_err(step("business_areas.json"))?;
    let plots = db::sample::insert_plots(&mut tx, &plots)
        .await
        .map_err(step("plots.geojson"))?;
    let detailed_plans = db::sample::insert_detailed_plans(&mut tx, &plans)
        .await
        .map_err(step("detailed_plans.geojson"))?;
    let future_areas = db::sample::insert_future_areas(&mut tx, &future_areas)
        .await
        .map_err(step("future_areas.geojson"))?;
    db::sample::insert_land_use(&mut tx, &land_use)
        .await
        .map_err(step("land_use.geojson"))?;
    db::sample::insert_national_interests(&mut tx, &national_interests)
        .await
        .map_err(step("national_interests.geojson"))?;
    db::sample::insert_shore_protection(&mut tx, &shore_protection)
        .await
        .map_err(step("shore_protection.geojson"))?;
    db::planning::adopt_published(&mut tx)
        .await
        .map_err(step("(the plans' and areas' first revisions)"))?;
    tx.commit().await.map_err(step("(commit)"))?;
    Ok(Outcome::Loaded {
        plots,
        detailed_plans,
        future_areas,
    })
}

fn read_feature_collection(path: &Path) -> Result<String, SampleError> {
    let text = std::fs::read_to_string(path).map_err(|source| SampleError::Read {
        path: path.to_owned(),
        source,
    })?;
    match text.parse::<geojson::GeoJson>() {
        Ok(geojson::GeoJson::FeatureCollection(_)) => Ok(text),
        Ok(_) => Err(SampleError::NotGeoJson {
            path: path.to_owned(),
            reason: "expected a FeatureCollection".into(),
        }),
        Err(error) => Err(SampleError::NotGeoJson {
            path: path.to_owned(),
            reason: error.to_string(),
        }),
    }
}
