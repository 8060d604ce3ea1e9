//! `/personal`, the workspace's overview: what needs attention (reservations that ran out),
//! every plot with a link to its editor (a search by designation or business area, a status
//! filter, and a map of the plots the filter lets through), and the form for a new plot. The
//! filter is a GET form (it works without JavaScript and lives in the URL); once hydrated,
//! changing a field applies it at once.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::PageTitle;
use crate::domain::{
    LabelCandidate, LabelKind, Lang, LocalFrame, LocalLand, LocalPlace, Permission, PlotChoice,
    PlotOutline, PlotStatus, Problem, StaffPlot, WorkspaceOverview, format_area_m2,
    place_labels_clear_of,
};
use crate::staff::edit_map::name_at;
use crate::staff::new_plot::NewPlotForm;
use crate::staff::refused::Refused;
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::{KeepOtherParams, submit_on_change};
use crate::ui::map_drawing::{
    HatchPattern, MapLabel, ScaleBar, drawing_size, scale_bar_room, screen_units_at,
};

/// The URL parameters of the overview's filter.
const SEARCH: &str = "sok";
const STATUS: &str = "status";

/// Room around the plots on the overview's map.
const MAP_MARGIN: f64 = 0.05;
const MAP_MIN_MARGIN_M: f64 = 50.0;
/// The map's size as the style sheet draws it on a desktop (`.overview-map`), until measured.
const OVERVIEW_MAP_PX: (f64, f64) = (768.0, 288.0);
/// A plot smaller than this (pixels across) is drawn as a dot this wide.
const PLOT_DOT_PX: f64 = 7.0;

#[server(endpoint = "workspace-overview", output = crate::ui::codec::JsonAnswer)]
pub async fn get_workspace_overview() -> Result<WorkspaceOverview, Problem> {
    let viewer = authorise(None)?;
    expect_context::<SharedWorkspace>()
        .overview(viewer)
        .await
        .map_err(unavailable)
}

