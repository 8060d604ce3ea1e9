//! The staff workspace (`/personal`): sign-in, the plot overview with what needs attention, and
//! the plot editor with its history.
//!
//! Every form here is a plain HTML POST to the server (server/src/http/staff.rs), so it works
//! without JavaScript and the server checks the session, the role and the CSRF token on each.
//! The data comes from server functions that check the role too: hiding a link is never the
//! protection. The workspace is in Swedish: its users are the municipality's staff.

use crate::PageTitle;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::domain::{
    FieldChange, HistoryEntry, LandUse, Lang, LocalLand, PlotEditForm, PlotEditor, PlotField,
    PlotStatus, RejectedPlotEdit, RejectedSignIn, StaffPlot, Viewer, WaterSewage,
    WorkspaceOverview, format_area_m2, water_sewage_key,
};
use crate::ui::forms::{resource_by_id, server_context, textarea_text};

use crate::domain::{
    AccountView, AccountsPage, GeometryOperation, Inbox, InboxFilter, InterestCase, Neighbour,
    Permission, PlotChoice, PlotOutline, Problem, RejectedAccount, RejectedGeometry, Role,
};
use crate::domain::{DESIGNATION_MAX_CHARS, EMAIL_MAX_CHARS, NAME_MAX_CHARS, PASSWORD_MAX_CHARS};
use crate::staff::geometry_editor::{NewPlotMap, PlotGeometryMap};
use crate::staff::overview::PlotsOverview;
use crate::staff::texts::{self, SV as T};

#[cfg(feature = "ssr")]
use crate::domain::Denied;

