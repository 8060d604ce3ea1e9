//! The plots on the public map. Every plot is an SVG link (`<a href="?tomt=ID">`), so it is
//! clickable and keyboard-focusable with an accessible name such as "Görla 9:11, tillgänglig,
//! 5 400 m²" before any script runs, and opening it without JavaScript still shows its panel.
//! Once hydrated the same link selects the plot without a page load.

use std::collections::HashSet;
use std::time::Duration;

use leptos::{prelude::*, web_sys};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::public::map_url::navigate_map;

use crate::domain::{InView, Lang, MapFutureArea, MapLayer, MapPlan, MapPlot, Problem, ViewBox};
use crate::public::catalog::get_in_view;
use crate::public::map_camera::MapCamera;
use crate::public::map_gesture::MapGestures;
use crate::public::map_hint::{PlotHints, PlotPointing};
use crate::public::plot_panel::PanelFocus;

/// The view must rest this long before the map asks for what came into it: a held arrow key
/// or a burst of zoom clicks asks once.
const FETCH_AFTER: Duration = Duration::from_millis(120);

/// What the map has of what it draws as it moves: the plots, the future areas and the
/// detaljplaner, from the page and then fetched (`get_in_view`) as the map is panned and
/// zoomed and when the plans' layer is switched on. A plot once fetched stays (panning back
/// shows it at once); the areas and plans are replaced by each answer, simplified for its
/// zoom. While the latest answer says the plots in view are too many to draw (`aggregated`),
/// the business areas' markers stand for them. Until an answer arrives the map keeps drawing
/// what it has.
#[derive(Clone, Copy)]
pub(super) struct MapContent {
    pub plots: RwSignal<Vec<MapPlot>>,
    pub aggregated: RwSignal<bool>,
    pub future_areas: RwSignal<Vec<MapFutureArea>>,
    pub plans: RwSignal<Vec<MapPlan>>,
    /// What the latest answer covers (its lists emptied: they are in the signals).
    covered: StoredValue<InView>,
    /// Counts the views asked about, so an answer to an older one never overrides a newer.
    asked: StoredValue<u64>,
}

impl MapContent {
    pub fn new(first: InView) -> MapContent {
        MapContent {
            plots: RwSignal::new(first.plots.clone()),
            aggregated: RwSignal::new(first.aggregated),
            future_areas: RwSignal::new(first.future_areas.clone()),
            plans: RwSignal::new(first.plans.clone().unwrap_or_default()),
            covered: StoredValue::new(InView {
                plots: Vec::new(),
                future_areas: Vec::new(),
                plans: first.plans.map(|_| Vec::new()),
                ..first
            }),
            asked: StoredValue::new(0),
        }
    }

    /// Asks for what is around the view whenever it comes to rest beyond what the map has
    /// (see [`InView::covers`]). Runs in the browser only (an effect).
    pub fn follow(
        self,
        camera: MapCamera,
        layers: Memo<Vec<MapLayer>>,
        hints: StoredValue<PlotHints>,
        lang: Lang,
    ) {
        Effect::new(move |_| {
            let screen = camera.screen_px.get();
            let visible = camera.view_box.get().visible_in(screen);
            let units_per_px = visible.units_per_px(screen);
            let with_plans = layers.with(|l| l.contains(&MapLayer::Plans));
            let covered = self
                .covered
                .with_value(|covered| covered.covers(visible, units_per_px, with_plans));
            if covered {
                return;
            }
            let asked = self.asked.get_value() + 1;
            self.asked.set_value(asked);
            set_timeout(
                // `try_`: the map may have been taken down meanwhile (a new page, a filter
                // that rendered it anew); then there is nothing to do.
                move || {
                    if self.asked.try_get_value() == Some(asked) {
                        self.fetch(visible, units_per_px, with_plans, asked, hints, lang);
                    }
                },
                FETCH_AFTER,
            );
        });
    }

