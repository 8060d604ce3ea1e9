//! The panel beside the map with the selected plot's fact sheet.

use leptos::prelude::*;

use crate::public::catalog::get_fact_sheet;
use crate::public::fact_sheet::FactSheetDetails;
use crate::ui::i18n::use_lang;

/// Loads the fact sheet of the plot selected in the URL. While the next one loads, the current
/// one stays (a transition), so the panel does not flicker as the user clicks from plot to plot.
#[component]
pub fn PlotPanel(selected_id: Memo<Option<i64>>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
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
                    view! {
                        <aside class="plot-panel" aria-labelledby="plot-panel-heading" aria-live="polite">
                            <h2 id="plot-panel-heading">{sheet.designation.clone()}</h2>
                            <FactSheetDetails sheet lang level=3 />
                            <p class="plot-panel-links">
                                <a href=interest class="button button-primary">{t.register_interest}</a>
                                <a href=page>{t.open_fact_sheet}</a>
                                <a href=lang.href("/") class="plot-panel-close">{t.close}</a>
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
