//! `/jamfor?tomt=ID&tomt=ID…`: two to four published plots side by side: area, price, status,
//! permitted use and building rights, infrastructure, distances, the covering plan and its
//! stage, the future area around it and whom to ask.
//!
//! Rendered on the server only and never hydrated (`crate::is_server_page`): the choice lives
//! in the URL (shareable), plots are added with a form and removed with links, so it works
//! without JavaScript, prints on one A4 page and costs the public bundle nothing.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::domain::{
    COMPARE_PARAM, CompareChoice, Comparison, FactSheet, LandUse, Lang, MAX_COMPARED, compare_href,
    format_area_m2, format_date, format_distance, format_integer, format_sek,
};
use crate::public::catalog::get_comparison;
use crate::public::fact_sheet::ContactTitle;
use crate::public::small_map::SmallMapView;
use crate::ui::i18n::use_lang;
use crate::{PageTitle, ProblemNotice};

#[component]
pub fn ComparePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let c = CompareTexts::of(lang);
    let query = use_query_map();
    let asked = move || query.with(|q| q.get_all(COMPARE_PARAM).unwrap_or_default());
    let comparison = Resource::new(asked, get_comparison);
    view! {
        <PageTitle text=format!("{} – Markkartan", c.title) />
        // A comparison is a choice of plots each with its own page: not for search engines.
        <Meta name="robots" content="noindex" />
        <article class="compare-page" aria-labelledby="compare-heading">
            <h1 id="compare-heading" class="page-title">{c.title}</h1>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match comparison.await {
                        Ok(comparison) => view! { <CompareContent comparison lang /> }.into_any(),
                        Err(problem) => view! {
                            {problem.field.clone().map(|field| view! {
                                <p class="problem-field">{t.problem_field} " " <code>{field}</code></p>
                            })}
                            <ProblemNotice problem unavailable=t.map_unavailable />
                            <p><a href=compare_href(&[], lang)>{c.start_again}</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </article>
    }
}

#[component]
fn CompareContent(comparison: Comparison, lang: Lang) -> impl IntoView {
    let c = CompareTexts::of(lang);
    let ids = comparison.ids();
    let missing = (!comparison.missing.is_empty()).then(|| {
        let numbers: Vec<String> = comparison.missing.iter().map(|id| id.to_string()).collect();
        let text = format!("{} {}.", c.missing, numbers.join(", "));
        view! { <p class="compare-missing" role="status">{text}</p> }
    });
    let guide = match ids.len() {
        0 => c.choose_first,
        1 => c.choose_more,
        _ => c.intro,
    };
    let table = (!comparison.sheets.is_empty())
        .then(|| view! { <CompareTable sheets=comparison.sheets.clone() lang /> });
    let add = (ids.len() < MAX_COMPARED && !comparison.choices.is_empty())
        .then(|| view! { <AddPlotForm ids=ids.clone() choices=comparison.choices.clone() lang /> });
    let full = (ids.len() >= MAX_COMPARED).then(|| view! { <p class="compare-full">{c.full}</p> });
    view! {
        {missing}
        <p class="compare-guide">{guide} " " <a href=lang.href("/tomter")>{c.to_list}</a></p>
        {table}
        {add}
        {full}
    }
    .into_any()
}

/// The plots as columns, one fact a row, each row headed by what it is.
#[component]
fn CompareTable(sheets: Vec<FactSheet>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let c = CompareTexts::of(lang);
    let ids: Vec<i64> = sheets.iter().map(|s| s.id).collect();
    let or_not_stated = |value: Option<String>| value.unwrap_or_else(|| t.not_stated.to_string());
    let yes_no = |value: bool| if value { t.yes } else { t.no };
    // One row: its heading and a cell per plot.
    let row = |key: &'static str, label: &'static str, cell: &dyn Fn(&FactSheet) -> AnyView| {
        let cells = sheets
            .iter()
            .map(|sheet| view! { <td data-field=key>{cell(sheet)}</td> })
            .collect_view();
        view! { <tr><th scope="row">{label}</th>{cells}</tr> }
    };
    let text = |value: String| value.into_any();
    let heads = sheets
        .iter()
        .map(|sheet| {
            let others: Vec<i64> = ids.iter().copied().filter(|id| *id != sheet.id).collect();
            view! {
                <th scope="col" data-plot-id=sheet.id>
                    <a href=lang.href(&format!("/tomt/{}", sheet.id))>{sheet.designation.clone()}</a>
                    <a class="compare-remove" href=compare_href(&others, lang)>
                        {c.remove} <span class="visually-hidden">" " {sheet.designation.clone()} " " {c.from_comparison}</span>
                    </a>
                </th>
            }
        })
        .collect_view();
    let maps = sheets
        .iter()
        .map(|sheet| {
            view! {
                <td class="compare-plot-map">
                    <SmallMapView map=sheet.outline.clone() label=t.small_map_label />
                </td>
            }
        })
        .collect_view();
    let caption = match (sheets.len(), lang) {
        (n, Lang::Sv) => format!("{n} tomter jämförda"),
        (1, Lang::En) => "1 plot compared".to_string(),
        (n, Lang::En) => format!("{n} plots compared"),
    };
    let location = view! {
        {row("business-area", t.business_area, &|s| text(s.business_area.clone()))}
        {row("locality", t.locality, &|s| text(s.locality.clone()))}
        {row("distance-e18", t.to_e18, &|s| text(or_not_stated(s.distances.e18_m.map(|m| format_distance(m, lang)))))}
        {row("distance-centre", t.nearest_centre, &|s| text(or_not_stated(
            s.distances.nearest_locality.as_ref().map(|(name, m)| format!("{name}, {}", format_distance(*m, lang))),
        )))}
        {row("distance-port", t.nearest_port, &|s| text(or_not_stated(
            s.distances.nearest_port.as_ref().map(|(name, m)| format!("{name}, {}", format_distance(*m, lang))),
        )))}
    };
    let size_and_price = view! {
        {row("status", t.status, &|s| {
            let label = match s.reserved_until {
                Some(until) => format!("{} {}", t.reserved_until, format_date(until, lang)),
                None => s.status.label(lang).to_string(),
            };
            view! { <span class=format!("status-badge status-{}", s.status.key())>{label}</span> }.into_any()
        })}
        {row("area", t.area, &|s| text(format_area_m2(s.area_m2, lang)))}
        {row("price", t.price_per_m2, &|s| text(
            s.price_sek_per_m2
                .map(|p| format!("{}/m²", format_sek(i64::from(p), lang)))
                .unwrap_or_else(|| t.price_on_request.to_string()),
        ))}
        {row("total-price", t.total_price, &|s| text(
            s.total_price_sek().map(|total| format_sek(total, lang)).unwrap_or_else(|| "–".to_string()),
        ))}
    };
    let plan = view! {
        {row("suitable-use", t.suitable_for, &|s| text(if s.suitable_uses.is_empty() {
            t.not_stated.to_string()
        } else {
            LandUse::describe_all(&s.suitable_uses, lang)
        }))}
        {row("plan", t.plan, &|s| match &s.plan {
            Some(plan) => view! {
                <a href=lang.href(&format!("/plan/{}", plan.id))>{plan.plan_id.clone()} " " {plan.name.clone()}</a>
            }.into_any(),
            None => text(t.no_plan.to_string()),
        })}
        {row("plan-stage", t.plan_stage, &|s| text(match &s.plan {
            Some(plan) => {
                let expected = plan
                    .in_force_expected
                    .filter(|_| !plan.in_force())
                    .map(|date| format!(" ({} {})", t.plan_in_force_expected, format_date(date, lang)))
                    .unwrap_or_default();
                format!("{}{expected}", plan.stage.label(lang))
            }
            None => "–".to_string(),
        }))}
        {row("plan-use", t.permitted_use, &|s| text(match &s.plan {
            Some(plan) => LandUse::describe_all(&plan.permitted_uses, lang),
            None => "–".to_string(),
        }))}
        {row("site-coverage", t.site_coverage, &|s| text(or_not_stated(
            s.max_site_coverage_percent.map(|p| format!("{p} % {}", t.of_the_plot)),
        )))}
        {row("building-height", t.building_height, &|s| text(or_not_stated(
            s.max_building_height_m.map(|h| crate::public::fact_sheet::format_metres(h, lang)),
        )))}
        {row("future-area", c.future_area, &|s| match &s.future_area {
            Some((id, name)) => view! {
                <a href=lang.href(&format!("/framtida-omrade/{id}"))>{name.clone()}</a>
            }.into_any(),
            None => text("–".to_string()),
        })}
    };
    let infrastructure = view! {
        {row("water-sewage", t.water_sewage, &|s| text(s.water_sewage.label(lang).to_string()))}
        {row("electrical-capacity", t.electrical_capacity, &|s| text(or_not_stated(
            s.electrical_capacity_kw.map(|kw| format!("{} kW", format_integer(i64::from(kw), lang))),
        )))}
        {row("district-heating", t.district_heating, &|s| text(yes_no(s.district_heating).to_string()))}
        {row("fiber", t.fiber, &|s| text(yes_no(s.fiber).to_string()))}
    };
    let contact = view! {
        {row("contact", t.contact, &|s| match s.contact.clone() {
            Some(contact) => view! {
                <span class="compare-contact">
                    {contact.name.clone()} <br /> <ContactTitle title=contact.title.clone() lang /> <br />
                    <a href=format!("mailto:{}", contact.email)>{contact.email.clone()}</a> <br />
                    <a href=format!("tel:{}", contact.phone.replace([' ', '-'], ""))>{contact.phone.clone()}</a>
                </span>
            }.into_any(),
            None => text(t.not_stated.to_string()),
        })}
        {row("interest", c.next_step, &|s| view! {
            <a class="button button-primary" href=lang.href(&format!("/intresse?tomt={}", s.id))>
                {t.register_interest} <span class="visually-hidden">" " {s.designation.clone()}</span>
            </a>
        }.into_any())}
    };
    view! {
        // Four plots are wider than a phone: the table scrolls within its frame, which the
        // keyboard reaches (tabindex) and a screen reader names.
        <div class="table-scroll compare-scroll" role="region" aria-labelledby="compare-caption" tabindex="0">
            <table class="compare-table">
                <caption id="compare-caption">{caption}</caption>
                <thead>
                    <tr><td></td>{heads}</tr>
                </thead>
                <tbody>
                    <tr><th scope="row">{c.map}</th>{maps}</tr>
                    {size_and_price}
                </tbody>
                <tbody>{location}</tbody>
                <tbody>{plan}</tbody>
                <tbody>{infrastructure}</tbody>
                <tbody>{contact}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Adds one plot to the comparison: a form that keeps the ones already in it.
#[component]
fn AddPlotForm(ids: Vec<i64>, choices: Vec<CompareChoice>, lang: Lang) -> impl IntoView {
    let c = CompareTexts::of(lang);
    // The choices grouped by business area, in the order given (by area, then designation).
    let mut groups: Vec<(String, Vec<CompareChoice>)> = Vec::new();
    for choice in choices {
        match groups.last_mut() {
            Some((area, members)) if *area == choice.business_area => members.push(choice),
            _ => groups.push((choice.business_area.clone(), vec![choice])),
        }
    }
    let options = groups
        .into_iter()
        .map(|(area, members)| {
            let options = members
                .into_iter()
                .map(|m| {
                    let label = format!("{} ({})", m.designation, format_area_m2(m.area_m2, lang));
                    view! { <option value=m.id>{label}</option> }
                })
                .collect_view();
            view! { <optgroup label=area>{options}</optgroup> }
        })
        .collect_view();
    let kept = ids
        .into_iter()
        .map(|id| view! { <input type="hidden" name=COMPARE_PARAM value=id /> })
        .collect_view();
    let english =
        (lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> });
    view! {
        <form class="compare-add" method="get" action="/jamfor">
            {kept}
            {english}
            <label for="compare-add-plot">{c.add_label}</label>
            <select id="compare-add-plot" name=COMPARE_PARAM>{options}</select>
            <button type="submit" class="button">{c.add}</button>
        </form>
    }
}

/// The page's own texts, in the page's language (it is rendered on the server only).
struct CompareTexts {
    title: &'static str,
    intro: &'static str,
    choose_first: &'static str,
    choose_more: &'static str,
    to_list: &'static str,
    missing: &'static str,
    full: &'static str,
    map: &'static str,
    remove: &'static str,
    from_comparison: &'static str,
    future_area: &'static str,
    next_step: &'static str,
    add_label: &'static str,
    add: &'static str,
    start_again: &'static str,
}

impl CompareTexts {
    fn of(lang: Lang) -> &'static CompareTexts {
        match lang {
            Lang::Sv => &COMPARE_SV,
            Lang::En => &COMPARE_EN,
        }
    }
}

static COMPARE_SV: CompareTexts = CompareTexts {
    title: "Jämför tomter",
    intro: "Tomterna sida vid sida. Adressen går att dela och skriva ut.",
    choose_first: "Välj två till fyra tomter att jämföra här nedan, i listan över tomter eller från en tomts faktablad.",
    choose_more: "Lägg till en eller flera tomter att jämföra med, här nedan eller från listan över tomter.",
    to_list: "Till listan över tomter",
    missing: "De här tomterna finns inte längre till salu och visas inte:",
    full: "Fyra tomter är det mesta som går att jämföra. Ta bort en för att lägga till en annan.",
    map: "Karta",
    remove: "Ta bort",
    from_comparison: "från jämförelsen",
    future_area: "Framtida område",
    next_step: "Nästa steg",
    add_label: "Lägg till en tomt",
    add: "Lägg till",
    start_again: "Börja om",
};

static COMPARE_EN: CompareTexts = CompareTexts {
    title: "Compare plots",
    intro: "The plots side by side. The address can be shared and printed.",
    choose_first: "Choose two to four plots to compare below, in the list of plots or from a plot's fact sheet.",
    choose_more: "Add one or more plots to compare with, below or from the list of plots.",
    to_list: "To the list of plots",
    missing: "These plots are no longer offered and are not shown:",
    full: "Four plots are the most that can be compared. Remove one to add another.",
    map: "Map",
    remove: "Remove",
    from_comparison: "from the comparison",
    future_area: "Future area",
    next_step: "Next step",
    add_label: "Add a plot",
    add: "Add",
    start_again: "Start again",
};
