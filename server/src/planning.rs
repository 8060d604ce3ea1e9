//! Planners' work on detaljplaner and future areas: saving a draft, and each step on its way to
//! the public (submit for review, approve to publish now or at a set time, send back, discard,
//! withdraw). Each runs in one transaction that locks the open revision and checks the version
//! the planner saw, so two planners acting at once cannot publish twice or lose an edit. The
//! scheduler publishes what is due with nobody online; its state is the table, so a restart in
//! between loses nothing.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use markkartan_app::domain::{
    KindFacts, PlanningAction, PlanningError, PlanningForm, PlanningKind, PlanningStep,
    PlanningStepForm, RevisionState, SCHEDULED, StepRule, Viewer, may_approve,
};
use sqlx::{PgConnection, PgPool};

use crate::db;
use crate::db::planning::{Event, RevisionRow};

#[derive(Debug, thiserror::Error)]
pub enum PlanningRefused {
    #[error("the form has {} invalid field(s)", .0.len())]
    Invalid(Vec<PlanningError>),
    /// The plan or area changed since the planner loaded it, or is not in a state the step
    /// applies to: why, in Swedish.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The step is not this planner's to take (approving their own revision).
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("no such plan or area")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl PlanningRefused {
    /// The form's errors by field, when the refusal is about its values.
    pub fn field_errors(&self) -> Vec<PlanningError> {
        match self {
            PlanningRefused::Invalid(errors) => errors.clone(),
            _ => Vec::new(),
        }
    }
}

/// The time the scheduler publishes against: the system's, or one a test sets.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

fn invalid(field: &str, message: impl Into<String>) -> PlanningRefused {
    PlanningRefused::Invalid(vec![PlanningError::new(field, message)])
}

const CHANGED_MEANWHILE: &str = "Utkastet har ändrats sedan du öppnade sidan. Inget är sparat; ladda om sidan och gör ändringen igen.";

/// Saves a draft: a new plan or area (`id` None), a change of the open draft, or the first
/// draft of a new revision of a published one. Returns the plan's or area's id.
pub async fn save(
    pool: &PgPool,
    viewer: &Viewer,
    kind: PlanningKind,
    id: Option<i64>,
    form: &PlanningForm,
) -> Result<i64, PlanningRefused> {
    let content = form.validate(kind).map_err(PlanningRefused::Invalid)?;
    let geojson = crate::geometry::read_outline(&form.geometry)
        .map_err(|problem| invalid("geometri", problem.message()))?;
    let mut tx = pool.begin().await?;
    if let Err(problem) = db::planning::check_outline(&mut tx, &geojson).await? {
        return Err(invalid("geometri", problem.message()));
    }
    if let KindFacts::Plan(plan) = &content.facts {
        if db::planning::plan_id_taken(&mut tx, &plan.plan_id, id).await? {
            return Err(invalid(
                "plan_id",
                format!("Plan-id:t {} har redan en annan plan.", plan.plan_id),
            ));
        }
        if let Some(contact) = plan.contact_person_id
            && !db::staff_plots::contact_exists(&mut tx, contact).await?
        {
            return Err(invalid("kontakt", "Välj en kontaktperson i listan."));
        }
    }
    let created = |subject_id, revision_id| Event {
        kind,
        subject_id,
        revision_id,
        action: PlanningAction::Created,
        account_id: Some(viewer.account_id),
        from_state: None,
        to_state: Some(RevisionState::Draft),
        from_stage: None,
        to_stage: None,
    };
    let subject_id = match id {
        None => {
            let subject_id = db::planning::reserve_id(&mut tx, kind).await?;
            let revision = db::planning::insert_revision(
                &mut tx,
                subject_id,
                viewer.account_id,
                &content,
                &geojson,
            )
            .await?;
            db::planning::record(&mut tx, created(subject_id, revision)).await?;
            subject_id
        }
        Some(subject_id) => match db::planning::lock_open(&mut tx, kind, subject_id).await? {
            Some(open) => {
                if open.state != RevisionState::Draft {
                    return Err(PlanningRefused::Conflict(format!(
                        "Revisionen är {}. Skicka tillbaka den till utkast för att ändra den.",
                        open.state.label().to_lowercase()
                    )));
                }
                if form.version.trim() != open.version.to_string() {
                    return Err(PlanningRefused::Conflict(CHANGED_MEANWHILE.into()));
                }
                db::planning::update_revision(
                    &mut tx,
                    open.id,
                    viewer.account_id,
                    &content,
                    &geojson,
                )
                .await?;
                db::planning::record(
                    &mut tx,
                    Event {
                        action: PlanningAction::Edited,
                        from_state: Some(RevisionState::Draft),
                        ..created(subject_id, open.id)
                    },
                )
                .await?;
                subject_id
            }
            None => {
                let published = db::planning::latest_published(&mut *tx, kind, subject_id)
                    .await?
                    .ok_or(PlanningRefused::NotFound)?;
                if form.base.trim() != published.id.to_string() {
                    return Err(PlanningRefused::Conflict(
                        "En ny version publicerades eller ett utkast påbörjades sedan du öppnade sidan. Inget är sparat; ladda om sidan."
                            .into(),
                    ));
                }
                let revision = db::planning::insert_revision(
                    &mut tx,
                    subject_id,
                    viewer.account_id,
                    &content,
                    &geojson,
                )
                .await
                .map_err(|error| match &error {
                    // Another planner started a revision of it at the same moment.
                    sqlx::Error::Database(e) if e.constraint() == Some("planning_revisions_one_open") => {
                        PlanningRefused::Conflict(
                            "En annan planerare började just en revision av den. Inget är sparat; ladda om sidan."
                                .into(),
                        )
                    }
                    _ => PlanningRefused::Database(error),
                })?;
                db::planning::record(&mut tx, created(subject_id, revision)).await?;
                subject_id
            }
        },
    };
    tx.commit().await?;
    Ok(subject_id)
}

/// The draft form of a plan or area as its page starts it: the open revision, or else what is
/// published; `None` when there is no such plan or area.
pub async fn form_for(
    pool: &PgPool,
    kind: PlanningKind,
    id: i64,
) -> Result<Option<PlanningForm>, sqlx::Error> {
    let (open, published) = tokio::try_join!(
        db::planning::open_revision(pool, kind, id),
        db::planning::latest_published(pool, kind, id),
    )?;
    if open.is_none() && published.is_none() {
        return Ok(None);
    }
    Ok(Some(PlanningForm::starting(
        open.map(|r| r.revision()).as_ref(),
        published.map(|r| r.revision()).as_ref(),
    )))
}

/// A plan's or area's outline read from a file (GeoJSON, GeoPackage, zipped Shapefile): every
/// polygon in it, in the coordinate system the file names or `crs`, unioned into one outline
/// in EPSG:3011. Returns the GeoJSON and what to tell the planner; nothing is stored.
pub async fn outline_from_file(
    pool: &PgPool,
    file_name: &str,
    bytes: Vec<u8>,
    crs: Option<markkartan_app::domain::Crs>,
) -> Result<(String, String), PlanningRefused> {
    let file = crate::import::read_file(file_name.to_string(), bytes)
        .await
        .map_err(|problem| invalid("fil", problem.message()))?;
    let crs = crs
        .or(file.crs)
        .unwrap_or(markkartan_app::domain::Crs::Sweref991800);
    let geometries: Vec<String> = file
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref().map(|g| g.to_string()))
        .collect();
    let outline = db::planning::outline_from_geometries(pool, &geometries, crs.srid())
        .await
        .map_err(|error| match &error {
            // PostGIS could not read a geometry or transform it: the file's fault.
            sqlx::Error::Database(_) => invalid(
                "fil",
                format!(
                    "Filens geometrier går inte att läsa som ytor i {}.",
                    crs.label()
                ),
            ),
            _ => PlanningRefused::Database(error),
        })?;
    let Some((geojson, parts, corners)) = outline else {
        return Err(invalid("fil", "Filen har inga ytor (polygoner)."));
    };
    Ok((
        geojson,
        format!(
            "Ytterkanten är hämtad från {file_name}: {parts} {}, {corners} hörn, från {}. Den är inte sparad än: spara utkastet för att behålla den.",
            if parts == 1 { "del" } else { "delar" },
            crs.label()
        ),
    ))
}

