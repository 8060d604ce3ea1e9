//! A company's proposal (`/forslag/{nyckel}`): the guide's letter, the plots and future areas
//! proposed with the guide's note on each and their public facts as they are now, a mark per
//! item (interesting or not), a question to the guide, and a meeting to book with them. The
//! link is the only key; the page is never indexed or cached by others.
//!
//! Rendered on the server only and never hydrated (`crate::is_server_page`): the forms post to
//! the server (server/src/http/proposals.rs), so it works without JavaScript and costs the
//! public bundle nothing.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::domain::{
    FactSheet, Lang, PROPOSAL_QUESTION_MAX_CHARS, Problem, ProposalItem, ProposalPage,
    ProposalVerdict, ProposedFutureArea, ProposedThing, RejectedProposalForm, compare_href,
    format_area_m2, format_date, format_integer, format_sek, limit_hint,
};
use crate::ui::forms::server_context;
use crate::ui::i18n::use_lang;
use crate::{PageTitle, RefusedLink};

/// (A server function of this page only: the bundles, which never render it, do not carry it.)
/// The proposal a company's link holds (`nyckel`): 400 for a text that is no token, 404 for
/// an unknown one, 410 once it has expired or been revoked.
#[server(endpoint = "proposal", input = leptos::server_fn::codec::Json, output = crate::ui::codec::JsonAnswer)]
pub async fn get_proposal(token: String) -> Result<crate::domain::ProposalPage, Problem> {
    if !crate::domain::looks_like_link_token(&token) {
        return Err(Problem::field(
            crate::domain::ProblemKind::BadRequest,
            "nyckel",
            "Länken till förslaget är inte hel: öppna den från mejlet igen.",
        )
        .in_english("The link to the proposal is incomplete: open it from the e-mail again."));
    }
    // Staff opening the company's link do not count as the company opening it.
    let record = use_context::<crate::domain::Viewer>().is_none();
    let catalog = expect_context::<crate::public::catalog::SharedCatalog>();
    match catalog
        .proposal(token, record)
        .await
        .map_err(Problem::from)?
    {
        crate::domain::ProposalLink::Open(page) => Ok(*page),
        crate::domain::ProposalLink::Gone { revoked } => Err(crate::domain::proposal_gone(revoked)),
        crate::domain::ProposalLink::Unknown => Err(Problem::not_found()),
    }
}

