//! The intresseanmälan: the form (`/intresse`, about a plot with `?tomt=ID`, a business area with
//! `?omrade=NAME`, or land in general) and its confirmation (`/intresse/skickad`).
//!
//! The form posts to the server (`POST /intresse`, server/src/http/interest.rs) as a plain HTML
//! form, so it works without JavaScript. A rejected form comes back rendered by this same page,
//! with what was typed and a message per field.

use crate::PageTitle;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::domain::{
    InterestError, InterestField, InterestSubject, Lang, QuestionKind, RejectedInterest, limit_hint,
};
use crate::public::catalog::get_interest_subject;
use crate::public::fact_sheet::ContactTitle;
use crate::ui::forms::{server_context, textarea_text};
use crate::ui::i18n::use_lang;

/// The subject asked for in the URL: (plot id, business area name, plan id, future area id,
/// place as `lat,lon`, what the question is about).
type AskedSubject = (
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

fn subject_from_url() -> AskedSubject {
    use_query_map().with_untracked(|q| {
        (
            q.get("tomt").and_then(|id| id.parse().ok()),
            q.get("omrade").filter(|name| !name.is_empty()),
            q.get("plan").and_then(|id| id.parse().ok()),
            q.get("framtida_omrade").and_then(|id| id.parse().ok()),
            q.get("plats").filter(|place| !place.is_empty()),
            q.get("fraga").filter(|question| !question.is_empty()),
        )
    })
}

fn subject_resource() -> Resource<Result<InterestSubject, crate::domain::Problem>> {
    let asked = subject_from_url();
    Resource::new(
        move || asked.clone(),
        |(plot_id, area, plan, future_area, place, question)| {
            get_interest_subject(plot_id, area, plan, future_area, place, question)
        },
    )
}

#[component]
pub fn InterestPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    // Only on the server, after a rejected POST: the form as typed and what was wrong. The
    // resource carries it into the page's serialized state, so hydration sees the same.
    let rejected = server_context::<RejectedInterest>();
    let subject = subject_resource();
    view! {
        <PageTitle text=format!("{} – Markkartan", t.interest_title) />
        <Meta name="description" content=t.interest_description />
        <h1 class="page-title">{t.interest_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let subject = subject.await.unwrap_or_default();
                let rejected = rejected.await.unwrap_or_default();
                view! { <InterestFormView subject rejected lang /> }
            })}
        </Suspense>
    }
    .into_any()
}

/// What a form is about, in a few words: "Tomt: Görla 9:12".
pub(crate) fn subject_about(subject: &InterestSubject, lang: Lang) -> String {
    let t = lang.texts();
    match (&subject.plot, &subject.business_area, &subject.planning) {
        (Some(plot), _, _) => format!("{}: {plot}", t.interest_about_plot),
        (None, Some(area), _) => format!("{}: {area}", t.interest_about_area),
        (None, None, Some((kind, _, name))) => format!("{}: {name}", kind.label(lang)),
        (None, None, None) => match subject.place {
            Some(place) => format!(
                "{}: {:.5}° N, {:.5}° E",
                t.interest_about_place, place.lat, place.lon
            ),
            None => t.interest_general.to_string(),
        },
    }
}

