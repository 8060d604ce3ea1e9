//! `/personal/tomt/{id}`: the plot editor. Its fields (status and reservation, price and
//! permitted use, infrastructure, texts and contact person) are one plain HTML form posted to
//! the server (server/src/http/staff/plots.rs), which checks the session, the role and the
//! CSRF token, and refuses a save based on a version someone else has saved over, showing what
//! they changed. Below it the plot's shape (`plot_geometry.rs`) and its history
//! (`history.rs`).

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::PageTitle;
#[cfg(feature = "ssr")]
use crate::domain::Permission;
use crate::domain::{
    LandUse, Lang, PlotEditForm, PlotEditor, PlotField, PlotPage, PlotStatus, Problem,
    RejectedGeometry, RejectedPlotEdit, RetiredPlot, WaterSewage, format_area_m2, water_sewage_key,
};
use crate::staff::history::HistoryList;
use crate::staff::plot_geometry::GeometryForms;
use crate::staff::refused::{Missing, found_or_refused};
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::{resource_by_id, server_context, textarea_text};

#[server(endpoint = "plot-editor", output = crate::ui::codec::JsonAnswer)]
pub async fn get_plot_page(id: i64) -> Result<Option<PlotPage>, Problem> {
    let viewer = authorise(Some(Permission::EditPlots))?;
    expect_context::<SharedWorkspace>()
        .plot_page(viewer, id)
        .await
        .map_err(unavailable)
}

/// `/personal/tomt/{id}`: the plot editor, with the history of every change; for a plot merged
/// into another, its history and a link to that plot.
#[component]
pub fn PlotEditPage() -> impl IntoView {
    let page = resource_by_id(get_plot_page);
    let rejected = server_context::<RejectedPlotEdit>();
    let rejected_geometry = server_context::<RejectedGeometry>();
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await;
                let rejected_geometry = rejected_geometry.await;
                let missing = Missing {
                    page: T.editor_page,
                    not_found: T.editor_not_found,
                    back_href: "/personal",
                    back_text: T.editor_back,
                };
                found_or_refused(page.await, missing, |page| match page {
                    PlotPage::Current(editor) => {
                        view! { <PlotEditorView editor=*editor rejected rejected_geometry /> }.into_any()
                    }
                    PlotPage::Retired(retired) => view! { <RetiredPlotView retired /> }.into_any(),
                })
            })}
        </Suspense>
    }
}

/// A retired plot: no form, only what happened to it and where its land went.
#[component]
fn RetiredPlotView(retired: RetiredPlot) -> impl IntoView {
    view! {
        <PageTitle text=texts::editor_title(&retired.designation) />
        <WorkspaceBar viewer=retired.viewer.clone() />
        <p><a href="/personal">{T.editor_all_plots}</a></p>
        <h1 class="page-title">{retired.designation.clone()}</h1>
        <p class="retired-plot" role="status">
            {texts::plot_retired(&retired.retired_at.format("%Y-%m-%d %H:%M").to_string())}
            {retired.merged_into.map(|into| view! {
                " " {T.plot_merged_into} " "
                <a href=format!("/personal/tomt/{}", into.id)>{into.designation}</a> "."
            })}
        </p>
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{T.editor_history_heading}</h2>
            <HistoryList entries=retired.history />
        </section>
    }
}

