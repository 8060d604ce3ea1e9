//! The staff's interest inbox (`/personal/intresse`): newest first, filtered by status and
//! business area, exported as CSV; and one interest (`/personal/intresse/{id}`) with its
//! handling: status, who handles it, notes. Personal data: only roles that handle interests
//! reach it, and the server deletes it after the retention period.

use crate::PageTitle;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

#[cfg(feature = "ssr")]
use crate::domain::Permission;
use crate::domain::{Inbox, InboxFilter, InboxItem, InterestCase, InterestStatus, Problem};
use crate::public::small_map::SmallMapView;
use crate::staff::refused::{Missing, Refused, found_or_refused};
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::{resource_by_id, submit_on_change};

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

#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| InboxFilter::from_params(q.into_iter().map(|(k, v)| (k.as_ref(), v))))
    });
    let inbox = Resource::new(move || filter.get(), get_inbox);
    view! {
        <PageTitle text=T.inbox_title />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{T.inbox_heading}</h1>
        <Transition fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) => view! { <InboxView inbox filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <Refused problem=error /> }.into_any(),
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
    let count = texts::inbox_count(inbox.items.len());
    view! {
        <WorkspaceBar viewer=inbox.viewer.clone() />
        <form method="get" action="/personal/intresse" class="filters inbox-filters" on:change=submit_on_change>
            <div class="filter-grid">
                <div class="field">
                    <label for="inbox-status">{T.inbox_status}</label>
                    <select id="inbox-status" name="status">
                        <option value="">{T.inbox_all}</option>
                        {status_options}
                    </select>
                </div>
                <div class="field">
                    <label for="inbox-omrade">{T.inbox_business_area}</label>
                    <select id="inbox-omrade" name="omrade">
                        <option value="">{T.inbox_all}</option>
                        {area_options}
                    </select>
                </div>
                <button type="submit" class="button">{T.inbox_show}</button>
                <a class="button" href=format!("/personal/intresse.csv{}", filter.to_query())>
                    {T.inbox_export_csv}
                </a>
            </div>
        </form>
        <p class="result-count" role="status">{count}</p>
        <div class="table-scroll">
            <table class="plot-table inbox">
                <thead>
                    <tr>
                        <th scope="col">{T.inbox_col_received}</th>
                        <th scope="col">{T.inbox_col_company}</th>
                        <th scope="col">{T.inbox_col_about}</th>
                        <th scope="col">{T.inbox_col_status}</th>
                        <th scope="col">{T.inbox_col_handler}</th>
                        <th scope="col">{T.case_owner}</th>
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
            <td>{item.assigned_to.clone().unwrap_or_else(|| T.inbox_no_handler.to_string())}</td>
            <td data-field="owner">{item.owner.clone().unwrap_or_else(|| T.inbox_no_handler.to_string())}</td>
        </tr>
    }
}

