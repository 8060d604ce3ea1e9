//! What applies at a place the map was clicked at (`?plats=lat,lon`), in the panel beside the
//! map, and the pin where it is. The server renders the panel's content (`get_place_panel`),
//! from the same report as the place's own page, so the public bundle carries only this frame.

use leptos::prelude::*;
use leptos::web_sys;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::public::map_url::navigate_map;

use crate::domain::PlacePoint;
use crate::public::catalog::get_place_panel;
use crate::public::map_camera::MapCamera;
use crate::public::plot_panel::PanelFocus;
use crate::ui::i18n::use_lang;
use crate::ui::map_drawing::screen_units_at;

/// The place the URL asks about, unless a plot's panel is open instead.
pub(super) fn place_in_url(selected_id: Memo<Option<i64>>) -> Memo<Option<PlacePoint>> {
    let query = use_query_map();
    Memo::new(move |_| {
        if selected_id.get().is_some() {
            return None;
        }
        query.with(|q| q.get_str("plats").and_then(PlacePoint::from_param))
    })
}

/// Asks what applies at the map point (`x`, `y`): the panel opens there, the address says so
/// (shareable, and Back closes it), and the view stays.
pub(super) fn ask_about_place(x: f64, y: f64) {
    let mut params = use_query_map().get_untracked();
    params.remove("tomt");
    params.replace("plats", PlacePoint::from_map(x, y).param());
    navigate_map(&use_navigate(), &params, false);
}

#[component]
pub fn PlacePanel(place: Memo<Option<PlacePoint>>, panel: PanelFocus) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let heading = NodeRef::<leptos::html::H2>::new();
    // Once the panel shows the place: say so (on a phone the map moves the pin above the
    // sheet), and take the focus when asked to (Enter at the centre marker).
    Effect::new(move |_| {
        let Some(h2) = heading.get() else {
            return;
        };
        panel.place_shown.set(place.get_untracked());
        if panel.focus_heading.get() {
            let _ = h2.focus();
            panel.focus_heading.set(false);
        }
    });
    let navigate = use_navigate();
    let query = use_query_map();
    // Closing keeps the map as it is and gives the focus back to it.
    let close = Callback::new(move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        let mut params = query.get_untracked();
        params.remove("plats");
        navigate_map(&navigate, &params, false);
        if let Ok(Some(map)) = document().query_selector(".map-canvas") {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(map) = map.dyn_into::<web_sys::SvgElement>() {
                let _ = map.focus();
            }
        }
    });
    let answer = Resource::new(
        move || place.get(),
        move |place| async move {
            match place {
                Some(place) => get_place_panel(place.param(), lang.code().to_string())
                    .await
                    .map(Some),
                None => Ok(None),
            }
        },
    );
    let content = move || {
        Suspend::new(async move {
            match answer.await {
                Ok(Some((title, body))) => view! {
                    <aside class="plot-panel place-panel" aria-labelledby="place-panel-heading" aria-live="polite">
                        <div class="plot-panel-top">
                            <h2 id="place-panel-heading" tabindex="-1" node_ref=heading>{title}</h2>
                            <a href=lang.href("/") class="plot-panel-close-top" aria-label=t.close tabindex="-1" on:click=move |ev| close.run(ev)>"×"</a>
                        </div>
                        <div inner_html=body></div>
                        <p class="plot-panel-links">
                            <a href=lang.href("/") class="plot-panel-close" on:click=move |ev| close.run(ev)>{t.close}</a>
                        </p>
                    </aside>
                }
                .into_any(),
                Ok(None) => ().into_any(),
                Err(_) => view! {
                    <aside class="plot-panel" role="alert">{t.map_unavailable}</aside>
                }
                .into_any(),
            }
        })
    };
    view! { <Transition fallback=|| ()>{content}</Transition> }.into_any()
}

/// The pin where the place asked about is, a constant size on the screen.
#[component]
pub(super) fn PlacePin(place: Memo<Option<PlacePoint>>, camera: MapCamera) -> impl IntoView {
    move || {
        place.get().map(|place| {
            let (x, y) = place.to_map();
            view! {
                <g class="place-pin" transform=move || screen_units_at(x, y, camera.per_px())>
                    <circle r="10" />
                    <circle r="3" class="place-pin-dot" />
                </g>
            }
        })
    }
}
