//! `/personal/forslag/{id}`: the guide assembles a proposal for one company from its case:
//! plots for sale and future areas with a note on each, a covering letter, the contact it
//! names and how long the link holds; then sends it (the company gets the link by e-mail) and
//! may revoke it. Once sent it shows when the company opened it and what it marked.
//!
//! Rendered on the server only (`crate::is_server_page`); every form posts to the server
//! (server/src/http/staff/proposals.rs).

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::PageTitle;
use crate::domain::{
    Lang, MAX_PROPOSAL_ITEMS, PROPOSAL_LETTER_MAX_CHARS, PROPOSAL_NOTE_MAX_CHARS,
    PROPOSAL_VALID_DAYS, Permission, Problem, ProposalEditor, ProposalItem, ProposalState,
    RejectedProposalEdit,
};
use crate::staff::refused::{Missing, found_or_refused};
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::{resource_by_id, server_context};

#[server(endpoint = "proposal-editor", output = crate::ui::codec::JsonAnswer)]
pub async fn get_proposal_editor(id: i64) -> Result<Option<ProposalEditor>, Problem> {
    let viewer = authorise(Some(Permission::HandleInterests))?;
    expect_context::<SharedWorkspace>()
        .proposal_editor(viewer, id)
        .await
        .map_err(unavailable)
}