/// `/personal`: what needs attention, and every plot with a link to its editor.
#[component]
pub fn WorkspacePage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_workspace_overview());
    view! {
        <PageTitle text=T.staff_title />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{T.overview_heading}</h1>
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview /> }.into_any(),
                    Err(error) => view! { <Refused problem=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What needs attention, every plot, and a new one: for those who edit plots. Others (planners)
/// are sent on to the plans.
#[component]
fn Overview(overview: WorkspaceOverview) -> impl IntoView {
    let today = overview.today;
    let attention: Vec<StaffPlot> = overview
        .plots
        .iter()
        .filter(|p| p.reservation_expired(today))
        .cloned()
        .collect();
    let attention_list = if attention.is_empty() {
        view! { <p>{T.overview_attention_none}</p> }.into_any()
    } else {
        view! {
            <ul class="attention-list">
                {attention
                    .into_iter()
                    .map(|p| {
                        let until = p.reserved_until.map(|d| d.to_string()).unwrap_or_default();
                        view! {
                            <li>
                                <a href=format!("/personal/tomt/{}", p.id)>{p.designation.clone()}</a>
                                {texts::reservation_expired(
                                    &p.reserved_for.clone().unwrap_or_default(),
                                    &until,
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let may_edit = !overview.plots.is_empty();
    let new_plot = may_edit.then(|| {
        view! {
            <NewPlotForm
                csrf=overview.viewer.csrf_token.clone()
                areas=overview.business_areas.clone()
                outlines=overview.plot_outlines.clone()
                land_by_business_area=overview.land_by_business_area.clone()
                land=overview.land.clone()
            />
        }
    });
    let imported = use_query_map()
        .with_untracked(|q| q.get("importerade"))
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| view! { <p class="saved" role="status">{texts::imported(n)}</p> });
    view! {
        <WorkspaceBar viewer=overview.viewer.clone() />
        {imported}
        {may_edit.then(|| view! {
            // A new plot without scrolling past every plot.
            <p class="overview-actions">
                <a class="button" href="#new-plot-heading">{T.overview_new_plot}</a>
            </p>
            <section aria-labelledby="attention-heading">
                <h2 id="attention-heading">{T.overview_attention_heading}</h2>
                {attention_list}
            </section>
            <section aria-labelledby="plots-heading">
                <h2 id="plots-heading">{T.overview_plots_heading}</h2>
                <PlotsOverview
                    plots=overview.plots.clone()
                    outlines=overview.plot_outlines.clone()
                    land=overview.land.clone()
                    places=overview.places.clone()
                    areas=overview.business_areas.clone()
                />
            </section>
        }.into_any())}
        {new_plot}
        {(!may_edit && overview.viewer.role.may(Permission::ReadPlans)).then(|| view! {
            <p>{T.overview_nothing_to_edit} " " <a href="/personal/planer">"Till planer och områden"</a></p>
        })}
        {(!may_edit && !overview.viewer.role.may(Permission::ReadPlans)).then(|| view! {
            <p>{T.overview_insights_only} " " <a href="/personal/insikter" rel="external">{T.nav_insights}</a></p>
        })}
    }
}

/// Every plot, filtered, as a map and a table.
#[component]
fn PlotsOverview(
    plots: Vec<StaffPlot>,
    outlines: Vec<PlotOutline>,
    land: LocalLand,
    places: Vec<LocalPlace>,
    areas: Vec<PlotChoice>,
) -> impl IntoView {
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
        <OverviewMap plots=shown outlines land places areas />
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
fn OverviewMap(
    plots: Memo<Vec<StaffPlot>>,
    outlines: Vec<PlotOutline>,
    land: LocalLand,
    places: Vec<LocalPlace>,
    areas: Vec<PlotChoice>,
) -> impl IntoView {
    // Each business area named at the middle of its plots' corners.
    let area_names: Vec<(String, (f64, f64))> = areas
        .iter()
        .filter_map(|area| {
            let corners: Vec<(f64, f64)> = outlines
                .iter()
                .filter(|o| o.business_area_id == area.id)
                .filter_map(|o| o.ring())
                .flatten()
                .collect();
            let n = corners.len() as f64;
            (n > 0.0).then(|| {
                let (x, y) = corners
                    .iter()
                    .fold((0.0, 0.0), |s, c| (s.0 + c.0, s.1 + c.1));
                (area.designation.clone(), (x / n, y / n))
            })
        })
        .collect();
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
    // The picture's size, measured once shown and when the window changes (names and dots
    // keep their size in pixels); the server draws it at the style sheet's desktop size.
    let svg = NodeRef::<leptos::svg::Svg>::new();
    let size = RwSignal::new(OVERVIEW_MAP_PX);
    let measure = move || {
        if let Some(svg) = svg.get_untracked() {
            size.set(drawing_size(&svg.get_bounding_client_rect()));
        }
    };
    Effect::new(move |_| {
        if svg.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    move || {
        let drawn = drawn.get();
        let frame = LocalFrame::around(
            drawn
                .iter()
                .flat_map(|(_, _, _, ring)| ring.iter().copied()),
            MAP_MARGIN,
            MAP_MIN_MARGIN_M,
        )?;
        let per_px = Signal::derive(move || frame.view.units_per_px(size.get()));
        let paths = drawn
            .into_iter()
            .map(|(id, designation, status, ring)| {
                let ring_svg: Vec<(f64, f64)> = ring.iter().map(|p| frame.to_svg(*p)).collect();
                // Too small to see at this scale: a dot of its colour at its middle.
                let dot = move || {
                    let (min, max) = ring_svg.iter().fold(
                        ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN)),
                        |(lo, hi), &(x, y)| ((lo.0.min(x), lo.1.min(y)), (hi.0.max(x), hi.1.max(y))),
                    );
                    let per_px = per_px.get();
                    ((max.0 - min.0).max(max.1 - min.1) / per_px < PLOT_DOT_PX).then(|| {
                        let at = screen_units_at((min.0 + max.0) / 2.0, (min.1 + max.1) / 2.0, per_px);
                        view! { <circle class="plot-dot" transform=at r=PLOT_DOT_PX / 2.0 /> }
                    })
                };
                view! {
                    <a href=format!("/personal/tomt/{id}") tabindex="-1" class=format!("plot status-{}", status.key())>
                        <path d=frame.path(&ring, true)><title>{designation}</title></path>
                        {dot}
                    </a>
                }
            })
            .collect_view();
        let candidates: Vec<LabelCandidate> = places
            .iter()
            .map(|p| {
                (
                    LabelKind::Locality,
                    format!("place-{}", p.name),
                    &p.name,
                    p.at,
                )
            })
            .chain(
                area_names
                    .iter()
                    .map(|(n, at)| (LabelKind::BusinessArea, format!("area-{n}"), n, *at)),
            )
            .map(|(kind, key, name, at)| {
                let (x, y) = frame.to_svg(at);
                name_at(kind, key, name, (x, y, 0.0))
            })
            .collect();
        let names = move || {
            let screen = size.get();
            place_labels_clear_of(
                &candidates,
                frame.view,
                per_px.get(),
                screen,
                &[scale_bar_room(screen)],
            )
            .into_iter()
            .map(|label| view! { <MapLabel label per_px /> })
            .collect_view()
        };
        Some(view! {
            <div class="overview-map-frame">
                <svg node_ref=svg class="overview-map" viewBox=frame.view.to_attr() preserveAspectRatio="xMidYMid meet" aria-hidden="true">
                    <defs><HatchPattern id="hatch-reserved" /></defs>
                    <path class="land" d=land.svg_path.clone() transform=frame.land_transform(&land) />
                    <g>{paths}</g>
                    <g>{names}</g>
                </svg>
                <ScaleBar metres_per_px=per_px />
            </div>
        })
    }
}
