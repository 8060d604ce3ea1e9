//! The import's drafts: a read file kept for staff to preview on the map with every feature's
//! checks, its mapping and coordinate system changed, and written all or nothing.

use std::collections::HashMap;

use markkartan_app::domain::{
    Crs, ImportMapping, ImportPreview, ImportProblem, ImportedPlot, MAX_FILE_NAME_CHARS,
    PreviewFeature, Viewer, check_text,
};
use sqlx::PgPool;

use super::read::{read_file, unreadable};
use crate::db;

/// Reads the file and keeps it as the viewer's draft: `chosen` is the coordinate system staff
/// picked, used when the file names none. Returns the draft's id; a file that cannot be read
/// stores nothing.
pub async fn upload(
    pool: &PgPool,
    viewer: &Viewer,
    file_name: &str,
    bytes: Vec<u8>,
    chosen: Option<Crs>,
    business_area: Option<i64>,
) -> Result<i64, ImportProblem> {
    if check_text(file_name, MAX_FILE_NAME_CHARS).is_err() {
        return Err(ImportProblem::UnreadableFileName);
    }
    let file = read_file(file_name.to_string(), bytes).await?;
    let crs = file.crs.or(chosen).ok_or(ImportProblem::MissingCrs)?;
    let mapping = ImportMapping::guess(&file.attributes);
    let stored = async {
        let id = db::import::insert_draft(
            pool,
            viewer.account_id,
            file_name,
            &file,
            crs,
            business_area,
            &mapping,
        )
        .await?;
        checked(pool, viewer.account_id, id).await.map(|_| id)
    };
    stored.await.map_err(|error| {
        tracing::error!(%error, "storing an import draft failed");
        unreadable(
            file.format,
            "den kunde inte sparas för granskning; försök igen",
        )
    })
}

/// The draft's features as their checks found them: run once after each upload or change and
/// kept with the draft, so showing the preview again costs no checks. `None`: no such draft.
async fn checked(
    pool: &PgPool,
    account_id: i64,
    id: i64,
) -> Result<Option<(db::import::Draft, db::import::Checked)>, sqlx::Error> {
    let Some(mut draft) = db::import::draft(pool, account_id, id, false).await? else {
        return Ok(None);
    };
    let checked = match draft.checked.take() {
        Some(checked) => checked,
        None => {
            // The transaction only holds the staged features; it writes nothing.
            let mut tx = pool.begin().await?;
            let features: Vec<PreviewFeature> = check(&mut tx, &draft)
                .await?
                .into_iter()
                .map(|(feature, _)| feature)
                .collect();
            let (view, existing_svg_paths) = db::import::map_around(&mut tx).await?;
            tx.rollback().await?;
            let checked = db::import::Checked {
                features,
                view,
                existing_svg_paths,
            };
            db::import::store_checks(pool, account_id, id, &checked).await?;
            checked
        }
    };
    Ok(Some((draft, checked)))
}

/// The draft as staff review it: every feature with what stops it, the map. `None` when the
/// draft does not exist or belongs to someone else.
pub async fn preview(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
) -> Result<Option<ImportPreview>, sqlx::Error> {
    let Some((draft, checked)) = checked(pool, viewer.account_id, id).await? else {
        return Ok(None);
    };
    let land_svg_path =
        db::context::land_in_view(pool, checked.view, db::context::SMALL_MAP_TOLERANCE_M).await?;
    Ok(Some(ImportPreview {
        viewer: viewer.clone(),
        id,
        file_name: draft.file_name,
        format: draft.format,
        crs_from_file: draft.crs_from_file,
        crs: draft.crs,
        business_area: draft.business_area,
        business_areas: db::geometry::business_areas(pool).await?,
        attributes: draft.attributes,
        mapping: draft.mapping,
        features: checked.features,
        existing_svg_paths: checked.existing_svg_paths,
        land_svg_path,
        view: checked.view,
    }))
}

