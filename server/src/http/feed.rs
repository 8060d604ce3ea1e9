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
use markkartan_app::domain::{Lang, format_area_m2};
use serde::Deserialize;

use super::{AppState, Error};
use crate::db::{self, feed::ChangeRow};

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
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default();
    let base = state.site.origin(&headers);
    let changes = db::feed::latest(&state.pool, ENTRIES).await?;
    let feed = build(&base, lang, &changes);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response())
}

fn build(base: &str, lang: Lang, changes: &[ChangeRow]) -> Feed {
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
                id: format!("{base}/flode.atom#change-{}", change.id),
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
        id: format!("{base}/flode.atom"),
        title: Text::plain(format!("Markkartan – {}", t.feed_title)),
        subtitle: Some(Text::plain(t.feed_subtitle)),
        updated,
        authors: vec![Person {
            name: "Norrtälje kommun".to_string(),
            ..Person::default()
        }],
        links: vec![
            link(href("/flode.atom"), "self"),
            link(href("/"), "alternate"),
        ],
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
            "/planer".to_string(),
        )),
        "future_area_published" => Some((
            format!(
                "{}: {} ({}–{})",
                t.feed_future_area,
                change.future_area.as_deref()?,
                change.horizon_from_year?,
                change.horizon_to_year?
            ),
            "/planer".to_string(),
        )),
        _ => None,
    }
}
