//! `/plan/:id` and `/framtida-omrade/:id`: a published detaljplan's or future area's own page,
//! with its facts, stage timeline, a small map and the plots within it, in both languages.
//! Only what is published is ever here: the page reads the public tables' views.
//! Rendered on the server only and never hydrated (`crate::is_server_page`): it only reads.

use leptos::prelude::*;
use leptos_meta::{Link, Meta};
use leptos_router::hooks::use_location;

use crate::domain::{
    KindFacts, LandUse, Lang, PlanningKind, PlanningPage, WrittenText, format_date, format_hectares,
};
use crate::public::catalog::get_planning_page;
use crate::public::fact_sheet::ContactSection;
use crate::public::small_map::SmallMapView;
use crate::ui::i18n::use_lang;
use crate::{PageTitle, ProblemNotice};

#[component]
pub fn PlanningPublicPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let location = use_location();
    let target = move || {
        let path = location.pathname.get();
        let mut parts = path.trim_start_matches('/').split('/');
        let kind = parts.next().and_then(PlanningKind::from_segment);
        let id = parts.next().and_then(|id| id.parse::<i64>().ok());
        kind.zip(id)
    };
    let page = Resource::new(target, |target| async move {
        match target {
            Some((kind, id)) => get_planning_page(kind, id).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! { <PlanningArticle page lang /> }.into_any(),
                    Ok(None) => {
                        crate::set_status_not_found();
                        view! {
                            <PageTitle text=format!("{} – Markkartan", t.planning_not_found) />
                            <h1 class="page-title">{t.planning_not_found}</h1>
                            <p><a href=lang.href("/planer")>{t.nav_plans}</a></p>
                        }
                        .into_any()
                    }
                    Err(problem) => view! { <ProblemNotice problem unavailable=t.map_unavailable /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlanningArticle(page: PlanningPage, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let kind_label = page.kind.label(lang);
    // Each fact as (label, text, the language it is in when not the page's): an English page
    // shows the planner's English text, or the Swedish one marked as Swedish. One list, drawn by
    // one loop, keeps this page's share of the public bundle small.
    let written = |text: &WrittenText| {
        let (shown, marked) = text.for_page(lang);
        (shown.to_string(), marked)
    };
    let mut facts: Vec<(&'static str, String, Option<&'static str>)> = Vec::new();
    let mut stages = Vec::new();
    let mut documents = None;
    match &page.facts {
        KindFacts::Plan(plan) => {
            facts.push((t.plan_id, plan.plan_id.clone(), None));
            facts.push((
                t.plan_stage,
                format!(
                    "{}. {}",
                    plan.stage.label(lang),
                    plan.stage.explanation(lang)
                ),
                None,
            ));
            facts.push((
                t.permitted_use,
                LandUse::describe_all(&plan.permitted_uses, lang),
                None,
            ));
            for (label, text) in [
                (t.plan_purpose, &plan.purpose),
                (t.plan_building_rights, &plan.building_rights),
            ] {
                if !text.is_empty() {
                    let (shown, marked) = written(text);
                    facts.push((label, shown, marked));
                }
            }
            stages = plan
                .stage_dates
                .iter()
                .map(|s| {
                    let expected = if s.late {
                        format!(" ({})", t.expected_late)
                    } else if s.expected {
                        format!(" ({})", t.expected)
                    } else {
                        String::new()
                    };
                    format!(
                        "{} {}{expected}",
                        format_date(s.date, lang),
                        s.stage.label(lang)
                    )
                })
                .collect();
            if plan.shore_protection_lifted {
                facts.push((
                    t.shore_protection,
                    t.plan_lifts_shore_protection.into(),
                    None,
                ));
            }
            documents = (!plan.documents_url.is_empty()).then(|| plan.documents_url.clone());
        }
        KindFacts::Area(area) => {
            facts.push((t.area_land_use, area.land_use.label(lang).to_string(), None));
            if !area.intended_use.is_empty() {
                let (shown, marked) = written(&area.intended_use);
                facts.push((t.area_intended_use, shown, marked));
            }
            facts.push((
                t.area_horizon,
                format!("{}–{}", area.horizon_from_year, area.horizon_to_year),
                None,
            ));
        }
        KindFacts::LandUse(land) => {
            facts.push((t.area_land_use, land.category.label(lang).to_string(), None));
            documents = (!land.documents_url.is_empty()).then(|| land.documents_url.clone());
        }
    }
    facts.push((t.area, format_hectares(page.area_m2, lang), None));
    let facts = facts
        .into_iter()
        .map(|(label, text, marked)| view! { <dt>{label}</dt> <dd lang=marked>{text}</dd> })
        .collect_view();
    let stages = (!stages.is_empty()).then(|| {
        view! {
            <h2>{t.stage_timeline}</h2>
            <ol class="timeline">{stages.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
        }
    });
    let documents = documents.map(|url| {
        view! { <p>{t.plan_documents} ": " <a href=url.clone() rel="external noopener">{url.clone()}</a></p> }
    });
    let contact = page
        .contact
        .clone()
        .map(|contact| view! { <ContactSection contact heading=t.plan_contact lang /> });
    let plots = page
        .plots
        .iter()
        .map(|p| {
            view! {
                <li>
                    <a href=lang.href(&format!("/tomt/{}", p.id))>{p.designation.clone()}</a>
                    " – " {p.status.label(lang)}
                </li>
            }
        })
        .collect_view();
    let no_plots = page.plots.is_empty().then_some(t.no_plots_within);
    let (description, description_lang) = written(&page.description);
    // Land use changes with the översiktsplan, not step by step: no feed, and a company asks
    // about a place in it (from the map), not about the whole area.
    let feed = page
        .kind
        .interest_param()
        .map(|_| lang.href(&format!("{}/flode.atom", page.kind.public_path(page.id))));
    view! {
        <PageTitle text=format!("{} – {kind_label} – Markkartan", page.name) />
        {feed.clone().map(|feed| view! { <Link rel="alternate" type_="application/atom+xml" href=feed title=format!("{} – Markkartan", page.name) /> })}
        <Meta name="description" content=format!("{kind_label}: {}", page.name) />
        <article class="planning-page">
            <p class="page-kind">{kind_label}</p>
            <h1 class="page-title">{page.name.clone()}</h1>
            <p class="page-intro" lang=description_lang>{description}</p>
            <dl class="facts">{facts}</dl>
            {documents}
            {stages}
            <SmallMapView map=page.map.clone() label=t.planning_map_label />
            <h2>{t.plots_within}</h2>
            <p>{no_plots}</p>
            <ul class="covered-plots">{plots}</ul>
            {contact}
            {page.kind.interest_param().zip(feed).map(|(param, feed)| view! {
                <p class="page-actions">
                    <a class="button" href=lang.href(&format!("/intresse?{param}={}", page.id))>{t.planning_interest}</a>
                    <a class="button" href=lang.href(&format!("/boka?{param}={}", page.id)) rel="external">{t.book_meeting}</a>
                    <a href=feed type="application/atom+xml" rel="external">{t.subscribe}</a>
                </p>
            })}
        </article>
    }
    .into_any()
}
