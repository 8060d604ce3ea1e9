//! What the public map draws around the plots, for orientation and as layers of their own: main
//! roads, the local streets (shown at plot scale), detaljplaner coloured by stage, future areas,
//! and the localities' centres. The style sheet shows or hides each layer by the classes on the
//! map (`MapLayer::classes`), so switching one redraws nothing.

use leptos::{prelude::*, web_sys};

use crate::domain::{Lang, MapFutureArea, MapPlan, NamedPath, NamedPoint, StreetView};
use crate::public::map_camera::MapCamera;
use crate::public::map_gesture::MapGestures;
use crate::ui::map_drawing::screen_units_at;

/// The layers drawn between the land and the plots. Roads and streets are hidden from screen
/// readers (the names on the map say what they are); each detaljplan and future area is a link
/// to its page, named, reached by Tab while its layer is on.
#[component]
pub(super) fn ContextLayers(
    roads: Vec<NamedPath>,
    streets: Vec<StreetView>,
    plans: RwSignal<Vec<MapPlan>>,
    future_areas: RwSignal<Vec<MapFutureArea>>,
    lang: Lang,
    gestures: MapGestures,
) -> impl IntoView {
    let t = lang.texts();
    // A drag that ends on a plan pans the map; it does not open the plan.
    let on_click = move |ev: web_sys::MouseEvent| {
        if gestures.swallows_click() {
            ev.prevent_default();
        }
    };
    let streets = streets
        .into_iter()
        .map(|street| view! { <path d=street.svg_path /> })
        .collect_view();
    view! {
        <g class="layer-roads" aria-hidden="true">
            {roads.into_iter().map(|r| view! { <path d=r.svg_path data-road=r.name /> }).collect_view()}
        </g>
        <g class="layer-streets" aria-hidden="true">{streets}</g>
        <g class="layer-plans">
            {move || plans
                .get()
                .into_iter()
                .map(|plan| {
                    let name = format!("{} {} {} ({})", t.plan, plan.plan_id, plan.name, plan.stage.label(lang));
                    // The <g> makes the macro build an SVG <a>, not an HTML one. The link's
                    // <title> is both its accessible name and the pointer's tooltip, written
                    // once: with hundreds of areas in view an aria-label beside it cost kilobytes.
                    view! {
                        <g><a href=lang.href(&format!("/plan/{}", plan.id)) rel="external" class="area-link" on:click=on_click>
                            <title>{name}</title>
                            <path class=format!("plan stage-{}", plan.stage.key()) d=plan.svg_path />
                        </a></g>
                    }
                })
                .collect_view()}
        </g>
        <g class="layer-future">
            {move || future_areas
                .get()
                .into_iter()
                .map(|area| {
                    let name = format!("{} {} {}", t.future_area, area.name, area.horizon());
                    view! {
                        <g><a href=lang.href(&format!("/framtida-omrade/{}", area.id)) rel="external" class="area-link" on:click=on_click>
                            <title>{name}</title>
                            <path class="future-area" d=area.svg_path />
                        </a></g>
                    }
                })
                .collect_view()}
        </g>
    }
}

/// A dot at each locality's centre, the same size on screen at every zoom (its name is placed
/// with the other names).
#[component]
pub(super) fn LocalityMarkers(camera: MapCamera, localities: Vec<NamedPoint>) -> impl IntoView {
    view! {
        <g class="layer-localities" aria-hidden="true">
            {localities
                .into_iter()
                .map(|l| {
                    view! {
                        <g transform=move || screen_units_at(l.x, l.y, camera.per_px())>
                            <circle r="4" />
                        </g>
                    }
                })
                .collect_view()}
        </g>
    }
}