/// Every feature checked as a plot: its attributes through the mapping, its geometry in
/// PostGIS (type, validity, in Sweden, in the municipality, overlaps with plots and with the
/// file's other features), its designation against existing plots and the file's others.
async fn check(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    draft: &db::import::Draft,
) -> Result<Vec<(PreviewFeature, Option<ImportedPlot>)>, sqlx::Error> {
    db::import::stage_features(tx, &draft.features, draft.crs).await?;
    let geometry = db::import::check_geometries(tx, draft.crs).await?;
    let plots: Vec<Result<ImportedPlot, Vec<String>>> = draft
        .features
        .iter()
        .map(|f| ImportedPlot::from_attributes(&f.properties, &draft.mapping))
        .collect();
    let designations: Vec<String> = plots
        .iter()
        .filter_map(|p| p.as_ref().ok().map(|p| p.designation.clone()))
        .collect();
    let taken = db::import::designations_taken(tx, &designations).await?;
    let mut repeated: HashMap<&str, usize> = HashMap::new();
    for designation in &designations {
        *repeated.entry(designation).or_default() += 1;
    }
    Ok(plots
        .into_iter()
        .zip(geometry)
        .enumerate()
        .map(|(i, (plot, geometry))| {
            let mut problems = geometry.problems;
            let (designation, status, plot) = match plot {
                Ok(plot) => {
                    if taken.contains(&plot.designation) {
                        problems.push(format!(
                            "Det finns redan en tomt som heter {}.",
                            plot.designation
                        ));
                    }
                    let twin = repeated
                        .get(plot.designation.as_str())
                        .copied()
                        .unwrap_or(1);
                    if twin > 1 {
                        problems.push(format!(
                            "Beteckningen {} finns {twin} gånger i filen.",
                            plot.designation
                        ));
                    }
                    (plot.designation.clone(), Some(plot.status), Some(plot))
                }
                Err(attribute_problems) => {
                    problems.extend(attribute_problems);
                    let written = draft
                        .mapping
                        .designation_as_written(&draft.features[i].properties);
                    (written, None, None)
                }
            };
            let plot = plot.filter(|_| problems.is_empty());
            (
                PreviewFeature {
                    number: i + 1,
                    designation,
                    status,
                    area_m2: geometry.area_m2,
                    svg_path: geometry.svg_path,
                    label_at: geometry.label_at,
                    problems,
                },
                plot,
            )
        })
        .collect())
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewRefused {
    /// The business area chosen does not exist.
    #[error("no such business area")]
    UnknownBusinessArea,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The preview form: coordinate system, business area and mapping. A file's own coordinate
/// system cannot be overridden. Returns false when the viewer has no such draft.
pub async fn update(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    crs: Option<Crs>,
    business_area: Option<i64>,
    mapping_fields: &[(String, String)],
) -> Result<bool, ReviewRefused> {
    let Some(draft) = db::import::draft(pool, viewer.account_id, id, false).await? else {
        return Ok(false);
    };
    if let Some(area) = business_area {
        let mut conn = pool.acquire().await?;
        if !db::geometry::business_area_exists(&mut conn, area).await? {
            return Err(ReviewRefused::UnknownBusinessArea);
        }
    }
    // A form without the mapping's fields leaves the mapping as it is.
    let mapping = if mapping_fields.iter().any(|(k, _)| k.starts_with("falt_")) {
        ImportMapping::from_form(
            mapping_fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            &draft.attributes,
        )
    } else {
        draft.mapping
    };
    let crs = draft.crs_from_file.or(crs).unwrap_or(draft.crs);
    db::import::update_draft(pool, viewer.account_id, id, crs, business_area, &mapping).await?;
    checked(pool, viewer.account_id, id).await?;
    Ok(true)
}

#[derive(Debug, thiserror::Error)]
pub enum CommitRefused {
    #[error("no such draft")]
    NotFound,
    /// What stops the import, as the preview says it.
    #[error("import refused: {0:?}")]
    Blocked(Vec<String>),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Writes every feature of the draft as a new plot, with its history, in one transaction, and
/// removes the draft; if any feature fails its checks nothing is written. Returns how many
/// plots were created.
pub async fn commit(pool: &PgPool, viewer: &Viewer, id: i64) -> Result<usize, CommitRefused> {
    let mut tx = pool.begin().await?;
    let draft = db::import::draft(&mut *tx, viewer.account_id, id, true)
        .await?
        .ok_or(CommitRefused::NotFound)?;
    // Plots are checked against each other and the rest inside the transaction; a lock on
    // the table keeps another writer from placing a plot in between.
    db::import::lock_plots(&mut tx).await.map_err(|error| {
        if error
            .as_database_error()
            .and_then(|e| e.code())
            .is_some_and(|code| code == "55P03")
        {
            CommitRefused::Blocked(vec![
                "Tomter sparas just nu av någon annan. Försök igen om en stund.".to_string(),
            ])
        } else {
            error.into()
        }
    })?;
    let checked = check(&mut tx, &draft).await?;
    let Some(area) = draft.business_area else {
        return Err(CommitRefused::Blocked(vec![
            "Välj vilket verksamhetsområde tomterna hör till.".to_string(),
        ]));
    };
    // Every feature a plot, or nothing is written: (its number, the plot) or what stops it.
    let mut plots: Vec<db::import::NewPlot> = Vec::with_capacity(checked.len());
    let mut problems: Vec<String> = Vec::new();
    for (n, (feature, plot)) in checked.iter().enumerate() {
        match plot {
            Some(plot) if feature.problems.is_empty() => {
                plots.push(db::import::NewPlot { n: n + 1, plot })
            }
            _ => problems.push(format!(
                "Objekt {}: {}",
                feature.number,
                feature.problems.join(" ")
            )),
        }
    }
    if !problems.is_empty() {
        return Err(CommitRefused::Blocked(problems));
    }
    let origin = format!("importerad från {}", draft.file_name);
    db::import::insert_plots(&mut tx, &plots, area, viewer.account_id, &origin).await?;
    db::import::delete_draft(&mut *tx, viewer.account_id, id).await?;
    tx.commit().await?;
    Ok(checked.len())
}

/// Drops the viewer's draft.
pub async fn cancel(pool: &PgPool, viewer: &Viewer, id: i64) -> Result<(), sqlx::Error> {
    db::import::delete_draft(pool, viewer.account_id, id).await
}
