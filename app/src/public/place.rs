//! `/plats?lat=…&lon=…`: what the map says of any place in the municipality: the
//! översiktsplan's land use, the detaljplan in force or that none is, riksintressen, indicative
//! shore protection, the future area, the nearest available plots and whom to ask. A click
//! anywhere on the map leads here.
//!
//! Rendered on the server only and never hydrated (`crate::is_server_page`): it only reads, so
//! it needs no script, works without JavaScript and costs the public bundle nothing.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::domain::{
    LandUse, Lang, PlaceReport, ShoreProtectionHere, WrittenText, format_area_m2, format_distance,
};
use crate::public::catalog::get_place;
use crate::public::fact_sheet::ContactLines;
use crate::public::small_map::SmallMapView;
use crate::ui::i18n::use_lang;
use crate::{PageTitle, ProblemNotice};

#[component]
pub fn PlacePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let p = PlaceTexts::of(lang);
    let query = use_query_map();
    let asked = move || query.with(|q| (q.get("lat"), q.get("lon")));
    let report = Resource::new(asked, |(lat, lon)| get_place(lat, lon));
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <PlaceArticle report lang /> }.into_any(),
                    Err(problem) => view! {
                        <PageTitle text=format!("{} – Markkartan", t.place_title) />
                        <h1 class="page-title">{t.place_title}</h1>
                        <ProblemNotice problem unavailable=t.map_unavailable />
                        <p><a href=lang.href("/")>{p.back_to_map}</a></p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// A text the page shows in the page's language, marked when it is in the other.
fn written(text: &WrittenText, lang: Lang) -> impl IntoView + use<> {
    let (shown, marked) = text.for_page(lang);
    view! { <span lang=marked>{shown.to_string()}</span> }
}

#[component]
fn PlaceArticle(report: PlaceReport, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let p = PlaceTexts::of(lang);
    let point = report.point;
    let coordinates = match lang {
        Lang::Sv => format!("{:.5}° N, {:.5}° E", point.lat, point.lon).replace('.', ","),
        Lang::En => format!("{:.5}° N, {:.5}° E", point.lat, point.lon),
    };
    // The map around the place, with its panel open.
    let map_link = lang.href(&point.on_map());
    let heading = place_heading(&report, lang);
    let title = format!("{heading} – {coordinates} – Markkartan");
    let intro = view! {
        <p class="page-kind">{t.place_title}</p>
        <h1 class="page-title">{heading.clone()}</h1>
        <p class="place-coordinates">{coordinates.clone()} " · " <a href=map_link>{p.show_on_map}</a></p>
    };
    if !report.in_municipality {
        return view! {
            <PageTitle text=title />
            <article class="place-page">
                {intro}
                <p class="page-intro">{p.outside}</p>
            </article>
        }
        .into_any();
    }

    let description = format!(
        "{}: {}",
        heading,
        report
            .land_use
            .as_ref()
            .map(|u| u.category.label(lang))
            .unwrap_or(p.no_land_use)
    );

    view! {
        <PageTitle text=title />
        <Meta name="description" content=description />
        <article class="place-page">
            {intro}
            {report.map.clone().map(|map| view! { <SmallMapView map label=p.map_label /> })}
            <PlaceFindings report lang level=2 />
            <p class="page-actions">
                <a class="button" href=lang.href(&format!("/intresse?plats={}", point.param()))>{p.interest}</a>
            </p>
        </article>
    }
    .into_any()
}

/// What applies at the place, each under a heading of `level` (2 on the page, 3 in the map's
/// panel, under the panel's own heading).
#[component]
fn PlaceFindings(report: PlaceReport, lang: Lang, level: u8) -> impl IntoView {
    let t = lang.texts();
    let p = PlaceTexts::of(lang);
    let land_use = match &report.land_use {
        Some(use_here) => view! {
            <p>
                // An SVG fill, not a style attribute: the content security policy allows no
                // inline styles.
                <svg class="land-use-swatch" viewBox="0 0 10 10" aria-hidden="true">
                    <rect width="10" height="10" fill=use_here.category.colour() />
                </svg>
                <strong>{use_here.category.label(lang)}</strong> " – "
                <a href=lang.href(&crate::domain::PlanningKind::LandUseArea.public_path(use_here.id))>{use_here.name.clone()}</a>
            </p>
            <p>{written(&use_here.description, lang)}</p>
            {(!use_here.documents_url.is_empty()).then(|| view! {
                <p><a href=use_here.documents_url.clone() rel="external noopener">{p.comprehensive_plan_link}</a></p>
            })}
        }
        .into_any(),
        None => view! { <p>{p.no_land_use}</p> }.into_any(),
    };

    let plan_in_force = match report.plan_in_force() {
        Some(plan) => view! {
            <p>
                <a href=lang.href(&format!("/plan/{}", plan.id))>{plan.name.clone()}</a>
                " (" {plan.plan_id.clone()} "), " {plan.stage.label(lang)}
            </p>
            <dl class="facts">
                <dt>{t.permitted_use}</dt>
                <dd>{LandUse::describe_all(&plan.permitted_uses, lang)}</dd>
                {(!plan.building_rights.sv.is_empty() || !plan.building_rights.en.is_empty()).then(|| view! {
                    <dt>{t.plan_building_rights}</dt>
                    <dd>{written(&plan.building_rights, lang)}</dd>
                })}
            </dl>
        }
        .into_any(),
        None => view! { <p>{p.no_plan}</p> }.into_any(),
    };
    let other_plans = report
        .plans
        .iter()
        .filter(|p| !p.in_force())
        .map(|plan| {
            view! {
                <li>
                    <a href=lang.href(&format!("/plan/{}", plan.id))>{plan.name.clone()}</a>
                    " – " {plan.stage.label(lang)} ". " {plan.stage.explanation(lang)}
                </li>
            }
        })
        .collect_view();

    let interests = if report.national_interests.is_empty() {
        view! { <p>{p.no_national_interest}</p> }.into_any()
    } else {
        let items = report
            .national_interests
            .iter()
            .map(|n| {
                view! {
                    <li>
                        <strong>{n.name.clone()}</strong> " – " {n.kind.label(lang)}
                        <br />
                        {written(&n.description, lang)}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="place-list">{items}</ul> }.into_any()
    };

    let future_area = report.future_area.as_ref().map(|area| {
        view! {
            {heading(level, p.future_area)}
            <p>
                <a href=lang.href(&format!("/framtida-omrade/{}", area.id))>{area.name.clone()}</a>
                " – " {written(&area.intended_use, lang)} " (" {area.horizon_from_year} "–" {area.horizon_to_year} ")"
            </p>
        }
    });

    let plots = if report.nearest_plots.is_empty() {
        view! { <p>{p.no_plots}</p> }.into_any()
    } else {
        let items = report
            .nearest_plots
            .iter()
            .map(|plot| {
                let distance = if plot.distance_m < 1.0 {
                    p.plot_here.to_string()
                } else {
                    format_distance(plot.distance_m, lang)
                };
                view! {
                    <li>
                        <a href=lang.href(&format!("/tomt/{}", plot.id))>{plot.designation.clone()}</a>
                        " – " {plot.business_area.clone()} ", " {format_area_m2(plot.area_m2, lang)}
                        ", " {distance}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="place-list">{items}</ul> }.into_any()
    };

    let contact = report.contact.clone().map(|contact| {
        view! {
            {heading(level, p.contact)}
            <ContactLines contact lang />
        }
    });
    view! {
        {heading(level, p.land_use)}
        {land_use}
        {heading(level, p.plan)}
        {plan_in_force}
        {(!report.plans.iter().all(|p| p.in_force())).then(|| view! {
            <p>{p.other_plans}</p>
            <ul class="place-list">{other_plans}</ul>
        })}
        {heading(level, t.shore_protection)}
        <ShoreProtection shore=report.shore_protection.clone() lang />
        {heading(level, p.national_interests)}
        {interests}
        {future_area}
        {heading(level, p.nearest_plots)}
        {plots}
        {contact}
    }
}

/// "The place near Rimbo", or "The place" where no locality is near or it is outside.
fn place_heading(report: &PlaceReport, lang: Lang) -> String {
    match &report.near_locality {
        Some(locality) if report.in_municipality => {
            format!("{} {locality}", PlaceTexts::of(lang).near)
        }
        _ => lang.texts().place_title.to_string(),
    }
}

fn heading(level: u8, text: &'static str) -> AnyView {
    match level {
        2 => view! { <h2>{text}</h2> }.into_any(),
        _ => view! { <h3>{text}</h3> }.into_any(),
    }
}

/// What applies at the place as the panel beside the map shows it: its heading, and its
/// content as HTML rendered here, so the place's texts and layout stay out of the public
/// bundle, which puts it in the panel as it is. Everything in it is escaped as on any page.
pub fn panel_html(report: PlaceReport, lang: Lang) -> (String, String) {
    let p = PlaceTexts::of(lang);
    let point = report.point;
    let heading = place_heading(&report, lang);
    let findings = report.in_municipality.then(|| {
        view! {
            <p class="plot-panel-links">
                <a class="button button-primary" href=lang.href(&format!("/intresse?plats={}", point.param()))>{p.interest}</a>
            </p>
            <PlaceFindings report lang level=3 />
        }
    });
    let outside = findings.is_none().then_some(p.outside);
    let body = view! {
        {outside.map(|outside| view! { <p>{outside}</p> })}
        {findings}
        // A page the server renders and never hydrates: loaded whole, not routed in the browser.
        <p><a href=lang.href(&point.path()) rel="external">{p.own_page}</a></p>
    }
    .to_html();
    (heading, body)
}

/// Shore protection as the map can tell it: always indicative, with the reason.
#[component]
fn ShoreProtection(shore: Option<ShoreProtectionHere>, lang: Lang) -> impl IntoView {
    let p = PlaceTexts::of(lang);
    let finding = match &shore {
        None => p.shore_none.to_string(),
        Some(shore) => {
            let water = if shore.lake {
                p.shore_lake
            } else {
                p.shore_sea
            };
            let mut text = format!(
                "{} {} {water} ({} {} m).",
                p.shore_within,
                format_distance(shore.distance_m, lang),
                p.shore_zone,
                shore.zone_m
            );
            if let Some(extension) = &shore.extension {
                text.push_str(&format!(" {}: {extension}.", p.shore_extended));
            }
            if let Some(plan) = &shore.lifted_by {
                text.push_str(&format!(" {} {plan}.", p.shore_lifted));
            } else if let Some(plan) = &shore.proposed_lift_by {
                text.push_str(&format!(" {} {plan}.", p.shore_proposed_lift));
            }
            text
        }
    };
    view! {
        <p>{finding}</p>
        <p class="indicative"><strong>{p.indicative}</strong> " " {p.indicative_reason}</p>
    }
}

/// The page's own texts, one value per language (a text missing in either does not compile).
/// The page is rendered on the server only, so they stay out of the browser's bundle.
struct PlaceTexts {
    map_label: &'static str,
    interest: &'static str,
    future_area: &'static str,
    back_to_map: &'static str,
    near: &'static str,
    show_on_map: &'static str,
    outside: &'static str,
    comprehensive_plan_link: &'static str,
    no_land_use: &'static str,
    no_plan: &'static str,
    other_plans: &'static str,
    no_national_interest: &'static str,
    no_plots: &'static str,
    plot_here: &'static str,
    contact: &'static str,
    land_use: &'static str,
    plan: &'static str,
    national_interests: &'static str,
    nearest_plots: &'static str,
    shore_none: &'static str,
    shore_lake: &'static str,
    shore_sea: &'static str,
    shore_within: &'static str,
    shore_zone: &'static str,
    shore_extended: &'static str,
    shore_lifted: &'static str,
    shore_proposed_lift: &'static str,
    indicative: &'static str,
    indicative_reason: &'static str,
    own_page: &'static str,
}

impl PlaceTexts {
    fn of(lang: Lang) -> &'static PlaceTexts {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }
}

static SV: PlaceTexts = PlaceTexts {
    map_label: "Platsen på kartan, med tomterna, vägarna och gatorna omkring",
    interest: "Anmäl intresse för marken här",
    future_area: "Platsen ligger i ett framtida område i översiktsplanen",
    back_to_map: "Till kartan",
    near: "Platsen nära",
    show_on_map: "Visa på kartan",
    outside: "Platsen ligger utanför Norrtälje kommun. Kartan svarar för kommunens mark och vatten; fråga den kommun där platsen ligger.",
    comprehensive_plan_link: "Läs vad översiktsplanen säger",
    no_land_use: "Översiktsplanen redovisar ingen användning här.",
    no_plan: "Ingen detaljplan gäller här. Bygglov prövas då mot översiktsplanen och miljöbalken; större byggnader för verksamheter kräver oftast en ny detaljplan.",
    other_plans: "Planer på väg eller upphävda här:",
    no_national_interest: "Inga riksintressen enligt kartan.",
    no_plots: "Inga lediga tomter i kommunen just nu.",
    plot_here: "här",
    contact: "Fråga kommunen",
    land_use: "Översiktsplanen",
    plan: "Detaljplan",
    national_interests: "Riksintressen",
    nearest_plots: "Närmaste lediga tomter",
    shore_none: "Platsen ligger inte inom strandskyddat område enligt kartan: ingen strand finns inom 100 meter, och strandskyddet är inte utvidgat här.",
    shore_lake: "från en sjö",
    shore_sea: "från havet",
    shore_within: "Troligen strandskyddat: platsen ligger",
    shore_zone: "strandskyddet gäller",
    shore_extended: "Utvidgat strandskydd",
    shore_lifted: "Strandskyddet är upphävt här av detaljplanen",
    shore_proposed_lift: "Detaljplanen som tas fram föreslår att upphäva strandskyddet här:",
    indicative: "Indikativt – fråga kommunen.",
    own_page: "Öppna som egen sida (för att dela eller skriva ut)",
    indicative_reason: "Kartans stränder är förenklade och saknar mindre vattendrag och diken, där strandskydd också kan gälla. Först kommunens eller länsstyrelsens prövning avgör.",
};

static EN: PlaceTexts = PlaceTexts {
    map_label: "The place on the map, with the plots, roads and streets around it",
    interest: "Register interest in the land here",
    future_area: "The place lies in a future area of the comprehensive plan",
    back_to_map: "Back to the map",
    near: "The place near",
    show_on_map: "Show on the map",
    outside: "The place is outside Norrtälje Municipality. The map answers for the municipality's land and water; ask the municipality the place is in.",
    comprehensive_plan_link: "Read what the comprehensive plan says",
    no_land_use: "The comprehensive plan shows no use here.",
    no_plan: "No detailed plan applies here. Building permits are then tried against the comprehensive plan and the Environmental Code; larger buildings for businesses usually need a new detailed plan.",
    other_plans: "Plans on their way or repealed here:",
    no_national_interest: "No national interests according to the map.",
    no_plots: "No available plots in the municipality right now.",
    plot_here: "here",
    contact: "Ask the municipality",
    land_use: "The comprehensive plan",
    plan: "Detailed plan",
    national_interests: "National interests",
    nearest_plots: "Nearest available plots",
    shore_none: "The place is not within shore protection according to the map: no shore is within 100 metres, and shore protection is not extended here.",
    shore_lake: "from a lake",
    shore_sea: "from the sea",
    shore_within: "Probably protected: the place is",
    shore_zone: "shore protection reaches",
    shore_extended: "Extended shore protection",
    shore_lifted: "Shore protection is lifted here by the detailed plan",
    shore_proposed_lift: "The detailed plan being prepared proposes lifting shore protection here:",
    indicative: "Indicative – ask the municipality.",
    own_page: "Open as its own page (to share or print)",
    indicative_reason: "The map's shores are simplified and leave out smaller streams and ditches, where shore protection can also apply. Only the municipality's or the county administrative board's assessment decides.",
};
