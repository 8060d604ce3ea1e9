//! A new plot, on the workspace's overview: its designation, business area and outline
//! (GeoJSON, EPSG:3011), posted to the server (server/src/http/staff/plots.rs), which checks
//! the outline and answers a refused plot with the overview again, what was typed kept and why.
//! Once hydrated, the outline is drawn on a map of the chosen business area's plots.

use leptos::prelude::*;

use crate::domain::{
    DESIGNATION_MAX_CHARS, LocalFrame, LocalLand, PlotChoice, PlotOutline, RejectedGeometry,
};
use crate::staff::draw_outline::DrawOutline;
use crate::staff::edit_map::{ContextPlot, context_plots};
use crate::staff::texts::SV as T;
use crate::ui::forms::{server_context, textarea_text};

/// Room around a business area's plots for drawing a new one beside them.
const AREA_MARGIN: f64 = 0.5;
const AREA_MIN_MARGIN_M: f64 = 100.0;

/// A new plot: its designation, business area and outline (GeoJSON, EPSG:3011).
#[component]
pub(super) fn NewPlotForm(
    csrf: String,
    areas: Vec<PlotChoice>,
    outlines: Vec<PlotOutline>,
    land_by_business_area: Vec<(i64, LocalLand)>,
    /// The land around every plot, while no business area is chosen.
    land: LocalLand,
) -> impl IntoView {
    let rejected = server_context::<RejectedGeometry>();
    view! {
        <section aria-labelledby="new-plot-heading">
            <h2 id="new-plot-heading">{T.new_plot_heading}</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let csrf = csrf.clone();
                    let areas = areas.clone();
                    let outlines = outlines.clone();
                    let land_by_business_area = land_by_business_area.clone();
                    let land = land.clone();
                    Suspend::new(async move {
                        let rejected = rejected.await;
                        // A refused plot: the page opens at the message, which takes the focus.
                        let problem_ref = NodeRef::<leptos::html::Div>::new();
                        Effect::new(move |_| {
                            if let Some(problem) = problem_ref.get() {
                                let _ = problem.focus();
                            }
                        });
                        let problem = rejected.as_ref().map(|r| view! {
                            <div class="error-summary" role="alert" id="new-plot-problem" tabindex="-1" node_ref=problem_ref>
                                <p>{T.new_plot_not_saved} {r.message.clone()}</p>
                            </div>
                        });
                        let (geometry, designation) = rejected
                            .map(|r| (r.geometry, r.designation))
                            .unwrap_or_default();
                        // The fields the map reads and writes.
                        let geometry_text = RwSignal::new(geometry.clone());
                        let area = RwSignal::new(areas.first().map(|a| a.id.to_string()).unwrap_or_default());
                        view! {
                            {problem}
                            <form method="post" action="/personal/tomter/ny#new-plot-problem" class="plot-edit-form">
                                <input type="hidden" name="csrf" value=csrf />
                                <div class="field">
                                    <label for="new-beteckning">{T.new_plot_designation}</label>
                                    <input id="new-beteckning" name="beteckning" type="text" maxlength=DESIGNATION_MAX_CHARS value=designation />
                                </div>
                                <div class="field">
                                    <label for="new-omrade">{T.new_plot_business_area}</label>
                                    <select id="new-omrade" name="omrade" on:change=move |ev| area.set(event_target_value(&ev))>
                                        {areas.into_iter().map(|a| view! { <option value=a.id.to_string()>{a.designation}</option> }).collect_view()}
                                    </select>
                                </div>
                                <NewPlotMap outlines land_by_business_area every_plot_land=land business_area=area geometry=geometry_text />
                                <div class="field">
                                    <label for="new-geometri">{T.new_plot_outline}</label>
                                    <textarea id="new-geometri" name="geometri" rows="4" prop:value=move || geometry_text.get()
                                        on:input=move |ev| geometry_text.set(event_target_value(&ev))>{textarea_text(geometry)}</textarea>
                                </div>
                                <button type="submit" class="button">{T.new_plot_create}</button>
                            </form>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The new plot's map: the chosen business area's plots; clicks add corners until the outline
/// is closed (on its first corner or with "Stäng ytan"), then the corners move as in the plot
/// editor. Writes the polygon to `geometry`.
#[component]
fn NewPlotMap(
    outlines: Vec<PlotOutline>,
    land_by_business_area: Vec<(i64, LocalLand)>,
    every_plot_land: LocalLand,
    business_area: RwSignal<String>,
    geometry: RwSignal<String>,
) -> impl IntoView {
    let plots = StoredValue::new(context_plots(&outlines));
    // Every plot's frame: without plots there is nothing to draw beside.
    let Some(every_plot) = plots.with_value(|plots| {
        let points = plots.iter().flat_map(|p| p.ring.iter().copied());
        LocalFrame::around(points, AREA_MARGIN, AREA_MIN_MARGIN_M)
    }) else {
        return ().into_any();
    };
    // The chosen area's plots, or every plot while it has none.
    let context = Memo::new(move |_| {
        let area = business_area.with(|a| a.parse::<i64>().ok());
        plots.with_value(|plots| {
            let in_area: Vec<ContextPlot> = plots
                .iter()
                .filter(|p| Some(p.business_area_id) == area)
                .cloned()
                .collect();
            if in_area.is_empty() {
                plots.clone()
            } else {
                in_area
            }
        })
    });
    let frame = Memo::new(move |_| {
        context.with(|plots| {
            let points = plots.iter().flat_map(|p| p.ring.iter().copied());
            LocalFrame::around(points, AREA_MARGIN, AREA_MIN_MARGIN_M).unwrap_or(every_plot)
        })
    });
    // The chosen area's land, or every plot's while the map frames them all.
    let land = Signal::derive(move || {
        let area = business_area.with(|a| a.parse::<i64>().ok());
        land_by_business_area
            .iter()
            .find(|(id, _)| Some(*id) == area)
            .map(|(_, land)| land.clone())
            .unwrap_or_else(|| every_plot_land.clone())
    });
    view! {
        <DrawOutline
            context=context.into()
            frame=frame.into()
            land
            geometry
            label=T.map_new_plot_label
            help_id="new-plot-map-help"
            help=T.map_new_plot_help
            overlap_warning=true
            finish="skapa tomten"
        />
    }
    .into_any()
}
