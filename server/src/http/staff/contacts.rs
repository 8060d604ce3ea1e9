//! Contact persons and who answers what, for admins: adding and changing a person, and setting
//! the responsible person and deputy for a kind of question in a business area.

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{
    ContactForm, ContactProblem, Problem, ProblemKind, QuestionKind, RejectedContact,
};
use serde::Deserialize;

use crate::db::{self, contacts::ContactRefused};
use crate::http::extract::{ManageContacts, PathId, Sent};
use crate::http::{AppState, Error, form_again};

csrf_forms!(ContactForm, ResponsibilityForm);

const PAGE: &str = "/personal/kontakter";

/// `POST /personal/kontakter`: an admin adds a contact person.
pub async fn create_contact(
    State(state): State<AppState>,
    Sent(viewer, form, _): Sent<ManageContacts, ContactForm>,
) -> Result<Response, Error> {
    let stored = match form.validate() {
        Ok(valid) => db::contacts::insert(&state.pool, &valid).await,
        Err(problem) => Err(ContactRefused::Invalid(problem)),
    };
    match stored {
        Ok(id) => {
            tracing::info!(id, by = viewer.account_id, "contact person added");
            Ok(Redirect::to(&format!("{PAGE}#kontakt-{id}")).into_response())
        }
        Err(refused) => again(&state, viewer, None, form, refused).await,
    }
}

/// `POST /personal/kontakter/{id}`: an admin changes a contact person, if no one else has
/// since the version the form was based on.
pub async fn update_contact(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, form, _): Sent<ManageContacts, ContactForm>,
) -> Result<Response, Error> {
    let stored = match (form.validate(), form.version.trim().parse::<i32>()) {
        (Ok(valid), Ok(version)) => db::contacts::update(&state.pool, id, version, &valid).await,
        (Err(problem), _) => Err(ContactRefused::Invalid(problem)),
        (_, Err(_)) => Err(ContactRefused::Invalid(ContactProblem {
            field: "version".to_string(),
            message: "Formuläret saknar sin version; ladda om sidan.".to_string(),
        })),
    };
    match stored {
        Ok(()) => {
            tracing::info!(id, by = viewer.account_id, "contact person changed");
            Ok(Redirect::to(&format!("{PAGE}#kontakt-{id}")).into_response())
        }
        Err(refused) => again(&state, viewer, Some(id), form, refused).await,
    }
}

/// The page again with the form as typed and why, or the refusal as the boundary answers it.
async fn again(
    state: &AppState,
    viewer: markkartan_app::domain::Viewer,
    id: Option<i64>,
    form: ContactForm,
    refused: ContactRefused,
) -> Result<Response, Error> {
    let conflict = matches!(refused, ContactRefused::Stale);
    form_again(state, PAGE, Some(viewer), refused, move |problem| {
        RejectedContact {
            id,
            form,
            problem: Some(ContactProblem {
                field: problem.field.clone().unwrap_or_default(),
                message: problem.message.clone(),
            }),
            conflict,
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct ResponsibilityForm {
    #[serde(default)]
    csrf: String,
    /// A business area's id, or empty for the whole municipality.
    #[serde(default)]
    omrade: String,
    #[serde(default)]
    fraga: String,
    /// The responsible contact person's id, or empty to remove the row.
    #[serde(default)]
    ansvarig: String,
    #[serde(default)]
    ersattare: String,
}

/// `POST /personal/ansvar`: an admin sets who answers a kind of question in a business area
/// (or everywhere else), and their deputy.
pub async fn set_responsibility(
    State(state): State<AppState>,
    Sent(viewer, form, _): Sent<ManageContacts, ResponsibilityForm>,
) -> Result<Response, Error> {
    let invalid = |field: &str, message: &str| {
        Error::from(Problem::field(ProblemKind::Invalid, field, message))
    };
    let id = |field: &str, text: &str| -> Result<Option<i64>, Error> {
        match text.trim() {
            "" => Ok(None),
            text => text
                .parse::<i64>()
                .map(Some)
                .map_err(|_| invalid(field, "Välj i listan.")),
        }
    };
    let question = QuestionKind::from_key(form.fraga.trim())
        .ok_or_else(|| invalid("fraga", "Okänd sorts fråga."))?;
    let area = id("omrade", &form.omrade)?;
    let contact = id("ansvarig", &form.ansvarig)?;
    let deputy = id("ersattare", &form.ersattare)?;
    if deputy.is_some() && deputy == contact {
        return Err(invalid(
            "ersattare",
            "Ersättaren ska vara en annan person än den ansvarige.",
        ));
    }
    if contact.is_none() && deputy.is_some() {
        return Err(invalid("ansvarig", "Välj en ansvarig innan en ersättare."));
    }
    let mut conn = state.pool.acquire().await?;
    match db::contacts::set_responsibility(&mut conn, area, question, contact, deputy).await {
        Ok(()) => {}
        // A business area or person that does not exist (a crafted form, or removed meanwhile).
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
            return Err(invalid(
                "ansvarig",
                "Området eller personen finns inte längre; ladda om sidan.",
            ));
        }
        Err(error) => return Err(error.into()),
    }
    tracing::info!(
        ?area,
        question = question.key(),
        ?contact,
        ?deputy,
        by = viewer.account_id,
        "responsibility set"
    );
    let anchor = format!(
        "ansvar-{}",
        area.map(|a| a.to_string()).unwrap_or("alla".into())
    );
    Ok(Redirect::to(&format!("{PAGE}#{anchor}")).into_response())
}
