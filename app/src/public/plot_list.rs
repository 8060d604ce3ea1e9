//! `/tomter`: every published plot as a table, with the filters, without the map, a hundred
//! plots a page (`?sida=2`), so a municipality's ten thousand make pages of the same size.
//!
//! The filter form is a plain GET form, so the page works without JavaScript and its URL is the
//! search. Once hydrated, changing a field submits the form by itself (a client-side
//! navigation), so the table follows what the user picks.

use crate::{PageTitle, ProblemNotice};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::domain::{
    COMPARE_PARAM, FilterError, LandUse, Lang, ListPage, PlotFilter, PlotListItem, PlotSort,
    PlotStatus, WaterSewage, format_area_m2, format_integer, format_sek, param,
};
use crate::public::catalog::{get_places, search_plots};
use crate::ui::forms::{
    KeepOtherParams, filter_from_query, list_page_from_query, other_params_query, submit_on_change,
};
use crate::ui::i18n::use_lang;
use crate::ui::sent_html::{as_sent, html_of};

#[component]
pub fn PlotListPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let parsed = Memo::new(move |_| query.with(filter_from_query));
    let filter = Memo::new(move |_| parsed.get().0);
    let asked_page = Memo::new(move |_| query.with(list_page_from_query));
    let page = Memo::new(move |_| asked_page.get().unwrap_or(1));
    let errors = Memo::new(move |_| {
        let mut errors = parsed.get().1;
        errors.extend(asked_page.get().err());
        errors
    });
    // A filter that cannot be understood is a bad request; the page still lists what the rest
    // of the filter lets through (from the first page) and says which field.
    if !errors.get_untracked().is_empty() {
        crate::set_status(400);
    }
    let results = Resource::new(
        move || (filter.get(), page.get()),
        |(filter, page)| search_plots(filter, Some(page)),
    );
    let places = Resource::new(|| (), |_| get_places());
    let filters_open = RwSignal::new(false);

    let table = move || {
        Suspend::new(async move {
            match results.await {
                Ok(listed) => {
                    // A page past the last (a link from before plots were sold or withdrawn):
                    // not found, with the way back to the first.
                    if listed.beyond_last() {
                        crate::set_status(404);
                    }
                    view! { <PlotTable listed lang /> }.into_any()
                }
                Err(problem) => {
                    view! { <ProblemNotice problem unavailable=t.list_unavailable /> }.into_any()
                }
            }
        })
    };
    view! {
        <PageTitle text=format!("{} – Markkartan", t.list_title) />
        <Meta name="description" content=t.list_description />
        <h1 class="page-title">{t.list_title}</h1>
        <p class="page-intro">
            {t.list_intro} " "
            // The same filters on the map.
            <a href=move || format!("/{}", query.with(|q| q.to_query_string())) class="show-on-map">
                {t.show_on_map}
            </a>
        </p>
        <p><a href=lang.href("/sammanhangande") rel="external">{t.sites_link}</a></p>
        // The same filters as open data (server/src/http/downloads.rs).
        <p class="list-downloads">
            {t.list_download} " "
            <a href=move || format!("/tomter.geojson{}", query.with(|q| q.to_query_string())) rel="external" download="">"GeoJSON"</a> " · "
            <a href=move || format!("/tomter.csv{}", query.with(|q| q.to_query_string())) rel="external" download="">"CSV"</a> " · "
            <a href=move || format!("/tomter.gpkg{}", query.with(|q| q.to_query_string())) rel="external" download="">{t.list_download_geopackage}</a>
        </p>
        // On a phone the results come first: the filters fold behind a button that says how
        // many are set (a link to them without JavaScript). Wider, they stand beside the results.
        <div class="list-layout">
            <div class="list-filters" id="filtrera" class:open=move || filters_open.get() || !errors.with(Vec::is_empty)>
                <a class="filters-toggle button" href="#filtrera" role="button" aria-controls="filter-panel"
                    aria-expanded=move || if filters_open.get() { "true" } else { "false" }
                    on:click=move |ev| {
                        ev.prevent_default();
                        filters_open.update(|open| *open = !*open);
                    }
                    on:keydown=move |ev| {
                        // A button opens with the space bar too.
                        if ev.key() == " " {
                            ev.prevent_default();
                            filters_open.update(|open| *open = !*open);
                        }
                    }>
                    {t.filter_plots}
                    {move || match filter.with(PlotFilter::active_count) {
                        0 => String::new(),
                        n => format!(" ({n} {})", if n == 1 { t.filter_active_one } else { t.filter_active_many }),
                    }}
                </a>
                <div class="filters-panel" id="filter-panel">
                    <Transition fallback=move || view! { <p>{t.loading}</p> }>
                        {move || Suspend::new(async move {
                            let places = places.await.unwrap_or_default();
                            view! { <FilterForm places errors lang action="/tomter" with_sort=true /> }
                        })}
                    </Transition>
                </div>
            </div>
            <div class="list-results">
                <Transition fallback=move || view! { <p>{t.loading}</p> }>{table}</Transition>
            </div>
        </div>
    }
    .into_any()
}

