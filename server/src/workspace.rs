//! The staff workspace's work: saving a plot edit without ever overwriting someone else's, and
//! the data the workspace pages show (the app's [`Workspace`]).

use markkartan_app::catalog::CatalogUnavailable;
use markkartan_app::domain::{
    EditError, HistoryEntry, Permission, PlotEditForm, PlotEditor, Viewer, WorkspaceOverview,
};
use markkartan_app::workspace::Workspace;
use sqlx::PgPool;

use crate::db;

#[derive(Debug, thiserror::Error)]
pub enum SaveRefused {
    #[error("the edit has {} invalid field(s)", .0.len())]
    Invalid(Vec<EditError>),
    /// Someone saved the plot after the version the edit was based on: what they changed, and
    /// the version the plot has now.
    #[error("the plot changed meanwhile (now version {current_version})")]
    Conflict {
        meanwhile: Vec<HistoryEntry>,
        current_version: i32,
    },
    #[error("no such plot")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Saves a plot edit in one transaction: lock the plot, refuse if it changed since the version
/// the editor loaded, validate against its current status, write it and its history entry.
/// Returns the plot's version after the save (unchanged when nothing was changed).
pub async fn save_plot(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    form: &PlotEditForm,
) -> Result<i32, SaveRefused> {
    let mut tx = pool.begin().await?;
    let current = db::staff_plots::lock(&mut tx, id)
        .await?
        .ok_or(SaveRefused::NotFound)?;
    let based_on = form.version.trim().parse::<i32>().ok();
    if let Some(based_on) = based_on.filter(|v| *v != current.version) {
        let meanwhile = db::staff_plots::history(&mut tx, id, based_on).await?;
        return Err(SaveRefused::Conflict {
            meanwhile,
            current_version: current.version,
        });
    }
    let edit = form
        .validate(current.status)
        .map_err(SaveRefused::Invalid)?;
    let changes = edit.changes_from(&current);
    if changes.is_empty() {
        return Ok(current.version);
    }
    let version = db::staff_plots::update(&mut tx, id, &edit).await?;
    db::staff_plots::record_history(&mut tx, id, Some(viewer.account_id), version, &changes)
        .await?;
    tx.commit().await?;
    Ok(version)
}

pub struct DbWorkspace {
    pub pool: PgPool,
}

#[async_trait::async_trait]
impl Workspace for DbWorkspace {
    async fn overview(&self, viewer: Viewer) -> Result<WorkspaceOverview, CatalogUnavailable> {
        let plots = if viewer.role.may(Permission::EditPlots) {
            db::staff_plots::all(&self.pool)
                .await
                .map_err(unavailable)?
        } else {
            Vec::new()
        };
        Ok(WorkspaceOverview {
            viewer,
            plots,
            today: chrono::Local::now().date_naive(),
        })
    }

    async fn plot_editor(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<PlotEditor>, CatalogUnavailable> {
        let load = async {
            let Some(plot) = db::staff_plots::one(&self.pool, id).await? else {
                return Ok(None);
            };
            let mut conn = self.pool.acquire().await?;
            let history = db::staff_plots::history(&mut conn, id, 0).await?;
            let contacts = db::staff_plots::contacts(&self.pool).await?;
            Ok::<_, sqlx::Error>(Some(PlotEditor {
                viewer,
                plot,
                contacts,
                history,
            }))
        };
        load.await.map_err(unavailable)
    }
}

fn unavailable(error: sqlx::Error) -> CatalogUnavailable {
    tracing::error!(%error, "the workspace's data could not be loaded");
    CatalogUnavailable
}