#[component]
pub fn ProposalPageView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let p = ProposalTexts::of(lang);
    let token = use_params_map().with_untracked(|params| params.get("nyckel").unwrap_or_default());
    let asked = use_query_map().with_untracked(|q| q.get("fragat").is_some());
    let proposal = Resource::new(move || token.clone(), get_proposal);
    let rejected = server_context::<RejectedProposalForm>();
    view! {
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="no-referrer" />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await.unwrap_or_default();
                match proposal.await {
                    Ok(page) => view! { <Proposal page rejected asked lang /> }.into_any(),
                    Err(problem) => view! {
                        <PageTitle text=format!("{} – Markkartan", p.title) />
                        <RefusedLink problem />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Proposal(
    page: ProposalPage,
    rejected: RejectedProposalForm,
    asked: bool,
    lang: Lang,
) -> impl IntoView {
    let p = ProposalTexts::of(lang);
    let token = use_params_map().with_untracked(|params| params.get("nyckel").unwrap_or_default());
    let heading = format!("{} {}", p.for_company, page.company_name);
    let letter = page
        .letter
        .split("\n\n")
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| view! { <p>{part.to_string()}</p> })
        .collect_view();
    let book = (!page.slots.is_empty()).then(|| {
        view! { <p><a class="button" href="#boka">{p.book}</a></p> }
    });
    let contact = page.contact.clone().map(|c| {
        let title = c.title.for_page(lang).0.to_string();
        view! {
            <section class="proposal-contact" aria-labelledby="proposal-contact-heading">
                <h2 id="proposal-contact-heading">{p.contact}</h2>
                <p data-field="contact"><strong>{c.name.clone()}</strong>{(!title.is_empty()).then(|| format!(", {title}"))}</p>
                <p>
                    <a href=format!("tel:{}", c.phone.replace([' ', '-'], ""))>{c.phone.clone()}</a>
                    " · "
                    <a href=format!("mailto:{}", c.email)>{c.email.clone()}</a>
                </p>
                {book}
            </section>
        }
    });
    let plots: Vec<i64> = page
        .items
        .iter()
        .filter_map(|item| match &item.thing {
            ProposedThing::Plot(sheet) => Some(sheet.id),
            _ => None,
        })
        .collect();
    let compare = (plots.len() >= 2).then(|| {
        let ids = &plots[..plots.len().min(crate::domain::MAX_COMPARED)];
        view! { <p><a href=compare_href(ids, lang)>{p.compare}</a></p> }
    });
    let items = page
        .items
        .clone()
        .into_iter()
        .map(|item| view! { <Item item token=token.clone() lang /> })
        .collect_view();
    view! {
        <PageTitle text=format!("{heading} – Markkartan") />
        <article class="proposal-page" aria-labelledby="proposal-heading">
            <h1 id="proposal-heading" class="page-title">{heading}</h1>
            <p class="proposal-valid" data-field="valid-until">
                {p.valid_until} " " {format_date(page.valid_until, lang)} "."
            </p>
            <div class="proposal-letter" data-field="letter">{letter}</div>
            {contact}
            <h2 id="punkter">{p.items}</h2>
            <ol class="proposal-items">{items}</ol>
            {compare}
            <Question token=token.clone() rejected=rejected.clone() asked lang />
            {(!page.slots.is_empty()).then(|| view! {
                <Booking token=token.clone() slots=page.slots.clone() rejected lang />
            })}
        </article>
    }
}

#[component]
fn Item(item: ProposalItem, token: String, lang: Lang) -> impl IntoView {
    let p = ProposalTexts::of(lang);
    let title = item.title(lang);
    let heading = match item.public_href() {
        Some(href) => view! { <a href=lang.href(&href)>{title.clone()}</a> }.into_any(),
        None => view! { <span>{title.clone()}</span> }.into_any(),
    };
    let note = (!item.note.is_empty()).then(|| {
        view! { <p class="proposal-note" data-field="note"><strong>{p.note}</strong> " " {item.note.clone()}</p> }
    });
    let facts = match &item.thing {
        ProposedThing::Plot(sheet) => plot_facts(sheet, lang).into_any(),
        ProposedThing::FutureArea(area) => area_facts(area, lang).into_any(),
        ProposedThing::Withdrawn(_) => view! { <p class="notice">{p.withdrawn}</p> }.into_any(),
    };
    let marked = item
        .verdict
        .map(|v| view! { <p class="proposal-verdict" data-field="verdict" role="status">{p.marked} " " <strong>{v.label(lang).to_lowercase()}</strong>"."</p> });
    let legend_id = format!("punkt-{}-fraga", item.id);
    let labelled_by = legend_id.clone();
    let buttons = ProposalVerdict::ALL
        .into_iter()
        .map(|v| {
            let pressed = item.verdict == Some(v);
            view! {
                <button type="submit" name="bedomning" value=v.key() class="button"
                    aria-pressed=if pressed { "true" } else { "false" }>{v.label(lang)}</button>
            }
        })
        .collect_view();
    view! {
        <li id=format!("punkt-{}", item.id) class="proposal-item" data-item=item.id>
            <h3>{heading}</h3>
            {note}
            {facts}
            {marked}
            <form method="post" action=format!("/forslag/{token}/bedom") class="proposal-mark"
                role="group" aria-labelledby=labelled_by>
                <input type="hidden" name="punkt" value=item.id.to_string() />
                {(lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> })}
                <p id=legend_id class="proposal-mark-question">{p.what_do_you_think} " " {title}"?"</p>
                {buttons}
            </form>
        </li>
    }
}

fn plot_facts(sheet: &FactSheet, lang: Lang) -> impl IntoView + use<> {
    let t = lang.texts();
    let yes_no = |value: bool| if value { t.yes } else { t.no };
    let price = sheet
        .price_sek_per_m2
        .map(|p| format!("{}/m²", format_sek(i64::from(p), lang)))
        .unwrap_or_else(|| t.price_on_request.to_string());
    let total = sheet.total_price_sek().map(|total| {
        view! { <dt>{t.total_price}</dt><dd data-field="total-price">{format_sek(total, lang)}</dd> }
    });
    let electricity = sheet
        .electrical_capacity_kw
        .map(|kw| format!("{} kW", format_integer(i64::from(kw), lang)))
        .unwrap_or_else(|| t.not_stated.to_string());
    view! {
        <dl class="facts proposal-facts">
            <dt>{ProposalTexts::of(lang).business_area}</dt><dd>{sheet.business_area.clone()}", "{sheet.locality.clone()}</dd>
            <dt>{t.status}</dt>
            <dd data-field="status"><span class=format!("status-badge status-{}", sheet.status.key())>{sheet.status.label(lang)}</span></dd>
            <dt>{t.area}</dt><dd data-field="area">{format_area_m2(sheet.area_m2, lang)}</dd>
            <dt>{t.price_per_m2}</dt><dd data-field="price">{price}</dd>
            {total}
            <dt>{t.water_sewage}</dt><dd>{sheet.water_sewage.label(lang)}</dd>
            <dt>{t.electrical_capacity}</dt><dd>{electricity}</dd>
            <dt>{t.district_heating}</dt><dd>{yes_no(sheet.district_heating)}</dd>
            <dt>{t.fiber}</dt><dd>{yes_no(sheet.fiber)}</dd>
        </dl>
    }
}

fn area_facts(area: &ProposedFutureArea, lang: Lang) -> impl IntoView + use<> {
    let p = ProposalTexts::of(lang);
    let use_text = area.intended_use();
    let (intended, intended_lang) = use_text.for_page(lang);
    let description = area.description();
    let (described, described_lang) = description.for_page(lang);
    view! {
        <dl class="facts proposal-facts">
            <dt>{p.intended_use}</dt><dd lang=intended_lang>{intended.to_string()}</dd>
            <dt>{p.horizon}</dt><dd>{format!("{}–{}", area.horizon_from_year, area.horizon_to_year)}</dd>
        </dl>
        {(!described.trim().is_empty()).then(|| view! { <p lang=described_lang>{described.to_string()}</p> })}
    }
}

#[component]
fn Question(
    token: String,
    rejected: RejectedProposalForm,
    asked: bool,
    lang: Lang,
) -> impl IntoView {
    let p = ProposalTexts::of(lang);
    let form = rejected.question;
    let problem = rejected.problem.filter(|p| p.field == "fraga");
    let error = problem.map(|problem| {
        view! { <p class="field-error" id="fraga-error" role="alert">{problem.message}</p> }
    });
    let invalid = error.is_some();
    let described = if invalid {
        "fraga-hint fraga-error"
    } else {
        "fraga-hint"
    };
    view! {
        <section class="proposal-question" aria-labelledby="fraga">
            <h2 id="fraga">{p.ask_heading}</h2>
            {asked.then(|| view! { <p class="saved" role="status" data-field="asked">{p.asked}</p> })}
            <form method="post" action=format!("/forslag/{token}/fraga")>
                {(lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> })}
                <div class="field">
                    <label for="proposal-fraga">{p.question}</label>
                    <p class="field-hint" id="fraga-hint">{limit_hint(PROPOSAL_QUESTION_MAX_CHARS, lang)}</p>
                    {error}
                    <textarea id="proposal-fraga" name="fraga" rows="4" required
                        maxlength=PROPOSAL_QUESTION_MAX_CHARS aria-describedby=described
                        aria-invalid=if invalid { "true" } else { "false" }>{form.fraga}</textarea>
                </div>
                <button type="submit" class="button button-primary">{p.send_question}</button>
            </form>
        </section>
    }
}

