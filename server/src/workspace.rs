//! The staff workspace's work: saving a plot edit without ever overwriting someone else's, and
//! the data the workspace pages show (the app's [`Workspace`]).

use markkartan_app::domain::{
    AccountsPage, EditError, GeometryProblem, HistoryEntry, ImportPreview, ImportStart, Inbox,
    InboxFilter, InterestCase, InterestStatus, InterestUpdateForm, Lang, Permission, PlacePoint,
    PlanningEditor, PlanningKind, PlanningOverview, PlotEditForm, PlotEditor, PlotField, PlotPage,
    RetiredPlot, StaffPlot, Viewer, WorkspaceOverview,
};
use markkartan_app::service::ServiceUnavailable;
use markkartan_app::staff::service::Workspace;
use sqlx::PgPool;

use crate::db;

/// At most this many plots are offered to a proposal: the published ones for sale, by
/// business area.
const MAX_PROPOSAL_PLOT_CHOICES: usize = 2000;

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
    /// A geometry that is not a valid plot where it is (reshape, split, merge, create).
    #[error("geometry refused: {0:?}")]
    Geometry(GeometryProblem),
    #[error("no such plot")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl SaveRefused {
    /// What the form shows beside the message: the fields refused, and what others saved
    /// meanwhile (a conflict).
    pub fn shown_with_form(&self) -> (Vec<EditError>, Vec<HistoryEntry>) {
        match self {
            SaveRefused::Invalid(errors) => (errors.clone(), Vec::new()),
            SaveRefused::Conflict { meanwhile, .. } => (Vec::new(), meanwhile.clone()),
            _ => (Vec::new(), Vec::new()),
        }
    }

    /// The plot's version now, after a conflict.
    pub fn current_version(&self) -> Option<i32> {
        match self {
            SaveRefused::Conflict {
                current_version, ..
            } => Some(*current_version),
            _ => None,
        }
    }
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
    refuse_if_stale(&mut tx, &current, &form.version).await?;
    let version = write_facts(&mut tx, viewer, &current, form).await?;
    tx.commit().await?;
    Ok(version)
}

/// A change to a plot from a standards client (OGC API – Features Part 4): its facts and, when
/// given, a new outline (GeoJSON in EPSG:3011), both based on `form.version`, in one
/// transaction: the editor's rules and history entries, nothing stored unless all of it is.
/// Returns the plot's version after it.
pub async fn change_plot(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    form: &PlotEditForm,
    outline: Option<&str>,
) -> Result<i32, SaveRefused> {
    let mut tx = pool.begin().await?;
    if outline.is_some() {
        // Outlines are checked against their neighbours under one lock, as the editor's are.
        db::geometry::lock_outlines(&mut tx).await?;
    }
    let current = db::staff_plots::lock(&mut tx, id)
        .await?
        .ok_or(SaveRefused::NotFound)?;
    refuse_if_stale(&mut tx, &current, &form.version).await?;
    let mut version = write_facts(&mut tx, viewer, &current, form).await?;
    if let Some(outline) = outline {
        version = crate::geometry::reshape_locked(&mut tx, viewer, id, outline)
            .await?
            .unwrap_or(version);
    }
    tx.commit().await?;
    Ok(version)
}

/// Validates the facts of an edit against the plot (locked, at the version the edit is based
/// on) and writes what changed, with its history entry. Returns the plot's version after it.
pub async fn write_facts(
    tx: &mut sqlx::PgConnection,
    viewer: &Viewer,
    current: &StaffPlot,
    form: &PlotEditForm,
) -> Result<i32, SaveRefused> {
    let edit = form
        .validate(current.status)
        .map_err(SaveRefused::Invalid)?;
    if let Some(contact) = edit.contact_person_id
        && !db::staff_plots::contact_exists(tx, contact).await?
    {
        return Err(SaveRefused::Invalid(vec![EditError {
            field: PlotField::ContactPerson,
            message: "Välj en kontaktperson i listan.".to_string(),
        }]));
    }
    let changes = edit.changes_from(current);
    if changes.is_empty() {
        return Ok(current.version);
    }
    let version = db::staff_plots::update(tx, current.id, &edit).await?;
    db::staff_plots::record_history(tx, current.id, Some(viewer.account_id), version, &changes)
        .await?;
    Ok(version)
}

