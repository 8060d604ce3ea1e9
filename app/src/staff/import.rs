//! Importing plots from a file (`/personal/import`): upload, then a preview on the map with
//! every feature's checks and the attribute mapping, then one commit that writes all or
//! nothing. The forms are plain POSTs (server/src/http/staff/import.rs); once hydrated the upload
//! shows its progress.

use crate::PageTitle;
use leptos::prelude::*;
use leptos_meta::Meta;

#[cfg(feature = "ssr")]
use crate::domain::Permission;
use crate::domain::{
    Crs, ImportField, ImportPreview, ImportStart, Lang, MAX_IMPORT_BYTES, MAX_IMPORT_FEATURES,
    Problem, RejectedImport, format_area_m2, ground_metres_per_mercator_unit,
};
use crate::staff::refused::{Missing, Refused, found_or_refused};
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::{resource_by_id, server_context};
use crate::ui::map_drawing::{PictureScaleBar, picture_unit, screen_units_at};

#[server(endpoint = "import-start", output = crate::ui::codec::JsonAnswer)]
pub async fn get_import_start() -> Result<ImportStart, Problem> {
    let viewer = authorise(Some(Permission::EditPlots))?;
    expect_context::<SharedWorkspace>()
        .import_start(viewer)
        .await
        .map_err(unavailable)
}

#[server(endpoint = "import-preview", output = crate::ui::codec::JsonAnswer)]
pub async fn get_import_preview(id: i64) -> Result<Option<ImportPreview>, Problem> {
    let viewer = authorise(Some(Permission::EditPlots))?;
    expect_context::<SharedWorkspace>()
        .import_preview(viewer, id)
        .await
        .map_err(unavailable)
}

