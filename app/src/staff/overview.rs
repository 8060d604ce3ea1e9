//! The workspace's list of plots: search by designation or business area, a status filter, and
//! a map of the plots the filter lets through, each a link to its editor. The filter is a GET
//! form (it works without JavaScript and lives in the URL); once hydrated, changing a field
//! applies it at once.

use leptos::prelude::*;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::domain::{Lang, LocalFrame, PlotOutline, PlotStatus, StaffPlot, format_area_m2};
use crate::staff::texts::SV as T;
use crate::ui::forms::{KeepOtherParams, submit_on_change};
use crate::ui::map_drawing::HatchPattern;

/// The URL parameters of the overview's filter.
const SEARCH: &str = "sok";
const STATUS: &str = "status";

/// Room around the plots on the overview's map.
const MAP_MARGIN: f64 = 0.05;
const MAP_MIN_MARGIN_M: f64 = 50.0;

#[component]
pub fn PlotsOverview(plots: Vec<StaffPlot>, outlines: Vec<PlotOutline>) -> impl IntoView {
    let query = use_query_map();
    let text = Memo::new(move |_| query.with(|q| q.get(SEARCH).unwrap_or_default()));
    let status = Memo::new(move |_| {
        query.with(|q| q.get(STATUS).and_then(|key| PlotStatus::from_key(&key)))
    });
    let total = plots.len();
    let shown = Memo::new(move |_| {
        plots
            .iter()
            .filter(|p| p.matches(&text.get(), status.get()))
            .cloned()
            .collect::<Vec<_>>()
    });
    let status_options = PlotStatus::ALL
        .into_iter()
        .map(|s| {
            view! {
                <option value=s.key() selected=move || status.get() == Some(s)>{s.label(Lang::Sv)}</option>
            }
        })
        .collect_view();
    let rows = move || {
        shown
            .get()
            .into_iter()
            .map(|p| {
                view! {
                    <tr data-plot-id=p.id>
                        <th scope="row"><a href=format!("/personal/tomt/{}", p.id)>{p.designation.clone()}</a></th>
                        <td>{p.business_area.clone()}</td>
                        <td>{p.status.label(Lang::Sv)}</td>
                        <td class="number">{format_area_m2(p.area_m2, Lang::Sv)}</td>
                        <td>{if p.published { T.overview_published_yes } else { T.overview_published_no }}</td>
                        <td>{p.updated_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let count = move || format!("{} av {total} tomter.", shown.with(Vec::len));
    view! {
        <Form method="GET" action="/personal" noscroll=true attr:class="filters overview-filter" on:change=submit_on_change>
            <KeepOtherParams own=&[SEARCH, STATUS] />
            <div class="filter-grid">
                <div class="field">
                    <label for="overview-sok">{T.overview_search}</label>
                    <input id="overview-sok" name=SEARCH type="search" autocomplete="off"
                        value=text.get_untracked() prop:value=move || text.get() />
                </div>
                <div class="field">
                    <label for="overview-status">{T.overview_col_status}</label>
                    <select id="overview-status" name=STATUS>
                        <option value="">{T.overview_any_status}</option>
                        {status_options}
                    </select>
                </div>
                <button type="submit" class="button">{T.overview_filter}</button>
            </div>
        </Form>
        <p class="result-count" role="status">{count}</p>
        <OverviewMap plots=shown outlines />
        <div class="table-scroll">
            <table class="plot-table">
                <caption class="visually-hidden">{T.overview_plots_heading}</caption>
                <thead>
                    <tr>
                        <th scope="col">{T.overview_col_plot}</th>
                        <th scope="col">{T.overview_col_business_area}</th>
                        <th scope="col">{T.overview_col_status}</th>
                        <th scope="col" class="number">{T.overview_col_area}</th>
                        <th scope="col">{T.overview_col_published}</th>
                        <th scope="col">{T.overview_col_updated}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The plots the filter lets through, coloured by status as on the public map, framed around
/// them; each a link to its editor. Its links repeat the table's, so it is hidden from screen
/// readers and taken out of the Tab order.
#[component]
fn OverviewMap(plots: Memo<Vec<StaffPlot>>, outlines: Vec<PlotOutline>) -> impl IntoView {
    let rings: std::collections::HashMap<i64, Vec<(f64, f64)>> = outlines
        .iter()
        .filter_map(|o| Some((o.id, o.ring()?)))
        .collect();
    let drawn = Memo::new(move |_| {
        plots.with(|plots| {
            plots
                .iter()
                .filter_map(|p| {
                    let ring = rings.get(&p.id)?;
                    Some((p.id, p.designation.clone(), p.status, ring.clone()))
                })
                .collect::<Vec<_>>()
        })
    });
    move || {
        let drawn = drawn.get();
        let frame = LocalFrame::around(
            drawn
                .iter()
                .flat_map(|(_, _, _, ring)| ring.iter().copied()),
            MAP_MARGIN,
            MAP_MIN_MARGIN_M,
        )?;
        let paths = drawn
            .into_iter()
            .map(|(id, designation, status, ring)| {
                view! {
                    <a href=format!("/personal/tomt/{id}") tabindex="-1" class=format!("plot status-{}", status.key())>
                        <path d=frame.path(&ring, true)><title>{designation}</title></path>
                    </a>
                }
            })
            .collect_view();
        Some(view! {
            <div class="overview-map-frame">
                <svg class="overview-map" viewBox=frame.view.to_attr() preserveAspectRatio="xMidYMid meet" aria-hidden="true">
                    <defs><HatchPattern id="hatch-reserved" /></defs>
                    <g>{paths}</g>
                </svg>
            </div>
        })
    }
}