#[component]
fn InterestFormView(
    subject: InterestSubject,
    rejected: RejectedInterest,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let RejectedInterest {
        form,
        errors,
        rate_limited,
    } = rejected;
    let about = subject_about(&subject, lang);
    let (plan, future_area) = (
        subject.planning_param(crate::domain::PlanningKind::DetailedPlan),
        subject.planning_param(crate::domain::PlanningKind::FutureArea),
    );
    // A refused form's summary takes the focus once the page is live, so a keyboard or screen
    // reader user starts there.
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(summary) = summary_ref.get() {
            let _ = summary.focus();
        }
    });
    let summary = (!errors.is_empty() || rate_limited).then(|| {
        let items = errors
            .iter()
            .map(|e| {
                view! {
                    <li>
                        <a href=format!("#interest-{}", e.field.param())>
                            {format!("{}: {}", e.field.label(lang), e.problem.message(lang))}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" id="interest-errors" node_ref=summary_ref>
                <p>{if rate_limited { t.interest_rate_limited } else { t.interest_has_errors }}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let field = |name: InterestField,
                 value: String,
                 kind: &'static str,
                 autocomplete: &'static str,
                 required: bool,
                 hint: Option<&'static str>| {
        text_field(
            name,
            value,
            kind,
            autocomplete,
            required,
            hint,
            &errors,
            lang,
        )
    };
    // The page's own URL (subject and language), so the answer to the post renders the same.
    let action = format!("/intresse{}", subject.page_query(lang));
    let message_error = error_of(&errors, InterestField::Message, lang);
    let consent_error = error_of(&errors, InterestField::Consent, lang);
    view! {
        <p class="interest-about" data-field="about">{about}</p>
        <p>{t.interest_intro}</p>
        {summary}
        <form method="post" action=action class="interest-form" novalidate>
            <input type="hidden" name="tomt" value=subject.plot_id.map(|id| id.to_string()).unwrap_or_default() />
            <input type="hidden" name="omrade" value=if subject.plot.is_none() { subject.business_area.clone().unwrap_or_default() } else { String::new() } />
            <input type="hidden" name="plan" value=plan />
            <input type="hidden" name="framtida_omrade" value=future_area />
            <input type="hidden" name="plats" value=subject.place.map(|p| p.param()).unwrap_or_default() />
            <input type="hidden" name="lang" value=lang.code() />
            <fieldset>
                <legend>{t.interest_company}</legend>
                {field(InterestField::CompanyName, form.company_name.clone(), "text", "organization", true, None)}
                {field(InterestField::OrgNumber, form.org_number.clone(), "text", "off", true, Some(t.interest_hint_org))}
            </fieldset>
            <fieldset>
                <legend>{t.interest_contact}</legend>
                {field(InterestField::ContactName, form.contact_name.clone(), "text", "name", true, None)}
                {field(InterestField::Email, form.email.clone(), "email", "email", true, None)}
                {field(InterestField::Phone, form.phone.clone(), "tel", "tel", false, None)}
            </fieldset>
            <fieldset>
                <legend>{t.interest_needs}</legend>
                <div class="field">
                    <label for="interest-fraga">{InterestField::Question.label(lang)}</label>
                    <select id="interest-fraga" name="fraga">
                        {QuestionKind::ALL.into_iter().map(|q| {
                            let selected = QuestionKind::from_key(form.question.trim()).unwrap_or(subject.question) == q;
                            view! { <option value=q.key() selected=selected>{q.label(lang)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {field(InterestField::WantedArea, form.wanted_area.clone(), "text", "off", false, None)}
                {field(InterestField::WantedStart, form.wanted_start.clone(), "month", "off", false, Some(t.interest_hint_start))}
                <div class="field">
                    <label for="interest-meddelande">{InterestField::Message.label(lang)}</label>
                    <p class="field-hint" id="hint-meddelande">{limit_hint(InterestField::Message.max_chars(), lang)}</p>
                    <textarea
                        id="interest-meddelande"
                        name="meddelande"
                        rows="5"
                        maxlength=InterestField::Message.max_chars()
                        aria-invalid=message_error.map(|_| "true")
                        aria-describedby="hint-meddelande error-meddelande"
                    >
                        {textarea_text(form.message.clone())}
                    </textarea>
                    <p class="field-error" id="error-meddelande">{message_error}</p>
                </div>
            </fieldset>
            // People never see this field; bots fill it in.
            <div class="honeypot" aria-hidden="true">
                <label for="interest-webbplats">{t.interest_honeypot}</label>
                <input id="interest-webbplats" name="webbplats" type="text" tabindex="-1" autocomplete="off" value=form.website.clone() />
            </div>
            <section class="privacy-notice" aria-labelledby="privacy-heading">
                <h2 id="privacy-heading">{t.interest_privacy_heading}</h2>
                <p>{t.interest_privacy.replace("{months}", &subject.retention_months.to_string())}</p>
            </section>
            <div class="field">
                <label class="check">
                    <input
                        id="interest-samtycke"
                        type="checkbox"
                        name="samtycke"
                        value="ja"
                        checked=form.consent.is_some()
                        aria-invalid=consent_error.map(|_| "true")
                        aria-describedby="error-samtycke"
                    />
                    {t.interest_consent} " *"
                </label>
                <p class="field-error" id="error-samtycke">{consent_error}</p>
            </div>
            <p><button type="submit" class="button button-primary">{t.interest_send}</button></p>
        </form>
    }
    .into_any()
}

fn error_of(errors: &[InterestError], field: InterestField, lang: Lang) -> Option<&'static str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.problem.message(lang))
}

#[allow(clippy::too_many_arguments)]
fn text_field(
    name: InterestField,
    value: String,
    kind: &'static str,
    autocomplete: &'static str,
    required: bool,
    hint: Option<&'static str>,
    errors: &[InterestError],
    lang: Lang,
) -> impl IntoView + use<> {
    let param = name.param();
    let id = format!("interest-{param}");
    let error_id = format!("error-{param}");
    let hint_id = format!("hint-{param}");
    let error = error_of(errors, name, lang);
    // Digits only: a phone shows its number pad.
    let inputmode =
        matches!(name, InterestField::OrgNumber | InterestField::WantedArea).then_some("numeric");
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{name.label(lang)} {required.then_some(" *")}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <input
                id=id
                name=param
                type=kind
                inputmode=inputmode
                autocomplete=autocomplete
                maxlength=name.max_chars()
                value=value
                aria-required=required.then_some("true")
                aria-invalid=error.map(|_| "true")
                aria-describedby=described_by
            />
            <p class="field-error" id=error_id>{error}</p>
        </div>
    }
}

/// `/intresse/skickad`: the confirmation, with what happens next and who will answer.
#[component]
pub fn InterestSentPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let subject = subject_resource();
    view! {
        <PageTitle text=format!("{} – Markkartan", t.interest_sent_title) />
        <h1 class="page-title">{t.interest_sent_title}</h1>
        <p>{t.interest_sent_body}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let subject = subject.await.unwrap_or_default();
                // The next step: a meeting with the same person, booked at once.
                let booking = format!("/boka{}", subject.page_query(lang));
                subject.contact.map(|c| {
                    let tel = format!("tel:{}", c.phone.replace([' ', '-'], ""));
                    let mailto = format!("mailto:{}", c.email);
                    view! {
                        <section class="contact-card" aria-labelledby="contact-heading">
                            <h2 id="contact-heading">{t.interest_who_answers}</h2>
                            <p class="contact-name" data-field="contact">{c.name} <br /> <ContactTitle title=c.title lang /></p>
                            <p><a href=tel>{c.phone}</a> <br /> <a href=mailto>{c.email}</a></p>
                            <p><a class="button" href=booking rel="external">{t.book_meeting}</a></p>
                        </section>
                    }
                })
            })}
        </Suspense>
        <h2>{t.interest_next}</h2>
        <p>{t.interest_next_steps}</p>
        <p><a href=lang.href("/")>{t.back_to_map}</a></p>
    }
    .into_any()
}