/// `/personal/import`: choose a file.
#[component]
pub fn ImportPage() -> impl IntoView {
    let start = Resource::new(|| (), |_| get_import_start());
    let rejected = server_context::<RejectedImport>();
    view! {
        <PageTitle text=T.import_title />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await;
                match start.await {
                    Ok(start) => view! { <UploadForm start rejected /> }.into_any(),
                    Err(error) => view! {
                        <h1 class="page-title">{T.import_heading}</h1>
                        <Refused problem=error />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UploadForm(start: ImportStart, rejected: Option<RejectedImport>) -> impl IntoView {
    let problem = RwSignal::new(rejected.map(|r| r.message));
    // Percent of the file sent; None when no upload is running.
    let progress = RwSignal::new(None::<u32>);
    let on_submit =
        move |ev: leptos::web_sys::SubmitEvent| upload_with_progress(ev, progress, problem);
    // Effects run in the browser only: marks the form as taken over (tests wait for it).
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <WorkspaceBar viewer=start.viewer.clone() />
        <h1 class="page-title">{T.import_heading}</h1>
        <p class="page-intro">{texts::import_intro(
            MAX_IMPORT_BYTES / (1024 * 1024),
            MAX_IMPORT_FEATURES
        )}</p>
        <div id="import-problem" class="error-summary" role="alert" hidden=move || problem.with(Option::is_none)>
            <p>{move || problem.get()}</p>
        </div>
        <form method="post" action="/personal/import" enctype="multipart/form-data" class="plot-edit-form"
            data-hydrated=move || hydrated.get().then_some("true") on:submit=on_submit>
            <input type="hidden" name="csrf" value=start.viewer.csrf_token.clone() />
            <div class="field">
                <label for="import-fil">{T.import_file}</label>
                <input id="import-fil" name="fil" type="file" required
                    accept=".geojson,.json,.gpkg,.zip,application/geo+json,application/geopackage+sqlite3,application/zip" />
            </div>
            <div class="field">
                <label for="import-koordinatsystem">{T.import_crs_fallback}</label>
                <select id="import-koordinatsystem" name="koordinatsystem">
                    <option value="">{T.import_crs_in_file}</option>
                    {Crs::ALL.into_iter().map(|c| view! { <option value=c.srid().to_string()>{c.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="import-omrade">{T.import_business_area}</label>
                <select id="import-omrade" name="omrade">
                    <option value="">{T.import_choose_in_preview}</option>
                    {start.business_areas.iter().map(|a| view! { <option value=a.id.to_string()>{a.designation.clone()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button-primary" aria-disabled=move || progress.get().is_some().then_some("true")>{T.import_upload}</button>
            <div class="import-progress" hidden=move || progress.get().is_none()>
                <label for="import-progress">{T.import_upload_progress}</label>
                <progress id="import-progress" max="100" value=move || progress.get().unwrap_or(0)></progress>
                <p role="status">{move || match progress.get() {
                    Some(100) => T.import_uploaded.to_string(),
                    // Read out in quarters, not at every percent.
                    Some(p) => texts::uploading(p / 25 * 25),
                    None => String::new(),
                }}</p>
            </div>
        </form>
    }
}

/// Sends the upload form with XMLHttpRequest so its progress can be shown; then goes to the
/// preview it redirects to, or shows why the file was refused (the form keeps the file).
/// Without JavaScript, or if anything here is missing, the form posts as usual.
fn upload_with_progress(
    ev: leptos::web_sys::SubmitEvent,
    progress: RwSignal<Option<u32>>,
    problem: RwSignal<Option<String>>,
) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::{JsCast, closure::Closure};
        use leptos::web_sys;
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let (Ok(data), Ok(xhr)) = (
            web_sys::FormData::new_with_form(&form),
            web_sys::XmlHttpRequest::new(),
        ) else {
            return;
        };
        let Ok(upload) = xhr.upload() else { return };
        // Too large is said at once, before minutes of uploading.
        let size = data
            .get("fil")
            .dyn_into::<web_sys::File>()
            .map_or(0.0, |file| file.size());
        if size > MAX_IMPORT_BYTES as f64 {
            ev.prevent_default();
            problem.set(Some(crate::domain::ImportProblem::TooLarge.message()));
            return;
        }
        if xhr.open("POST", &form.action()).is_err() {
            return;
        }
        ev.prevent_default();
        if progress.get_untracked().is_some() {
            return; // already uploading
        }
        problem.set(None);
        progress.set(Some(0));
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress.set(Some((e.loaded() / e.total() * 100.0).floor() as u32));
                }
            });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
        let done = xhr.clone();
        let on_load = Closure::once_into_js(move || {
            let url = done.response_url();
            if done.status().unwrap_or(0) == 200 && url.contains("/personal/import/") {
                let _ = window().location().assign(&url);
                return;
            }
            // The refusal page names the problem in the same place this page shows it.
            let html = done.response_text().ok().flatten().unwrap_or_default();
            let message = web_sys::DomParser::new()
                .ok()
                .and_then(|p| {
                    p.parse_from_string(&html, web_sys::SupportedType::TextHtml)
                        .ok()
                })
                .and_then(|doc| doc.query_selector("#import-problem p").ok().flatten())
                .and_then(|el| el.text_content())
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| T.import_upload_failed.to_string());
            progress.set(None);
            problem.set(Some(message));
        });
        xhr.set_onload(Some(on_load.unchecked_ref()));
        let on_error = Closure::once_into_js(move || {
            progress.set(None);
            problem.set(Some(T.import_upload_aborted.to_string()));
        });
        xhr.set_onerror(Some(on_error.unchecked_ref()));
        if xhr.send_with_opt_form_data(Some(&data)).is_err() {
            progress.set(None);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, progress, problem);
}

/// `/personal/import/:id`: the draft on the map and in a table, the mapping, and the commit.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let preview = resource_by_id(get_import_preview);
    let rejected = server_context::<RejectedImport>();
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await;
                let missing = Missing {
                    page: T.import_heading,
                    // Committed, cancelled, a day old, or someone else's.
                    not_found: T.import_not_found,
                    back_href: "/personal/import",
                    back_text: T.import_back,
                };
                found_or_refused(preview.await, missing, |preview| {
                    view! { <Preview preview rejected /> }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn Preview(preview: ImportPreview, rejected: Option<RejectedImport>) -> impl IntoView {
    // Why the import cannot be made yet: rows with errors, or no business area chosen (the
    // choice in the form counts at once once the page is hydrated; without JavaScript, after
    // "Uppdatera förhandsgranskningen"). The button stays disabled until nothing blocks.
    let area = RwSignal::new(
        preview
            .business_area
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let blocking = {
        let preview = preview.clone();
        Memo::new(move |_| preview.blocking_with(area.with(|a| !a.is_empty())))
    };
    let count = preview.features.len();
    let crs_text = match preview.crs_from_file {
        Some(crs) => texts::crs_from_file(crs.label()),
        None => texts::crs_chosen(preview.crs.label()),
    };
    let crs_choice = preview.crs_from_file.is_none().then(|| {
        let current = preview.crs;
        view! {
            <div class="field">
                <label for="import-koordinatsystem">{T.import_crs}</label>
                <select id="import-koordinatsystem" name="koordinatsystem">
                    {Crs::ALL.into_iter().map(|c| view! {
                        <option value=c.srid().to_string() selected=c == current>{c.label()}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    });
    let area_options = preview
        .business_areas
        .iter()
        .map(|a| {
            let selected = preview.business_area == Some(a.id);
            view! { <option value=a.id.to_string() selected=selected>{a.designation.clone()}</option> }
        })
        .collect_view();
    let mapping = ImportField::ALL
        .into_iter()
        .map(|field| {
            let chosen = preview.mapping.attribute(field).map(str::to_string);
            let id = format!("import-falt-{}", field.key());
            view! {
                <div class="field">
                    <label for=id.clone()>{field.label()}</label>
                    <select id=id name=format!("falt_{}", field.key())>
                        <option value="" selected=chosen.is_none()>{T.import_no_attribute}</option>
                        {preview.attributes.iter().map(|a| view! {
                            <option value=a.clone() selected=chosen.as_deref() == Some(a.as_str())>{a.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view();
    let rows = preview
        .features
        .iter()
        .map(|f| {
            let ok = f.problems.is_empty();
            view! {
                <tr class=if ok { "import-ok" } else { "import-problem" } id=format!("objekt-{}", f.number)>
                    <th scope="row">{f.number}</th>
                    <td>{f.designation.clone()}</td>
                    <td>{f.status.map(|s| s.label(Lang::Sv))}</td>
                    <td>{f.area_m2.map(|a| format_area_m2(a, Lang::Sv))}</td>
                    <td>{if ok {
                        view! { {T.import_feature_ok} }.into_any()
                    } else {
                        view! { <ul>{f.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul> }.into_any()
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    let shapes = preview
        .features
        .iter()
        .filter(|f| !f.svg_path.is_empty())
        .map(|f| {
            let class = if f.problems.is_empty() {
                "import-feature ok"
            } else {
                "import-feature problem"
            };
            let title = texts::feature_title(
                f.number,
                &if f.designation.is_empty() {
                    String::new()
                } else {
                    format!(" {}", f.designation)
                },
                &if f.problems.is_empty() {
                    T.import_feature_ok_lower.to_string()
                } else {
                    f.problems.join(" ")
                },
            );
            view! { <path class=class d=f.svg_path.clone()><title>{title}</title></path> }
        })
        .collect_view();
    // Each feature's number where it lies, as the table numbers it.
    let unit = picture_unit(preview.view);
    let numbers = preview
        .features
        .iter()
        .filter_map(|f| {
            let (x, y) = f.label_at?;
            Some(view! {
                <g class="import-number" transform=screen_units_at(x, y, unit)>
                    <text text-anchor="middle" y="5">{f.number}</text>
                </g>
            })
        })
        .collect_view();
    view! {
        <PageTitle text=texts::import_preview_title(&preview.file_name) />
        <WorkspaceBar viewer=preview.viewer.clone() />
        <p><a href="/personal/import">{T.import_other_file}</a></p>
        <h1 class="page-title">{T.import_preview_heading} {preview.file_name.clone()}</h1>
        <p>{texts::import_summary(count, preview.format.label(), &crs_text)}</p>
        {rejected.map(|r| view! {
            <div id="import-problem" class="error-summary" role="alert"><p>{r.message}</p></div>
        })}
        {(preview.features_with_problems() == 0).then(|| view! {
            <p class="saved" role="status">{if count == 1 { T.import_one_passes.to_string() } else { texts::all_pass(count) }}</p>
        })}
        {move || blocking.with(|b| (!b.is_empty()).then(|| view! {
            <div class="import-blocking" id="import-blocking">
                <p>{T.import_blocking}</p>
                <ul>{b.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
            </div>
        }))}
        <svg class="small-map import-map" viewBox=preview.view.to_attr() preserveAspectRatio="xMidYMid meet"
            role="img" aria-label=T.import_map_label>
            <path class="land" d=preview.land_svg_path.clone() />
            {preview.existing_svg_paths.iter().map(|d| view! { <path class="neighbour" d=d.clone() /> }).collect_view()}
            {shapes}
            <g aria-hidden="true">{numbers}</g>
            <PictureScaleBar view=preview.view ground_per_unit=ground_metres_per_mercator_unit(preview.view.center().1) />
        </svg>
        <form method="post" action=format!("/personal/import/{}", preview.id) class="plot-edit-form">
            <input type="hidden" name="csrf" value=preview.viewer.csrf_token.clone() />
            <fieldset>
                <legend>{T.import_legend_placement}</legend>
                {crs_choice}
                <div class="field">
                    <label for="import-omrade">{T.import_business_area}</label>
                    <select id="import-omrade" name="omrade" on:change=move |ev| area.set(event_target_value(&ev))>
                        <option value="" selected=preview.business_area.is_none()>{T.import_choose}</option>
                        {area_options}
                    </select>
                </div>
            </fieldset>
            <fieldset>
                <legend>{T.import_legend_mapping}</legend>
                {mapping}
            </fieldset>
            <div class="form-actions">
                <button type="submit" name="steg" value="granska" class="button">{T.import_update_preview}</button>
                <button type="submit" name="steg" value="importera" class="button button-primary"
                    disabled=move || blocking.with(|b| !b.is_empty())
                    aria-describedby=move || blocking.with(|b| (!b.is_empty()).then_some("import-blocking"))>
                    {texts::import_plots(count)}
                </button>
                <button type="submit" name="steg" value="avbryt" class="button">{T.import_cancel}</button>
            </div>
        </form>
        <table class="import-table">
            <caption>{T.import_table_caption}</caption>
            <thead><tr><th scope="col">{T.import_col_number}</th><th scope="col">{T.import_col_designation}</th><th scope="col">{T.import_col_status}</th><th scope="col">{T.import_col_area}</th><th scope="col">{T.import_col_result}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