/// A meeting with the guide, booked with the case's details: a time and what it is about.
#[component]
fn Booking(
    token: String,
    slots: Vec<crate::domain::FreeSlot>,
    rejected: RejectedProposalForm,
    lang: Lang,
) -> impl IntoView {
    let p = ProposalTexts::of(lang);
    let form = rejected.booking;
    let problem = rejected
        .problem
        .filter(|p| p.field == "tid" || p.field == "meddelande");
    let error = problem.clone().map(|problem| {
        view! {
            <div class="error-summary" role="alert" id="boka-errors">
                <p><a href=format!("#proposal-{}", problem.field)>{problem.message}</a></p>
            </div>
        }
    });
    let times = crate::public::booking::slot_choices(slots, form.tid.trim(), lang, "proposal-tid");
    view! {
        <section class="proposal-booking" aria-labelledby="boka">
            <h2 id="boka">{p.book}</h2>
            <p class="field-hint">{p.book_hint}</p>
            {error}
            <form method="post" action=format!("/forslag/{token}/boka") class="booking-form">
                {(lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> })}
                <fieldset class="booking-slots">
                    <legend>{p.choose_time}</legend>
                    {times}
                </fieldset>
                <div class="field">
                    <label for="proposal-meddelande">{p.meeting_about}</label>
                    <p class="field-hint" id="proposal-meddelande-hint">{limit_hint(crate::domain::MAX_MEETING_MESSAGE_CHARS, lang)}</p>
                    <textarea id="proposal-meddelande" name="meddelande" rows="3"
                        maxlength=crate::domain::MAX_MEETING_MESSAGE_CHARS
                        aria-describedby="proposal-meddelande-hint">{form.meddelande}</textarea>
                </div>
                <button type="submit" class="button button-primary">{p.book_time}</button>
            </form>
        </section>
    }
}

