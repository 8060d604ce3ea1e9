//! Receiving an intresseanmälan: bot trap, rate limit, validation, storage, in that order.

use std::net::IpAddr;

use markkartan_app::domain::{InterestError, InterestField, InterestForm, InterestProblem};
use sqlx::PgPool;

use crate::db;

#[derive(Debug, PartialEq, Eq)]
pub enum Accepted {
    /// Stored with this id; staff will see it.
    Stored(i64),
    /// The honeypot was filled in: answered like a success, nothing stored.
    Bot,
}

#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("the form has {} invalid field(s)", .0.len())]
    Invalid(Vec<InterestError>),
    #[error("too many forms from this address within the hour")]
    RateLimited,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

pub async fn submit(
    pool: &PgPool,
    from: IpAddr,
    form: &InterestForm,
    limit_per_hour: i64,
) -> Result<Accepted, Refused> {
    if db::interests::recent_submissions(pool, from).await? >= limit_per_hour {
        return Err(Refused::RateLimited);
    }
    if form.is_bot() {
        // Counted, so a bot that keeps trying meets the rate limit too.
        let mut conn = pool.acquire().await?;
        db::interests::log_submission(&mut conn, from).await?;
        return Ok(Accepted::Bot);
    }
    let interest = form.validate().map_err(Refused::Invalid)?;
    // What the form is about must exist: a published plot, a business area by its name.
    let (plot_known, area_known, plan_known, future_area_known) =
        db::interests::subject_known(pool, &interest).await?;
    let unknown = [
        (!plot_known).then_some((InterestField::Plot, InterestProblem::UnknownPlot)),
        (!area_known).then_some((
            InterestField::BusinessArea,
            InterestProblem::UnknownBusinessArea,
        )),
        (!plan_known).then_some((InterestField::Plan, InterestProblem::UnknownPlanning)),
        (!future_area_known)
            .then_some((InterestField::FutureArea, InterestProblem::UnknownPlanning)),
    ];
    let unknown: Vec<InterestError> = unknown
        .into_iter()
        .flatten()
        .map(|(field, problem)| InterestError { field, problem })
        .collect();
    if !unknown.is_empty() {
        return Err(Refused::Invalid(unknown));
    }
    let mut tx = pool.begin().await?;
    let id = db::interests::insert(&mut tx, &interest).await?;
    db::interests::log_submission(&mut tx, from).await?;
    tx.commit().await?;
    Ok(Accepted::Stored(id))
}