    fn fetch(
        self,
        visible: ViewBox,
        units_per_px: f64,
        with_plans: bool,
        asked: u64,
        hints: StoredValue<PlotHints>,
        lang: Lang,
    ) {
        leptos::task::spawn_local(async move {
            // A failed fetch leaves the map as it is; the next view asks again.
            let Ok(answer) = get_in_view(visible.to_param(), units_per_px, with_plans).await else {
                return;
            };
            // Only the answer to the latest view, and only to a map still there (`try_`).
            if self.asked.try_get_value() != Some(asked) {
                return;
            }
            let InView {
                region,
                units_per_px,
                aggregated,
                plots,
                future_areas,
                plans,
            } = answer;
            let with_plans = plans.is_some();
            let new: Vec<MapPlot> = self.plots.with_untracked(|have| {
                let known: HashSet<i64> = have.iter().map(|p| p.id).collect();
                plots
                    .into_iter()
                    .filter(|p| !known.contains(&p.id))
                    .collect()
            });
            hints.update_value(|hints| hints.add(&new, lang));
            if !new.is_empty() {
                self.plots.update(|have| have.extend(new));
            }
            self.aggregated.set(aggregated);
            self.future_areas.set(future_areas);
            if let Some(plans) = plans {
                self.plans.set(plans);
            }
            self.covered.set_value(InView {
                region,
                units_per_px,
                aggregated,
                plots: Vec::new(),
                future_areas: Vec::new(),
                plans: with_plans.then(Vec::new),
            });
        });
    }
}

/// The ids of the plots the URL's filter lets through; `None` when there is no filter.
pub(super) type Matching = Resource<Result<Option<Vec<i64>>, Problem>>;

/// [`Matching`] as a set, so each of thousands of plots asks in constant time; `None` when
/// every plot matches.
pub(super) fn matching_set(matching: Matching) -> Memo<Option<HashSet<i64>>> {
    Memo::new(move |_| {
        matching
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|ids| ids.into_iter().collect::<HashSet<i64>>())
    })
}

/// What each plot on the map needs of the map around it.
#[derive(Clone, Copy)]
pub(super) struct PlotLinks {
    pub lang: Lang,
    pub selected_id: Memo<Option<i64>>,
    /// Plots outside the filter are drawn faded.
    pub matching: Memo<Option<HashSet<i64>>>,
    pub gestures: MapGestures,
    pub pointing: PlotPointing,
    pub open_from_keyboard: Callback<i64>,
    pub panel: PanelFocus,
}

/// Every plot the map has, in the order they came; a plot fetched later is added without
/// drawing the others anew.
#[component]
pub(super) fn PlotLayer(plots: RwSignal<Vec<MapPlot>>, links: PlotLinks) -> impl IntoView {
    view! {
        <g class="layer-plots">
            <For each=move || plots.get() key=|plot| plot.id let:plot>
                <PlotShape plot links />
            </For>
        </g>
    }
}

/// One plot on the map: a link to its panel, coloured (and, when reserved, hatched) by status.
/// Of one type for every plot, so not erased (`into_any`): that would only add code to the WASM.
#[component]
fn PlotShape(plot: MapPlot, links: PlotLinks) -> impl IntoView {
    let PlotLinks {
        lang,
        selected_id,
        matching,
        gestures,
        pointing,
        open_from_keyboard,
        panel,
    } = links;
    let navigate = use_navigate();
    let query = use_query_map();
    let id = plot.id;
    let name = plot.accessible_name(lang);
    let status = plot.status;
    let href = lang.href(&format!("/?tomt={id}"));
    let class = move || {
        let selected = if selected_id.get() == Some(id) {
            " selected"
        } else {
            ""
        };
        let filtered_out = if matching.with(|set| set.as_ref().is_some_and(|s| !s.contains(&id))) {
            " filtered-out"
        } else {
            ""
        };
        format!("plot status-{}{selected}{filtered_out}", status.key())
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        if gestures.swallows_click() {
            return;
        }
        // Enter on the focused plot (a click without a pointer); a pointer's click leaves
        // the focus where it is.
        if ev.detail() == 0 {
            open_from_keyboard.run(id);
        } else {
            panel.focus_heading.set(false);
            panel.from_keyboard.set(false);
        }
        // The same page with this plot selected: layers and filters stay as they are.
        let mut params = query.get_untracked();
        params.replace("tomt", id.to_string());
        navigate_map(&navigate, &params, false);
    };
    view! {
        // The <g> makes the macro build an SVG <a>, not an HTML one.
        <g>
            <a
                href=href
                class=class
                aria-label=name
                aria-current=move || (selected_id.get() == Some(id)).then_some("true")
                data-plot-id=id
                aria-describedby=move || (pointing.focused.get() == Some(id) && pointing.shown() == Some(id)).then_some("plot-tooltip")
                on:click=on_click
                on:pointerenter=move |_| pointing.hovered.set(Some(id))
                on:pointerleave=move |_| pointing.hovered.update(|h| if *h == Some(id) { *h = None })
                on:focus=move |_| pointing.focused.set(Some(id))
                on:blur=move |_| pointing.focused.update(|f| if *f == Some(id) { *f = None })
            >
                <path d=plot.svg_path />
            </a>
        </g>
    }
}
