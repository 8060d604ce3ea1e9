//! Receiving an intresseanmälan: bot trap, validation, then the rate limit and storage in one
//! transaction.

use std::net::IpAddr;

use ipnet::IpNet;

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

impl Refused {
    /// The form's errors by field, when the refusal is about its values.
    pub fn field_errors(&self) -> Vec<InterestError> {
        match self {
            Refused::Invalid(errors) => errors.clone(),
            _ => Vec::new(),
        }
    }
}

/// What an interest's e-mails say beyond the interest itself.
pub struct MailContext {
    /// The site's address, for the link to the case in the workspace.
    pub site: String,
    /// Months after closing when the personal data is deleted.
    pub retention_months: u32,
}

pub async fn submit(
    pool: &PgPool,
    from: IpAddr,
    form: &InterestForm,
    limit_per_hour: i64,
    mail: &MailContext,
) -> Result<Accepted, Refused> {
    let client = client_network(from);
    if form.is_bot() {
        // Counted, so a bot that keeps trying meets the rate limit too.
        let mut tx = pool.begin().await?;
        if !db::interests::record_submission_within(&mut tx, client, limit_per_hour).await? {
            return Err(Refused::RateLimited);
        }
        tx.commit().await?;
        return Ok(Accepted::Bot);
    }
    let interest = form.validate().map_err(Refused::Invalid)?;
    // What the form is about must exist: a published plot, a business area by its name.
    let (plot_known, area_known, plan_known, future_area_known, place_known) =
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
        (!place_known).then_some((InterestField::Place, InterestProblem::UnknownPlace)),
    ];
    let unknown: Vec<InterestError> = unknown
        .into_iter()
        .flatten()
        .map(|(field, problem)| InterestError { field, problem })
        .collect();
    if !unknown.is_empty() {
        return Err(Refused::Invalid(unknown));
    }
    // Who answers it (the case's owner): the same person the confirmation page names.
    let routed = db::interests::subject(
        pool,
        interest.plot_id,
        interest.business_area.as_deref(),
        (interest.detailed_plan_id, interest.future_area_id),
        interest.place,
        interest.question,
        mail.retention_months,
    )
    .await?;
    // The limit is checked and the form counted in the transaction that stores it: twenty
    // forms sent at once are counted one after the other. Its e-mails are queued in the same
    // transaction: an interest is never stored without them, nor they without it.
    let mut tx = pool.begin().await?;
    if !db::interests::record_submission_within(&mut tx, client, limit_per_hour).await? {
        return Err(Refused::RateLimited);
    }
    let id = db::interests::insert(&mut tx, &interest, routed.owner_id).await?;
    for message in crate::mail::for_interest(id, &interest, &routed.subject, &mail.site) {
        crate::mail::queue(&mut tx, &message).await?;
    }
    tx.commit().await?;
    Ok(Accepted::Stored(id))
}

/// The client the limit counts: an IPv4 address, or an IPv6 address's /64, the smallest
/// network a provider gives one connection (so one sender cannot step through its own
/// addresses).
pub fn client_network(address: IpAddr) -> IpNet {
    match address {
        IpAddr::V6(v6) => ipnet::Ipv6Net::new(v6, 64)
            .map(|net| IpNet::V6(net.trunc()))
            .unwrap_or(IpNet::from(address)),
        IpAddr::V4(_) => IpNet::from(address),
    }
}
