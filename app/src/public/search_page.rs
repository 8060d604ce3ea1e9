//! `/sok?q=…`, the search's results, a page the server renders and the browser never hydrates
//! (`is_server_page`). A plot's exact designation opens it at once; a plot hit opens the map on
//! the plot; an area or locality hit, the map zoomed to it and the list of its plots; a road, the
//! map on the road.

use crate::{PageTitle, ProblemNotice};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::{components::Redirect, hooks::use_query_map, params::ParamsMap};

use crate::domain::{Lang, SearchHits};
use crate::public::catalog::search;
use crate::ui::i18n::use_lang;

/// `/sok?q=…`: what matched, grouped.
#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let text = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let hits = Resource::new(
        move || text.get(),
        |text| async move {
            if text.trim().is_empty() {
                Ok(SearchHits::default())
            } else {
                search(text).await
            }
        },
    );
    view! {
        <PageTitle text=format!("{} – Markkartan", t.search_results) />
        <Meta name="description" content=t.search_description />
        <h1 class="page-title">{t.search_results}</h1>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match hits.await {
                    Ok(hits) => view! { <SearchResults hits text=text.get_untracked() lang /> }.into_any(),
                    Err(problem) => view! { <ProblemNotice problem unavailable=t.list_unavailable /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn SearchResults(hits: SearchHits, text: String, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    // A plot's exact designation opens that plot on the map.
    if let Some(id) = hits.exact_plot {
        return view! { <Redirect path=lang.href(&format!("/?tomt={id}")) /> }.into_any();
    }
    // A place and nothing else (a road, a locality without plots): what applies there.
    if let Some(point) = hits.only_place() {
        return view! { <Redirect path=lang.href(&point.on_map()) /> }.into_any();
    }
    if hits.is_empty() {
        return view! {
            <p role="status">{format!("{} ”{text}”.", t.search_nothing)}</p>
        }
        .into_any();
    }
    let with = |name: &str, value: &str, path: &str| {
        let mut params = ParamsMap::new();
        params.insert(name.to_string(), value.to_string());
        lang.href(&format!("{path}{}", params.to_query_string()))
    };
    let plots = (!hits.plots.is_empty()).then(|| {
        let items = hits
            .plots
            .iter()
            .map(|(id, designation, area)| {
                let on_map = lang.href(&format!("/?tomt={id}"));
                let sheet = lang.href(&format!("/tomt/{id}"));
                view! {
                    <li>
                        <a href=on_map>{designation.clone()}</a>
                        " (" {area.clone()} ") · "
                        <a href=sheet>{t.fact_sheet}</a>
                    </li>
                }
            })
            .collect_view();
        view! { <h2>{t.plots_heading}</h2> <ul class="search-hits">{items}</ul> }
    });
    let areas = (!hits.business_areas.is_empty()).then(|| {
        let items = hits
            .business_areas
            .iter()
            .map(|(area, locality)| {
                view! {
                    <li>
                        <a href=with("omrade", area, "/")>{area.clone()}</a>
                        " (" {locality.clone()} ") · "
                        <a href=with("omrade", area, "/tomter")>{t.nav_list}</a>
                    </li>
                }
            })
            .collect_view();
        view! { <h2>{t.business_areas}</h2> <ul class="search-hits">{items}</ul> }
    });
    let localities = (!hits.localities.is_empty()).then(|| {
        let items = hits
            .localities
            .iter()
            .map(|locality| {
                view! {
                    <li>
                        <a href=with("ort", locality, "/")>{locality.clone()}</a>
                        " · "
                        <a href=with("ort", locality, "/tomter")>{t.nav_list}</a>
                    </li>
                }
            })
            .collect_view();
        view! { <h2>{t.localities}</h2> <ul class="search-hits">{items}</ul> }
    });
    let roads = (!hits.roads.is_empty()).then(|| {
        let items = hits
            .roads
            .iter()
            .map(|road| {
                view! {
                    <li>
                        <a href=with("vy", &road.view.to_param(), "/")>{road.name.clone()}</a>
                    </li>
                }
            })
            .collect_view();
        view! { <h2>{t.roads_heading}</h2> <ul class="search-hits">{items}</ul> }
    });
    let places = (!hits.places.is_empty()).then(|| {
        let items = hits
            .places
            .iter()
            .map(|(name, point)| {
                view! {
                    <li>
                        <a href=lang.href(&point.on_map())>{format!("{} {name}", t.place_what_applies_at)}</a>
                    </li>
                }
            })
            .collect_view();
        view! { <h2>{t.place_title}</h2> <ul class="search-hits">{items}</ul> }
    });
    view! { {plots} {areas} {localities} {roads} {places} }.into_any()
}
