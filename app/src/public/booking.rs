//! Booking a meeting with the person who answers: `/boka` (about a plot with `?tomt=ID`, a
//! business area, a plan or a future area, and a kind of question with `fraga`) lists that
//! person's free times and takes a booking; `/boka/bokad?nyckel=…` is the booking as the company
//! holds it, with its calendar file and a button to cancel.
//!
//! Rendered on the server only and never hydrated (`crate::is_server_page`): plain forms post
//! to the server (server/src/http/meetings.rs), so it works without JavaScript and costs the
//! public bundle nothing.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::domain::{
    BookedMeeting, FreeSlot, InterestSubject, Lang, MAX_MEETING_MESSAGE_CHARS, MeetingOffer,
    Problem, QuestionKind, RejectedBooking, format_meeting_day, format_meeting_time, limit_hint,
};
use crate::ui::forms::server_context;
use crate::ui::i18n::use_lang;
use crate::{PageTitle, ProblemNotice};

// The page's server functions: only the server renders it, so the bundles do not carry them.

/// `/boka`: what the meeting is about, who answers and their free times.
#[server(endpoint = "meeting-offer", input = leptos::server_fn::codec::Json, output = crate::ui::codec::JsonAnswer)]
pub async fn get_meeting_offer(
    plot_id: Option<i64>,
    business_area: Option<String>,
    plan: Option<i64>,
    future_area: Option<i64>,
    question: Option<String>,
) -> Result<crate::domain::MeetingOffer, Problem> {
    let question = crate::public::catalog::asked_question(question.as_deref())?;
    crate::public::catalog::checked_text(
        "business_area",
        business_area.as_deref().unwrap_or(""),
        crate::domain::NAME_MAX_CHARS,
    )?;
    let catalog = expect_context::<crate::public::catalog::SharedCatalog>();
    catalog
        .meeting_offer(plot_id, business_area, plan, future_area, question)
        .await
        .map_err(Problem::from)
}

/// The booking a company's link holds (`nyckel`): not found for any other text.
#[server(endpoint = "booked-meeting", input = leptos::server_fn::codec::Json, output = crate::ui::codec::JsonAnswer)]
pub async fn get_booked_meeting(token: String) -> Result<crate::domain::BookedMeeting, Problem> {
    if !crate::domain::looks_like_link_token(&token) {
        return Err(Problem::field(
            crate::domain::ProblemKind::BadRequest,
            "nyckel",
            "Länken till bokningen är inte hel: öppna den från mejlet igen.",
        )
        .in_english("The link to the booking is incomplete: open it from the e-mail again."));
    }
    let catalog = expect_context::<crate::public::catalog::SharedCatalog>();
    catalog
        .booked_meeting(token)
        .await
        .map_err(Problem::from)?
        .ok_or_else(Problem::not_found)
}