/// Takes one step of the workflow ([`PLANNING_STEPS`]) on the plan's or area's open revision,
/// or, to withdraw, on what is public. The revision is locked and must be the one, at the
/// version, the planner saw. `self_approval`: whether an editor may approve their own revision.
/// Returns the rule the step followed (approval with a time ahead: [`SCHEDULED`]).
pub async fn step(
    pool: &PgPool,
    viewer: &Viewer,
    (kind, id): (PlanningKind, i64),
    step: PlanningStep,
    form: &PlanningStepForm,
    self_approval: bool,
    now: DateTime<Utc>,
) -> Result<&'static StepRule, PlanningRefused> {
    let rule = step.rule();
    let mut tx = pool.begin().await?;
    let revision = if rule.acts_on_public() {
        db::planning::lock_latest_published(&mut tx, kind, id).await?
    } else {
        db::planning::lock_open(&mut tx, kind, id).await?
    };
    let Some(revision) = revision else {
        return Err(if db::planning::exists(&mut *tx, kind, id).await? {
            PlanningRefused::Conflict(if rule.acts_on_public() {
                "Den är inte publicerad.".into()
            } else {
                "Det finns ingen revision på väg längre: någon annan har just publicerat eller kasserat den. Ladda om sidan.".into()
            })
        } else {
            PlanningRefused::NotFound
        });
    };
    if form.revision.trim() != revision.id.to_string()
        || form.version.trim() != revision.version.to_string()
    {
        return Err(PlanningRefused::Conflict(
            "Revisionen har ändrats sedan du öppnade sidan (se historiken). Inget är gjort; ladda om sidan och gör om steget."
                .into(),
        ));
    }
    if !rule.allowed_from(revision.state) {
        return Err(PlanningRefused::Conflict(format!(
            "Det går inte när revisionen är {}.",
            revision.state.label().to_lowercase()
        )));
    }
    let done = match rule.step {
        PlanningStep::Withdraw => {
            if !db::planning::withdraw(&mut tx, kind, id).await? {
                return Err(PlanningRefused::Conflict("Den är inte publicerad.".into()));
            }
            db::planning::record(&mut tx, event(viewer, &revision, rule.action, rule.to)).await?;
            rule
        }
        PlanningStep::Approve => {
            if !may_approve(&revision.editor_ids, viewer.account_id, self_approval) {
                return Err(PlanningRefused::Forbidden(
                    "En annan planerare än de som skrivit revisionen ska godkänna den.".into(),
                ));
            }
            match publish_at(form)? {
                Some(at) if at > now => {
                    move_to(&mut tx, viewer, &revision, &SCHEDULED, Some(at)).await?;
                    &SCHEDULED
                }
                _ => {
                    db::planning::set_state(
                        &mut tx,
                        revision.id,
                        RevisionState::InReview,
                        Some(viewer.account_id),
                        None,
                    )
                    .await?;
                    publish(&mut tx, Some(viewer), &revision).await?;
                    rule
                }
            }
        }
        PlanningStep::Submit | PlanningStep::Return | PlanningStep::Discard => {
            move_to(&mut tx, viewer, &revision, rule, None).await?;
            rule
        }
    };
    tx.commit().await?;
    Ok(done)
}

