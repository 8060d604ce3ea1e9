//! The panel beside the map with the selected plot's fact sheet.

use leptos::prelude::*;
use leptos::web_sys;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::public::map_url::navigate_map;

use crate::public::catalog::get_fact_sheet;
use crate::public::fact_sheet::FactSheetDetails;
use crate::ui::i18n::use_lang;

/// What the map and its panel tell each other: the map asks for the panel's heading to take the
/// focus (a plot opened from the keyboard), the panel says which plot it shows once it does.
#[derive(Clone, Copy)]
pub struct PanelFocus {
    pub focus_heading: RwSignal<bool>,
    pub shown: RwSignal<Option<i64>>,
    /// The panel was opened from the keyboard: Tab from its end goes on to the next plot
    /// (once; after that the Tab order runs on to the rest of the page).
    pub from_keyboard: RwSignal<bool>,
    /// The place whose answer the panel shows, once it does.
    pub place_shown: RwSignal<Option<crate::domain::PlacePoint>>,
}

impl PanelFocus {
    pub fn new() -> PanelFocus {
        PanelFocus {
            focus_heading: RwSignal::new(false),
            shown: RwSignal::new(None),
            from_keyboard: RwSignal::new(false),
            place_shown: RwSignal::new(None),
        }
    }
}

/// Loads the fact sheet of the plot selected in the URL. While the next one loads, the current
/// one stays (a transition), so the panel does not flicker as the user clicks from plot to plot.
#[component]
pub fn PlotPanel(selected_id: Memo<Option<i64>>, panel: PanelFocus) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let heading = NodeRef::<leptos::html::H2>::new();
    // Once the heading shows the selected plot: say so, and take the focus when asked to.
    Effect::new(move |_| {
        let Some(h2) = heading.get() else {
            return;
        };
        let shows = h2
            .get_attribute("data-plot-id")
            .and_then(|id| id.parse::<i64>().ok());
        if shows.is_none() || shows != selected_id.get() {
            return;
        }
        panel.shown.set(shows);
        if panel.focus_heading.get() {
            let _ = h2.focus();
            panel.focus_heading.set(false);
        }
    });
    let navigate = use_navigate();
    let query = use_query_map();
    // Closing keeps the map as it is (layers, view) and gives the focus back to the plot.
    let close = Callback::new(move |ev: web_sys::MouseEvent| {
        let Some(id) = selected_id.get_untracked() else {
            return;
        };
        ev.prevent_default();
        let mut params = query.get_untracked();
        params.remove("tomt");
        navigate_map(&navigate, &params, false);
        panel.shown.set(None);
        focus_plot(id, 0);
    });
    // Tab from the panel's last link goes on to the plot after the selected one on the map
    // (the panel comes after the whole map in the page).
    let tab_on = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Tab" || ev.shift_key() || !panel.from_keyboard.get_untracked() {
            return;
        }
        if let Some(id) = selected_id.get_untracked()
            && focus_plot(id, 1)
        {
            ev.prevent_default();
            panel.from_keyboard.set(false);
        }
    };
    // Shift+Tab from the heading goes back to the plot.
    let tab_back = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Tab"
            && ev.shift_key()
            && let Some(id) = selected_id.get_untracked()
            && focus_plot(id, 0)
        {
            ev.prevent_default();
        }
    };
    let sheet = Resource::new(
        move || selected_id.get(),
        |id| async move {
            match id {
                Some(id) => get_fact_sheet(id).await,
                None => Ok(None),
            }
        },
    );
    let panel = move || {
        Suspend::new(async move {
            match sheet.await {
                Ok(Some(sheet)) => {
                    let page = lang.href(&format!("/tomt/{}", sheet.id));
                    let interest = lang.href(&format!("/intresse?tomt={}", sheet.id));
                    let compare = crate::domain::compare_href(&[sheet.id], lang);
                    view! {
                        <aside class="plot-panel" aria-labelledby="plot-panel-heading" aria-live="polite">
                            <div class="plot-panel-top">
                                <h2 id="plot-panel-heading" tabindex="-1" data-plot-id=sheet.id node_ref=heading on:keydown=tab_back>
                                    {sheet.designation.clone()}
                                </h2>
                                // Closing from the top, for a finger: on a phone the sheet's end may
                                // be far down. The keyboard closes from the end ("Stäng"), so the
                                // heading stays one Tab from "Anmäl intresse".
                                <a href=lang.href("/") class="plot-panel-close-top" aria-label=t.close tabindex="-1" on:click=move |ev| close.run(ev)>"×"</a>
                            </div>
                            // The company's next step first: one Tab from the heading.
                            <p class="plot-panel-links">
                                <a href=interest class="button button-primary">{t.register_interest}</a>
                            </p>
                            <FactSheetDetails sheet lang level=3 />
                            <p class="plot-panel-links">
                                <a href=page rel="external">{t.open_fact_sheet}</a>
                                <a href=compare rel="external">{t.compare}</a>
                                <a href=lang.href("/") class="plot-panel-close" on:click=move |ev| close.run(ev) on:keydown=tab_on>{t.close}</a>
                            </p>
                        </aside>
                    }
                    .into_any()
                }
                Ok(None) => ().into_any(),
                Err(_) => view! {
                    <aside class="plot-panel" role="alert">{t.map_unavailable}</aside>
                }
                .into_any(),
            }
        })
    };
    view! { <Transition fallback=|| ()>{panel}</Transition> }.into_any()
}

/// Focuses the plot `offset` places after plot `id` among those shown on the map (0: the plot
/// itself). False when there is none.
fn focus_plot(id: i64, offset: usize) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Ok(plots) = document().query_selector_all(".layer-plots a.plot") else {
            return false;
        };
        let shown: Vec<web_sys::SvgElement> = (0..plots.length())
            .filter_map(|i| plots.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::SvgElement>().ok())
            .filter(|plot| plot.get_client_rects().length() > 0)
            .collect();
        let at = shown
            .iter()
            .position(|plot| plot.get_attribute("data-plot-id") == Some(id.to_string()));
        match at.and_then(|at| shown.get(at + offset)) {
            Some(plot) => plot.focus().is_ok(),
            None => false,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (id, offset);
        false
    }
}
