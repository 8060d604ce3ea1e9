//! `/tomt/{id}`: a plot's fact sheet as a page of its own, for sharing and printing (on one A4
//! page). Rendered on the server only and never hydrated (`crate::is_server_page`): it only
//! reads, so a phone that opens a shared link downloads no WASM; its print button is wired by
//! the page's one small script (`crate::PRINT_BUTTONS`). The facts are `fact_sheet`'s, which
//! the map's panel shows too.

use crate::{PageTitle, ProblemNotice};
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::domain::{
    FactSheet, InterestSubject, Lang, PREVIEW_HEIGHT_PX, PREVIEW_WIDTH_PX, compare_href,
    preview_image_path,
};
use crate::public::catalog::{get_fact_sheet, site_origin};
use crate::public::fact_sheet::FactSheetDetails;
use crate::public::small_map::SmallMapView;
use crate::ui::forms::resource_by_id;
use crate::ui::i18n::use_lang;

/// `/tomt/{id}`: the fact sheet as a page of its own, for sharing and printing.
#[component]
pub fn FactSheetPage() -> impl IntoView {
    let lang = use_lang();
    let sheet = resource_by_id(get_fact_sheet);
    let t = lang.texts();
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(Some(sheet)) => view! { <FactSheetArticle sheet lang /> }.into_any(),
                    Ok(None) => view! { <PlotNotFound lang /> }.into_any(),
                    Err(problem) => view! { <ProblemNotice problem unavailable=t.map_unavailable /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn FactSheetArticle(sheet: FactSheet, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let title = format!("{} – {} – Markkartan", sheet.designation, t.fact_sheet);
    let summary = sheet.summary(lang);
    let map_href = lang.href(&format!("/?tomt={}", sheet.id));
    let interest_href = lang.href(&format!("/intresse?tomt={}", sheet.id));
    let compare = compare_href(&[sheet.id], lang);
    let booking_href = lang.href(&format!("/boka?tomt={}", sheet.id));
    let origin = site_origin();
    let area_interest_href = format!(
        "/intresse{}",
        InterestSubject::for_business_area(&sheet.business_area).page_query(lang)
    );
    view! {
        <PageTitle text=title.clone() />
        <Meta name="description" content=summary.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Markkartan" />
        <Meta property="og:title" content=format!("{} – {}", sheet.designation, sheet.business_area) />
        <Meta property="og:description" content=summary />
        <Meta property="og:locale" content=if lang == Lang::Sv { "sv_SE" } else { "en_GB" } />
        <Meta property="og:url" content=format!("{origin}{}", lang.href(&format!("/tomt/{}", sheet.id))) />
        <Meta property="og:image" content=format!("{origin}{}", preview_image_path(sheet.id)) />
        <Meta property="og:image:type" content="image/png" />
        <Meta property="og:image:width" content=PREVIEW_WIDTH_PX.to_string() />
        <Meta property="og:image:height" content=PREVIEW_HEIGHT_PX.to_string() />
        <Meta property="og:image:alt" content=format!("{}: {}", t.small_map_label, sheet.designation) />
        <Meta name="twitter:card" content="summary_large_image" />
        <article class="fact-sheet" aria-labelledby="fact-sheet-heading">
            <p class="fact-sheet-kind">{t.fact_sheet}</p>
            <h1 id="fact-sheet-heading">{sheet.designation.clone()}</h1>
            <SmallMapView map=sheet.outline.clone() label=t.small_map_label />
            <FactSheetDetails sheet lang level=2 />
            <p class="fact-sheet-actions">
                <a class="button button-primary" href=interest_href>{t.register_interest}</a>
                <a class="button" href=booking_href rel="external">{t.book_meeting}</a>
                <button type="button" class="button" data-print="">{t.print}</button>
                <a class="button" href=map_href>{t.show_on_map}</a>
                <a class="button" href=compare rel="external">{t.compare}</a>
                <a class="button" href=area_interest_href>{t.register_interest_area}</a>
            </p>
        </article>
    }
    .into_any()
}

#[component]
fn PlotNotFound(lang: Lang) -> impl IntoView {
    crate::set_status_not_found();
    let t = lang.texts();
    view! {
        <PageTitle text=format!("{} – Markkartan", t.not_found_title) />
        <h1>{t.not_found_title}</h1>
        <p>{t.plot_not_found}</p>
        <p><a href=lang.href("/")>{t.back_to_map}</a></p>
    }
    .into_any()
}