/// The filters as a GET form whose fields show exactly what is in the URL, also a value that
/// was not understood, next to the message that says why. The list and the map both use it;
/// `places` are (locality, business area) pairs.
#[component]
pub fn FilterForm(
    places: Vec<(String, String)>,
    errors: Memo<Vec<FilterError>>,
    lang: Lang,
    action: &'static str,
    /// The list sorts; the map does not.
    with_sort: bool,
) -> impl IntoView {
    let t = lang.texts();
    let query = use_query_map();
    let raw = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let has = move |name: &'static str, value: &'static str| {
        query.with(|q| {
            q.get_all(name)
                .is_some_and(|all| all.iter().any(|v| v == value))
        })
    };
    let error_for = move |field: &'static str| {
        errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.problem.message(lang))
        })
    };
    // Effects run only in the browser: mark the form as live (the browser tests wait for it).
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let number_field = move |name: &'static str, label: &'static str, unit: &'static str| {
        let error_id = format!("error-{name}");
        let error = move || error_for(name);
        view! {
            <div class="field">
                <label for=format!("filter-{name}")>{label} " (" {unit} ")"</label>
                <input
                    id=format!("filter-{name}")
                    name=name
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    prop:value=move || raw(name)
                    value=raw(name)
                    aria-invalid=move || error().map(|_| "true")
                    aria-describedby=error_id.clone()
                />
                <p class="field-error" id=error_id>{error}</p>
            </div>
        }
    };
    let localities: Vec<String> = {
        let mut names: Vec<String> = places.iter().map(|(l, _)| l.clone()).collect();
        names.dedup();
        names
    };
    let locality_options = localities
        .into_iter()
        .map(|name| {
            let selected = raw(param::LOCALITY) == name;
            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    let area_options = places
        .into_iter()
        .map(|(locality, area)| {
            let selected = raw(param::BUSINESS_AREA) == area;
            view! {
                <option value=area.clone() selected=selected>{format!("{area} ({locality})")}</option>
            }
        })
        .collect_view();
    let sort_options = PlotSort::ALL
        .into_iter()
        .map(|sort| {
            let selected = raw(param::SORT) == sort.key()
                || (sort == PlotSort::default() && raw(param::SORT).is_empty());
            view! { <option value=sort.key() selected=selected>{sort.label(lang)}</option> }
        })
        .collect_view();
    let status_boxes = PlotStatus::ALL
        .into_iter()
        .map(|status| {
            view! {
                <label class="check">
                    <input type="checkbox" name=param::STATUS value=status.key()
                        checked=has(param::STATUS, status.key()) />
                    {status.label(lang)}
                </label>
            }
        })
        .collect_view();
    let use_boxes = LandUse::ALL
        .into_iter()
        .map(|land_use| {
            view! {
                <label class="check">
                    <input type="checkbox" name=param::USE value=land_use.code()
                        checked=has(param::USE, land_use.code()) />
                    {format!("{} {}", land_use.code(), land_use.label(lang))}
                </label>
            }
        })
        .collect_view();
    let error_summary = move || {
        let errors = errors.get();
        (!errors.is_empty()).then(|| {
            view! {
                <div class="error-summary" role="alert">
                    <p>{t.filter_has_errors}</p>
                    <ul>
                        {errors
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <li>
                                        <a href=format!("#filter-{}", e.field)>
                                            {format!("{}: {}", t.filter_field_name(e.field), e.problem.message(lang))}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! {
        <Form method="GET" action=action noscroll=true attr:class="filters"
            attr:data-live=move || live.get().then_some("true") on:change=submit_on_change>
            {error_summary}
            <KeepOtherParams own=param::ALL />
            <fieldset>
                <legend>{t.status}</legend>
                {status_boxes}
            </fieldset>
            <fieldset>
                <legend>{t.permitted_use_filter}</legend>
                {use_boxes}
            </fieldset>
            <fieldset class="filter-grid">
                <legend>{t.place_and_size}</legend>
                <div class="field">
                    <label for="filter-ort">{t.locality}</label>
                    <select id="filter-ort" name=param::LOCALITY>
                        <option value="">{t.any}</option>
                        {locality_options}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-omrade">{t.business_area}</label>
                    <select id="filter-omrade" name=param::BUSINESS_AREA>
                        <option value="">{t.any}</option>
                        {area_options}
                    </select>
                </div>
                {number_field(param::MIN_AREA, t.min_area, "m²")}
                {number_field(param::MAX_AREA, t.max_area, "m²")}
                {number_field(param::MAX_PRICE, t.max_price, t.sek_per_m2)}
            </fieldset>
            <fieldset class="filter-grid">
                <legend>{t.infrastructure}</legend>
                <label class="check">
                    <input type="checkbox" name=param::WATER_SEWAGE value="ja"
                        checked=has(param::WATER_SEWAGE, "ja") />
                    {t.water_sewage_connected}
                </label>
                <label class="check">
                    <input type="checkbox" name=param::DISTRICT_HEATING value="ja"
                        checked=has(param::DISTRICT_HEATING, "ja") />
                    {t.district_heating}
                </label>
                {number_field(param::MIN_CAPACITY, t.min_capacity, "kW")}
            </fieldset>
            {with_sort.then(|| view! {
                <div class="field">
                    <label for="filter-sortera">{t.sort_by}</label>
                    <select id="filter-sortera" name=param::SORT>{sort_options}</select>
                </div>
            })}
            <p class="filter-actions">
                <button type="submit" class="button">{t.show_plots}</button>
                <a href=move || format!("{action}{}", query.with(|q| other_params_query(q, param::ALL)))>
                    {t.clear_filters}
                </a>
            </p>
        </Form>
    }
    .into_any()
}

/// A page of the matching plots; the count is announced to screen readers as it changes.
#[component]
fn PlotTable(listed: ListPage, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let count = i64::try_from(listed.total).unwrap_or(i64::MAX);
    let mut summary = match (count, lang) {
        (1, Lang::Sv) => "1 tomt matchar.".to_string(),
        (n, Lang::Sv) => format!("{} tomter matchar.", format_integer(n, lang)),
        (1, Lang::En) => "1 plot matches.".to_string(),
        (n, Lang::En) => format!("{} plots match.", format_integer(n, lang)),
    };
    let shown = listed.plots.len() as u64;
    if listed.beyond_last() {
        summary.push_str(match lang {
            Lang::Sv => " Den här sidan finns inte längre.",
            Lang::En => " This page no longer exists.",
        });
    } else if listed.pages() > 1 {
        let first = listed.first_position();
        let last = first + shown.saturating_sub(1);
        let range = format!(
            "{}–{}",
            format_integer(first as i64, lang),
            format_integer(last as i64, lang)
        );
        summary.push_str(&match lang {
            Lang::Sv => format!(" Visar {range}."),
            Lang::En => format!(" Showing {range}."),
        });
    }
    let pages = view! { <PageLinks listed=listed.clone() lang /> };
    let plots = listed.plots;
    let cards = plots
        .iter()
        .map(|plot| view! { <PlotCard plot=plot.clone() lang /> })
        .collect_view();
    let rows = plots
        .into_iter()
        .map(|plot| {
            let href = lang.href(&format!("/tomt/{}", plot.id));
            let uses = plot
                .permitted_uses
                .iter()
                .filter_map(|c| LandUse::from_code(c))
                .collect::<Vec<_>>();
            // The plan is on its way: the land can be built on once it is in force.
            let pending = plot.plan_pending.map(|stage| {
                view! { <span class="plan-pending">{format!("{} ({})", t.plan_not_in_force, stage.label(lang).to_lowercase())}</span> }
            });
            view! {
                <tr data-plot-id=plot.id>
                    <td class="compare-pick">
                        <input type="checkbox" name=COMPARE_PARAM value=plot.id id=format!("compare-row-{}", plot.id) />
                        <label for=format!("compare-row-{}", plot.id) class="visually-hidden">{format!("{} {}", t.compare_column, plot.designation)}</label>
                    </td>
                    <th scope="row"><a href=href rel="external">{plot.designation}</a></th>
                    <td>{plot.locality}</td>
                    <td>{plot.business_area}</td>
                    <td>
                        <span class=format!("status-badge status-{}", plot.status.key())>
                            {plot.status.label(lang)}
                        </span>
                        {pending}
                    </td>
                    <td class="number" data-field="area">{format_area_m2(plot.area_m2, lang)}</td>
                    <td class="number" data-field="price">
                        {price_per_m2(plot.price_sek_per_m2, lang)}
                    </td>
                    <td>{LandUse::describe_all(&uses, lang)}</td>
                    <td>{short_water_sewage(plot.water_sewage, lang)}</td>
                    <td class="number">
                        {plot
                            .electrical_capacity_kw
                            .map(|kw| format!("{} kW", format_integer(i64::from(kw), lang)))
                            .unwrap_or_else(|| "–".to_string())}
                    </td>
                    <td>{if plot.district_heating { t.yes } else { t.no }}</td>
                </tr>
            }
        })
        .collect_view();
    // The cards and the rows are nothing but text, links and the checkboxes of a plain form:
    // kept as the server sent them (`sent_html`).
    let (cards, rows) = if as_sent() {
        (
            Either::Left(
                view! { <ul class="plot-cards" aria-label=t.list_title inner_html=html_of(cards)></ul> },
            ),
            Either::Left(view! { <tbody inner_html=html_of(rows)></tbody> }),
        )
    } else {
        (
            Either::Right(view! { <ul class="plot-cards" aria-label=t.list_title>{cards}</ul> }),
            Either::Right(view! { <tbody>{rows}</tbody> }),
        )
    };
    view! {
        <p class="result-count" role="status">{summary}</p>
        // Plots are chosen for the comparison (`/jamfor`) with a plain form: it works without
        // JavaScript, and the comparison's address is the choice.
        <form class="compare-pick-form" method="get" action="/jamfor">
        {(lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> })}
        // Narrow screens show cards, wide ones the table: one of the two is `display: none`.
        {cards}
        <div class="table-scroll">
            <table class="plot-table">
                <caption class="visually-hidden">{t.list_title}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="compare-pick">{t.compare_column}</th>
                        <th scope="col">{t.plot}</th>
                        <th scope="col">{t.locality}</th>
                        <th scope="col">{t.business_area}</th>
                        <th scope="col">{t.status}</th>
                        <th scope="col" class="number">{t.area}</th>
                        <th scope="col" class="number">{t.price_per_m2}</th>
                        <th scope="col">{t.suitable_for}</th>
                        <th scope="col">"VA"</th>
                        <th scope="col" class="number">{t.electrical_capacity}</th>
                        <th scope="col">{t.district_heating}</th>
                    </tr>
                </thead>
                {rows}
            </table>
        </div>
        <p class="compare-submit"><button type="submit" class="button">{t.compare_chosen}</button></p>
        </form>
        {pages}
    }
    .into_any()
}

/// Links to the first, previous, next and last pages of the list, keeping the filter, and
/// where the reader is ("Sida 3 av 101"). Nothing when one page holds every plot.
#[component]
fn PageLinks(listed: ListPage, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let query = use_query_map();
    let (page, pages) = (listed.page, listed.pages());
    let to = move |n: u32| {
        query.with(|q| {
            let mut q = q.clone();
            if n == 1 {
                q.remove(param::PAGE);
            } else {
                q.replace(param::PAGE, n.to_string());
            }
            format!("/tomter{}", q.to_query_string())
        })
    };
    let link = move |n: u32, label: &'static str, rel: Option<&'static str>| {
        view! { <a class="button" href=to(n) rel=rel>{label}</a> }
    };
    (pages > 1 || listed.beyond_last()).then(|| {
        let here = if listed.beyond_last() {
            String::new()
        } else {
            match lang {
                Lang::Sv => format!(
                    "Sida {} av {}",
                    format_integer(i64::from(page), lang),
                    format_integer(i64::from(pages), lang)
                ),
                Lang::En => format!(
                    "Page {} of {}",
                    format_integer(i64::from(page), lang),
                    format_integer(i64::from(pages), lang)
                ),
            }
        };
        view! {
            <nav class="list-pages" aria-label=t.list_pages>
                {(page > 1).then(|| link(1, t.list_first, None))}
                {(page > 1).then(|| link((page - 1).min(pages), t.list_previous, Some("prev")))}
                <span class="list-page-here" aria-current="page">{here}</span>
                {(page < pages).then(|| link(page + 1, t.list_next, Some("next")))}
                {(page < pages).then(|| link(pages, t.list_last, None))}
            </nav>
        }
    })
}

/// One plot as a card, for phones: what a company compares first.
#[component]
fn PlotCard(plot: PlotListItem, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <li class="plot-card" data-plot-id=plot.id>
            <h2><a href=lang.href(&format!("/tomt/{}", plot.id)) rel="external">{plot.designation.clone()}</a></h2>
            <p class="compare-pick">
                <input type="checkbox" name=COMPARE_PARAM value=plot.id id=format!("compare-card-{}", plot.id) />
                <label for=format!("compare-card-{}", plot.id)>{t.compare_column} <span class="visually-hidden">" " {plot.designation.clone()}</span></label>
            </p>
            <p class="plot-card-place">{plot.business_area} ", " {plot.locality}</p>
            <dl class="facts">
                <dt>{t.status}</dt>
                <dd data-field="status">
                    <span class=format!("status-badge status-{}", plot.status.key())>{plot.status.label(lang)}</span>
                    {plot.plan_pending.map(|stage| view! {
                        <span class="plan-pending">{format!("{} ({})", t.plan_not_in_force, stage.label(lang).to_lowercase())}</span>
                    })}
                </dd>
                <dt>{t.area}</dt>
                <dd data-field="area">{format_area_m2(plot.area_m2, lang)}</dd>
                <dt>{t.price_per_m2}</dt>
                <dd data-field="price">{price_per_m2(plot.price_sek_per_m2, lang)}</dd>
            </dl>
        </li>
    }
}

fn price_per_m2(price: Option<i32>, lang: Lang) -> String {
    price
        .map(|p| format!("{}/m²", format_sek(i64::from(p), lang)))
        .unwrap_or_else(|| lang.texts().on_request.to_string())
}

fn short_water_sewage(water_sewage: WaterSewage, lang: Lang) -> &'static str {
    match (water_sewage, lang) {
        (WaterSewage::Connected, Lang::Sv) => "ansluten",
        (WaterSewage::Planned, Lang::Sv) => "planerad",
        (WaterSewage::None, Lang::Sv) => "saknas",
        (WaterSewage::Connected, Lang::En) => "connected",
        (WaterSewage::Planned, Lang::En) => "planned",
        (WaterSewage::None, Lang::En) => "none",
    }
}
