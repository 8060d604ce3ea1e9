//! The service survey (`/enkat/{nyckel}`): a company whose case was closed scores the six
//! service factors and the whole on 1–10 and may write a comment. The link works once and
//! expires; the page shows nothing of the case but the day it closed, and is never indexed.
//!
//! Rendered on the server only and never hydrated (`crate::is_server_page`): the form posts to
//! the server (`POST /enkat/{nyckel}/svar`, server/src/http/surveys.rs), so it works without JavaScript and costs the public
//! bundle nothing.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::domain::{
    Lang, Problem, ProblemKind, RejectedSurvey, SURVEY_COMMENT_MAX_CHARS, ServiceFactor,
    SurveyLink, format_date, limit_hint, survey_gone,
};
use crate::ui::forms::server_context;
use crate::ui::i18n::use_lang;
use crate::{PageTitle, RefusedLink};

/// (A server function of this page only.) The day the survey's case closed: 400 for a text
/// that is no token, 404 for an unknown one, 410 once answered or expired.
#[server(endpoint = "survey", input = leptos::server_fn::codec::Json, output = crate::ui::codec::JsonAnswer)]
pub async fn get_survey(token: String) -> Result<NaiveDate, Problem> {
    if !crate::domain::looks_like_link_token(&token) {
        return Err(Problem::field(
            ProblemKind::BadRequest,
            "nyckel",
            "Länken till enkäten är inte hel: öppna den från mejlet igen.",
        )
        .in_english("The link to the survey is incomplete: open it from the e-mail again."));
    }
    let catalog = expect_context::<crate::public::catalog::SharedCatalog>();
    match catalog.survey(token).await.map_err(Problem::from)? {
        SurveyLink::Open { closed_on } => Ok(closed_on),
        SurveyLink::Answered => Err(survey_gone(true)),
        SurveyLink::Expired => Err(survey_gone(false)),
        SurveyLink::Unknown => Err(Problem::not_found()),
    }
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let s = SurveyTexts::of(lang);
    let token = use_params_map().with_untracked(|params| params.get("nyckel").unwrap_or_default());
    let thanked = use_query_map().with_untracked(|q| q.get("tack").is_some());
    let survey = Resource::new(move || token.clone(), get_survey);
    let rejected = server_context::<RejectedSurvey>();
    view! {
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="no-referrer" />
        <PageTitle text=format!("{} – Markkartan", s.title) />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await.unwrap_or_default();
                match survey.await {
                    Ok(closed_on) => view! { <Survey closed_on rejected lang /> }.into_any(),
                    // Just answered: thanks, not a refusal.
                    Err(problem) if thanked && problem.kind == ProblemKind::Gone => view! {
                        <h1 class="page-title">{s.thanks}</h1>
                        <p role="status">{s.thanks_text}</p>
                        <p><a href=lang.href("/")>{t.back_to_map}</a></p>
                    }
                    .into_any(),
                    Err(problem) => view! {
                        <RefusedLink problem />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Survey(closed_on: NaiveDate, rejected: RejectedSurvey, lang: Lang) -> impl IntoView {
    let s = SurveyTexts::of(lang);
    let token = use_params_map().with_untracked(|params| params.get("nyckel").unwrap_or_default());
    let form = rejected.form;
    let problem = rejected.problem;
    let invalid = problem
        .as_ref()
        .and_then(|p| p.field.clone())
        .unwrap_or_default();
    let summary = problem.clone().map(|problem| {
        let field = problem.field.clone().unwrap_or_default();
        view! {
            <div class="form-errors" role="alert" tabindex="-1">
                <p><a href=format!("#enkat-{field}")>{problem.message(lang).to_string()}</a></p>
            </div>
        }
    });
    let factors = ServiceFactor::ALL
        .into_iter()
        .map(|factor| {
            let field = factor.field();
            let chosen = form.score_of(factor).trim().to_string();
            let is_invalid = invalid == field;
            let choices = (1..=10)
                .map(|n| {
                    let value = n.to_string();
                    let id = format!("enkat-{field}-{n}");
                    let checked = chosen == value;
                    view! {
                        <span class="survey-choice">
                            <input type="radio" id=id.clone() name=field value=value.clone() required checked=checked />
                            <label for=id>{value}</label>
                        </span>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="survey-factor" class:invalid=is_invalid id=format!("enkat-{field}")
                    aria-describedby="enkat-scale">
                    <legend>
                        <strong>{factor.label(lang)}</strong> " – " {factor.question(lang)}
                    </legend>
                    <div class="survey-scale">{choices}</div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <article class="survey-page" aria-labelledby="survey-heading">
            <h1 id="survey-heading" class="page-title">{s.heading}</h1>
            <p>{s.intro(&format_date(closed_on, lang))}</p>
            <p id="enkat-scale" class="field-hint">{s.scale}</p>
            {summary}
            <form method="post" action=format!("/enkat/{token}/svar")>
                <input type="hidden" name="lang" value=lang.code() />
                {factors}
                <div class="form-field">
                    <label for="enkat-kommentar">{s.comment}</label>
                    <p class="field-hint" id="enkat-kommentar-hint">{limit_hint(SURVEY_COMMENT_MAX_CHARS, lang)}</p>
                    <textarea id="enkat-kommentar" name="kommentar" rows="4"
                        maxlength=SURVEY_COMMENT_MAX_CHARS aria-describedby="enkat-kommentar-hint"
                        aria-invalid=if invalid == "kommentar" { "true" } else { "false" }>{form.kommentar}</textarea>
                </div>
                <p class="field-hint">{s.anonymous}</p>
                <button type="submit" class="button">{s.send}</button>
            </form>
        </article>
    }
}

struct SurveyTexts {
    title: &'static str,
    heading: &'static str,
    scale: &'static str,
    comment: &'static str,
    anonymous: &'static str,
    send: &'static str,
    thanks: &'static str,
    thanks_text: &'static str,
}

impl SurveyTexts {
    fn of(lang: Lang) -> &'static SurveyTexts {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    fn intro(&self, closed_on: &str) -> String {
        if std::ptr::eq(self, &EN) {
            format!(
                "Your case with Norrtälje Municipality was closed on {closed_on}. How satisfied \
                 are you with how we served you? Seven questions, one minute."
            )
        } else {
            format!(
                "Ert ärende hos Norrtälje kommun avslutades {closed_on}. Hur nöjd är du med hur \
                 vi hanterade det? Sju frågor, en minut."
            )
        }
    }
}

static SV: SurveyTexts = SurveyTexts {
    title: "Enkät om kommunens service",
    heading: "Hur nöjd är du med kommunens service?",
    scale: "Svara från 1 till 10, där 1 är mycket missnöjd och 10 mycket nöjd.",
    comment: "Vill du säga något mer? (frivilligt)",
    anonymous: "Svaren är anonyma: de räknas samman med andras och visas aldrig med ert namn. Länken kan användas en gång.",
    send: "Skicka svaren",
    thanks: "Tack för dina svar!",
    thanks_text: "Dina svar hjälper kommunen att bli bättre på att ta emot företag.",
};

static EN: SurveyTexts = SurveyTexts {
    title: "Survey of the municipality's service",
    heading: "How satisfied are you with the municipality's service?",
    scale: "Answer from 1 to 10, where 1 is very dissatisfied and 10 very satisfied.",
    comment: "Anything else you want to say? (optional)",
    anonymous: "The answers are anonymous: they are counted together with others' and never shown with your name. The link works once.",
    send: "Send the answers",
    thanks: "Thank you for your answers!",
    thanks_text: "Your answers help the municipality get better at welcoming companies.",
};
