//! `GET /flode.atom`: an Atom feed of public changes, so companies can follow new land without
//! visiting the site: plots that became available, plans that reached a new stage, future areas
//! that were published. Swedish, or English with `?lang=en`.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::{
    extract::{Query, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use markkartan_app::domain::{Lang, PlanningKind, Problem, format_area_m2};
use serde::Deserialize;

use super::{AppState, Error, extract::PathId};
use crate::catalog;
use crate::db::feed::ChangeRow;

/// The feed carries this many of the newest changes.
const ENTRIES: i64 = 50;

#[derive(Deserialize)]
pub struct FeedQuery {
    lang: Option<String>,
}

pub async fn atom(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    respond(&state, &query, &headers, None).await
}

/// `GET /plan/{id}/flode.atom`, `GET /framtida-omrade/{id}/flode.atom`: the changes of one
/// published plan or future area (404 for anything not public).
pub async fn planning_atom(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    PathId(id): PathId,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let kind = uri
        .path()
        .split('/')
        .nth(1)
        .and_then(PlanningKind::from_segment)
        .ok_or_else(|| Error::from(Problem::not_found()))?;
    respond(&state, &query, &headers, Some((kind, id))).await
}

async fn respond(
    state: &AppState,
    query: &FeedQuery,
    headers: &HeaderMap,
    about: Option<(PlanningKind, i64)>,
) -> Result<Response, Error> {
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default();
    let base = state.site.origin(headers);
    let changes = catalog::feed(&state.pool, ENTRIES, about)
        .await?
        .ok_or_else(Problem::not_found)?;
    let own = match about {
        Some((kind, id)) => format!("{}/flode.atom", kind.public_path(id)),
        None => "/flode.atom".to_string(),
    };
    let feed = build(&base, lang, &changes, &own);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response())
}

/// The feed at `own` (`/flode.atom`, `/plan/7/flode.atom`).
fn build(base: &str, lang: Lang, changes: &[ChangeRow], own: &str) -> Feed {
    let t = lang.texts();
    let href = |path: &str| format!("{base}{}", lang.href(path));
    let link = |href: String, rel: &str| Link {
        href,
        rel: rel.to_string(),
        ..Link::default()
    };
    let entries: Vec<Entry> = changes
        .iter()
        .filter_map(|change| {
            let (title, path) = describe(change, lang)?;
            let updated: FixedDateTime = change.happened_at.fixed_offset();
            Some(Entry {
                id: format!("{base}{own}#change-{}", change.id),
                title: Text::plain(title),
                updated,
                links: vec![link(href(&path), "alternate")],
                ..Entry::default()
            })
        })
        .collect();
    let updated = entries
        .first()
        .map(|e| e.updated)
        .unwrap_or_else(|| Utc::now().fixed_offset());
    Feed {
        id: format!("{base}{own}"),
        title: Text::plain(format!("Markkartan – {}", t.feed_title)),
        subtitle: Some(Text::plain(t.feed_subtitle)),
        updated,
        authors: vec![Person {
            name: "Norrtälje kommun".to_string(),
            ..Person::default()
        }],
        links: vec![link(href(own), "self"), link(href("/"), "alternate")],
        lang: Some(lang.code().to_string()),
        entries,
        ..Feed::default()
    }
}

/// The entry's title and the page it links to.
fn describe(change: &ChangeRow, lang: Lang) -> Option<(String, String)> {
    let t = lang.texts();
    match change.kind.as_str() {
        "plot_available" => {
            let id = change.plot_id?;
            let area = format_area_m2(change.area_m2?, lang);
            Some((
                format!(
                    "{}: {} ({area}, {})",
                    t.feed_plot_available,
                    change.designation.as_deref()?,
                    change.business_area.as_deref()?
                ),
                format!("/tomt/{id}"),
            ))
        }
        "plan_stage" => Some((
            format!(
                "{}: {} {} – {}",
                t.feed_plan_stage,
                change.plan_id.as_deref()?,
                change.plan_name.as_deref()?,
                change.plan_stage?.label(lang)
            ),
            PlanningKind::DetailedPlan.public_path(change.detailed_plan_key?),
        )),
        "future_area_published" => Some((
            format!(
                "{}: {} ({}–{})",
                t.feed_future_area,
                change.future_area.as_deref()?,
                change.horizon_from_year?,
                change.horizon_to_year?
            ),
            PlanningKind::FutureArea.public_path(change.future_area_key?),
        )),
        _ => None,
    }
}