#[derive(Debug, thiserror::Error)]
pub enum UpdateRefused {
    /// A field (by its form name) that cannot be accepted, and why.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("no such interest")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Handles an interest: its status, who handles it, and a new note, in one transaction.
pub async fn update_interest(
    pool: &PgPool,
    viewer: &Viewer,
    id: i64,
    form: &InterestUpdateForm,
    site: &str,
) -> Result<(), UpdateRefused> {
    let update = form
        .validate()
        .map_err(|(field, message)| UpdateRefused::Invalid { field, message })?;
    let mut tx = pool.begin().await?;
    if let Some(colleague) = update.assigned_to
        && !db::inbox::colleague_exists(&mut tx, colleague).await?
    {
        return Err(UpdateRefused::Invalid {
            field: "handlaggare",
            message: "Välj en handläggare i listan.".to_string(),
        });
    }
    if !db::inbox::update(&mut tx, id, viewer.account_id, &update).await? {
        return Err(UpdateRefused::NotFound);
    }

    // A handover: in the case's history, and an e-mail to whoever answers it now, in the
    // transaction that makes it.
    if let Some(owner) = update.owner {
        match db::inbox::hand_over(&mut tx, id, viewer.account_id, owner).await? {
            db::inbox::HandedOver::Done(handover) => {
                if let Some(mail) = crate::mail::for_handover(id, &handover, &viewer.name, site) {
                    crate::mail::queue(&mut tx, &mail).await?;
                }
            }
            db::inbox::HandedOver::Unchanged => {}
            db::inbox::HandedOver::NoSuchContact => {
                return Err(UpdateRefused::Invalid {
                    field: "svarar",
                    message: "Välj vem som ska svara i listan.".to_string(),
                });
            }
        }
    }
    // A closed case asks the company how it was served, once, counted under whoever answers
    // it now.
    if update.status == InterestStatus::Closed {
        crate::surveys::invite(&mut tx, id, site).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes personal data past the retention period (and import drafts older than a day) once an hour, for as long as the server
/// runs (the first time at start).
pub fn spawn_retention(pool: PgPool, months: u32) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            match db::inbox::delete_expired_personal_data(&pool, months).await {
                Ok(0) => {}
                Ok(cleared) => {
                    tracing::info!(cleared, months, "personal data of closed interests deleted")
                }
                Err(error) => tracing::error!(%error, "deleting expired personal data failed"),
            }
            match db::meetings::delete_expired_personal_data(&pool, months).await {
                Ok(0) => {}
                Ok(cleared) => {
                    tracing::info!(cleared, months, "personal data of past bookings deleted")
                }
                Err(error) => tracing::error!(%error, "deleting expired bookings failed"),
            }
            if let Err(error) = db::import::delete_stale_drafts(&pool).await {
                tracing::error!(%error, "deleting stale import drafts failed");
            }
        }
    });
}

/// Refuses a change based on another version than the plot (locked by the caller) has now,
/// with the changes made since. A missing version is left to validation.
pub async fn refuse_if_stale(
    tx: &mut sqlx::PgConnection,
    current: &StaffPlot,
    based_on: &str,
) -> Result<(), SaveRefused> {
    match based_on.trim().parse::<i32>() {
        Ok(based_on) if based_on != current.version => Err(SaveRefused::Conflict {
            meanwhile: db::staff_plots::history(tx, current.id, based_on).await?,
            current_version: current.version,
        }),
        _ => Ok(()),
    }
}

pub struct DbWorkspace {
    pub pool: PgPool,
    /// Whether a planner may approve their own revision.
    pub planner_self_approval: bool,
    /// Whether an SMTP server sends the queued e-mail.
    pub mail_configured: bool,
}