/// When an approval publishes: `ÅÅÅÅ-MM-DDTHH:MM` (what `<input type="datetime-local">`
/// sends) read as Swedish time; `None`: now.
fn publish_at(form: &PlanningStepForm) -> Result<Option<DateTime<Utc>>, PlanningRefused> {
    let text = form.publish_at.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| invalid("publicera", "Skriv tiden som ÅÅÅÅ-MM-DD TT:MM."))?;
    // A time the clocks skip in spring does not exist; one they repeat in autumn is the first.
    local
        .and_local_timezone(chrono_tz::Europe::Stockholm)
        .earliest()
        .map(|at| Some(at.with_timezone(&Utc)))
        .ok_or_else(|| {
            invalid(
                "publicera",
                "Den tiden finns inte i svensk tid (klockan ställs fram då); välj en annan.",
            )
        })
}

fn event(
    viewer: &Viewer,
    revision: &RevisionRow,
    action: PlanningAction,
    to_state: Option<RevisionState>,
) -> Event {
    Event {
        kind: revision.kind,
        subject_id: revision.subject_id,
        revision_id: revision.id,
        action,
        account_id: Some(viewer.account_id),
        from_state: Some(revision.state),
        to_state,
        from_stage: None,
        to_stage: None,
    }
}

async fn move_to(
    tx: &mut PgConnection,
    viewer: &Viewer,
    revision: &RevisionRow,
    rule: &StepRule,
    publish_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    let state = rule.to.unwrap_or(revision.state);
    let approver = (state == RevisionState::Scheduled).then_some(viewer.account_id);
    db::planning::set_state(tx, revision.id, state, approver, publish_at).await?;
    db::planning::record(tx, event(viewer, revision, rule.action, Some(state))).await
}

