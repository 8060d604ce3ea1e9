//! A plan's or future area's page (`/personal/plan/7`, `/personal/framtida-omrade/3`, `…/ny`):
//! its draft (planning_draft.rs), the step it can take next, what the public will see compared
//! with what it sees now, the interest companies registered in it, and its history. The
//! overview of them all is planning_overview.rs.
//!
//! Every form is a plain POST (server/src/http/staff/planning.rs); staff (mark- och
//! exploatering) read these pages, planners and admins act on them.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_location, use_query_map};

use crate::PageTitle;
use crate::domain::{
    LocalFrame, LocalLand, MapPoint, PLANNING_STEPS, Permission, PlanningEditor, PlanningForm,
    PlanningKind, PlanningStep, Problem, RejectedPlanning, RejectedStep, Revision, RevisionState,
    format_area_m2, outline_rings,
};
use crate::staff::planning_draft::{DraftForm, OutlineUpload};
use crate::staff::refused::{Missing, found_or_refused};
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::server_context;
use crate::ui::map_drawing::PictureScaleBar;

#[server(endpoint = "planning-editor", output = crate::ui::codec::JsonAnswer)]
pub async fn get_planning_editor(
    kind: PlanningKind,
    id: Option<i64>,
) -> Result<Option<PlanningEditor>, Problem> {
    // Anyone in the workspace reads a plan; only planners start a new one.
    let needed = match id {
        Some(_) => Permission::ReadPlans,
        None => Permission::EditPlans,
    };
    let viewer = authorise(Some(needed))?;
    expect_context::<SharedWorkspace>()
        .planning_editor(viewer, kind, id)
        .await
        .map_err(unavailable)
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
        .unwrap_or_else(|| kind.new_label().to_string());
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
                places=editor.places.clone()
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
        .map(|open| view! { <PublicComparison open published=editor.published.clone() public=editor.public contacts=editor.contacts.clone() land=editor.land.clone() /> });
    // Companies register interest in a plan or a future area, and in places (not in a
    // land-use area as a whole).
    let demand = editor.id.filter(|_| kind.interest_param().is_some()).map(|_| {
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

#[component]
fn FactsTable(rows: Vec<(&'static str, String)>) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
        .collect_view();
    view! { <table class="facts-table"><tbody>{rows}</tbody></table> }
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
    land: LocalLand,
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
    // The two outlines over the land: the public one dashed and unfilled, the revision's filled
    // and solid, so either shows where they differ (and in black and white), with a legend.
    let has_public = !public_rings.is_empty();
    let map = LocalFrame::around(points, 0.1, 20.0).map(|frame| {
        let paths = |rings: &[Vec<MapPoint>]| rings.iter().map(|r| frame.path(r, true)).collect::<Vec<_>>().join(" ");
        view! {
            <figure class="compare-figure">
                <svg class="compare-map" viewBox=frame.view.to_attr() preserveAspectRatio="xMidYMid meet" role="img"
                    aria-label="Ytterkanten: streckad som den är publik nu, fylld som revisionen har den">
                    <path class="land" d=land.svg_path.clone() transform=frame.land_transform(&land) />
                    <path class="compare-revision" d=paths(&open_rings) />
                    <path class="compare-public" d=paths(&public_rings) />
                    <PictureScaleBar view=frame.view ground_per_unit=1.0 />
                </svg>
                <figcaption>
                    <ul class="compare-legend">
                        <li>
                            <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true"><rect class="compare-revision" x="1" y="1" width="18" height="12" /></svg>
                            "Revisionen"
                        </li>
                        {has_public.then(|| view! {
                            <li>
                                <svg class="legend-swatch" viewBox="0 0 20 14" aria-hidden="true"><rect class="compare-public" x="1" y="1" width="18" height="12" /></svg>
                                "Publikt nu"
                            </li>
                        })}
                    </ul>
                </figcaption>
            </figure>
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
