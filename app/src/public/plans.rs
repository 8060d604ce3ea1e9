//! `/planer`: what is coming, so companies can plan investments. Detaljplaner by their expected
//! next stage, every published plan with its stage history, and the översiktsplan's future areas
//! by time horizon.
//! Rendered on the server only and never hydrated (`crate::is_server_page`): it only reads.

use crate::{PageTitle, ProblemNotice};
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::domain::{FutureAreaView, LandUse, Lang, PlanView, format_date};
use crate::public::catalog::get_plans;
use crate::ui::i18n::use_lang;
use crate::ui::written::Written;

#[component]
pub fn PlansPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let plans = Resource::new(|| (), |_| get_plans());
    view! {
        <PageTitle text=format!("{} – Markkartan", t.plans_title) />
        <Meta name="description" content=t.plans_description />
        <h1 class="page-title">{t.plans_title}</h1>
        <p class="page-intro">{t.plans_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok((plans, future_areas)) => view! {
                        <ComingUp plans=plans.clone() lang />
                        <AllPlans plans lang />
                        <FutureAreas areas=future_areas lang />
                    }
                    .into_any(),
                    Err(problem) => view! { <ProblemNotice problem unavailable=t.map_unavailable /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// Plans by the date of their next expected stage: the timeline a company plans against.
#[component]
fn ComingUp(plans: Vec<PlanView>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let mut upcoming: Vec<(PlanView, crate::domain::StageDate)> = plans
        .into_iter()
        .filter_map(|plan| plan.next_stage().cloned().map(|next| (plan, next)))
        .collect();
    upcoming.sort_by_key(|(_, next)| next.date);
    let rows = upcoming
        .into_iter()
        .map(|(plan, next)| {
            let key = plan.plan_id.clone();
            view! {
                <li class="timeline-item" data-plan-id=key>
                    <time datetime=next.date.to_string()>{format_date(next.date, lang)}</time>
                    <span class="timeline-what">
                        <strong><a href=lang.href(&format!("/plan/{}", plan.id))>{plan.name}</a></strong>
                        " (" {plan.plan_id} "): "
                        {format!("{} → {}", plan.stage.label(lang), next.stage.label(lang))}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="coming-up-heading">
            <h2 id="coming-up-heading">{t.coming_up}</h2>
            <p>{t.coming_up_note}</p>
            <ol class="timeline">{rows}</ol>
        </section>
    }
    .into_any()
}

#[component]
fn AllPlans(plans: Vec<PlanView>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let rows = plans
        .into_iter()
        .map(|plan| {
            let history = plan
                .stage_dates
                .iter()
                .map(|s| {
                    let text = format!("{} {}", s.stage.label(lang), format_date(s.date, lang));
                    if s.late {
                        format!("{text} ({})", t.expected_late)
                    } else if s.expected {
                        format!("{text} ({})", t.expected)
                    } else {
                        text
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            let key = plan.plan_id.clone();
            view! {
                <tr data-plan-id=key>
                    <th scope="row">{plan.plan_id}</th>
                    <td><a href=lang.href(&format!("/plan/{}", plan.id))>{plan.name}</a></td>
                    <td>
                        <span class=format!("stage-badge stage-{}", plan.stage.key())>{plan.stage.label(lang)}</span>
                        <br />
                        <span class="stage-explanation">{plan.stage.explanation(lang)}</span>
                    </td>
                    <td>{LandUse::describe_all(&plan.permitted_uses, lang)}</td>
                    <td>{history}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="plans-heading">
            <h2 id="plans-heading">{t.plans_heading}</h2>
            <div class="table-scroll">
                <table class="plot-table">
                    <thead>
                        <tr>
                            <th scope="col">{t.plan_id}</th>
                            <th scope="col">{t.name}</th>
                            <th scope="col">{t.plan_stage}</th>
                            <th scope="col">{t.permitted_use}</th>
                            <th scope="col">{t.stage_history}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn FutureAreas(areas: Vec<FutureAreaView>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let items = areas
        .into_iter()
        .map(|area| {
            view! {
                <li data-future-area=area.name.clone()>
                    <strong><a href=lang.href(&format!("/framtida-omrade/{}", area.id))>{area.name.clone()}</a></strong>
                    ", " {area.horizon()} ": " <Written text=area.intended_use.clone() lang />
                    {(!area.description.is_empty()).then(|| view! { <br /> <Written text=area.description.clone() lang /> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="future-heading">
            <h2 id="future-heading">{t.future_areas}</h2>
            <p>{t.future_areas_note}</p>
            <ul class="future-list">{items}</ul>
        </section>
    }
    .into_any()
}