/// Publishes the revision (locked) and records it, with the stage change it brings a plan.
/// `by`: who approved it now; `None` for the scheduler.
async fn publish(
    tx: &mut PgConnection,
    by: Option<&Viewer>,
    revision: &RevisionRow,
) -> Result<(), sqlx::Error> {
    let stage_before = db::planning::publish(tx, revision).await?;
    let to_stage = revision.stage();
    let stage_changed = stage_before != to_stage;
    let account_id = by.map(|v| v.account_id);
    db::planning::record(
        tx,
        Event {
            kind: revision.kind,
            subject_id: revision.subject_id,
            revision_id: revision.id,
            action: PlanningAction::Published,
            account_id,
            from_state: Some(revision.state),
            to_state: Some(RevisionState::Published),
            from_stage: stage_before.filter(|_| stage_changed),
            to_stage: to_stage.filter(|_| stage_changed),
        },
    )
    .await?;
    if revision.kind == PlanningKind::LandUseArea {
        // The översiktsplan gives each place one land use: the new area replaces what it
        // covers, in the same transaction.
        for neighbour in
            db::planning::replace_covered_land_use(tx, revision.subject_id, account_id).await?
        {
            db::planning::record(
                tx,
                Event {
                    kind: PlanningKind::LandUseArea,
                    subject_id: neighbour.subject_id,
                    revision_id: neighbour.revision_id,
                    action: if neighbour.withdrawn {
                        PlanningAction::Withdrawn
                    } else {
                        PlanningAction::Reshaped
                    },
                    account_id,
                    from_state: Some(RevisionState::Published),
                    to_state: Some(RevisionState::Published),
                    from_stage: None,
                    to_stage: None,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Publishes every scheduled revision due at `now`, each in its own transaction. Another
/// server running this at the same moment skips the ones this one holds. Returns how many.
pub async fn publish_due(pool: &PgPool, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    let mut published = 0;
    loop {
        let mut tx = pool.begin().await?;
        let Some(id) = db::planning::lock_next_due(&mut tx, now).await? else {
            return Ok(published);
        };
        let Some(revision) = db::planning::revision(&mut *tx, id).await? else {
            return Ok(published);
        };
        publish(&mut tx, None, &revision).await?;
        tx.commit().await?;
        tracing::info!(revision = id, kind = ?revision.kind, subject = revision.subject_id, "scheduled revision published");
        published += 1;
    }
}

/// Publishes what is due every `every`, for as long as the server runs (the first time at
/// start, so what fell due while it was down is published at once).
pub fn spawn_scheduler(pool: PgPool, clock: Arc<dyn Clock>, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if let Err(error) = publish_due(&pool, clock.now()).await {
                tracing::error!(%error, "publishing scheduled revisions failed");
            }
        }
    });
}
