//! `POST /enkat/{nyckel}/svar`: a company's answer to the service survey, a plain HTML post
//! that works without JavaScript. Answered: 303 to the page, which thanks. Refused: the page
//! again with what was chosen and why (422 naming the field); a malformed token is 400 naming
//! `nyckel`, an unknown one 404, one answered already or expired 410.

use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{
    Lang, Problem, ProblemKind, RejectedSurvey, SurveyForm, looks_like_link_token, survey_page,
};

use super::extract::FormOf;
use super::{AppState, Error, form_again};
use crate::surveys;

pub async fn answer(
    State(state): State<AppState>,
    Path(token): Path<String>,
    FormOf(form): FormOf<SurveyForm>,
) -> Result<Response, Error> {
    if !looks_like_link_token(&token) {
        return Err(Problem::field(
            ProblemKind::BadRequest,
            "nyckel",
            "Länken till enkäten är inte hel: öppna den från mejlet igen.",
        )
        .in_english("The link to the survey is incomplete: open it from the e-mail again.")
        .into());
    }
    let lang = form.lang();
    let query = |more: &str| match lang {
        Lang::Sv => more.to_string(),
        Lang::En => format!("?lang=en{}", more.replacen('?', "&", 1)),
    };
    match surveys::answer(&state.pool, &token, &form).await {
        Ok(()) => {
            tracing::info!("service survey answered");
            Ok(
                Redirect::to(&format!("{}{}", survey_page(&token), query("?tack=1")))
                    .into_response(),
            )
        }
        Err(refused) => {
            let path = format!("{}{}", survey_page(&token), query(""));
            form_again(&state, &path, None, refused, move |problem| {
                RejectedSurvey {
                    form,
                    problem: Some(problem.clone()),
                }
            })
            .await
        }
    }
}
