//! Which layers the public map shows, and what its colours mean: the layer switches (a GET form,
//! so they work without JavaScript and live in the URL as `lager=…`, and a shared link shows the
//! same layers) and the legend.

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::domain::{LandUseCategory, Lang, MapLayer, PlanStage, PlotStatus};
use crate::ui::forms::{KeepOtherParams, submit_on_change};

/// The layer switches: a GET form, so they work without JavaScript and live in the URL; once
/// hydrated each change applies at once (a client-side navigation, the map stays).
#[component]
pub(super) fn LayerControls(layers: Memo<Vec<MapLayer>>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let label = move |layer: MapLayer| match layer {
        MapLayer::AvailablePlots => t.layer_available,
        MapLayer::AllPlots => t.layer_plots,
        MapLayer::BusinessAreas => t.layer_areas,
        MapLayer::Plans => t.layer_plans,
        MapLayer::FutureAreas => t.layer_future,
        MapLayer::Context => t.layer_context,
        MapLayer::LandUse => t.layer_land_use,
        MapLayer::NationalInterests => t.layer_national_interests,
    };
    // Every plot or only the available ones (or none): one choice, so radio buttons.
    let plot_choices = [
        (MapLayer::AllPlots.key(), t.layer_plots),
        (MapLayer::AvailablePlots.key(), t.layer_available),
        ("", t.layer_no_plots),
    ];
    let plot_layer_key = move || {
        let shown = layers.get();
        if shown.contains(&MapLayer::AllPlots) {
            MapLayer::AllPlots.key()
        } else if shown.contains(&MapLayer::AvailablePlots) {
            MapLayer::AvailablePlots.key()
        } else {
            ""
        }
    };
    let radios = plot_choices
        .into_iter()
        .map(|(key, text)| {
            view! {
                <label class="check">
                    <input
                        type="radio"
                        name="lager"
                        value=key
                        prop:checked=move || plot_layer_key() == key
                        checked=untrack(plot_layer_key) == key
                    />
                    {text}
                </label>
            }
        })
        .collect_view();
    let boxes = [
        MapLayer::BusinessAreas,
        MapLayer::Plans,
        MapLayer::FutureAreas,
        MapLayer::LandUse,
        MapLayer::NationalInterests,
        MapLayer::Context,
    ]
    .into_iter()
    .map(|layer| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    name="lager"
                    value=layer.key()
                    prop:checked=move || layers.get().contains(&layer)
                    checked=layers.get_untracked().contains(&layer)
                />
                {label(layer)}
            </label>
        }
    })
    .collect_view();
    // Without JavaScript the button applies the choice; once the page is live every change
    // applies at once and the button is hidden.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <Form method="GET" action="/" noscroll=true attr:class="layer-controls" on:change=submit_on_change>
            <fieldset>
                <legend>{t.layers}</legend>
                // Always sent, so that every layer switched off stays off.
                <input type="hidden" name="lager" value="" />
                <KeepOtherParams own=&["lager"] />
                <fieldset class="plot-layers">
                    <legend>{t.plots_on_map}</legend>
                    {radios}
                </fieldset>
                {boxes}
                <button type="submit" class="button" hidden=move || live.get()>{t.show_layers}</button>
            </fieldset>
        </Form>
    }
}

/// What the colours and hatching mean. Status is also in every plot's accessible name, so
/// colour is never the only carrier.
#[component]
pub(super) fn MapLegend(lang: Lang) -> impl IntoView {
    view! {
        <div class="map-legend">
            <h3>{lang.texts().legend}</h3>
            <ul>
                {PlotStatus::ALL
                    .into_iter()
                    .map(|status| {
                        view! {
                            <li>
                                <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                                    <rect width="20" height="14" class=format!("plot status-{}", status.key()) />
                                </svg>
                                {status.label(lang)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h3>{lang.texts().layer_plans}</h3>
            <ul>
                {PlanStage::ALL
                    .into_iter()
                    .map(|stage| {
                        view! {
                            <li>
                                <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                                    <rect width="20" height="14" class=format!("plan stage-{}", stage.key()) />
                                </svg>
                                {stage.label(lang)}
                            </li>
                        }
                    })
                    .collect_view()}
                <li>
                    <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                        <rect width="20" height="14" class="future-area" />
                    </svg>
                    {lang.texts().layer_future}
                </li>
            </ul>
            <h3>{lang.texts().layer_land_use}</h3>
            <ul>
                {LandUseCategory::ALL
                    .into_iter()
                    .map(|category| {
                        view! {
                            <li>
                                <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                                    <rect width="20" height="14" fill=category.colour() />
                                </svg>
                                {category.label(lang)}
                            </li>
                        }
                    })
                    .collect_view()}
                <li>
                    <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true">
                        <rect width="20" height="14" class="national-interest" />
                    </svg>
                    {lang.texts().layer_national_interests}
                </li>
            </ul>
        </div>
    }
}
