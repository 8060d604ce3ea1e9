//! The panel that opens when a plot is selected on the map.

use leptos::prelude::*;

use crate::domain::{Lang, MapPlot, format_area_m2, format_hectares, format_sek};

#[component]
pub fn PlotPanel(plot: MapPlot) -> impl IntoView {
    let lang = Lang::Sv;
    let price = match (plot.price_sek_per_m2, plot.total_price_sek()) {
        (Some(per_m2), Some(total)) => format!(
            "{}/m² ({} totalt)",
            format_sek(i64::from(per_m2), lang),
            format_sek(total, lang)
        ),
        _ => "Pris lämnas på förfrågan".to_string(),
    };
    view! {
        <aside class="plot-panel" aria-labelledby="plot-panel-heading" aria-live="polite">
            <h2 id="plot-panel-heading">{plot.designation.clone()}</h2>
            <dl>
                <dt>"Verksamhetsområde"</dt>
                <dd>{plot.business_area.clone()}</dd>
                <dt>"Yta"</dt>
                <dd data-field="area">
                    {format_area_m2(plot.area_m2, lang)} " (" {format_hectares(plot.area_m2, lang)} ")"
                </dd>
                <dt>"Status"</dt>
                <dd data-field="status">
                    <span class=format!("status-badge status-{}", plot.status.key())>
                        {plot.status.label(lang)}
                    </span>
                </dd>
                <dt>"Pris"</dt>
                <dd data-field="price">{price}</dd>
            </dl>
            <p><a href="/" class="plot-panel-close">"Stäng"</a></p>
        </aside>
    }
    .into_any()
}