#[component]
pub fn ProposalEditorPage() -> impl IntoView {
    let editor = resource_by_id(get_proposal_editor);
    let rejected = server_context::<RejectedProposalEdit>();
    let notice = use_query_map().with_untracked(|q| {
        if q.get("skickad").is_some() {
            Some("Förslaget är skickat. Företaget har fått länken i ett mejl.")
        } else if q.get("sparad").is_some() {
            Some("Brevet är sparat.")
        } else {
            None
        }
    });
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>"Laddar …"</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await.unwrap_or_default();
                let missing = Missing {
                    page: "Förslag",
                    not_found: "Det finns inget förslag med det numret.",
                    back_href: "/personal/intresse",
                    back_text: "Till intresseanmälningarna",
                };
                found_or_refused(editor.await, missing, |editor| {
                    view! { <Editor editor rejected notice /> }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn Editor(
    editor: ProposalEditor,
    rejected: RejectedProposalEdit,
    notice: Option<&'static str>,
) -> impl IntoView {
    let csrf = editor.viewer.csrf_token.clone();
    let id = editor.summary.id;
    let draft = editor.summary.state() == ProposalState::Draft;
    let live = editor.summary.state() == ProposalState::Sent;
    let problem = rejected.problem.clone();
    let invalid = problem
        .as_ref()
        .map(|p| p.field.clone())
        .unwrap_or_default();
    let error_for = move |field: &str| {
        problem
            .as_ref()
            .filter(|p| p.field == field)
            .map(|p| view! { <p class="field-error" id=format!("forslag-{field}-error") role="alert">{p.message.clone()}</p> })
    };
    let summary = rejected.problem.clone().map(|p| {
        view! {
            <div class="error-summary" role="alert" id="forslag-errors">
                <p>"Det gick inte:"</p>
                <ul><li><a href=format!("#forslag-{}", p.field)>{p.message}</a></li></ul>
            </div>
        }
    });
    let aria_invalid = |field: &str| if invalid == field { "true" } else { "false" };
    let described = |field: &str, hint: &str| {
        if invalid == field {
            format!("{hint} forslag-{field}-error")
        } else {
            hint.to_string()
        }
    };
    let count = editor.items.len();
    let items = editor
        .items
        .iter()
        .cloned()
        .map(|item| view! { <ItemRow item csrf=csrf.clone() proposal=id draft /> })
        .collect_view();
    let item_form = rejected.item.clone().unwrap_or_default();
    let letter_form =
        rejected
            .letter
            .clone()
            .unwrap_or_else(|| crate::domain::ProposalLetterForm {
                brev: editor.letter.clone(),
                kontakt: editor.contact_id.map(|c| c.to_string()).unwrap_or_default(),
                dagar: editor.valid_days.to_string(),
                ..Default::default()
            });
    let add = (draft && count < MAX_PROPOSAL_ITEMS).then(|| {
        let chosen = item_form.punkt.clone();
        view! {
            <form method="post" action=format!("/personal/forslag/{id}/punkt") class="plot-edit-form proposal-add">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <div class="field">
                    <label for="forslag-punkt">"Lägg till en tomt eller ett framtida område"</label>
                    {error_for("punkt")}
                    <select id="forslag-punkt" name="punkt" required aria-invalid=aria_invalid("punkt")
                        aria-describedby=(invalid == "punkt").then_some("forslag-punkt-error")>
                        <option value="">"Välj …"</option>
                        <optgroup label="Tomter till salu">
                            {editor.plot_choices.iter().map(|(plot, label)| {
                                let value = format!("tomt:{plot}");
                                let selected = value == chosen;
                                view! { <option value=value selected=selected>{label.clone()}</option> }
                            }).collect_view()}
                        </optgroup>
                        <optgroup label="Framtida områden">
                            {editor.area_choices.iter().map(|(area, name)| {
                                let value = format!("framtida:{area}");
                                let selected = value == chosen;
                                view! { <option value=value selected=selected>{name.clone()}</option> }
                            }).collect_view()}
                        </optgroup>
                    </select>
                </div>
                <div class="field">
                    <label for="forslag-notering">"Kommentar till företaget (frivillig)"</label>
                    <p class="field-hint" id="forslag-notering-hint">
                        {format!("Till exempel ”VA-anslutning 2027” eller ”kan delas”; högst {PROPOSAL_NOTE_MAX_CHARS} tecken.")}
                    </p>
                    {error_for("notering")}
                    <input id="forslag-notering" name="notering" type="text" value=item_form.notering.clone()
                        maxlength=PROPOSAL_NOTE_MAX_CHARS aria-invalid=aria_invalid("notering")
                        aria-describedby=described("notering", "forslag-notering-hint") />
                </div>
                <button type="submit" class="button">"Lägg till"</button>
            </form>
        }
    });
    let letter = if draft {
        view! {
            <form method="post" action=format!("/personal/forslag/{id}") class="plot-edit-form">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <div class="field">
                    <label for="forslag-brev">"Brev till företaget"</label>
                    <p class="field-hint" id="forslag-brev-hint">
                        {format!("Visas överst på sidan. En tom rad börjar ett nytt stycke; högst {} tecken.", crate::domain::format_integer(PROPOSAL_LETTER_MAX_CHARS as i64, Lang::Sv))}
                    </p>
                    {error_for("brev")}
                    <textarea id="forslag-brev" name="brev" rows="8" maxlength=PROPOSAL_LETTER_MAX_CHARS
                        aria-invalid=aria_invalid("brev") aria-describedby=described("brev", "forslag-brev-hint")>
                        {letter_form.brev.clone()}
                    </textarea>
                </div>
                <div class="field">
                    <label for="forslag-kontakt">"Kontaktperson på sidan"</label>
                    <p class="field-hint" id="forslag-kontakt-hint">"Företaget kan boka ett möte med hen och får svar på sina frågor av hen."</p>
                    {error_for("kontakt")}
                    <select id="forslag-kontakt" name="kontakt" aria-invalid=aria_invalid("kontakt")
                        aria-describedby=described("kontakt", "forslag-kontakt-hint")>
                        <option value="">"Ingen"</option>
                        {editor.contacts.iter().map(|(contact, label)| {
                            let selected = letter_form.kontakt == contact.to_string();
                            view! { <option value=contact.to_string() selected=selected>{label.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="forslag-dagar">"Länken gäller i"</label>
                    {error_for("dagar")}
                    <select id="forslag-dagar" name="dagar" aria-invalid=aria_invalid("dagar")>
                        {PROPOSAL_VALID_DAYS.into_iter().map(|days| {
                            let selected = letter_form.dagar == days.to_string();
                            view! { <option value=days.to_string() selected=selected>{format!("{days} dagar")}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">"Spara brevet"</button>
            </form>
        }
        .into_any()
    } else {
        let contact = editor
            .contact_id
            .and_then(|c| editor.contacts.iter().find(|(id, _)| *id == c))
            .map(|(_, label)| label.clone())
            .unwrap_or_else(|| "ingen".into());
        view! {
            <p class="proposal-letter" data-field="letter">{editor.letter.clone()}</p>
            <p>"Kontaktperson: " {contact}</p>
        }
        .into_any()
    };
    let send = draft.then(|| {
        view! {
            <h2>"Skicka"</h2>
            {error_for("forslag")}
            <p class="field-hint">
                "Företaget får en personlig länk i ett mejl. Förslaget kan inte ändras efter att det skickats; återkalla det och gör ett nytt om något ska ändras."
            </p>
            <form method="post" action=format!("/personal/forslag/{id}/skicka")>
                <input type="hidden" name="csrf" value=csrf.clone() />
                <button type="submit" class="button button-primary">"Skicka förslaget till företaget"</button>
            </form>
        }
    });
    let revoke = live.then(|| {
        view! {
            <h2>"Återkalla"</h2>
            <p class="field-hint">"Länken slutar fungera direkt. Länken finns i mejlet till företaget, på ärendets sida."</p>
            <form method="post" action=format!("/personal/forslag/{id}/aterkalla")>
                <input type="hidden" name="csrf" value=csrf.clone() />
                <button type="submit" class="button">"Återkalla länken"</button>
            </form>
        }
    });
    view! {
        <PageTitle text=format!("Förslag till {} – Markkartan personal", editor.company_name) />
        <WorkspaceBar viewer=editor.viewer.clone() />
        <p><a href=format!("/personal/intresse/{}", editor.interest_id)>"Till ärendet"</a></p>
        <h1 class="page-title">"Förslag till " {editor.company_name.clone()}</h1>
        <p class="proposal-state" data-field="state" data-state=format!("{:?}", editor.summary.state()).to_lowercase()>
            {editor.summary.status_text()}
        </p>
        {notice.map(|text| view! { <p class="saved" role="status">{text}</p> })}
        {summary}
        <h2 id="punkter">{format!("Punkter ({count} av högst {MAX_PROPOSAL_ITEMS})")}</h2>
        {if count == 0 {
            view! { <p>"Inga punkter ännu."</p> }.into_any()
        } else {
            view! { <ol class="proposal-items">{items}</ol> }.into_any()
        }}
        {add}
        <h2>"Brev och kontakt"</h2>
        {letter}
        {send}
        {revoke}
    }
}

#[component]
fn ItemRow(item: ProposalItem, csrf: String, proposal: i64, draft: bool) -> impl IntoView {
    let title = item.title(Lang::Sv);
    let heading = match item.public_href() {
        Some(href) => view! { <a href=href>{title.clone()}</a> }.into_any(),
        None => view! { <span>{title.clone()}</span> }.into_any(),
    };
    let facts = item.facts_line();
    let verdict = item
        .verdict
        .map(|v| view! { <strong data-field="verdict">{format!(" – företaget: {}", v.label(Lang::Sv).to_lowercase())}</strong> });
    let remove = draft.then(|| {
        view! {
            <form method="post" action=format!("/personal/forslag/{proposal}/ta-bort") class="inline-form">
                <input type="hidden" name="csrf" value=csrf />
                <input type="hidden" name="punkt" value=item.id.to_string() />
                <button type="submit" class="button" aria-label=format!("Ta bort {title}")>"Ta bort"</button>
            </form>
        }
    });
    view! {
        <li data-item=item.id>
            {heading}
            {verdict}
            <p class="proposal-facts-line">{facts}</p>
            {(!item.note.is_empty()).then(|| view! { <p class="proposal-note">{item.note.clone()}</p> })}
            {remove}
        </li>
    }
}
