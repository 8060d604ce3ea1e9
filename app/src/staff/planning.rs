//! Planners' pages: the overview of plans and future areas (`/personal/planer`), and each one's
//! page (`/personal/plan/7`, `/personal/framtida-omrade/3`, `…/ny`) with its draft, the step it
//! can take next, what the public will see compared with what it sees now, the interest
//! companies registered in it, and its history.
//!
//! Every form is a plain POST (server/src/http/staff/planning.rs); staff (mark- och
//! exploatering) read these pages, planners and admins act on them.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_location, use_query_map};

use crate::PageTitle;
use crate::domain::{
    AreaUse, LandUse, LocalFrame, MapPoint, PLANNING_STEPS, Permission, PlanStage, PlanningEditor,
    PlanningForm, PlanningItem, PlanningKind, PlanningOverview, PlanningStep, Problem,
    RejectedPlanning, RejectedStep, Revision, RevisionState, format_area_m2, outline_rings,
};
use crate::staff::planning_map::PlanningOutlineMap;
use crate::staff::refused::{Missing, found_or_refused};
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::{server_context, textarea_text};

#[server(endpoint = "planning-overview", output = crate::ui::codec::JsonAnswer)]
pub async fn get_planning_overview() -> Result<PlanningOverview, Problem> {
    let viewer = authorise(Some(Permission::ReadPlans))?;
    expect_context::<SharedWorkspace>()
        .planning_overview(viewer)
        .await
        .map_err(unavailable)
}

#[server(endpoint = "planning-editor", output = crate::ui::codec::JsonAnswer)]
pub async fn get_planning_editor(
    kind: PlanningKind,
    id: Option<i64>,
) -> Result<Option<PlanningEditor>, Problem> {
    let viewer = authorise(Some(Permission::ReadPlans))?;
    if id.is_none() && !viewer.role.may(Permission::EditPlans) {
        return Err(authorise(Some(Permission::EditPlans)).unwrap_err());
    }
    expect_context::<SharedWorkspace>()
        .planning_editor(viewer, kind, id)
        .await
        .map_err(unavailable)
}

