//! Plot import over HTTP: the upload (multipart, limited in size), the preview form (mapping,
//! coordinate system, business area) and the commit. Like every workspace form each is a
//! plain POST that needs the role and the session's CSRF token; a refused one shows its page
//! again with why.

use axum::{
    extract::{Multipart, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{Crs, ImportProblem, Problem, RejectedImport};

use crate::http::extract::{EditPlots, PathId, Sent, Staff};
use crate::http::{AppState, Error, form_again};
use crate::import;

/// What an upload form sent (the plot import's, and a plan's or area's outline from a file).
#[derive(Default)]
pub(crate) struct Upload {
    pub csrf: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub crs: Option<Crs>,
    pub business_area: Option<i64>,
}

/// Reads an upload form; a body over the limit is the file being too large.
pub(crate) async fn read_upload(mut multipart: Multipart) -> Result<Upload, ImportProblem> {
    let mut upload = Upload::default();
    let refused = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ImportProblem::TooLarge
        } else {
            ImportProblem::BrokenUpload
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "fil" {
            upload.file_name = field.file_name().unwrap_or("fil").to_string();
            upload.bytes = field.bytes().await.map_err(refused)?.to_vec();
            continue;
        }
        let text = field.text().await.map_err(refused)?;
        match name.as_str() {
            "csrf" => upload.csrf = text,
            "koordinatsystem" => upload.crs = text.parse().ok().and_then(Crs::from_srid),
            "omrade" => upload.business_area = text.parse().ok(),
            _ => {}
        }
    }
    Ok(upload)
}

/// `POST /personal/import`: reads the file into a draft and shows its preview, or shows the
/// upload page again with why the file was refused (nothing is stored).
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff<EditPlots>,
    multipart: Multipart,
) -> Result<Response, Error> {
    let read = read_upload(multipart).await;
    // A file too large to read whole may have cut the form short; nothing is stored for it,
    // so only the role is checked.
    let viewer = match &read {
        Ok(upload) => staff.sending(&upload.csrf)?,
        Err(_) => staff.0,
    };
    let uploaded = match read {
        Ok(upload) => {
            import::upload(
                &state.pool,
                &viewer,
                &upload.file_name,
                upload.bytes,
                upload.crs,
                upload.business_area,
            )
            .await
        }
        Err(problem) => Err(problem),
    };
    match uploaded {
        Ok(id) => {
            tracing::info!(draft = id, account = viewer.account_id, "import file read");
            Ok(Redirect::to(&format!("/personal/import/{id}")).into_response())
        }
        Err(problem) => {
            form_again(
                &state,
                "/personal/import",
                Some(viewer),
                problem,
                |problem| RejectedImport {
                    message: problem.message.clone(),
                },
            )
            .await
        }
    }
}

/// `POST /personal/import/{id}`: the preview form. `steg` says what to do: `granska` saves
/// the choices and shows the preview again, `importera` saves them and writes the plots (all
/// or nothing), `avbryt` drops the draft.
pub async fn review(
    State(state): State<AppState>,
    PathId(id): PathId,
    Sent(viewer, fields, _): Sent<EditPlots, Vec<(String, String)>>,
) -> Result<Response, Error> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let pool = &state.pool;
    if field("steg") == "avbryt" {
        import::cancel(pool, &viewer, id).await?;
        return Ok(Redirect::to("/personal/import").into_response());
    }
    let crs = match field("koordinatsystem") {
        "" => None,
        typed => Some(typed.parse().ok().and_then(Crs::from_srid).ok_or_else(|| {
            Problem::bad_value(
                "koordinatsystem",
                "ett av valen (3006, 3011, 4326)",
                "one of the choices (3006, 3011, 4326)",
            )
        })?),
    };
    let business_area = match field("omrade") {
        "" => None,
        typed => Some(typed.parse::<i64>().map_err(|_| {
            Problem::bad_value(
                "omrade",
                "ett av verksamhetsområdena",
                "one of the business areas",
            )
        })?),
    };
    if !import::update(pool, &viewer, id, crs, business_area, &fields).await? {
        return Err(Problem::not_found().into());
    }
    if field("steg") != "importera" {
        return Ok(Redirect::to(&format!("/personal/import/{id}")).into_response());
    }
    match import::commit(pool, &viewer, id).await {
        Ok(created) => {
            tracing::info!(
                draft = id,
                created,
                account = viewer.account_id,
                "plots imported"
            );
            Ok(Redirect::to(&format!("/personal?importerade={created}")).into_response())
        }
        Err(refused) => {
            let path = format!("/personal/import/{id}");
            form_again(&state, &path, Some(viewer), refused, |problem| {
                RejectedImport {
                    message: problem.message.clone(),
                }
            })
            .await
        }
    }
}
