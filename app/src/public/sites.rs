//! `/sammanhangande?yta=N`: larger sites made of adjacent available plots that together reach
//! the area a company needs (clustered by PostGIS). A GET form, so it works without JavaScript
//! and the URL is the search.
//! Rendered on the server only and never hydrated (`crate::is_server_page`): it only reads.

use crate::{PageTitle, ProblemNotice};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::{hooks::use_query_map, params::ParamsMap};

use crate::domain::{ContiguousSite, Lang, format_area_m2, format_hectares, parse_whole_number};
use crate::public::catalog::find_contiguous_sites;
use crate::public::small_map::SmallMapView;
use crate::ui::i18n::use_lang;

#[component]
pub fn SitesPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let typed = move || query.with(|q| q.get("yta").unwrap_or_default());
    // The area asked for, or the reason it cannot be read.
    let wanted = Memo::new(move |_| {
        let typed = typed();
        match parse_whole_number::<u32>(&typed) {
            _ if typed.trim().is_empty() => Ok(None),
            Some(n) if n > 0 => Ok(Some(n)),
            _ => Err(()),
        }
    });
    let sites = Resource::new(
        move || wanted.get(),
        |wanted| async move {
            match wanted {
                Ok(Some(n)) => find_contiguous_sites(n).await.map(Some),
                _ => Ok(None),
            }
        },
    );
    let error = move || wanted.get().is_err().then_some(t.sites_need_problem);
    if wanted.get_untracked().is_err() {
        crate::set_status(400);
    }
    view! {
        <PageTitle text=format!("{} – Markkartan", t.sites_title) />
        <Meta name="description" content=t.sites_description />
        <h1 class="page-title">{t.sites_title}</h1>
        <p class="page-intro">{t.sites_intro}</p>
        <form method="get" action="/sammanhangande" class="filters">
            {(lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> })}
            <div class="filter-grid">
                <div class="field">
                    <label for="sites-yta">{t.sites_need}</label>
                    <input
                        id="sites-yta"
                        name="yta"
                        type="text"
                        inputmode="numeric"
                        value=typed()
                        aria-invalid=move || error().map(|_| "true")
                        aria-describedby="error-yta"
                    />
                    <p class="field-error" id="error-yta">{error}</p>
                </div>
                <button type="submit" class="button">{t.sites_find}</button>
            </div>
        </form>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match sites.await {
                    Ok(Some(sites)) => view! { <SiteList sites lang /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(problem) => view! { <ProblemNotice problem unavailable=t.list_unavailable /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn SiteList(sites: Vec<ContiguousSite>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    if sites.is_empty() {
        return view! {
            <p class="result-count" role="status">{t.sites_none}</p>
            <p><a class="button button-primary" href=lang.href("/intresse")>{t.register_interest}</a></p>
        }
        .into_any();
    }
    let count = match sites.len() {
        1 => t.sites_count_one.to_string(),
        n => format!("{n} {}", t.sites_count_many),
    };
    let items = sites
        .into_iter()
        .map(|site| {
            let heading = format!(
                "{}, {}: {} ({})",
                site.business_area,
                site.locality,
                format_area_m2(site.total_area_m2, lang),
                format_hectares(site.total_area_m2, lang)
            );
            let mut about = ParamsMap::new();
            about.insert("omrade", site.business_area.clone());
            let interest = lang.href(&format!("/intresse{}", about.to_query_string()));
            let ids: Vec<i64> = site.plots.iter().map(|(id, _)| *id).collect();
            let compare = (2..=crate::domain::MAX_COMPARED).contains(&ids.len()).then(|| {
                view! { <a class="button" href=crate::domain::compare_href(&ids, lang) rel="external">{t.compare_site}</a> }
            });
            let plots = site
                .plots
                .into_iter()
                .map(|(id, designation)| {
                    view! { <li><a href=lang.href(&format!("/tomt/{id}"))>{designation}</a></li> }
                })
                .collect_view();
            view! {
                <article class="site" data-site=site.business_area.clone()>
                    <h2>{heading}</h2>
                    <SmallMapView map=site.map label=t.sites_map_label />
                    <h3>{t.sites_plots}</h3>
                    <ul class="site-plots">{plots}</ul>
                    <p><a class="button button-primary" href=interest>{t.register_interest}</a> {compare}</p>
                </article>
            }
        })
        .collect_view();
    view! {
        <p class="result-count" role="status">{count}</p>
        <div class="sites">{items}</div>
    }
    .into_any()
}