/// The proposal page's words.
struct ProposalTexts {
    title: &'static str,
    for_company: &'static str,
    valid_until: &'static str,
    contact: &'static str,
    book: &'static str,
    items: &'static str,
    note: &'static str,
    withdrawn: &'static str,
    marked: &'static str,
    what_do_you_think: &'static str,
    business_area: &'static str,
    intended_use: &'static str,
    horizon: &'static str,
    compare: &'static str,
    book_hint: &'static str,
    choose_time: &'static str,
    meeting_about: &'static str,
    book_time: &'static str,
    ask_heading: &'static str,
    asked: &'static str,
    question: &'static str,
    send_question: &'static str,
}

impl ProposalTexts {
    fn of(lang: Lang) -> &'static ProposalTexts {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }
}

static SV: ProposalTexts = ProposalTexts {
    title: "Förslag",
    for_company: "Förslag till",
    valid_until: "Länken är personlig och gäller till och med",
    contact: "Din kontakt på kommunen",
    book: "Boka ett möte",
    items: "Det här föreslår vi",
    note: "Kommunens kommentar:",
    withdrawn: "Den här finns inte längre till salu eller är inte publicerad.",
    marked: "Ni har markerat den som",
    what_do_you_think: "Vad tycker ni om",
    business_area: "Område",
    intended_use: "Tänkt användning",
    horizon: "Tidshorisont",
    compare: "Jämför tomterna sida vid sida",
    book_hint: "Välj en tid hos din kontakt. Bekräftelsen och en kalenderfil kommer till samma e-postadress som förslaget.",
    choose_time: "Välj en tid",
    meeting_about: "Vad vill ni prata om? (frivilligt)",
    book_time: "Boka tiden",
    ask_heading: "Ställ en fråga",
    asked: "Tack! Din fråga är skickad till din kontakt, som svarar per e-post eller telefon.",
    question: "Din fråga",
    send_question: "Skicka frågan",
};

static EN: ProposalTexts = ProposalTexts {
    title: "Proposal",
    for_company: "Proposal for",
    valid_until: "The link is personal and holds until",
    contact: "Your contact at the municipality",
    book: "Book a meeting",
    items: "What we propose",
    note: "The municipality's comment:",
    withdrawn: "This is no longer for sale or not published.",
    marked: "You have marked it as",
    what_do_you_think: "What do you think of",
    business_area: "Area",
    intended_use: "Intended use",
    horizon: "Time horizon",
    compare: "Compare the plots side by side",
    book_hint: "Choose a time with your contact. The confirmation and a calendar file go to the same e-mail address as the proposal.",
    choose_time: "Choose a time",
    meeting_about: "What would you like to talk about? (optional)",
    book_time: "Book the time",
    ask_heading: "Ask a question",
    asked: "Thank you! Your question has been sent to your contact, who will answer by e-mail or phone.",
    question: "Your question",
    send_question: "Send the question",
};