/// `/personal/planer`.
#[component]
pub fn PlanningOverviewPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_planning_overview());
    view! {
        <PageTitle text=texts::page_title("Planer och områden") />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let missing = Missing {
                    page: "Planer och områden",
                    not_found: "Planer och områden",
                    back_href: "/personal",
                    back_text: T.editor_back,
                };
                found_or_refused(overview.await.map(Some), missing, |overview| {
                    view! { <OverviewView overview /> }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn OverviewView(overview: PlanningOverview) -> impl IntoView {
    let may_edit = overview.viewer.role.may(Permission::EditPlans);
    let list = |items: Vec<&PlanningItem>, empty: &'static str| {
        if items.is_empty() {
            return view! { <p class="empty">{empty}</p> }.into_any();
        }
        let rows = items
            .into_iter()
            .map(|item| view! { <ItemRow item=item.clone() /> })
            .collect_view();
        view! { <ul class="planning-list">{rows}</ul> }.into_any()
    };
    let waiting = list(overview.waiting_for_me(), "Inget väntar på din granskning.");
    let mine = list(
        overview.mine_waiting(),
        "Inget du skrivit väntar på granskning.",
    );
    let scheduled = list(overview.scheduled(), "Inget är schemalagt.");
    let recent = list(
        overview.recently_changed(),
        "Inga planer eller områden ännu.",
    );
    let rows = overview
        .items
        .iter()
        .map(|item| {
            let state = item.open_state.map(RevisionState::label).unwrap_or("–");
            view! {
                <tr data-planning-item=format!("{}-{}", item.kind.segment(), item.id)>
                    <td>{item.kind.label(crate::domain::Lang::Sv)}</td>
                    <th scope="row"><a href=item.kind.staff_path(item.id)>{item.name.clone()}</a></th>
                    <td>{if item.public { "Ja" } else { "Nej" }}</td>
                    <td>{state}</td>
                    <td>{item.interest_count}</td>
                </tr>
            }
        })
        .collect_view();
    let new_links = may_edit.then(|| {
        view! {
            <p class="planning-new">
                <a class="button" href="/personal/plan/ny">"Ny detaljplan"</a>
                <a class="button" href="/personal/framtida-omrade/ny">"Nytt framtida område"</a>
            </p>
        }
    });
    let self_approval = overview
        .self_approval
        .then(|| view! { <p class="field-hint">"Inställning: en planerare får godkänna sina egna revisioner."</p> });
    view! {
        <WorkspaceBar viewer=overview.viewer.clone() />
        <h1 class="page-title">"Planer och områden"</h1>
        {new_links}
        {self_approval}
        <div class="planning-queues">
            <section aria-labelledby="waiting-heading">
                <h2 id="waiting-heading">"Väntar på min granskning"</h2>
                {waiting}
            </section>
            <section aria-labelledby="mine-heading">
                <h2 id="mine-heading">"Mina, väntar på någon annan"</h2>
                {mine}
            </section>
            <section aria-labelledby="scheduled-heading">
                <h2 id="scheduled-heading">"Schemalagda"</h2>
                {scheduled}
            </section>
            <section aria-labelledby="recent-heading">
                <h2 id="recent-heading">"Nyligen ändrade"</h2>
                {recent}
            </section>
        </div>
        <section aria-labelledby="all-planning-heading">
            <h2 id="all-planning-heading">"Alla planer och områden"</h2>
            <div class="table-scroll">
                <table class="plot-table">
                    <thead>
                        <tr>
                            <th scope="col">"Typ"</th>
                            <th scope="col">"Namn"</th>
                            <th scope="col">"Publik"</th>
                            <th scope="col">"Revision på väg"</th>
                            <th scope="col">"Intresseanmälningar"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn ItemRow(item: PlanningItem) -> impl IntoView {
    let state = item.open_state.map(|s| {
        let when = (s == RevisionState::Scheduled)
            .then(|| {
                item.publish_at
                    .map(|at| format!(" {}", at.format("%Y-%m-%d %H:%M")))
            })
            .flatten()
            .unwrap_or_default();
        format!("{}{when}", s.label())
    });
    let author = item.open_author.clone().map(|a| format!(", {a}"));
    view! {
        <li>
            <a href=item.kind.staff_path(item.id)>{item.name.clone()}</a>
            " (" {item.kind.label(crate::domain::Lang::Sv).to_lowercase()} {author} ")"
            {state.map(|s| view! { " – " <span class="revision-state">{s}</span> })}
        </li>
    }
}

/// `/personal/plan/:id`, `/personal/framtida-omrade/:id` and their `/ny`.
#[component]
pub fn PlanningEditorPage() -> impl IntoView {
    let location = use_location();
    let target = move || {
        let path = location.pathname.get();
        let mut parts = path.trim_start_matches('/').split('/').skip(1);
        let kind = parts.next().and_then(PlanningKind::from_segment);
        // `ny`: a new one; else its id (anything else names nothing).
        let id = match parts.next() {
            Some("ny") => Ok(None),
            Some(id) => id.parse::<i64>().map(Some).map_err(|_| ()),
            None => Err(()),
        };
        (kind, id)
    };
    let editor = Resource::new(target, |(kind, id)| async move {
        match (kind, id) {
            (Some(kind), Ok(id)) => get_planning_editor(kind, id).await,
            _ => Ok(None),
        }
    });
    let rejected = server_context::<RejectedPlanning>();
    let rejected_step = server_context::<RejectedStep>();
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await;
                let rejected_step = rejected_step.await;
                let missing = Missing {
                    page: "Plan eller område",
                    not_found: "Planen eller området finns inte",
                    back_href: "/personal/planer",
                    back_text: "Till planer och områden",
                };
                found_or_refused(editor.await, missing, |editor| {
                    view! { <EditorView editor rejected rejected_step /> }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn EditorView(
    editor: PlanningEditor,
    rejected: Option<RejectedPlanning>,
    rejected_step: Option<RejectedStep>,
) -> impl IntoView {
    let kind = editor.kind;
    let may_edit = editor.viewer.role.may(Permission::EditPlans);
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        if q.get("sparad").is_some() {
            Some("Utkastet är sparat.")
        } else {
            q.get("klart").and_then(|k| PlanningStep::done_message(&k))
        }
    });
    let current = editor.open.as_ref().or(editor.published.as_ref());
    let name = current
        .map(|r| r.content.name.clone())
        .unwrap_or_else(|| match kind {
            PlanningKind::DetailedPlan => "Ny detaljplan".to_string(),
            PlanningKind::FutureArea => "Nytt framtida område".to_string(),
        });
    let heading = match editor.id {
        Some(_) => format!("{}: {name}", kind.label(crate::domain::Lang::Sv)),
        None => name.clone(),
    };
    let state_line =
        editor.id.map(|id| {
            let public = if editor.public {
                view! { "Publik nu. " <a href=kind.public_path(id)>"Visa den publika sidan"</a> }
                    .into_any()
            } else {
                view! { "Inte publik." }.into_any()
            };
            let open = editor.open.as_ref().map(|r| {
            let by = r.author.clone().map(|a| format!(" ({a})")).unwrap_or_default();
            let when = r
                .publish_at
                .map(|at| format!(", publiceras {}", at.format("%Y-%m-%d %H:%M")))
                .unwrap_or_default();
            view! {
                " Revision på väg: "
                <strong class="revision-state" data-state=r.state.key()>{r.state.label()}</strong>
                {format!("{by}{when}.")}
            }
        });
            view! { <p class="planning-state">{public} {open}</p> }
        });
    let editable = editor
        .open
        .as_ref()
        .is_none_or(|r| r.state == RevisionState::Draft);
    let (form, errors, imported) = match rejected {
        Some(r) => (r.form, r.errors, r.notice),
        None => (
            PlanningForm::starting(editor.open.as_ref(), editor.published.as_ref()),
            Vec::new(),
            None,
        ),
    };
    let action = match editor.id {
        Some(id) => kind.staff_path(id),
        None => format!("/personal/{}/ny", kind.segment()),
    };
    let problems = (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|e| view! { <li data-field=e.field.clone()>{e.message.clone()}</li> })
            .collect_view();
        view! {
            <div id="planning-problem" class="form-errors" role="alert" tabindex="-1">
                <p>"Inget är sparat:"</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let step_problem = rejected_step.map(|r| {
        view! { <p id="planning-step-problem" class="form-errors" role="alert" tabindex="-1">{r.message}</p> }
    });
    let upload_action = format!("{action}/ytterkant#planning-imported");
    let upload_csrf = editor.viewer.csrf_token.clone();
    let draft_form = (may_edit && editable).then(|| {
        view! {
            <DraftForm
                kind
                action
                form
                errors
                csrf=editor.viewer.csrf_token.clone()
                contacts=editor.contacts.clone()
                plots=editor.plots.clone()
                land=editor.land.clone()
            />
            <OutlineUpload action=upload_action csrf=upload_csrf />
        }
    });
    let facts = (!editable || !may_edit).then(|| {
        current.map(|r| view! { <FactsTable rows=r.content.fact_rows(&editor.contacts) /> })
    });
    let steps = editor
        .id
        .filter(|_| may_edit)
        .map(|id| view! { <Steps editor=editor.clone() id /> });
    let compare = editor
        .open
        .clone()
        .map(|open| view! { <PublicComparison open published=editor.published.clone() public=editor.public contacts=editor.contacts.clone() /> });
    let demand = editor.id.map(|_| {
        let d = editor.demand.clone();
        view! {
            <section aria-labelledby="demand-heading">
                <h2 id="demand-heading">"Intresse från företag"</h2>
                <p data-field="demand">
                    {format!("{} intresseanmälningar", d.count)}
                    {(d.wanted_area_m2 > 0).then(|| format!(", sammanlagt önskad yta {}", format_area_m2(d.wanted_area_m2 as f64, crate::domain::Lang::Sv)))}
                    {d.earliest_start.map(|s| format!(", tidigast önskad start {}", s.format("%Y-%m")))}
                    "."
                </p>
            </section>
        }
    });
    let history = editor.id.map(|_| {
        let entries = editor
            .history
            .iter()
            .map(|e| {
                let who = e.who.clone().unwrap_or_else(|| "Servern (schemalagd publicering)".into());
                let states = match (e.from_state, e.to_state) {
                    (Some(from), Some(to)) => format!(": {} → {}", from.label(), to.label()),
                    (None, Some(to)) => format!(": {}", to.label()),
                    _ => String::new(),
                };
                let stage = match (e.from_stage, e.to_stage) {
                    (Some(from), Some(to)) => format!("; skede {} → {}", from.label(crate::domain::Lang::Sv), to.label(crate::domain::Lang::Sv)),
                    (None, Some(to)) => format!("; skede {}", to.label(crate::domain::Lang::Sv)),
                    _ => String::new(),
                };
                view! {
                    <li>
                        <time datetime=e.happened_at.format("%Y-%m-%dT%H:%M").to_string()>{e.happened_at.format("%Y-%m-%d %H:%M").to_string()}</time>
                        " " <strong>{e.action.label()}</strong> {states} {stage} " – " {who}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="planning-history-heading">
                <h2 id="planning-history-heading">"Historik"</h2>
                <ol class="history">{entries}</ol>
            </section>
        }
    });
    view! {
        <PageTitle text=texts::page_title(&heading) />
        <WorkspaceBar viewer=editor.viewer.clone() />
        <p><a href="/personal/planer">"← Planer och områden"</a></p>
        <h1 class="page-title">{heading}</h1>
        {state_line}
        {notice.map(|n| view! { <p class="saved-notice" role="status">{n}</p> })}
        {imported.map(|n| view! { <p id="planning-imported" class="saved-notice" role="status" tabindex="-1">{n}</p> })}
        {step_problem}
        {problems}
        {steps}
        {draft_form}
        {facts}
        {compare}
        {demand}
        {history}
    }
    .into_any()
}

/// The outline from a file: GeoJSON, GeoPackage or a zipped Shapefile, every polygon in it as
/// one outline (a plan in parts, hundreds of corners). It fills the draft's form; saving keeps it.
#[component]
fn OutlineUpload(action: String, csrf: String) -> impl IntoView {
    let choices = crate::domain::Crs::ALL
        .into_iter()
        .map(|crs| view! { <option value=crs.srid().to_string()>{crs.label()}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="outline-file-heading">
            <h2 id="outline-file-heading">"Hämta ytterkanten från en fil"</h2>
            <form method="post" action=action enctype="multipart/form-data" class="planning-upload">
                <input type="hidden" name="csrf" value=csrf />
                <div class="field">
                    <label for="planning-fil">"Fil (GeoJSON, GeoPackage eller zippad Shapefile)"</label>
                    <input id="planning-fil" name="fil" type="file" accept=".geojson,.json,.gpkg,.zip" />
                </div>
                <div class="field">
                    <label for="planning-koordinatsystem">"Koordinatsystem"</label>
                    <select id="planning-koordinatsystem" name="koordinatsystem">
                        <option value="">"Det filen anger (annars SWEREF 99 18 00)"</option>
                        {choices}
                    </select>
                </div>
                <button type="submit" class="button">"Hämta ytterkanten"</button>
            </form>
        </section>
    }
}

#[component]
fn FactsTable(rows: Vec<(&'static str, String)>) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
        .collect_view();
    view! { <table class="facts-table"><tbody>{rows}</tbody></table> }
}

/// The draft's fields and outline, posted as one form.
#[component]
fn DraftForm(
    kind: PlanningKind,
    action: String,
    form: PlanningForm,
    errors: Vec<crate::domain::PlanningError>,
    csrf: String,
    contacts: Vec<crate::domain::ContactChoice>,
    plots: Vec<crate::domain::PlotOutline>,
    land: crate::domain::LocalLand,
) -> impl IntoView {
    let error_of = move |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let text = |field: &'static str,
                label: &'static str,
                value: String,
                kind: &'static str,
                error: Option<String>| {
        let id = format!("planning-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id name=field type=kind value=value aria-invalid=error.as_ref().map(|_| "true") />
                {error.map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        }
    };
    let area = |field: &'static str, label: &'static str, value: String, error: Option<String>| {
        let id = format!("planning-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <textarea id=id name=field rows="3" aria-invalid=error.as_ref().map(|_| "true")>{textarea_text(value)}</textarea>
                {error.map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        }
    };
    // The English version of a text, for the English pages (written in English: `lang="en"`).
    let english = |field: &'static str,
                   label: &'static str,
                   value: String,
                   error: Option<String>| {
        let id = format!("planning-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <textarea id=id name=field rows="3" lang="en" aria-invalid=error.as_ref().map(|_| "true")>{textarea_text(value)}</textarea>
                <p class="field-hint">"Visas på de engelska sidorna; tomt: den svenska texten."</p>
                {error.map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        }
    };
    let facts = match kind {
        PlanningKind::DetailedPlan => {
            let stages = PlanStage::ALL
                .into_iter()
                .map(|s| {
                    let selected = form.stage == s.key();
                    view! { <option value=s.key() selected=selected>{s.label(crate::domain::Lang::Sv)}</option> }
                })
                .collect_view();
            let dates = PlanStage::ALL
                .into_iter()
                .map(|s| {
                    let field: &'static str = match s {
                        PlanStage::Planbesked => "datum_planbesked",
                        PlanStage::Samrad => "datum_samrad",
                        PlanStage::Granskning => "datum_granskning",
                        PlanStage::Antagen => "datum_antagen",
                        PlanStage::LagaKraft => "datum_laga_kraft",
                        PlanStage::Upphavd => "datum_upphavd",
                    };
                    let label: &'static str = match s {
                        PlanStage::Planbesked => "Planbesked, datum",
                        PlanStage::Samrad => "Samråd, datum",
                        PlanStage::Granskning => "Granskning, datum",
                        PlanStage::Antagen => "Antagen, datum",
                        PlanStage::LagaKraft => "Laga kraft, datum",
                        PlanStage::Upphavd => "Upphävd, datum",
                    };
                    text(
                        field,
                        label,
                        form.stage_date(s).to_string(),
                        "date",
                        error_of(field),
                    )
                })
                .collect_view();
            let uses = LandUse::ALL
                .into_iter()
                .map(|u| {
                    let id = format!("planning-use-{}", u.code());
                    let checked = form.permitted_uses.iter().any(|c| c == u.code());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() name="anvandning" value=u.code() checked=checked />
                            <label for=id>{format!("{} – {}", u.code(), u.label(crate::domain::Lang::Sv))}</label>
                        </div>
                    }
                })
                .collect_view();
            let contact_options = contacts
                .iter()
                .map(|c| {
                    let selected = form.contact_person == c.id.to_string();
                    view! { <option value=c.id.to_string() selected=selected>{c.name.clone()}</option> }
                })
                .collect_view();
            view! {
                {text("plan_id", "Plan-id (t.ex. 0188-P2027/1)", form.plan_id.clone(), "text", error_of("plan_id"))}
                <div class="field">
                    <label for="planning-skede">"Skede"</label>
                    <select id="planning-skede" name="skede">{stages}</select>
                    {error_of("skede").map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <fieldset>
                    <legend>"Datum då skedena nåddes"</legend>
                    {dates}
                </fieldset>
                {text("nasta_skede_datum", "Väntat datum för nästa skede", form.next_stage_date.clone(), "date", error_of("nasta_skede_datum"))}
                <fieldset>
                    <legend>"Tillåten användning (planbestämmelser)"</legend>
                    {uses}
                    {error_of("anvandning").map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                {area("syfte", "Syfte", form.purpose.clone(), error_of("syfte"))}
                {english("syfte_en", "Syfte på engelska", form.purpose_en.clone(), error_of("syfte_en"))}
                {area("byggratt", "Byggrätt", form.building_rights.clone(), error_of("byggratt"))}
                {english("byggratt_en", "Byggrätt på engelska", form.building_rights_en.clone(), error_of("byggratt_en"))}
                {text("plandokument", "Länk till plandokumenten", form.documents_url.clone(), "url", error_of("plandokument"))}
                <div class="field">
                    <label for="planning-kontakt">"Kontaktperson"</label>
                    <select id="planning-kontakt" name="kontakt">
                        <option value="">"Ingen"</option>
                        {contact_options}
                    </select>
                    {error_of("kontakt").map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
            }
            .into_any()
        }
        PlanningKind::FutureArea => {
            let uses = AreaUse::ALL
                .into_iter()
                .map(|u| {
                    let selected = form.land_use == u.key();
                    view! { <option value=u.key() selected=selected>{u.label(crate::domain::Lang::Sv)}</option> }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for="planning-markanvandning">"Markanvändning (översiktsplanens kategori)"</label>
                    <select id="planning-markanvandning" name="markanvandning">{uses}</select>
                    {error_of("markanvandning").map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                {text("avsedd_anvandning", "Avsedd användning i ord", form.intended_use.clone(), "text", error_of("avsedd_anvandning"))}
                {english("avsedd_anvandning_en", "Avsedd användning på engelska", form.intended_use_en.clone(), error_of("avsedd_anvandning_en"))}
                {text("horisont_fran", "Tidshorisont från år", form.horizon_from.clone(), "number", error_of("horisont_fran"))}
                {text("horisont_till", "Tidshorisont till år", form.horizon_to.clone(), "number", error_of("horisont_till"))}
            }
            .into_any()
        }
    };
    let geometry = RwSignal::new(form.geometry.clone());
    let geometry_error = error_of("geometri");
    view! {
        <section aria-labelledby="draft-heading">
            <h2 id="draft-heading">"Utkast"</h2>
            <form method="post" action=format!("{action}#planning-problem") class="planning-form">
                <input type="hidden" name="csrf" value=csrf />
                <input type="hidden" name="version" value=form.version.clone() />
                <input type="hidden" name="grund" value=form.base.clone() />
                {text("namn", "Namn", form.name.clone(), "text", error_of("namn"))}
                {area("beskrivning", "Beskrivning (publik)", form.description.clone(), error_of("beskrivning"))}
                {english("beskrivning_en", "Beskrivning på engelska (publik)", form.description_en.clone(), error_of("beskrivning_en"))}
                {facts}
                <PlanningOutlineMap plots land geometry />
                <div class="field">
                    <label for="planning-geometri">"Ytterkant (GeoJSON-polygon eller multipolygon, SWEREF 99 18 00)"</label>
                    <textarea
                        id="planning-geometri"
                        name="geometri"
                        rows="4"
                        aria-invalid=geometry_error.as_ref().map(|_| "true")
                        prop:value=move || geometry.get()
                        on:input=move |ev| geometry.set(event_target_value(&ev))
                    >
                        {textarea_text(form.geometry.clone())}
                    </textarea>
                    {geometry_error.map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <button type="submit" class="button primary">"Spara utkast"</button>
            </form>
        </section>
    }
    .into_any()
}

/// The steps the open revision (or what is public) can take now, each its own form, as the
/// workflow's table ([`PLANNING_STEPS`]) has them.
#[component]
fn Steps(editor: PlanningEditor, id: i64) -> impl IntoView {
    let kind = editor.kind;
    let csrf = editor.viewer.csrf_token.clone();
    let may_approve = editor.may_approve();
    let open = editor.open.clone();
    let public = editor.published.clone().filter(|_| editor.public);
    let forms = PLANNING_STEPS
        .iter()
        .filter_map(|rule| {
            let revision = if rule.acts_on_public() {
                public.as_ref()
            } else {
                open.as_ref()
            }
            .filter(|r| rule.allowed_from(r.state))?;
            let approving = rule.step == PlanningStep::Approve;
            if approving && !may_approve {
                return Some(view! {
                    <p>"En annan planerare än de som skrivit revisionen godkänner den."</p>
                }
                .into_any());
            }
            let when = approving.then(|| view! {
                <div class="field">
                    <label for="planning-publicera">"Publicera vid (svensk tid; tomt: nu)"</label>
                    <input id="planning-publicera" name="publicera" type="datetime-local" />
                </div>
            });
            Some(view! {
                <form method="post" action=format!("{}/{}#planning-step-problem", kind.staff_path(id), rule.segment) class="planning-step">
                    <input type="hidden" name="csrf" value=csrf.clone() />
                    <input type="hidden" name="revision" value=revision.id.to_string() />
                    <input type="hidden" name="version" value=revision.version.to_string() />
                    {when}
                    <button type="submit" class="button">{rule.label_from(revision.state)}</button>
                </form>
            }
            .into_any())
        })
        .collect_view();
    view! {
        <section aria-labelledby="steps-heading" class="planning-steps">
            <h2 id="steps-heading">"Arbetsflöde"</h2>
            {forms}
        </section>
    }
    .into_any()
}

/// "What the public will see": the revision beside what is public now, changes marked.
#[component]
fn PublicComparison(
    open: Revision,
    published: Option<Revision>,
    public: bool,
    contacts: Vec<crate::domain::ContactChoice>,
) -> impl IntoView {
    let new_rows = open.content.fact_rows(&contacts);
    let old_rows = published
        .as_ref()
        .filter(|_| public)
        .map(|p| p.content.fact_rows(&contacts))
        .unwrap_or_default();
    let outline_changed = published
        .as_ref()
        .is_none_or(|p| !public || p.geometry != open.geometry);
    let rows = new_rows
        .into_iter()
        .map(|(label, new)| {
            let old = old_rows
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let changed = old != new;
            view! {
                <tr class:changed=changed data-changed=changed.then_some("true")>
                    <th scope="row">{label} {changed.then(|| view! { <span class="change-mark">" (ändras)"</span> })}</th>
                    <td>{old}</td>
                    <td>{new}</td>
                </tr>
            }
        })
        .collect_view();
    let public_rings = published
        .as_ref()
        .filter(|_| public)
        .map(|p| outline_rings(&p.geometry))
        .unwrap_or_default();
    let open_rings = outline_rings(&open.geometry);
    let points: Vec<MapPoint> = public_rings
        .iter()
        .chain(open_rings.iter())
        .flatten()
        .copied()
        .collect();
    let map = LocalFrame::around(points, 0.1, 20.0).map(|frame| {
        let paths = |rings: &[Vec<MapPoint>]| rings.iter().map(|r| frame.path(r, true)).collect::<Vec<_>>().join(" ");
        view! {
            <svg class="compare-map" viewBox=frame.view.to_attr() role="img"
                aria-label="Ytterkanten: streckad som den är publik nu, fylld som revisionen har den">
                <path class="compare-public" d=paths(&public_rings) />
                <path class="compare-revision" d=paths(&open_rings) />
            </svg>
        }
    });
    view! {
        <section aria-labelledby="compare-heading">
            <h2 id="compare-heading">"Vad allmänheten kommer att se"</h2>
            <p>
                {if public { "Revisionen bredvid det som är publikt nu. Ändrade uppgifter är markerade." } else { "Inget av den är publikt ännu: allt nedan blir nytt för allmänheten." }}
                {outline_changed.then_some(" Ytterkanten ändras.")}
            </p>
            <div class="table-scroll">
                <table class="compare-table">
                    <thead><tr><th scope="col">"Uppgift"</th><th scope="col">"Publikt nu"</th><th scope="col">"Revisionen"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {map}
        </section>
    }
    .into_any()
}