/// The plot's fields as they are, or as they were typed when the server refused them (each
/// error beside its field and in a summary that links to it).
#[component]
fn PlotEditorView(
    editor: PlotEditor,
    rejected: Option<RejectedPlotEdit>,
    rejected_geometry: Option<RejectedGeometry>,
) -> impl IntoView {
    let saved = use_query_map().with_untracked(|q| q.get("sparad").is_some());
    let plot = editor.plot.clone();
    let (form, errors, meanwhile) = match rejected {
        Some(r) => (r.form, r.errors, r.meanwhile),
        None => (
            PlotEditForm::from_plot(&plot, &editor.viewer.csrf_token),
            Vec::new(),
            Vec::new(),
        ),
    };
    let error_of = {
        let errors = errors.clone();
        move |field: PlotField| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        }
    };
    let text_field = {
        let error_of = error_of.clone();
        move |field: PlotField, value: String, kind: &'static str| {
            let id = format!("plot-{}", field.name());
            let error = error_of(field);
            // A phone offers digits (and the decimal comma) for the figures.
            let inputmode = match field {
                PlotField::Price | PlotField::ElectricalCapacity => Some("decimal"),
                _ => None,
            };
            view! {
                <div class="field">
                    <label for=id.clone()>{field.label()}</label>
                    <input id=id.clone() name=field.name() type=kind value=value inputmode=inputmode
                        maxlength=field.max_chars()
                        aria-invalid=error.as_ref().map(|_| "true")
                        aria-describedby=format!("error-{}", field.name()) />
                    <p class="field-error" id=format!("error-{}", field.name())>{error}</p>
                </div>
            }
        }
    };
    let status_options = PlotStatus::ALL
        .into_iter()
        .filter(|s| plot.status.may_become(*s))
        .map(|s| {
            view! { <option value=s.key() selected=form.status == s.key()>{s.label(Lang::Sv)}</option> }
        })
        .collect_view();
    let water_options = [
        WaterSewage::Connected,
        WaterSewage::Planned,
        WaterSewage::None,
    ]
    .into_iter()
    .map(|w| {
        let key = water_sewage_key(w);
        view! { <option value=key selected=form.water_sewage == key>{w.label(Lang::Sv)}</option> }
    })
    .collect_view();
    let contact_options = editor
        .contacts
        .iter()
        .map(|c| {
            let value = c.id.to_string();
            let selected = form.contact_person == value;
            view! { <option value=value selected=selected>{c.name.clone()}</option> }
        })
        .collect_view();
    let use_boxes = LandUse::ALL
        .into_iter()
        .map(|u| {
            let checked = form.permitted_uses.iter().any(|c| c == u.code());
            view! {
                <label class="check">
                    <input type="checkbox" name=PlotField::PermittedUses.name() value=u.code() checked=checked />
                    {format!("{} {}", u.code(), u.label(Lang::Sv))}
                </label>
            }
        })
        .collect_view();
    let error_summary = (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert">
                <p>{T.editor_not_saved}</p>
                <ul>
                    {errors.iter().map(|e| view! {
                        <li><a href=format!("#plot-{}", e.field.name())>{format!("{}: {}", e.field.label(), e.message)}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    let conflict = (!meanwhile.is_empty()).then(|| {
        view! {
            <div class="conflict" role="alert">
                <h2>{T.editor_conflict_heading}</h2>
                <p>{T.editor_conflict_text}</p>
                <HistoryList entries=meanwhile.clone() />
            </div>
        }
    });
    let select_error = error_of(PlotField::Status);
    view! {
        <PageTitle text=texts::editor_title(&plot.designation) />
        <WorkspaceBar viewer=editor.viewer.clone() />
        <p><a href="/personal">{T.editor_all_plots}</a></p>
        <h1 class="page-title">{T.editor_heading} {plot.designation.clone()}</h1>
        <p>{texts::plot_summary(&plot.business_area, &plot.locality, &format_area_m2(plot.area_m2, Lang::Sv), plot.version)}</p>
        {saved.then(|| view! { <p class="saved" role="status">{T.editor_saved}</p> })}
        {conflict}
        {error_summary}
        <form method="post" action=format!("/personal/tomt/{}", plot.id) class="plot-edit-form" novalidate>
            <input type="hidden" name="csrf" value=editor.viewer.csrf_token.clone() />
            <input type="hidden" name=PlotField::Version.name() value=form.version.clone() />
            <fieldset>
                <legend>{T.editor_legend_status}</legend>
                <div class="field">
                    <label for="plot-status">{T.editor_status}</label>
                    <select id="plot-status" name=PlotField::Status.name() aria-describedby="error-status">{status_options}</select>
                    <p class="field-error" id="error-status">{select_error}</p>
                </div>
                {text_field(PlotField::ReservedUntil, form.reserved_until.clone(), "date")}
                {text_field(PlotField::ReservedFor, form.reserved_for.clone(), "text")}
            </fieldset>
            <fieldset>
                <legend>{T.editor_legend_price_use}</legend>
                {text_field(PlotField::Price, form.price.clone(), "text")}
                <fieldset>
                    <legend>{T.editor_legend_use}</legend>
                    {use_boxes}
                </fieldset>
            </fieldset>
            <fieldset>
                <legend>{T.editor_legend_infrastructure}</legend>
                <div class="field">
                    <label for="plot-va">{T.editor_water_sewage}</label>
                    <select id="plot-va" name=PlotField::WaterSewage.name()>{water_options}</select>
                </div>
                {text_field(PlotField::ElectricalCapacity, form.electrical_capacity.clone(), "text")}
                <label class="check">
                    <input type="checkbox" name=PlotField::DistrictHeating.name() value="ja" checked=form.district_heating.is_some() />
                    {T.editor_district_heating}
                </label>
                <label class="check">
                    <input type="checkbox" name=PlotField::Fiber.name() value="ja" checked=form.fiber.is_some() />
                    {T.editor_fiber}
                </label>
            </fieldset>
            <fieldset>
                <legend>{T.editor_legend_text_contact}</legend>
                <div class="field">
                    <label for="plot-beskrivning">{T.editor_description}</label>
                    <p class="field-hint" id="hint-beskrivning">{T.editor_description_hint}</p>
                    <textarea id="plot-beskrivning" name=PlotField::PublicDescription.name() rows="4" aria-describedby="hint-beskrivning" maxlength=PlotField::PublicDescription.max_chars()>{textarea_text(form.public_description.clone())}</textarea>
                    <p class="field-error">{error_of(PlotField::PublicDescription)}</p>
                </div>
                <div class="field">
                    <label for="plot-beskrivning_en" lang="sv">{T.editor_description_en}</label>
                    <p class="field-hint" id="hint-beskrivning_en">{T.editor_description_en_hint}</p>
                    <textarea id="plot-beskrivning_en" name=PlotField::PublicDescriptionEn.name() rows="4" lang="en" aria-describedby="hint-beskrivning_en" maxlength=PlotField::PublicDescriptionEn.max_chars()>{textarea_text(form.public_description_en.clone())}</textarea>
                    <p class="field-error">{error_of(PlotField::PublicDescriptionEn)}</p>
                </div>
                <div class="field">
                    <label for="plot-anteckningar">{T.editor_internal_notes}</label>
                    <p class="field-hint" id="hint-anteckningar">{T.editor_internal_notes_hint}</p>
                    <textarea id="plot-anteckningar" name=PlotField::InternalNotes.name() rows="4" aria-describedby="hint-anteckningar" maxlength=PlotField::InternalNotes.max_chars()>{textarea_text(form.internal_notes.clone())}</textarea>
                    <p class="field-error">{error_of(PlotField::InternalNotes)}</p>
                </div>
                <div class="field">
                    <label for="plot-kontakt">{T.editor_contact}</label>
                    <select id="plot-kontakt" name=PlotField::ContactPerson.name()>
                        <option value="" selected=form.contact_person.is_empty()>{T.editor_contact_default}</option>
                        {contact_options}
                    </select>
                </div>
            </fieldset>
            <button type="submit" class="button button-primary">{T.editor_save}</button>
        </form>
        <GeometryForms
            plot_id=plot.id
            version=plot.version
            csrf=editor.viewer.csrf_token.clone()
            designation=plot.designation.clone()
            outline=editor.outline_geojson.clone()
            neighbours=editor.neighbours.clone()
            nearby=editor.nearby.clone()
            land=editor.land.clone()
            rejected=rejected_geometry
        />
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{T.editor_history_heading}</h2>
            <HistoryList entries=editor.history />
        </section>
    }
}