#[component]
pub fn BookingPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let b = BookingTexts::of(lang);
    let asked = use_query_map().with_untracked(|q| {
        (
            q.get("tomt").and_then(|id| id.parse().ok()),
            q.get("omrade").filter(|name| !name.is_empty()),
            q.get("plan").and_then(|id| id.parse().ok()),
            q.get("framtida_omrade").and_then(|id| id.parse().ok()),
            q.get("fraga").filter(|question| !question.is_empty()),
        )
    });
    let offer = Resource::new(
        move || asked.clone(),
        |(plot, area, plan, future_area, question)| {
            get_meeting_offer(plot, area, plan, future_area, question)
        },
    );
    let rejected = server_context::<RejectedBooking>();
    view! {
        <PageTitle text=format!("{} – Markkartan", b.title) />
        <Meta name="robots" content="noindex" />
        <article class="booking-page" aria-labelledby="booking-heading">
            <h1 id="booking-heading" class="page-title">{b.title}</h1>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    let rejected = rejected.await.unwrap_or_default();
                    match offer.await {
                        Ok(offer) => view! { <Offer offer rejected lang /> }.into_any(),
                        Err(problem) => view! {
                            {problem.field.clone().map(|field| view! {
                                <p class="problem-field">{t.problem_field} " " <code>{field}</code></p>
                            })}
                            <ProblemNotice problem unavailable=t.map_unavailable />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </article>
    }
}

#[component]
fn Offer(offer: MeetingOffer, rejected: RejectedBooking, lang: Lang) -> impl IntoView {
    let b = BookingTexts::of(lang);
    let subject = offer.subject.clone();
    let about = crate::public::interest::subject_about(&subject, lang);
    let query = subject.page_query(lang);
    let contact = subject.contact.clone().map(|c| {
        let title = c.title.for_page(lang).0.to_string();
        view! {
            <section class="booking-contact" aria-labelledby="booking-contact-heading">
                <h2 id="booking-contact-heading">{b.who}</h2>
                <p data-field="contact"><strong>{c.name.clone()}</strong>{(!title.is_empty()).then(|| format!(", {title}"))}</p>
                <p>
                    <a href=format!("tel:{}", c.phone.replace([' ', '-'], ""))>{c.phone.clone()}</a>
                    " · "
                    <a href=format!("mailto:{}", c.email)>{c.email.clone()}</a>
                </p>
            </section>
        }
    });
    // The kind of question decides who answers: chosen with a GET form, so without script too.
    let question_form = view! {
        <form method="get" action="/boka" class="booking-question">
            {hidden_subject(&subject, lang)}
            <div class="field">
                <label for="booking-fraga">{b.question}</label>
                <select id="booking-fraga" name="fraga">
                    {QuestionKind::ALL.into_iter().map(|q| view! {
                        <option value=q.key() selected=q == subject.question>{q.label(lang)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{b.show_times}</button>
        </form>
    };
    let times = if offer.slots.is_empty() {
        let interest = format!("/intresse{query}");
        // A refused booking whose time went while nothing else is free: say why all the same.
        let refused = (!rejected.problems.is_empty()).then(|| {
            let messages = rejected
                .problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            view! { <div class="error-summary" role="alert" id="booking-errors"><p>{messages}</p></div> }
        });
        view! {
            {refused}
            <p class="booking-none" data-field="no-times">{b.no_times}</p>
            <p><a href=interest>{b.send_interest}</a></p>
        }
        .into_any()
    } else {
        view! { <BookingForm slots=offer.slots.clone() rejected subject=subject.clone() lang /> }
            .into_any()
    };
    view! {
        <p class="booking-about" data-field="about">{about}</p>
        {contact}
        {question_form}
        {times}
    }
}

/// The subject's fields, carried by both forms.
fn hidden_subject(subject: &InterestSubject, lang: Lang) -> impl IntoView + use<> {
    let planning = |kind| subject.planning_param(kind);
    let fields = [
        (
            "tomt",
            subject.plot_id.map(|id| id.to_string()).unwrap_or_default(),
        ),
        (
            "omrade",
            if subject.plot_id.is_none() {
                subject.business_area.clone().unwrap_or_default()
            } else {
                String::new()
            },
        ),
        ("plan", planning(crate::domain::PlanningKind::DetailedPlan)),
        (
            "framtida_omrade",
            planning(crate::domain::PlanningKind::FutureArea),
        ),
        (
            "lang",
            if lang == Lang::En {
                "en".to_string()
            } else {
                String::new()
            },
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view()
}

#[component]
fn BookingForm(
    slots: Vec<FreeSlot>,
    rejected: RejectedBooking,
    subject: InterestSubject,
    lang: Lang,
) -> impl IntoView {
    let b = BookingTexts::of(lang);
    let query = subject.page_query(lang);
    let RejectedBooking { form, problems } = rejected;
    let problem_of = |field: &str| problems.iter().find(|p| p.field == field).cloned();
    let summary = (!problems.is_empty()).then(|| {
        let items = problems
            .iter()
            .map(|p| {
                view! { <li><a href=format!("#booking-{}", p.field)>{p.message.clone()}</a></li> }
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" id="booking-errors">
                <p>{b.has_errors}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let chosen = form.tid.trim().to_string();
    let day_groups = slot_choices(slots, &chosen, lang, "booking-tid");
    let tid_problem =
        problem_of("tid").map(|p| view! { <p class="field-error" id="error-tid">{p.message}</p> });
    let field = |name: &'static str,
                 label: &'static str,
                 value: String,
                 kind: &'static str,
                 autocomplete: &'static str,
                 required: bool| {
        let problem = problem_of(name);
        let id = format!("booking-{name}");
        let error_id = format!("error-{name}");
        let label = if required {
            format!("{label} *")
        } else {
            label.to_string()
        };
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {problem.clone().map(|p| view! { <p class="field-error" id=error_id.clone()>{p.message}</p> })}
                <input
                    id=id
                    name=name
                    type=kind
                    autocomplete=autocomplete
                    value=value
                    required=required
                    maxlength=crate::domain::NAME_MAX_CHARS
                    aria-invalid=problem.is_some().then_some("true")
                    aria-describedby=problem.is_some().then_some(error_id)
                />
            </div>
        }
    };
    let message_problem = problem_of("meddelande");
    let consent_problem = problem_of("samtycke");
    view! {
        <form method="post" action=format!("/boka{query}") class="booking-form" novalidate=true>
            {summary}
            {hidden_subject(&subject, lang)}
            <input type="hidden" name="fraga" value=subject.question.key() />
            <fieldset class="booking-slots" id="booking-times">
                <legend>{b.choose_time}</legend>
                {tid_problem}
                {day_groups}
            </fieldset>
            <fieldset>
                <legend>{b.you}</legend>
                {field("foretag", b.company, form.foretag.clone(), "text", "organization", true)}
                {field("namn", b.name, form.namn.clone(), "text", "name", true)}
                {field("epost", b.email, form.epost.clone(), "email", "email", true)}
                {field("telefon", b.phone, form.telefon.clone(), "tel", "tel", false)}
                <div class="field">
                    <label for="booking-meddelande">{b.message}</label>
                    <p class="field-hint" id="hint-booking-meddelande">{limit_hint(MAX_MEETING_MESSAGE_CHARS, lang)}</p>
                    {message_problem.clone().map(|p| view! { <p class="field-error">{p.message}</p> })}
                    <textarea id="booking-meddelande" name="meddelande" rows="4" maxlength=MAX_MEETING_MESSAGE_CHARS aria-describedby="hint-booking-meddelande" aria-invalid=message_problem.is_some().then_some("true")>{form.meddelande.clone()}</textarea>
                </div>
            </fieldset>
            <div class="field">
                <label class="check">
                    <input
                        type="checkbox"
                        id="booking-samtycke"
                        name="samtycke"
                        value="ja"
                        checked=form.samtycke.is_some()
                        aria-invalid=consent_problem.is_some().then_some("true")
                        aria-describedby=consent_problem.is_some().then_some("error-samtycke")
                    />
                    {b.consent} " *"
                </label>
                {consent_problem.clone().map(|p| view! { <p class="field-error" id="error-samtycke">{p.message}</p> })}
            </div>
            <button type="submit" class="button button-primary">{b.book}</button>
        </form>
    }
}

#[component]
pub fn BookedPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let b = BookingTexts::of(lang);
    let token = use_query_map().with_untracked(|q| q.get("nyckel").unwrap_or_default());
    let booked = Resource::new(move || token.clone(), get_booked_meeting);
    view! {
        <PageTitle text=format!("{} – Markkartan", b.booked_title) />
        <Meta name="robots" content="noindex" />
        <article class="booking-page" aria-labelledby="booked-heading">
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match booked.await {
                        Ok(meeting) => view! { <Booked meeting lang /> }.into_any(),
                        Err(problem) => view! {
                            <h1 id="booked-heading" class="page-title">{b.booked_title}</h1>
                            <ProblemNotice problem unavailable=t.map_unavailable />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </article>
    }
}

#[component]
fn Booked(meeting: BookedMeeting, lang: Lang) -> impl IntoView {
    let b = BookingTexts::of(lang);
    let token = use_query_map().with_untracked(|q| q.get("nyckel").unwrap_or_default());
    let cancelled = meeting.cancelled_at.is_some();
    let heading = if cancelled {
        b.cancelled_heading
    } else {
        b.booked_heading
    };
    let when = format_meeting_time(meeting.starts_at, meeting.ends_at, lang);
    let calendar = format!("/boka/mote.ics?nyckel={token}");
    let actions = (!cancelled).then(|| {
        view! {
            <p><a class="button" href=calendar download="mote.ics">{b.add_to_calendar}</a></p>
            <p class="field-hint">{b.keep_link}</p>
            <form method="post" action="/boka/avboka" class="booking-cancel">
                <input type="hidden" name="nyckel" value=token.clone() />
                <input type="hidden" name="lang" value=lang.code() />
                <button type="submit" class="button">{b.cancel}</button>
            </form>
        }
    });
    let again = cancelled.then(|| view! { <p data-field="cancelled">{b.cancelled_text}</p> });
    view! {
        <h1 id="booked-heading" class="page-title">{heading}</h1>
        {again}
        <dl class="booking-facts">
            <dt>{b.when}</dt><dd data-field="when">{when}</dd>
            <dt>{b.how}</dt><dd data-field="kind">{meeting.kind.label(lang)}</dd>
            <dt>{b.with}</dt>
            <dd data-field="contact">
                {meeting.contact_name.clone()} ", "
                <a href=format!("tel:{}", meeting.contact_phone.replace([' ', '-'], ""))>{meeting.contact_phone.clone()}</a> ", "
                <a href=format!("mailto:{}", meeting.contact_email)>{meeting.contact_email.clone()}</a>
            </dd>
            <dt>{b.about}</dt><dd data-field="about">{meeting.subject.clone()}</dd>
            <dt>{b.company}</dt><dd data-field="company">{meeting.company_name.clone()}</dd>
        </dl>
        {actions}
    }
}

/// The free times by day, each day a group of radio buttons named `tid`; the first one's id is
/// `id` (where an error summary leads), the others' `{id}-{slot}`.
pub(crate) fn slot_choices(
    slots: Vec<FreeSlot>,
    chosen: &str,
    lang: Lang,
    id: &str,
) -> impl IntoView + use<> {
    let mut days: Vec<(chrono::NaiveDate, Vec<FreeSlot>)> = Vec::new();
    for slot in slots {
        match days.last_mut() {
            Some((day, list)) if *day == slot.starts_at.date() => list.push(slot),
            _ => days.push((slot.starts_at.date(), vec![slot])),
        }
    }
    let first_id = days
        .first()
        .and_then(|(_, list)| list.first())
        .map(|s| s.id);
    let chosen = chosen.to_string();
    let base = id.to_string();
    days.into_iter()
        .map(|(day, list)| {
            let radios = list
                .into_iter()
                .map(|slot| {
                    let id = if Some(slot.id) == first_id {
                        base.clone()
                    } else {
                        format!("{base}-{}", slot.id)
                    };
                    let text = format!(
                        "{}–{} · {}",
                        slot.starts_at.format(if lang == Lang::Sv { "%H.%M" } else { "%H:%M" }),
                        slot.ends_at.format(if lang == Lang::Sv { "%H.%M" } else { "%H:%M" }),
                        slot.kind.label(lang)
                    );
                    view! {
                        <li>
                            <input type="radio" name="tid" id=id.clone() value=slot.id checked=chosen == slot.id.to_string() required=true />
                            <label for=id>{text}</label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="booking-day">
                    <legend>{format_meeting_day(day, lang)}</legend>
                    <ul class="booking-times">{radios}</ul>
                </fieldset>
            }
        })
        .collect_view()
}

/// The booking pages' words.
struct BookingTexts {
    title: &'static str,
    about: &'static str,
    who: &'static str,
    question: &'static str,
    show_times: &'static str,
    no_times: &'static str,
    send_interest: &'static str,
    has_errors: &'static str,
    choose_time: &'static str,
    you: &'static str,
    company: &'static str,
    name: &'static str,
    email: &'static str,
    phone: &'static str,
    message: &'static str,
    consent: &'static str,
    book: &'static str,
    booked_title: &'static str,
    booked_heading: &'static str,
    cancelled_heading: &'static str,
    cancelled_text: &'static str,
    when: &'static str,
    how: &'static str,
    with: &'static str,
    add_to_calendar: &'static str,
    keep_link: &'static str,
    cancel: &'static str,
}

impl BookingTexts {
    fn of(lang: Lang) -> &'static BookingTexts {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }
}

static SV: BookingTexts = BookingTexts {
    title: "Boka ett möte",
    about: "Det gäller",
    who: "Du träffar",
    question: "Vad gäller frågan?",
    show_times: "Visa tider",
    no_times: "Det finns inga lediga tider de närmaste veckorna. Ring eller mejla, eller skicka en intresseanmälan så hör vi av oss.",
    send_interest: "Skicka en intresseanmälan",
    has_errors: "Bokningen kunde inte göras:",
    choose_time: "Välj en tid",
    you: "Dina uppgifter",
    company: "Företag",
    name: "Ditt namn",
    email: "E-post",
    phone: "Telefon",
    message: "Vad vill du prata om? (frivilligt)",
    consent: "Jag samtycker till att kommunen sparar uppgifterna för mötet. De raderas efter den tid som gäller för intresseanmälningar.",
    book: "Boka tiden",
    booked_title: "Din bokning",
    booked_heading: "Ditt möte är bokat",
    cancelled_heading: "Mötet är avbokat",
    cancelled_text: "Tiden är ledig för andra igen. Du är välkommen att boka en ny.",
    when: "När",
    how: "Hur",
    with: "Med",
    add_to_calendar: "Lägg till i kalendern (.ics)",
    keep_link: "Spara länken till den här sidan: här ser du bokningen och kan avboka den. Samma länk finns i mejlet.",
    cancel: "Avboka mötet",
};

static EN: BookingTexts = BookingTexts {
    title: "Book a meeting",
    about: "About",
    who: "You meet",
    question: "What is the question about?",
    show_times: "Show times",
    no_times: "There are no free times in the coming weeks. Call or e-mail, or register your interest and we will contact you.",
    send_interest: "Register your interest",
    has_errors: "The booking could not be made:",
    choose_time: "Choose a time",
    you: "Your details",
    company: "Company",
    name: "Your name",
    email: "E-mail",
    phone: "Phone",
    message: "What would you like to talk about? (optional)",
    consent: "I agree that the municipality keeps these details for the meeting. They are deleted after the period that applies to registrations of interest.",
    book: "Book the time",
    booked_title: "Your booking",
    booked_heading: "Your meeting is booked",
    cancelled_heading: "The meeting is cancelled",
    cancelled_text: "The time is free for others again. You are welcome to book another.",
    when: "When",
    how: "How",
    with: "With",
    add_to_calendar: "Add to calendar (.ics)",
    keep_link: "Keep the link to this page: here you see the booking and can cancel it. The e-mail has the same link.",
    cancel: "Cancel the meeting",
};