#[component]
pub fn InterestCasePage() -> impl IntoView {
    let case = resource_by_id(get_interest_case);
    let saved = use_query_map().with_untracked(|q| q.get("sparad").is_some());
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let missing = Missing {
                    page: T.case_page,
                    not_found: T.case_not_found,
                    back_href: "/personal/intresse",
                    back_text: T.case_back,
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
            <p class="notice">{texts::personal_data_deleted(at.format("%Y-%m-%d"))}</p>
        }
    });
    let language = if item.language == "en" {
        T.case_language_en
    } else {
        T.case_language_sv
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
    // The plot named once, as a link to it (with its business area); else what it is about.
    let about = match (item.plot_id, &item.plot) {
        (Some(id), Some(plot)) => view! {
            <a href=format!("/personal/tomt/{id}")>{plot.clone()}</a>
            {item.business_area.clone().map(|area| format!(" ({area})"))}
        }
        .into_any(),
        _ => item.about().into_any(),
    };
    let message = (!item.message.trim().is_empty()).then(|| {
        view! {
            <h2>{T.case_message_heading}</h2>
            <p class="interest-message">{item.message.clone()}</p>
        }
    });
    view! {
        <PageTitle text=texts::case_title(&item.company_name) />
        <WorkspaceBar viewer=case.viewer.clone() />
        <p><a href="/personal/intresse">{T.case_all}</a></p>
        <h1 class="page-title">{item.company_name.clone()}</h1>
        {saved.then(|| view! { <p class="saved" role="status">{T.case_saved}</p> })}
        {deleted}
        <dl class="facts">
            <dt>{T.case_received}</dt><dd>{item.created_at.format("%Y-%m-%d %H:%M").to_string()}</dd>
            <dt>{T.case_about}</dt><dd data-field="about">{about}</dd>
            <dt>{T.case_question}</dt><dd data-field="question">{item.question.label(crate::domain::Lang::Sv)}</dd>
            <dt>{T.case_owner}</dt><dd data-field="owner">{item.owner.clone().unwrap_or_else(|| T.case_handler_none.to_string())}</dd>
            <dt>{T.case_org_number}</dt><dd>{item.org_number.clone()}</dd>
            <dt>{T.case_contact}</dt><dd data-field="contact-name">{item.contact_name.clone()}</dd>
            <dt>{T.case_email}</dt><dd><a href=format!("mailto:{}", item.email)>{item.email.clone()}</a></dd>
            <dt>{T.case_phone}</dt><dd>{item.phone.clone()}</dd>
            <dt>{T.case_wanted_area}</dt><dd>{item.wanted_area_m2.map(texts::wanted_area).unwrap_or_default()}</dd>
            <dt>{T.case_wanted_start}</dt><dd>{item.wanted_start.map(|d| d.format("%Y-%m").to_string()).unwrap_or_default()}</dd>
            <dt>{T.case_reply_in}</dt><dd>{language}</dd>
        </dl>
        {case.place_map.clone().map(|map| view! {
            <SmallMapView map label=T.case_place_map />
        })}
        {message}
        <h2>{T.case_handling_heading}</h2>
        <form method="post" action=format!("/personal/intresse/{}", item.id) class="plot-edit-form">
            <input type="hidden" name="csrf" value=case.viewer.csrf_token.clone() />
            <div class="field">
                <label for="case-status">{T.case_status}</label>
                <select id="case-status" name="status">{status_options}</select>
            </div>
            <div class="field">
                <label for="case-handlaggare">{T.case_handler}</label>
                <select id="case-handlaggare" name="handlaggare">
                    <option value="" selected=item.assigned_to_id.is_none()>{T.case_handler_none}</option>
                    {colleague_options}
                </select>
            </div>
            <div class="field">
                <label for="case-svarar">{T.case_owner_field}</label>
                <p class="field-hint" id="hint-svarar">{T.case_owner_hint}</p>
                <select id="case-svarar" name="svarar" aria-describedby="hint-svarar">
                    <option value="" selected=item.owner_id.is_none()>{T.case_handler_none}</option>
                    {case.contacts.iter().map(|(id, label)| {
                        view! { <option value=*id selected=item.owner_id == Some(*id)>{label.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="case-utfall">{T.case_outcome}</label>
                <p class="field-hint" id="hint-utfall">{T.case_outcome_hint}</p>
                <select id="case-utfall" name="utfall" aria-describedby="hint-utfall">
                    <option value="" selected=item.outcome.is_none()>{T.case_outcome_none}</option>
                    {crate::domain::CaseOutcome::ALL.into_iter().map(|o| {
                        view! { <option value=o.key() selected=item.outcome == Some(o)>{o.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="case-anteckning">{T.case_new_note}</label>
                <p class="field-hint" id="hint-anteckning">{T.case_new_note_hint}</p>
                <textarea id="case-anteckning" name="anteckning" rows="3" aria-describedby="hint-anteckning" maxlength=crate::domain::LONG_TEXT_MAX_CHARS></textarea>
            </div>
            <button type="submit" class="button button-primary">{T.case_save}</button>
        </form>
        <CaseProposals proposals=case.proposals.clone() case=item.id csrf=case.viewer.csrf_token.clone() deleted=item.personal_data_deleted_at.is_some() />
        <CaseMails mails=case.mails.clone() configured=case.mail_configured />
        <h2>{T.case_notes_heading}</h2>
        {if case.notes.is_empty() {
            view! { <p>{T.case_notes_empty}</p> }.into_any()
        } else {
            view! {
                <ol class="history">
                    {case.notes.into_iter().map(|n| view! {
                        <li>
                            <p class="history-when">{texts::note_when(n.written_at.format("%Y-%m-%d %H:%M"), &n.written_by.unwrap_or_default())}</p>
                            <p>{n.text}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

/// The proposals made for the company, each with where it stands, and a button to start one.
#[component]
fn CaseProposals(
    proposals: Vec<crate::domain::ProposalSummary>,
    case: i64,
    csrf: String,
    deleted: bool,
) -> impl IntoView {
    let list = (!proposals.is_empty()).then(|| {
        view! {
            <ul class="proposal-list">
                {proposals.into_iter().map(|p| view! {
                    <li data-proposal=p.id>
                        <a href=format!("/personal/forslag/{}", p.id)>{format!("Förslag {}", p.id)}</a>
                        {format!(" ({} punkter): {}", p.items, p.status_text())}
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <h2>{T.case_proposals_heading}</h2>
        <p class="field-hint">{T.case_proposals_hint}</p>
        {list}
        {(!deleted).then(|| view! {
            <form method="post" action=format!("/personal/intresse/{case}/forslag")>
                <input type="hidden" name="csrf" value=csrf />
                <button type="submit" class="button">{T.case_new_proposal}</button>
            </form>
        })}
    }
}

/// The e-mails the case caused: sent, queued, failing and tried again, or (without an SMTP
/// server) what would have been sent, with each message to read.
#[component]
fn CaseMails(mails: Vec<crate::domain::CaseMail>, configured: bool) -> impl IntoView {
    let when = |at: chrono::NaiveDateTime| at.format("%Y-%m-%d %H:%M").to_string();
    let items = mails
        .into_iter()
        .map(|mail| {
            let (state, text) = match (&mail.sent_at, &mail.last_error) {
                (Some(sent_at), _) => ("sent", texts::mail_sent(when(*sent_at))),
                (None, Some(error)) => ("failing", texts::mail_failing(mail.attempts, error)),
                (None, None) if configured => ("queued", T.case_mail_queued.to_string()),
                (None, None) => ("not-sent", T.case_mail_not_sent.to_string()),
            };
            view! {
                <li data-mail-state=state>
                    <p class="mail-to">{texts::mail_to(&mail.to_name, &mail.to_address, when(mail.queued_at))}</p>
                    <p><strong>{mail.subject.clone()}</strong> " – " {text}</p>
                    <details>
                        <summary>{T.case_mail_show}</summary>
                        <pre class="mail-body">{mail.body.clone()}</pre>
                    </details>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let list = if items.is_empty() {
        view! { <p>{T.case_mail_empty}</p> }.into_any()
    } else {
        view! { <ol class="mail-list">{items}</ol> }.into_any()
    };
    view! {
        <h2>{T.case_mail_heading}</h2>
        {(!configured).then(|| view! { <p class="field-hint" data-field="mail-not-configured">{T.case_mail_not_configured}</p> })}
        {list}
    }
}
