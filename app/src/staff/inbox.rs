//! The staff's interest inbox (`/personal/intresse`): newest first, filtered by status and
//! business area, exported as CSV; and one interest (`/personal/intresse/{id}`) with its
//! handling: status, who handles it, notes. Personal data: only roles that handle interests
//! reach it, and the server deletes it after the retention period.

use crate::PageTitle;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::domain::{Inbox, InboxFilter, InboxItem, InterestCase, InterestStatus};
use crate::staff::workspace::{
    Missing, Refused, WorkspaceBar, error_message, found_or_refused, get_inbox, get_interest_case,
};
use crate::ui::forms::{resource_by_id, submit_on_change};

#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| InboxFilter::from_params(q.into_iter().map(|(k, v)| (k.as_ref(), v))))
    });
    let inbox = Resource::new(move || filter.get(), get_inbox);
    view! {
        <PageTitle text="Intresseanmälningar – Markkartan personal" />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">"Intresseanmälningar"</h1>
        <Transition fallback=|| view! { <p>"Laddar…"</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) => view! { <InboxView inbox filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <Refused message=error_message(&error) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InboxView(inbox: Inbox, filter: InboxFilter) -> impl IntoView {
    let status_options = InterestStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.key() selected=filter.status == Some(s)>{s.label()}</option> })
        .collect_view();
    let area_options = inbox
        .business_areas
        .iter()
        .map(|a| {
            let selected = filter.business_area.as_deref() == Some(a.as_str());
            view! { <option value=a.clone() selected=selected>{a.clone()}</option> }
        })
        .collect_view();
    let count = match inbox.items.len() {
        1 => "1 anmälan.".to_string(),
        n => format!("{n} anmälningar."),
    };
    view! {
        <WorkspaceBar viewer=inbox.viewer.clone() />
        <form method="get" action="/personal/intresse" class="filters inbox-filters" on:change=submit_on_change>
            <div class="filter-grid">
                <div class="field">
                    <label for="inbox-status">"Status"</label>
                    <select id="inbox-status" name="status">
                        <option value="">"Alla"</option>
                        {status_options}
                    </select>
                </div>
                <div class="field">
                    <label for="inbox-omrade">"Verksamhetsområde"</label>
                    <select id="inbox-omrade" name="omrade">
                        <option value="">"Alla"</option>
                        {area_options}
                    </select>
                </div>
                <button type="submit" class="button">"Visa"</button>
                <a class="button" href=format!("/personal/intresse.csv{}", filter.to_query())>
                    "Exportera CSV"
                </a>
            </div>
        </form>
        <p class="result-count" role="status">{count}</p>
        <div class="table-scroll">
            <table class="plot-table inbox">
                <thead>
                    <tr>
                        <th scope="col">"Inkommen"</th>
                        <th scope="col">"Företag"</th>
                        <th scope="col">"Gäller"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Handläggare"</th>
                    </tr>
                </thead>
                <tbody>
                    {inbox.items.into_iter().map(|item| view! { <InboxRow item /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn InboxRow(item: InboxItem) -> impl IntoView {
    view! {
        <tr data-interest-id=item.id>
            <td>{item.created_at.format("%Y-%m-%d %H:%M").to_string()}</td>
            <th scope="row">
                <a href=format!("/personal/intresse/{}", item.id)>{item.company_name.clone()}</a>
            </th>
            <td>{item.about()}</td>
            <td>{item.status.label()}</td>
            <td>{item.assigned_to.clone().unwrap_or_else(|| "–".to_string())}</td>
        </tr>
    }
}

#[component]
pub fn InterestCasePage() -> impl IntoView {
    let case = resource_by_id(get_interest_case);
    let saved = use_query_map().with_untracked(|q| q.get("sparad").is_some());
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>"Laddar…"</p> }>
            {move || Suspend::new(async move {
                let missing = Missing {
                    page: "Intresseanmälan",
                    not_found: "Anmälan finns inte",
                    back_href: "/personal/intresse",
                    back_text: "Till intresseanmälningarna",
                };
                found_or_refused(case.await, missing, |case| {
                    view! { <CaseView case saved /> }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn CaseView(case: InterestCase, saved: bool) -> impl IntoView {
    let item = case.item;
    let deleted = item.personal_data_deleted_at.map(|at| {
        view! {
            <p class="notice">{format!("Personuppgifterna raderades {} enligt gallringsregeln.", at.format("%Y-%m-%d"))}</p>
        }
    });
    let language = if item.language == "en" {
        "engelska"
    } else {
        "svenska"
    };
    let status_options = InterestStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.key() selected=item.status == s>{s.label()}</option> })
        .collect_view();
    let colleague_options = case
        .colleagues
        .iter()
        .map(|c| {
            let selected = item.assigned_to_id == Some(c.id);
            view! { <option value=c.id.to_string() selected=selected>{c.name.clone()}</option> }
        })
        .collect_view();
    let plot_link = item.plot_id.map(|id| {
        view! { <a href=format!("/personal/tomt/{id}")>{item.plot.clone().unwrap_or_default()}</a> }
    });
    view! {
        <PageTitle text=format!("{} – Intresseanmälan – Markkartan personal", item.company_name) />
        <WorkspaceBar viewer=case.viewer.clone() />
        <p><a href="/personal/intresse">"← Alla intresseanmälningar"</a></p>
        <h1 class="page-title">{item.company_name.clone()}</h1>
        {saved.then(|| view! { <p class="saved" role="status">"Ändringarna är sparade."</p> })}
        {deleted}
        <dl class="facts">
            <dt>"Inkommen"</dt><dd>{item.created_at.format("%Y-%m-%d %H:%M").to_string()}</dd>
            <dt>"Gäller"</dt><dd>{item.about()} " " {plot_link}</dd>
            <dt>"Organisationsnummer"</dt><dd>{item.org_number.clone()}</dd>
            <dt>"Kontaktperson"</dt><dd data-field="contact-name">{item.contact_name.clone()}</dd>
            <dt>"E-post"</dt><dd><a href=format!("mailto:{}", item.email)>{item.email.clone()}</a></dd>
            <dt>"Telefon"</dt><dd>{item.phone.clone()}</dd>
            <dt>"Önskad yta"</dt><dd>{item.wanted_area_m2.map(|a| format!("{a} m²")).unwrap_or_default()}</dd>
            <dt>"Önskad start"</dt><dd>{item.wanted_start.map(|d| d.format("%Y-%m").to_string()).unwrap_or_default()}</dd>
            <dt>"Svara på"</dt><dd>{language}</dd>
        </dl>
        <h2>"Meddelande"</h2>
        <p class="interest-message">{item.message.clone()}</p>
        <h2>"Handläggning"</h2>
        <form method="post" action=format!("/personal/intresse/{}", item.id) class="plot-edit-form">
            <input type="hidden" name="csrf" value=case.viewer.csrf_token.clone() />
            <div class="field">
                <label for="case-status">"Status"</label>
                <select id="case-status" name="status">{status_options}</select>
            </div>
            <div class="field">
                <label for="case-handlaggare">"Handläggare"</label>
                <select id="case-handlaggare" name="handlaggare">
                    <option value="" selected=item.assigned_to_id.is_none()>"Ingen"</option>
                    {colleague_options}
                </select>
            </div>
            <div class="field">
                <label for="case-anteckning">"Ny anteckning"</label>
                <p class="field-hint" id="hint-anteckning">"Högst 4 000 tecken."</p>
                <textarea id="case-anteckning" name="anteckning" rows="3" aria-describedby="hint-anteckning" maxlength=crate::domain::LONG_TEXT_MAX_CHARS></textarea>
            </div>
            <button type="submit" class="button button-primary">"Spara"</button>
        </form>
        <h2>"Anteckningar"</h2>
        {if case.notes.is_empty() {
            view! { <p>"Inga anteckningar ännu."</p> }.into_any()
        } else {
            view! {
                <ol class="history">
                    {case.notes.into_iter().map(|n| view! {
                        <li>
                            <p class="history-when">{format!("{} av {}", n.written_at.format("%Y-%m-%d %H:%M"), n.written_by.unwrap_or_default())}</p>
                            <p>{n.text}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
