//! `/personal/kontakter`, for admins: who answers what (for each business area, and for the
//! whole municipality, a responsible person and a deputy per kind of question) and the contact
//! persons themselves (the municipality's and other organisations'). Every form posts to the
//! server (server/src/http/staff/contacts.rs), which answers a refused one with this page again,
//! what was typed kept and why.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::PageTitle;
#[cfg(feature = "ssr")]
use crate::domain::Permission;
use crate::domain::{
    ContactForm, ContactPersonView, ContactsPage, EMAIL_MAX_CHARS, Lang, NAME_MAX_CHARS,
    PHONE_MAX_CHARS, Problem, QuestionKind, RejectedContact,
};
use crate::staff::refused::Refused;
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::server_context;

#[server(endpoint = "contacts", output = crate::ui::codec::JsonAnswer)]
pub async fn get_contacts() -> Result<ContactsPage, Problem> {
    let viewer = authorise(Some(Permission::ManageContacts))?;
    expect_context::<SharedWorkspace>()
        .contacts(viewer)
        .await
        .map_err(unavailable)
}

#[component]
pub fn ContactsPageView() -> impl IntoView {
    let page = Resource::new(|| (), |_| get_contacts());
    let rejected = server_context::<RejectedContact>();
    view! {
        <PageTitle text=T.contacts_title />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{T.contacts_heading}</h1>
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await;
                match page.await {
                    Ok(page) => view! { <Contacts page rejected /> }.into_any(),
                    Err(error) => view! { <Refused problem=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Contacts(page: ContactsPage, rejected: Option<RejectedContact>) -> impl IntoView {
    let csrf = page.viewer.csrf_token.clone();
    // The municipality-wide row first, then each business area.
    let areas: Vec<(Option<i64>, String)> =
        std::iter::once((None, T.contacts_everywhere.to_string()))
            .chain(
                page.business_areas
                    .iter()
                    .map(|(id, name)| (Some(*id), name.clone())),
            )
            .collect();
    let responsibilities = areas
        .into_iter()
        .map(|(area, name)| {
            let anchor = format!(
                "ansvar-{}",
                area.map(|a| a.to_string()).unwrap_or("alla".into())
            );
            let rows = QuestionKind::ALL
                .into_iter()
                .map(|question| {
                    let current = page.responsibility(area, question);
                    view! {
                        <ResponsibilityForm
                            area
                            area_name=name.clone()
                            question
                            contact=current.map(|r| r.contact_id)
                            deputy=current.and_then(|r| r.deputy_id)
                            contacts=page.contacts.clone()
                            csrf=csrf.clone()
                        />
                    }
                })
                .collect_view();
            view! {
                <section class="responsibility-area" id=anchor>
                    <h3>{name.clone()}</h3>
                    <div class="responsibility-rows">{rows}</div>
                </section>
            }
        })
        .collect_view();
    let rejected_id = rejected.as_ref().and_then(|r| r.id);
    let people = page
        .contacts
        .iter()
        .map(|person| {
            let mine = rejected.clone().filter(|r| r.id == Some(person.id));
            view! { <ContactEditor person=person.clone() rejected=mine csrf=csrf.clone() /> }
        })
        .collect_view();
    let new_rejected = rejected.clone().filter(|_| rejected_id.is_none());
    let new_form = new_rejected
        .as_ref()
        .map(|r| r.form.clone())
        .unwrap_or_default();
    view! {
        <WorkspaceBar viewer=page.viewer.clone() />
        <p>{T.contacts_intro}</p>
        <h2>{T.contacts_who_answers}</h2>
        <p class="field-hint">{T.contacts_who_answers_hint}</p>
        {responsibilities}
        <h2>{T.contacts_people}</h2>
        <ul class="contact-people">{people}</ul>
        <h3 id="ny-kontakt">{T.contacts_new}</h3>
        <ContactFields id="new".to_string() action="/personal/kontakter".to_string() form=new_form version=None rejected=new_rejected csrf=csrf.clone() />
    }
    .into_any()
}

/// One kind of question in one area: who answers, who stands in, saved on its own (so two admins
/// changing different questions at once both keep their change).
#[component]
fn ResponsibilityForm(
    area: Option<i64>,
    area_name: String,
    question: QuestionKind,
    contact: Option<i64>,
    deputy: Option<i64>,
    contacts: Vec<ContactPersonView>,
    csrf: String,
) -> impl IntoView {
    let options = move |selected: Option<i64>, none: &'static str| {
        let people = contacts
            .iter()
            .map(|c| {
                let label = format!("{} ({})", c.name, c.organisation);
                view! { <option value=c.id selected=selected == Some(c.id)>{label}</option> }
            })
            .collect_view();
        view! {
            <option value="" selected=selected.is_none()>{none}</option>
            {people}
        }
    };
    let key = format!(
        "{}-{}",
        area.map(|a| a.to_string()).unwrap_or("alla".into()),
        question.key()
    );
    let label = question.label(Lang::Sv);
    view! {
        <form method="post" action="/personal/ansvar" class="responsibility-form" data-question=question.key()>
            <input type="hidden" name="csrf" value=csrf />
            <input type="hidden" name="omrade" value=area.map(|a| a.to_string()).unwrap_or_default() />
            <input type="hidden" name="fraga" value=question.key() />
            <span class="responsibility-question">{label}</span>
            <div class="responsibility-choice">
                <label for=format!("ansvarig-{key}")>
                    {T.contacts_responsible} <span class="visually-hidden">{format!(" {label}, {area_name}")}</span>
                </label>
                <select id=format!("ansvarig-{key}") name="ansvarig">{options(contact, T.contacts_nobody)}</select>
            </div>
            <div class="responsibility-choice">
                <label for=format!("ersattare-{key}")>
                    {T.contacts_deputy} <span class="visually-hidden">{format!(" {label}, {area_name}")}</span>
                </label>
                <select id=format!("ersattare-{key}") name="ersattare">{options(deputy, T.contacts_no_deputy)}</select>
            </div>
            <button type="submit" class="button">
                {T.contacts_save} <span class="visually-hidden">{format!(" {label}, {area_name}")}</span>
            </button>
        </form>
    }
}

/// A contact person, opened to change (open when the server refused its form).
#[component]
fn ContactEditor(
    person: ContactPersonView,
    rejected: Option<RejectedContact>,
    csrf: String,
) -> impl IntoView {
    let open = rejected.is_some();
    let form = rejected
        .as_ref()
        .map(|r| r.form.clone())
        .unwrap_or_else(|| ContactForm {
            namn: person.name.clone(),
            titel: person.title.clone(),
            titel_en: person.title_en.clone(),
            organisation: person.organisation.clone(),
            telefon: person.phone.clone(),
            epost: person.email.clone(),
            borta: person
                .away_until
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            ..ContactForm::default()
        });
    let away = match (person.away, person.away_until) {
        (true, Some(until)) => texts::contact_away(until.format("%Y-%m-%d")),
        _ => String::new(),
    };
    let summary = format!(
        "{} – {}, {}{away}",
        person.name, person.organisation, person.email
    );
    view! {
        <li id=format!("kontakt-{}", person.id) data-contact-id=person.id>
            <details open=open>
                <summary>{summary}</summary>
                <ContactFields
                    id=person.id.to_string()
                    action=format!("/personal/kontakter/{}", person.id)
                    form
                    version=Some(person.version)
                    rejected
                    csrf
                />
            </details>
        </li>
    }
}

/// The fields of a contact person, with the server's refusal above them.
#[component]
fn ContactFields(
    id: String,
    action: String,
    form: ContactForm,
    version: Option<i32>,
    rejected: Option<RejectedContact>,
    csrf: String,
) -> impl IntoView {
    let problem = rejected.as_ref().and_then(|r| r.problem.clone());
    let invalid_field = problem
        .as_ref()
        .map(|p| p.field.clone())
        .unwrap_or_default();
    let error = problem.map(|p| {
        view! { <div class="error-summary" role="alert"><p>{p.message}</p></div> }
    });
    let field = move |name: &'static str,
                      label: &'static str,
                      value: String,
                      kind: &'static str,
                      max: usize| {
        let input_id = format!("kontakt-{id}-{name}");
        let invalid = invalid_field == name;
        view! {
            <div class="field">
                <label for=input_id.clone()>{label}</label>
                <input
                    id=input_id
                    name=name
                    type=kind
                    autocomplete="off"
                    maxlength=max
                    value=value
                    aria-invalid=invalid.then_some("true")
                />
            </div>
        }
    };
    view! {
        {error}
        <form method="post" action=action class="contact-form">
            <input type="hidden" name="csrf" value=csrf />
            {version.map(|v| view! { <input type="hidden" name="version" value=v /> })}
            {field("namn", T.contacts_name, form.namn, "text", NAME_MAX_CHARS)}
            {field("titel", T.contacts_title_sv, form.titel, "text", NAME_MAX_CHARS)}
            {field("titel_en", T.contacts_title_en, form.titel_en, "text", NAME_MAX_CHARS)}
            {field("organisation", T.contacts_organisation, form.organisation, "text", NAME_MAX_CHARS)}
            {field("telefon", T.contacts_phone, form.telefon, "tel", PHONE_MAX_CHARS)}
            {field("epost", T.contacts_email, form.epost, "email", EMAIL_MAX_CHARS)}
            {field("borta", T.contacts_away_until, form.borta, "date", 10)}
            <button type="submit" class="button button-primary">{T.contacts_save_person}</button>
        </form>
    }
}