/// The server-side source of the workspace's data. Every method gets the viewer the server
/// function has already authorised.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Workspace: Send + Sync + 'static {
    async fn overview(
        &self,
        viewer: Viewer,
    ) -> Result<WorkspaceOverview, crate::public::catalog::CatalogUnavailable>;

    async fn plot_editor(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<PlotEditor>, crate::public::catalog::CatalogUnavailable>;

    async fn inbox(
        &self,
        viewer: Viewer,
        filter: InboxFilter,
    ) -> Result<Inbox, crate::public::catalog::CatalogUnavailable>;

    async fn interest_case(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<InterestCase>, crate::public::catalog::CatalogUnavailable>;

    async fn accounts(
        &self,
        viewer: Viewer,
    ) -> Result<AccountsPage, crate::public::catalog::CatalogUnavailable>;

    async fn import_start(
        &self,
        viewer: Viewer,
    ) -> Result<crate::domain::ImportStart, crate::public::catalog::CatalogUnavailable>;

    async fn import_preview(
        &self,
        viewer: Viewer,
        id: i64,
    ) -> Result<Option<crate::domain::ImportPreview>, crate::public::catalog::CatalogUnavailable>;

    async fn planning_overview(
        &self,
        viewer: Viewer,
    ) -> Result<crate::domain::PlanningOverview, crate::public::catalog::CatalogUnavailable>;

    /// A plan's or area's page (`id` None: a new one); `None` when there is no such one.
    async fn planning_editor(
        &self,
        viewer: Viewer,
        kind: crate::domain::PlanningKind,
        id: Option<i64>,
    ) -> Result<Option<crate::domain::PlanningEditor>, crate::public::catalog::CatalogUnavailable>;
}

#[cfg(feature = "ssr")]
pub type SharedWorkspace = std::sync::Arc<dyn Workspace>;

/// The signed-in viewer, if the role allows `permission` (any signed-in viewer for `None`).
/// A refusal answers 401 or 403.
#[cfg(feature = "ssr")]
pub(crate) fn authorise(permission: Option<Permission>) -> Result<Viewer, Problem> {
    let viewer = use_context::<Viewer>();
    let result = match permission {
        Some(permission) => Viewer::require(viewer, permission),
        None => viewer.ok_or(Denied::NotSignedIn),
    };
    result.map_err(|denied| {
        let problem = Problem::from(denied);
        // A page rendered on the server calls this directly: it answers with the status too.
        crate::set_status(problem.status());
        problem
    })
}

/// The workspace's data could not be loaded; the server has logged why.
#[cfg(feature = "ssr")]
pub(crate) fn unavailable(_: crate::public::catalog::CatalogUnavailable) -> Problem {
    Problem::new(crate::domain::ProblemKind::Unavailable, T.unavailable)
}

#[server(endpoint = "workspace-overview", output = crate::ui::codec::JsonAnswer)]
pub async fn get_workspace_overview() -> Result<WorkspaceOverview, Problem> {
    let viewer = authorise(None)?;
    expect_context::<SharedWorkspace>()
        .overview(viewer)
        .await
        .map_err(unavailable)
}

#[server(endpoint = "plot-editor", output = crate::ui::codec::JsonAnswer)]
pub async fn get_plot_editor(id: i64) -> Result<Option<PlotEditor>, Problem> {
    let viewer = authorise(Some(Permission::EditPlots))?;
    expect_context::<SharedWorkspace>()
        .plot_editor(viewer, id)
        .await
        .map_err(unavailable)
}

#[server(endpoint = "inbox", input = leptos::server_fn::codec::Json, output = crate::ui::codec::JsonAnswer)]
pub async fn get_inbox(filter: InboxFilter) -> Result<Inbox, Problem> {
    let viewer = authorise(Some(Permission::HandleInterests))?;
    filter.check()?;
    expect_context::<SharedWorkspace>()
        .inbox(viewer, filter)
        .await
        .map_err(unavailable)
}

#[server(endpoint = "interest-case", output = crate::ui::codec::JsonAnswer)]
pub async fn get_interest_case(id: i64) -> Result<Option<InterestCase>, Problem> {
    let viewer = authorise(Some(Permission::HandleInterests))?;
    expect_context::<SharedWorkspace>()
        .interest_case(viewer, id)
        .await
        .map_err(unavailable)
}

#[server(endpoint = "accounts", output = crate::ui::codec::JsonAnswer)]
pub async fn get_accounts() -> Result<AccountsPage, Problem> {
    let viewer = authorise(Some(Permission::ManageAccounts))?;
    expect_context::<SharedWorkspace>()
        .accounts(viewer)
        .await
        .map_err(unavailable)
}

/// Shown instead of a workspace page the viewer may not see.
#[component]
pub(crate) fn Refused(problem: Problem) -> impl IntoView {
    // Someone signed in and refused (403) needs the way back, not a sign-in form.
    let way_on = if problem.kind == crate::domain::ProblemKind::NotSignedIn {
        view! { <a class="button" href="/personal/logga-in">{T.sign_in}</a> }.into_any()
    } else {
        view! { <a class="button" href="/personal">{T.to_workspace}</a> }.into_any()
    };
    view! {
        <p role="alert" class="workspace-refused">{error_message(&problem)}</p>
        <p>{way_on}</p>
    }
}

/// A workspace page's words for when the thing its URL names is missing or refused.
pub(crate) struct Missing {
    /// The page's heading when the viewer may not see it.
    pub page: &'static str,
    /// Heading (and title) when there is no such thing, e.g. "Tomten finns inte".
    pub not_found: &'static str,
    pub back_href: &'static str,
    pub back_text: &'static str,
}

/// One thing loaded for a workspace page: shown by `found`, or "not found" (404) with the way
/// back, or why the viewer may not see it (401/403, set by the server function).
pub(crate) fn found_or_refused<T>(
    loaded: Result<Option<T>, Problem>,
    missing: Missing,
    found: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match loaded {
        Ok(Some(thing)) => found(thing),
        Ok(None) => {
            crate::set_status_not_found();
            view! {
                <PageTitle text=texts::page_title(missing.not_found) />
                <h1 class="page-title">{missing.not_found}</h1>
                <p><a href=missing.back_href>{missing.back_text}</a></p>
            }
            .into_any()
        }
        Err(error) => view! {
            <PageTitle text=T.staff_title />
            <h1 class="page-title">{missing.page}</h1>
            <Refused problem=error />
        }
        .into_any(),
    }
}

/// `/personal/logga-in`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let rejected = server_context::<RejectedSignIn>();
    view! {
        <PageTitle text=T.sign_in_title />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{T.sign_in}</h1>
        <p class="page-intro">{T.sign_in_intro}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let rejected = rejected.await.unwrap_or_default();
                let error = (!rejected.message.is_empty()).then(|| rejected.message.clone());
                view! {
                    <form method="post" action="/personal/logga-in" class="sign-in-form">
                        {error.clone().map(|message| view! {
                            <div class="error-summary" role="alert"><p>{message}</p></div>
                        })}
                        <div class="field">
                            <label for="sign-in-epost">{T.sign_in_email}</label>
                            <input id="sign-in-epost" name="epost" type="email" autocomplete="username" maxlength=EMAIL_MAX_CHARS
                                required value=rejected.email.clone()
                                aria-invalid=error.as_ref().map(|_| "true") />
                        </div>
                        <div class="field">
                            <label for="sign-in-losenord">{T.sign_in_password}</label>
                            <input id="sign-in-losenord" name="losenord" type="password" maxlength=PASSWORD_MAX_CHARS
                                autocomplete="current-password" required />
                        </div>
                        <button type="submit" class="button button-primary">{T.sign_in}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}

/// The signed-in person, and the sign-out button (a POST with the CSRF token).
#[component]
pub(crate) fn WorkspaceBar(viewer: Viewer) -> impl IntoView {
    let inbox = viewer
        .role
        .may(Permission::HandleInterests)
        .then(|| view! { <a href="/personal/intresse">{T.nav_inbox}</a> });
    let accounts = viewer
        .role
        .may(Permission::ManageAccounts)
        .then(|| view! { <a href="/personal/konton">{T.nav_accounts}</a> });
    let import = viewer
        .role
        .may(Permission::EditPlots)
        .then(|| view! { <a href="/personal/import">{T.nav_import}</a> });
    view! {
        <div class="workspace-bar">
            <p>{T.signed_in_as} <strong>{viewer.name.clone()}</strong> " (" {viewer.role.label()} ")"</p>
            <nav class="workspace-nav" aria-label=T.nav_label>
                <a href="/personal">{T.nav_plots}</a>
                <a href="/personal/planer">"Planer och områden"</a>
                {import}
                {inbox}
                {accounts}
            </nav>
            <form method="post" action="/personal/logga-ut">
                <input type="hidden" name="csrf" value=viewer.csrf_token.clone() />
                <button type="submit" class="button">{T.sign_out}</button>
            </form>
        </div>
    }
}

/// `/personal`: what needs attention, and every plot with a link to its editor.
#[component]
pub fn WorkspacePage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_workspace_overview());
    view! {
        <PageTitle text=T.staff_title />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{T.overview_heading}</h1>
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview /> }.into_any(),
                    Err(error) => view! { <Refused problem=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

pub(crate) fn error_message(problem: &Problem) -> String {
    match problem.kind {
        crate::domain::ProblemKind::Unavailable | crate::domain::ProblemKind::Internal => {
            T.unavailable.to_string()
        }
        _ => problem.message.clone(),
    }
}

#[component]
fn Overview(overview: WorkspaceOverview) -> impl IntoView {
    let today = overview.today;
    let attention: Vec<StaffPlot> = overview
        .plots
        .iter()
        .filter(|p| p.reservation_expired(today))
        .cloned()
        .collect();
    let attention_list = if attention.is_empty() {
        view! { <p>{T.overview_attention_none}</p> }.into_any()
    } else {
        view! {
            <ul class="attention-list">
                {attention
                    .into_iter()
                    .map(|p| {
                        let until = p.reserved_until.map(|d| d.to_string()).unwrap_or_default();
                        view! {
                            <li>
                                <a href=format!("/personal/tomt/{}", p.id)>{p.designation.clone()}</a>
                                {texts::reservation_expired(
                                    &p.reserved_for.clone().unwrap_or_default(),
                                    &until,
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let may_edit = !overview.plots.is_empty();
    let new_plot = may_edit.then(|| {
        view! {
            <NewPlotForm
                csrf=overview.viewer.csrf_token.clone()
                areas=overview.business_areas.clone()
                outlines=overview.plot_outlines.clone()
                land_by_business_area=overview.land_by_business_area.clone()
            />
        }
    });
    let imported = use_query_map()
        .with_untracked(|q| q.get("importerade"))
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| view! { <p class="saved" role="status">{texts::imported(n)}</p> });
    view! {
        <WorkspaceBar viewer=overview.viewer.clone() />
        {imported}
        {may_edit.then(|| view! {
            // A new plot without scrolling past every plot.
            <p class="overview-actions">
                <a class="button" href="#new-plot-heading">{T.overview_new_plot}</a>
            </p>
            <section aria-labelledby="attention-heading">
                <h2 id="attention-heading">{T.overview_attention_heading}</h2>
                {attention_list}
            </section>
            <section aria-labelledby="plots-heading">
                <h2 id="plots-heading">{T.overview_plots_heading}</h2>
                <PlotsOverview plots=overview.plots.clone() outlines=overview.plot_outlines.clone() />
            </section>
        }.into_any())}
        {new_plot}
        {(!may_edit).then(|| view! {
            <p>{T.overview_nothing_to_edit} " " <a href="/personal/planer">"Till planer och områden"</a></p>
        })}
    }
}

/// `/personal/tomt/{id}`: the plot editor, with the history of every change.
#[component]
pub fn PlotEditPage() -> impl IntoView {
    let editor = resource_by_id(get_plot_editor);
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
                found_or_refused(editor.await, missing, |editor| {
                    view! { <PlotEditorView editor rejected rejected_geometry /> }.into_any()
                })
            })}
        </Suspense>
    }
}

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
            view! {
                <div class="field">
                    <label for=id.clone()>{field.label()}</label>
                    <input id=id.clone() name=field.name() type=kind value=value
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

/// The plot's shape: a new outline, a split along a line, a merge with a neighbour. Plain
/// forms with GeoJSON in SWEREF 99 18 00 (EPSG:3011), the projection the municipality's GIS
/// uses; the server checks every geometry and names what is wrong. Once hydrated, the map above
/// them fills their fields (geometry_editor.rs).
#[component]
fn GeometryForms(
    plot_id: i64,
    version: i32,
    csrf: String,
    designation: String,
    outline: String,
    neighbours: Vec<Neighbour>,
    nearby: Vec<PlotOutline>,
    land: LocalLand,
    rejected: Option<RejectedGeometry>,
) -> impl IntoView {
    let typed = |operation: GeometryOperation| {
        rejected
            .as_ref()
            .filter(|r| r.operation == operation)
            .map(|r| (r.geometry.clone(), r.designation.clone()))
    };
    // A refused shape: the page opens at the message (the forms post to `#geometry-problem`),
    // and the message takes the focus so that a screen reader reads it.
    let problem_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(problem) = problem_ref.get() {
            let _ = problem.focus();
        }
    });
    let problem = rejected.as_ref().map(|r| {
        view! {
            <div class="error-summary" role="alert" id="geometry-problem" tabindex="-1" node_ref=problem_ref>
                <p>{T.geometry_not_saved} {r.message.clone()}</p>
                {(!r.meanwhile.is_empty()).then(|| view! { <HistoryList entries=r.meanwhile.clone() /> })}
            </div>
        }
    });
    let reshape_text = typed(GeometryOperation::Reshape).map_or(outline.clone(), |(g, _)| g);
    let (split_line, split_name) = typed(GeometryOperation::Split).unwrap_or_default();
    // The fields' text, which the map rewrites.
    let outline_text = RwSignal::new(reshape_text.clone());
    let line_text = RwSignal::new(split_line.clone());
    let merge_with = RwSignal::new(
        neighbours
            .first()
            .map(|n| n.id.to_string())
            .unwrap_or_default(),
    );
    let map = view! {
        <PlotGeometryMap
            designation
            stored_outline=outline
            nearby
            merge_candidates=neighbours.iter().map(|n| n.id).collect()
            land
            outline=outline_text
            split_line=line_text
            merge_with
        />
    };
    let hidden = move || {
        view! {
            <input type="hidden" name="csrf" value=csrf.clone() />
            <input type="hidden" name="version" value=version.to_string() />
        }
    };
    // The choice names the neighbour with the version loaded (`ID:VERSION`); the map selects by id.
    let choices = neighbours.clone();
    let chosen = move || {
        merge_with.with(|id| {
            choices
                .iter()
                .find(|n| n.id.to_string() == *id)
                .map(Neighbour::choice_value)
                .unwrap_or_default()
        })
    };
    let merge = (!neighbours.is_empty()).then(|| {
        view! {
            <form method="post" action=format!("/personal/tomt/{plot_id}/sla-ihop#geometry-problem") class="plot-edit-form">
                {hidden()}
                <div class="field">
                    <label for="geometry-med">{T.geometry_merge_with}</label>
                    <select id="geometry-med" name="med" prop:value=chosen
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            merge_with.set(value.split(':').next().unwrap_or_default().to_string());
                        }>
                        {neighbours.iter().map(|n| view! { <option value=n.choice_value()>{n.designation.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{T.geometry_merge}</button>
            </form>
        }
    });
    view! {
        <section aria-labelledby="geometry-heading" class="geometry">
            <h2 id="geometry-heading">{T.geometry_heading}</h2>
            <p>{T.geometry_intro}</p>
            {problem}
            {map}
            <form method="post" action=format!("/personal/tomt/{plot_id}/geometri#geometry-problem") class="plot-edit-form">
                {hidden()}
                <div class="field">
                    <label for="geometry-outline">{T.geometry_outline}</label>
                    <textarea id="geometry-outline" name="geometri" rows="5" prop:value=move || outline_text.get()
                        on:input=move |ev| outline_text.set(event_target_value(&ev))>{textarea_text(reshape_text)}</textarea>
                </div>
                <button type="submit" class="button">{T.geometry_save}</button>
            </form>
            <form method="post" action=format!("/personal/tomt/{plot_id}/dela#geometry-problem") class="plot-edit-form">
                {hidden()}
                <div class="field">
                    <label for="geometry-line">{T.geometry_split_line}</label>
                    <textarea id="geometry-line" name="geometri" rows="3" prop:value=move || line_text.get()
                        on:input=move |ev| line_text.set(event_target_value(&ev))>{textarea_text(split_line)}</textarea>
                </div>
                <div class="field">
                    <label for="geometry-beteckning">{T.geometry_split_designation}</label>
                    <input id="geometry-beteckning" name="beteckning" type="text" maxlength=DESIGNATION_MAX_CHARS value=split_name />
                </div>
                <button type="submit" class="button">{T.geometry_split}</button>
            </form>
            {merge}
        </section>
    }
}

/// Changes, newest first: who, when, and each field from what to what.
#[component]
fn HistoryList(entries: Vec<HistoryEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p>{T.editor_history_empty}</p> }.into_any();
    }
    view! {
        <ol class="history" reversed>
            {entries.into_iter().map(|entry| view! {
                <li data-version=entry.version>
                    <p class="history-when">
                        {texts::history_when(
                            entry.version,
                            entry.changed_at.format("%Y-%m-%d %H:%M"),
                            &entry.changed_by.clone().unwrap_or_else(|| T.editor_history_by_import.to_string())
                        )}
                    </p>
                    <ul>{entry.changes.iter().map(|c| view! { <li>{describe(c)}</li> }).collect_view()}</ul>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

fn describe(change: &FieldChange) -> String {
    let label = PlotField::from_name(&change.field)
        .map(PlotField::label)
        .unwrap_or(change.field.as_str());
    let shown = |v: &str| {
        if v.is_empty() {
            T.editor_empty_value.to_string()
        } else {
            format!("”{v}”")
        }
    };
    // Statuses are stored by key; show them as words.
    let word = |v: &str| match PlotField::from_name(&change.field) {
        Some(PlotField::Status) => PlotStatus::ALL
            .into_iter()
            .find(|s| s.key() == v)
            .map_or(v.to_string(), |s| s.label(Lang::Sv).to_string()),
        _ => v.to_string(),
    };
    format!(
        "{label}: {} → {}",
        shown(&word(&change.from)),
        shown(&word(&change.to))
    )
}

/// `/personal/konton`: accounts, for admins: create one, change a role, deactivate.
#[component]
pub fn AccountsPageView() -> impl IntoView {
    let page = Resource::new(|| (), |_| get_accounts());
    let rejected = server_context::<RejectedAccount>();
    view! {
        <PageTitle text=T.accounts_title />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{T.accounts_heading}</h1>
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await.unwrap_or_default();
                match page.await {
                    Ok(page) => view! { <Accounts page rejected /> }.into_any(),
                    Err(error) => view! { <Refused problem=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Accounts(page: AccountsPage, rejected: RejectedAccount) -> impl IntoView {
    let csrf = page.viewer.csrf_token.clone();
    let own_id = page.viewer.account_id;
    let role_options = move |selected: &str| {
        Role::ALL
            .into_iter()
            .map(|r| view! { <option value=r.key() selected=selected == r.key()>{r.label()}</option> })
            .collect_view()
    };
    let error = (!rejected.message.is_empty()).then(|| {
        view! { <div class="error-summary" role="alert"><p>{rejected.message.clone()}</p></div> }
    });
    let rows = page
        .accounts
        .into_iter()
        .map(|account: AccountView| {
            let csrf = csrf.clone();
            let is_self = account.id == own_id;
            let label = texts::role_for(&account.name);
            view! {
                <tr data-account-id=account.id>
                    <th scope="row">{account.name.clone()}</th>
                    <td>{account.email.clone()}</td>
                    <td>
                        <form method="post" action=format!("/personal/konton/{}", account.id) class="account-form">
                            <input type="hidden" name="csrf" value=csrf />
                            <select name="roll" aria-label=label>{role_options(account.role.key())}</select>
                            <label class="check">
                                <input type="checkbox" name="aktivt" value="ja" checked=account.active disabled=is_self />
                                {T.accounts_active}
                            </label>
                            {is_self.then(|| view! { <input type="hidden" name="aktivt" value="ja" /> })}
                            <button type="submit" class="button">{T.accounts_save} {account.name.clone()}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <WorkspaceBar viewer=page.viewer.clone() />
        <div class="table-scroll">
            <table class="plot-table">
                <thead>
                    <tr>
                        <th scope="col">{T.accounts_col_name}</th>
                        <th scope="col">{T.accounts_col_email}</th>
                        <th scope="col">{T.accounts_col_role_status}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2>{T.accounts_new}</h2>
        {error}
        <form method="post" action="/personal/konton" class="sign-in-form">
            <input type="hidden" name="csrf" value=csrf.clone() />
            <div class="field">
                <label for="account-namn">{T.accounts_name}</label>
                <input id="account-namn" name="namn" type="text" autocomplete="off" maxlength=NAME_MAX_CHARS value=rejected.name.clone() />
            </div>
            <div class="field">
                <label for="account-epost">{T.accounts_email}</label>
                <input id="account-epost" name="epost" type="email" autocomplete="off" maxlength=EMAIL_MAX_CHARS value=rejected.email.clone() />
            </div>
            <div class="field">
                <label for="account-roll">{T.accounts_role}</label>
                <select id="account-roll" name="roll">{role_options(if rejected.role.is_empty() { "staff" } else { rejected.role.as_str() })}</select>
            </div>
            <div class="field">
                <label for="account-losenord">{T.accounts_first_password}</label>
                <input id="account-losenord" name="losenord" type="password" autocomplete="new-password" maxlength=PASSWORD_MAX_CHARS />
            </div>
            <button type="submit" class="button button-primary">{T.accounts_create}</button>
        </form>
    }
}

/// A new plot: its designation, business area and outline (GeoJSON, EPSG:3011).
#[component]
fn NewPlotForm(
    csrf: String,
    areas: Vec<PlotChoice>,
    outlines: Vec<PlotOutline>,
    land_by_business_area: Vec<(i64, LocalLand)>,
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
                                <NewPlotMap outlines land_by_business_area business_area=area geometry=geometry_text />
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
