//! The plots on the public map. Every plot is an SVG link (`<a href="?tomt=ID">`), so it is
//! clickable and keyboard-focusable with an accessible name such as "Görla 9:11, tillgänglig,
//! 5 400 m²" before any script runs, and opening it without JavaScript still shows its panel.
//! Once hydrated the same link selects the plot without a page load.

use std::collections::HashSet;

use leptos::{prelude::*, web_sys};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::public::map_url::navigate_map;

use crate::domain::{Lang, MapPlot, Problem};
use crate::public::map_gesture::MapGestures;
use crate::public::map_hint::PlotPointing;
use crate::public::plot_panel::PanelFocus;

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

/// Every plot, in the order the server sent them.
#[component]
pub(super) fn PlotLayer(plots: Vec<MapPlot>, links: PlotLinks) -> impl IntoView {
    view! {
        <g class="layer-plots">
            {plots.into_iter().map(|plot| view! { <PlotShape plot links /> }).collect_view()}
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