#[async_trait::async_trait]
impl Workspace for DbWorkspace {
    async fn overview(&self, viewer: Viewer) -> Result<WorkspaceOverview, ServiceUnavailable> {
        let (plots, plot_outlines, land_by_business_area, land, places) =
            if viewer.role.may(Permission::EditPlots) {
                tokio::try_join!(
                    db::staff_plots::all(&self.pool),
                    db::geometry::all_outlines(&self.pool),
                    db::context::land_around_business_areas(&self.pool),
                    db::context::land_around_plots(&self.pool),
                    db::context::local_places(&self.pool),
                )
                .map_err(unavailable)?
            } else {
                Default::default()
            };
        let business_areas = db::geometry::business_areas(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(WorkspaceOverview {
            viewer,
            business_areas,
            plots,
            plot_outlines,
            land_by_business_area,
            land,
            places,
            // The municipality's date, whatever the server's own time zone.
            today: chrono::Utc::now()
                .with_timezone(&chrono_tz::Europe::Stockholm)
                .date_naive(),
        })
    }

    async fn plot_page(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<PlotPage>, ServiceUnavailable> {
        let load = async {
            let Some(plot) = db::staff_plots::one(&self.pool, id).await? else {
                return self.retired_plot(viewer, id).await;
            };
            let mut conn = self.pool.acquire().await?;
            let history = db::staff_plots::history(&mut conn, id, 0).await?;
            let (contacts, outline_geojson, neighbours, nearby, land) = tokio::try_join!(
                db::staff_plots::contacts(&self.pool),
                db::geometry::outline(&self.pool, id),
                db::geometry::neighbours(&self.pool, id),
                db::geometry::nearby_outlines(&self.pool, id),
                db::context::land_around_plot(&self.pool, id),
            )?;
            Ok::<_, sqlx::Error>(Some(PlotPage::Current(Box::new(PlotEditor {
                viewer,
                plot,
                contacts,
                history,
                outline_geojson,
                neighbours,
                nearby,
                land,
            }))))
        };
        load.await.map_err(unavailable)
    }

    async fn inbox(
        &self,
        viewer: Viewer,
        filter: InboxFilter,
    ) -> Result<Inbox, ServiceUnavailable> {
        let (items, business_areas) = tokio::try_join!(
            db::inbox::list(&self.pool, &filter),
            db::inbox::business_areas(&self.pool),
        )
        .map_err(unavailable)?;
        Ok(Inbox {
            viewer,
            items,
            business_areas,
        })
    }

    async fn interest_case(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<InterestCase>, ServiceUnavailable> {
        let (item, notes, colleagues, mails, contacts, proposals) = tokio::try_join!(
            db::inbox::one(&self.pool, id),
            db::inbox::notes(&self.pool, id),
            db::inbox::colleagues(&self.pool),
            db::mail::of_case(&self.pool, id),
            db::inbox::contact_choices(&self.pool),
            db::proposals::of_case(&self.pool, id),
        )
        .map_err(unavailable)?;
        let place = item
            .as_ref()
            .and_then(|item| item.place.as_deref())
            .and_then(PlacePoint::from_param);
        let place_map = match place {
            Some(place) => Some(
                db::place::small_map(&self.pool, place)
                    .await
                    .map_err(unavailable)?,
            ),
            None => None,
        };
        Ok(item.map(|item| InterestCase {
            viewer,
            item,
            place_map,
            notes,
            colleagues,
            contacts,
            mails,
            mail_configured: self.mail_configured,
            proposals,
        }))
    }

    async fn proposal_editor(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<markkartan_app::domain::ProposalEditor>, ServiceUnavailable> {
        let Some((summary, proposal)) = db::proposals::one(&self.pool, id)
            .await
            .map_err(unavailable)?
        else {
            return Ok(None);
        };
        let (items, contacts, plots, area_choices) = tokio::try_join!(
            crate::proposals::items(&self.pool, id),
            db::inbox::contact_choices(&self.pool),
            db::plots::compare_choices(&self.pool, &[], MAX_PROPOSAL_PLOT_CHOICES),
            db::proposals::future_area_choices(&self.pool),
        )
        .map_err(unavailable)?;
        let plot_choices = plots
            .into_iter()
            .map(|p| {
                let label = format!(
                    "{} – {}, {}",
                    p.designation,
                    p.business_area,
                    markkartan_app::domain::format_area_m2(p.area_m2, Lang::Sv)
                );
                (p.id, label)
            })
            .collect();
        Ok(Some(markkartan_app::domain::ProposalEditor {
            viewer,
            summary,
            interest_id: proposal.interest_id,
            company_name: proposal.company_name,
            letter: proposal.letter,
            contact_id: proposal.contact_id,
            valid_days: proposal.valid_days,
            items,
            contacts,
            plot_choices,
            area_choices,
        }))
    }

    async fn insights(
        &self,
        viewer: Viewer,
        lang: Lang,
    ) -> Result<markkartan_app::domain::InsightsPage, ServiceUnavailable> {
        let insights = crate::insights::insights(&self.pool, lang)
            .await
            .map_err(unavailable)?;
        Ok(markkartan_app::domain::InsightsPage { viewer, insights })
    }

    async fn meetings(
        &self,
        viewer: Viewer,
    ) -> Result<markkartan_app::domain::MeetingsPage, ServiceUnavailable> {
        let (contacts, slots) = tokio::try_join!(
            db::inbox::contact_choices(&self.pool),
            db::meetings::coming(&self.pool),
        )
        .map_err(unavailable)?;
        Ok(markkartan_app::domain::MeetingsPage {
            viewer,
            contacts,
            slots,
        })
    }

    async fn contacts(
        &self,
        viewer: Viewer,
    ) -> Result<markkartan_app::domain::ContactsPage, ServiceUnavailable> {
        let (contacts, business_areas, responsibilities) = tokio::try_join!(
            db::contacts::all(&self.pool),
            db::contacts::business_areas(&self.pool),
            db::contacts::responsibilities(&self.pool),
        )
        .map_err(unavailable)?;
        Ok(markkartan_app::domain::ContactsPage {
            viewer,
            contacts,
            business_areas,
            responsibilities,
        })
    }

    async fn accounts(&self, viewer: Viewer) -> Result<AccountsPage, ServiceUnavailable> {
        let accounts = db::accounts::list(&self.pool).await.map_err(unavailable)?;
        let api_tokens = db::api_tokens::list(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(AccountsPage {
            viewer,
            accounts,
            api_tokens,
        })
    }

    async fn import_start(&self, viewer: Viewer) -> Result<ImportStart, ServiceUnavailable> {
        let business_areas = db::geometry::business_areas(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(ImportStart {
            viewer,
            business_areas,
        })
    }

    async fn import_preview(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<ImportPreview>, ServiceUnavailable> {
        crate::import::preview(&self.pool, &viewer, id)
            .await
            .map_err(unavailable)
    }

    async fn planning_overview(
        &self,
        viewer: Viewer,
    ) -> Result<PlanningOverview, ServiceUnavailable> {
        let items = db::planning::items(&self.pool).await.map_err(unavailable)?;
        Ok(PlanningOverview {
            viewer,
            items,
            self_approval: self.planner_self_approval,
        })
    }

    async fn planning_editor(
        &self,
        viewer: Viewer,
        kind: PlanningKind,
        id: Option<i64>,
    ) -> Result<Option<PlanningEditor>, ServiceUnavailable> {
        self.load_planning_editor(viewer, kind, id)
            .await
            .map_err(unavailable)
    }
}

impl DbWorkspace {
    /// A plot merged into another: its record and whole history (`None` for no plot at all).
    async fn retired_plot(&self, viewer: Viewer, id: i64) -> Result<Option<PlotPage>, sqlx::Error> {
        let Some((designation, retired_at, merged_into)) =
            db::staff_plots::retired(&self.pool, id).await?
        else {
            return Ok(None);
        };
        let mut conn = self.pool.acquire().await?;
        let history = db::staff_plots::history(&mut conn, id, 0).await?;
        Ok(Some(PlotPage::Retired(RetiredPlot {
            viewer,
            designation,
            retired_at,
            merged_into,
            history,
        })))
    }

    async fn load_planning_editor(
        &self,
        viewer: Viewer,
        kind: PlanningKind,
        id: Option<i64>,
    ) -> Result<Option<PlanningEditor>, sqlx::Error> {
        let (open, published, public, history, demand) = match id {
            Some(id) => {
                if !db::planning::exists(&self.pool, kind, id).await? {
                    return Ok(None);
                }
                tokio::try_join!(
                    db::planning::open_revision(&self.pool, kind, id),
                    db::planning::latest_published(&self.pool, kind, id),
                    db::planning::is_public(&self.pool, kind, id),
                    db::planning::history(&self.pool, kind, id),
                    db::planning::demand(&self.pool, kind, id),
                )?
            }
            None => (None, None, false, Vec::new(), Default::default()),
        };
        let (open, published) = (open.map(|r| r.revision()), published.map(|r| r.revision()));
        let (contacts, plots, places) = tokio::try_join!(
            db::staff_plots::contacts(&self.pool),
            db::geometry::all_outlines(&self.pool),
            db::context::local_places(&self.pool),
        )?;
        // The land under the outline being edited, or under every plot for a new one (coarser:
        // that map shows the whole municipality's business land).
        let land = match open.as_ref().or(published.as_ref()) {
            Some(revision) => {
                db::context::land_around_outline(&self.pool, &revision.geometry).await?
            }
            None => db::context::land_around_plots(&self.pool).await?,
        };
        Ok(Some(PlanningEditor {
            viewer,
            kind,
            id,
            open,
            published,
            public,
            history,
            contacts,
            plots,
            land,
            places,
            demand,
            self_approval: self.planner_self_approval,
        }))
    }
}

fn unavailable(error: sqlx::Error) -> ServiceUnavailable {
    tracing::error!(%error, "the workspace's data could not be loaded");
    ServiceUnavailable
}
