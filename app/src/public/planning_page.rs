//! `/plan/:id` and `/framtida-omrade/:id`: a published detaljplan's or future area's own page,
//! with its facts, stage timeline, a small map and the plots within it, in both languages.
//! Only what is published is ever here: the page reads the public tables' views.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_location;

use crate::domain::{KindFacts, LandUse, Lang, PlanningKind, PlanningPage, WrittenText, format_date};
use crate::public::catalog::get_planning_page;
use crate::public::fact_sheet::{ContactTitle, SmallMapView};
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
    // Planners write in Swedish: the English page marks their texts as Swedish.
    let swedish = |text: String| WrittenText { sv: text, en: String::new() };
    let marked = |text: String| {
        let text = swedish(text);
        let (shown, marked) = text.for_page(lang);
        view! { <span lang=marked>{shown.to_string()}</span> }
    };
    let facts = match page.facts.clone() {
        KindFacts::Plan(plan) => {
            let stages = plan
                .stage_dates
                .iter()
                .map(|s| {
                    view! {
                        <li class:expected=s.expected>
                            <time datetime=s.date.to_string()>{format_date(s.date, lang)}</time>
                            " " {s.stage.label(lang)}
                            {s.expected.then(|| format!(" ({})", t.expected))}
                        </li>
                    }
                })
                .collect_view();
            let documents = (!plan.documents_url.is_empty()).then(|| {
                view! {
                    <dt>{t.plan_documents}</dt>
                    <dd><a href=plan.documents_url.clone() rel="external noopener">{plan.documents_url.clone()}</a></dd>
                }
            });
            view! {
                <dl class="facts">
                    <dt>{t.plan_id}</dt>
                    <dd>{plan.plan_id.clone()}</dd>
                    <dt>{t.plan_stage}</dt>
                    <dd>
                        <span class=format!("stage-badge stage-{}", plan.stage.key())>{plan.stage.label(lang)}</span>
                        " " {plan.stage.explanation(lang)}
                    </dd>
                    <dt>{t.permitted_use}</dt>
                    <dd>{LandUse::describe_all(&plan.permitted_uses, lang)}</dd>
                    {(!plan.purpose.is_empty()).then(|| view! { <dt>{t.plan_purpose}</dt> <dd>{marked(plan.purpose.clone())}</dd> })}
                    {(!plan.building_rights.is_empty()).then(|| view! { <dt>{t.plan_building_rights}</dt> <dd>{marked(plan.building_rights.clone())}</dd> })}
                    {documents}
                </dl>
                <section aria-labelledby="stages-heading">
                    <h2 id="stages-heading">{t.stage_timeline}</h2>
                    <ol class="timeline">{stages}</ol>
                </section>
            }
            .into_any()
        }
        KindFacts::Area(area) => view! {
            <dl class="facts">
                <dt>{t.area_land_use}</dt>
                <dd>{area.land_use.label(lang)}</dd>
                {(!area.intended_use.is_empty()).then(|| view! { <dt>{t.area_intended_use}</dt> <dd>{marked(area.intended_use.clone())}</dd> })}
                <dt>{t.area_horizon}</dt>
                <dd>{format!("{}–{}", area.horizon_from_year, area.horizon_to_year)}</dd>
            </dl>
        }
        .into_any(),
    };
    let contact = page.contact.clone().map(|c| {
        view! {
            <section aria-labelledby="planning-contact-heading">
                <h2 id="planning-contact-heading">{t.plan_contact}</h2>
                <p>
                    <strong>{c.name.clone()}</strong> ", " <ContactTitle title=c.title.clone() lang />
                    <br />
                    <a href=format!("tel:{}", c.phone.replace([' ', '-'], ""))>{c.phone.clone()}</a>
                    " · "
                    <a href=format!("mailto:{}", c.email)>{c.email.clone()}</a>
                </p>
            </section>
        }
    });
    let plots = if page.plots.is_empty() {
        view! { <p>{t.no_plots_within}</p> }.into_any()
    } else {
        let items = page
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
        view! { <ul class="covered-plots">{items}</ul> }.into_any()
    };
    let description = (!page.description.is_empty()).then(|| view! { <p class="page-intro">{marked(page.description.clone())}</p> });
    let title = format!("{} – {kind_label} – Markkartan", page.name);
    view! {
        <PageTitle text=title />
        <Meta name="description" content=format!("{kind_label}: {}", page.name) />
        <article class="planning-page">
            <p class="page-kind">{kind_label}</p>
            <h1 class="page-title">{page.name.clone()}</h1>
            {description}
            {facts}
            <SmallMapView map=page.map.clone() label=t.planning_map_label />
            <section aria-labelledby="within-heading">
                <h2 id="within-heading">{t.plots_within}</h2>
                {plots}
            </section>
            {contact}
            <p><a class="button" href=lang.href("/intresse")>{t.planning_interest}</a></p>
        </article>
    }
    .into_any()
}
