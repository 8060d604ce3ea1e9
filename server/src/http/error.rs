//! The one error type at the boundary. Every handler and extractor answers a refusal as an
//! [`Error`]; it becomes a response here, once: the status and a [`Problem`] that
//! [`present_problems`] shows as an HTML page in the app's look (pages and forms) or as
//! `application/problem+json` (API clients). Each service's refusal converts into it with
//! `From`; named PostgreSQL constraints become the 409/422 they are ([`on_constraint`]), so no
//! constraint violation answers 5xx.

use axum::{
    Json,
    body::Body,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::prelude::provide_context;
use markkartan_app::domain::{Denied, ImportProblem, Problem, ProblemKind, Viewer};

use super::{AppState, render_page};
use crate::auth::{AccountRefused, SignInRefused};
use crate::import::{CommitRefused, ReviewRefused};
use crate::interest;
use crate::planning::PlanningRefused;
use crate::workspace::{SaveRefused, UpdateRefused};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A refusal the client is told about as it is.
    #[error("{0}")]
    Problem(Problem),
    /// The database failed for another reason than a broken rule; logged, answered 503.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// A fault of our own (a bug); logged, answered 500.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Problem> for Error {
    fn from(problem: Problem) -> Error {
        Error::Problem(problem)
    }
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Error {
        match on_constraint(&error) {
            Some(problem) => Error::Problem(problem),
            None => Error::Database(error),
        }
    }
}

/// A service could not load what was asked (it has logged why): the database is unreachable.
impl From<markkartan_app::service::ServiceUnavailable> for Error {
    fn from(_: markkartan_app::service::ServiceUnavailable) -> Error {
        Error::Problem(Problem::unavailable())
    }
}

impl From<Denied> for Error {
    fn from(denied: Denied) -> Error {
        Error::Problem(denied.into())
    }
}

impl From<ImportProblem> for Error {
    fn from(problem: ImportProblem) -> Error {
        let kind = match problem {
            ImportProblem::TooLarge => ProblemKind::TooLarge,
            _ => ProblemKind::Invalid,
        };
        Error::Problem(Problem::field(kind, "fil", problem.message()))
    }
}

impl From<SaveRefused> for Error {
    fn from(refused: SaveRefused) -> Error {
        match refused {
            SaveRefused::Invalid(errors) => {
                let field = errors.first().map_or("", |e| e.field.name());
                let message = errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                Problem::field(ProblemKind::Invalid, field, message).into()
            }
            SaveRefused::Conflict { .. } => Problem::field(
                ProblemKind::Conflict,
                "version",
                "Tomten har ändrats sedan du öppnade den (se nedan). Inget är sparat; gör ändringen igen på den nya versionen.",
            )
            .into(),
            SaveRefused::Geometry(problem) => {
                let kind = if problem.is_conflict() {
                    ProblemKind::Conflict
                } else {
                    ProblemKind::Invalid
                };
                Problem::field(kind, problem.field(), problem.message()).into()
            }
            SaveRefused::NotFound => Problem::not_found().into(),
            SaveRefused::Database(error) => error.into(),
        }
    }
}

impl From<UpdateRefused> for Error {
    fn from(refused: UpdateRefused) -> Error {
        match refused {
            UpdateRefused::Invalid { field, message } => {
                Problem::field(ProblemKind::Invalid, field, message).into()
            }
            UpdateRefused::NotFound => Problem::not_found().into(),
            UpdateRefused::Database(error) => error.into(),
        }
    }
}

impl From<AccountRefused> for Error {
    fn from(refused: AccountRefused) -> Error {
        let message = refused.to_string();
        let (kind, field) = match refused {
            AccountRefused::Database(error) => return error.into(),
            AccountRefused::Hashing(error) => return Error::Internal(error),
            AccountRefused::NotFound => return Problem::not_found().into(),
            AccountRefused::Role | AccountRefused::OwnAccount => (ProblemKind::Invalid, "roll"),
            AccountRefused::Taken => (ProblemKind::Conflict, "epost"),
            AccountRefused::Email => (ProblemKind::Invalid, "epost"),
            AccountRefused::Name => (ProblemKind::Invalid, "namn"),
            AccountRefused::ShortPassword | AccountRefused::LongPassword => {
                (ProblemKind::Invalid, "losenord")
            }
            AccountRefused::Text { field, .. } => (ProblemKind::Invalid, field),
        };
        Problem::field(kind, field, message).into()
    }
}

impl From<crate::db::contacts::ContactRefused> for Error {
    fn from(refused: crate::db::contacts::ContactRefused) -> Error {
        use crate::db::contacts::ContactRefused;
        match refused {
            ContactRefused::Database(error) => error.into(),
            ContactRefused::NotFound => Problem::not_found().into(),
            ContactRefused::Invalid(problem) => {
                Problem::field(ProblemKind::Invalid, &problem.field, problem.message).into()
            }
            ContactRefused::EmailTaken => Problem::field(
                ProblemKind::Conflict,
                "epost",
                "En annan kontaktperson har redan den e-postadressen.",
            )
            .into(),
            ContactRefused::Stale => Problem::field(
                ProblemKind::Conflict,
                "version",
                "Någon annan har ändrat kontaktpersonen sedan du öppnade sidan. Det som står nu visas; gör din ändring igen.",
            )
            .into(),
        }
    }
}

impl From<SignInRefused> for Error {
    fn from(refused: SignInRefused) -> Error {
        match refused {
            SignInRefused::Invalid => Problem::new(
                ProblemKind::NotSignedIn,
                markkartan_app::domain::SIGN_IN_FAILED,
            )
            .into(),
            SignInRefused::RateLimited { retry_after_secs } => Problem::new(
                ProblemKind::TooManyRequests { retry_after_secs },
                markkartan_app::domain::sign_in_limited(retry_after_secs),
            )
            .into(),
            SignInRefused::Unreadable(problem) => problem.into(),
            SignInRefused::Database(error) => error.into(),
        }
    }
}

impl From<CommitRefused> for Error {
    fn from(refused: CommitRefused) -> Error {
        match refused {
            CommitRefused::NotFound => Problem::not_found().into(),
            CommitRefused::Blocked(problems) => Problem::new(
                ProblemKind::Invalid,
                format!("Inget importerades. {}", problems.join(" ")),
            )
            .into(),
            CommitRefused::Database(error) => error.into(),
        }
    }
}

impl From<ReviewRefused> for Error {
    fn from(refused: ReviewRefused) -> Error {
        match refused {
            ReviewRefused::UnknownBusinessArea => Problem::field(
                ProblemKind::Invalid,
                "omrade",
                "Välj ett verksamhetsområde i listan.",
            )
            .into(),
            ReviewRefused::Database(error) => error.into(),
        }
    }
}

impl From<crate::meetings::MeetingRefused> for Error {
    fn from(refused: crate::meetings::MeetingRefused) -> Error {
        use crate::meetings::MeetingRefused;
        match refused {
            MeetingRefused::Invalid(problems) => {
                let field = problems.first().map_or("", |p| p.field.as_str());
                let message = problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                Problem::field(ProblemKind::Invalid, field, message).into()
            }
            MeetingRefused::Taken => Problem::field(
                ProblemKind::Conflict,
                "tid",
                "Tiden är inte längre ledig: någon annan hann boka den. Välj en annan tid.",
            )
            .in_english(
                "The time is no longer free: someone else booked it first. Choose another time.",
            )
            .into(),
            MeetingRefused::RateLimited => Problem::new(
                ProblemKind::TooManyRequests {
                    retry_after_secs: 3600,
                },
                "För många formulär från din adress den senaste timmen. Försök igen senare.",
            )
            .into(),
            MeetingRefused::NotFound => Problem::not_found().into(),
            MeetingRefused::Database(error) => error.into(),
        }
    }
}

impl From<crate::proposals::ProposalRefused> for Error {
    fn from(refused: crate::proposals::ProposalRefused) -> Error {
        use crate::proposals::ProposalRefused;
        match refused {
            ProposalRefused::Invalid(p) => {
                Problem::field(ProblemKind::Invalid, &p.field, p.message).into()
            }
            ProposalRefused::Unreadable(p) => {
                Problem::field(ProblemKind::BadRequest, &p.field, p.message).into()
            }
            ProposalRefused::NotFound => Problem::not_found().into(),
            ProposalRefused::Gone { revoked } => {
                markkartan_app::domain::proposal_gone(revoked).into()
            }
            ProposalRefused::Sent => Problem::field(
                ProblemKind::Conflict,
                "forslag",
                "Förslaget är redan skickat och ändras inte. Återkalla det och gör ett nytt.",
            )
            .into(),
            ProposalRefused::RateLimited => Problem::new(
                ProblemKind::TooManyRequests {
                    retry_after_secs: 3600,
                },
                "För många formulär från din adress den senaste timmen. Försök igen senare.",
            )
            .in_english("Too many forms from your address within the hour. Try again later.")
            .into(),
            ProposalRefused::Taken => Problem::field(
                ProblemKind::Conflict,
                "tid",
                "Tiden är inte längre ledig: någon annan hann boka den. Välj en annan tid.",
            )
            .in_english(
                "The time is no longer free: someone else booked it first. Choose another time.",
            )
            .into(),
            ProposalRefused::Database(error) => error.into(),
        }
    }
}

impl From<crate::surveys::SurveyRefused> for Error {
    fn from(refused: crate::surveys::SurveyRefused) -> Error {
        use crate::surveys::SurveyRefused;
        match refused {
            SurveyRefused::Invalid(problem) => problem.into(),
            SurveyRefused::NotFound => Problem::not_found().into(),
            SurveyRefused::Gone { answered } => {
                markkartan_app::domain::survey_gone(answered).into()
            }
            SurveyRefused::Database(error) => error.into(),
        }
    }
}

impl From<interest::Refused> for Error {
    fn from(refused: interest::Refused) -> Error {
        match refused {
            interest::Refused::Invalid(errors) => {
                let field = errors.first().map_or("", |e| e.field.param());
                let message = errors
                    .iter()
                    .map(|e| e.problem.message(markkartan_app::domain::Lang::Sv))
                    .collect::<Vec<_>>()
                    .join(" ");
                Problem::field(ProblemKind::Invalid, field, message).into()
            }
            interest::Refused::RateLimited => Problem::new(
                ProblemKind::TooManyRequests {
                    retry_after_secs: 3600,
                },
                "För många anmälningar från samma adress den senaste timmen.",
            )
            .into(),
            interest::Refused::Database(error) => error.into(),
        }
    }
}

impl From<PlanningRefused> for Error {
    fn from(refused: PlanningRefused) -> Error {
        match refused {
            PlanningRefused::Invalid(errors) => {
                let field = errors.first().map_or("", |e| e.field.as_str());
                let message = errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                Problem::field(ProblemKind::Invalid, field, message).into()
            }
            PlanningRefused::Conflict(message) => {
                Problem::field(ProblemKind::Conflict, "version", message).into()
            }
            PlanningRefused::Forbidden(message) => Problem::forbidden(message).into(),
            PlanningRefused::NotFound => Problem::not_found().into(),
            PlanningRefused::Database(error) => error.into(),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let problem = match self {
            Error::Problem(problem) => problem,
            Error::Database(error) => {
                tracing::error!(%error, "database error");
                Problem::unavailable()
            }
            Error::Internal(error) => {
                tracing::error!(%error, "internal error");
                Problem::internal()
            }
        };
        problem_response(problem)
    }
}

/// The response for a problem: its status, `Retry-After` when it has one, and the problem as
/// JSON, kept in the response's extensions for [`present_problems`] to show.
pub fn problem_response(problem: Problem) -> Response {
    let status =
        StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Json(problem_json(&problem))).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    if let ProblemKind::TooManyRequests { retry_after_secs } = problem.kind {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    }
    response.extensions_mut().insert(problem);
    response
}

/// The problem as it is serialised (so a server function's caller reads it back), with RFC
/// 9457's members beside it for any other client.
fn problem_json(problem: &Problem) -> serde_json::Value {
    let mut value = serde_json::to_value(problem).unwrap_or_default();
    if let Some(members) = value.as_object_mut() {
        members.insert("type".into(), "about:blank".into());
        members.insert("status".into(), problem.status().into());
        members.insert(
            "title".into(),
            problem.kind.title(markkartan_app::domain::Lang::En).into(),
        );
        members.insert("detail".into(), problem.message.clone().into());
    }
    value
}

/// The message a named constraint stands for: the field it guards and what the rule is.
/// Every constraint of the schema is here (a test lists them from `pg_constraint`); a name
/// that is not (a constraint added without one) still answers 422, never 5xx.
pub fn constraint_problem(name: &str, detail: Option<&str>) -> Problem {
    use ProblemKind::{Conflict, Invalid};
    let (kind, field, message): (ProblemKind, &str, String) = match name {
        "plots_no_overlap" => (
            Conflict,
            "geometri",
            format!(
                "Tomten överlappar {}, som just sparades av någon annan. Inget är sparat.",
                detail.unwrap_or("en annan tomt")
            ),
        ),
        "plots_designation_key" => (
            Conflict,
            "beteckning",
            format!(
                "Det finns redan en tomt som heter {}.",
                detail.unwrap_or("så")
            ),
        ),
        "plot_records_retirement" => (
            Invalid,
            "",
            "Bara en tomt som tagits ur bruk kan ha slagits ihop med en annan.".into(),
        ),
        "api_tokens_name_check" => (
            Invalid,
            "namn",
            "Ge API-nyckeln ett namn på högst 100 tecken.".into(),
        ),
        "api_tokens_expiry" => (
            Invalid,
            "dagar",
            "En API-nyckel måste gälla minst en dag.".into(),
        ),
        "api_tokens_token_sha256_key" => (
            Conflict,
            "",
            "Nyckeln kunde inte skapas; försök igen.".into(),
        ),
        "plots_designation_check" => (Invalid, "beteckning", "Skriv en beteckning för tomten.".into()),
        "plots_price_sek_per_m2_check" => (Invalid, "pris", "Priset kan inte vara negativt.".into()),
        "plots_permitted_uses_check" | "detailed_plans_permitted_uses_check" => {
            (Invalid, "anvandning", "Okänd användning.".into())
        }
        "plots_max_site_coverage_percent_check" => (
            Invalid,
            "exploateringsgrad",
            "Exploateringsgraden ska vara 1–100 %.".into(),
        ),
        "plots_max_building_height_m_check" => {
            (Invalid, "nockhojd", "Högsta byggnadshöjd ska vara större än 0.".into())
        }
        "plots_electrical_capacity_kw_check" => {
            (Invalid, "effekt", "Effekten kan inte vara negativ.".into())
        }
        "plots_reservation" => (
            Invalid,
            "status",
            "En reserverad tomt behöver slutdatum och innehavare, och bara en reserverad tomt har dem."
                .into(),
        ),
        "plots_contact_person_id_fkey" | "business_areas_contact_person_id_fkey" => {
            (Invalid, "kontakt", "Välj en kontaktperson i listan.".into())
        }
        "plots_business_area_id_fkey" | "plot_imports_business_area_id_fkey" => {
            (Invalid, "omrade", "Välj ett verksamhetsområde.".into())
        }
        name if name.ends_with("_geom_srid")
            || name.ends_with("_geom_2d")
            || name.ends_with("_geom_type")
            || name.ends_with("_geom_not_empty")
            || name.ends_with("_geom_valid") =>
        {
            (
                Invalid,
                "geometri",
                "Geometrin är inte en giltig yta i SWEREF 99 18 00.".into(),
            )
        }
        "accounts_email_idx" => (
            Conflict,
            "epost",
            "Det finns redan ett konto med den e-postadressen.".into(),
        ),
        "accounts_email_check" | "contact_persons_email_check" | "interests_contact" => {
            (Invalid, "epost", "Skriv en e-postadress.".into())
        }
        "accounts_name_check" | "contact_persons_name_check" => {
            (Invalid, "namn", "Skriv personens namn.".into())
        }
        "responsibilities_check" => (
            Invalid,
            "ersattare",
            "Ersättaren ska vara en annan person än den ansvarige.".into(),
        ),
        "responsibilities_one_per_question" => (
            Conflict,
            "fraga",
            "Frågan har redan en ansvarig i området.".into(),
        ),
        "proposals_letter_check" => (
            Invalid,
            "brev",
            "Brevet får vara högst 4 000 tecken.".into(),
        ),
        "proposals_valid_days_check" => (
            Invalid,
            "dagar",
            "Länken gäller mellan en dag och ett år.".into(),
        ),
        "interests_contacted" => (
            Invalid,
            "status",
            "Ett ärende som lämnat statusen ny har ett datum för första kontakten.".into(),
        ),
        "interests_outcome_dated" => (
            Invalid,
            "utfall",
            "Ett utfall har ett datum, och bara ett utfall har det.".into(),
        ),
        "surveys_information_check"
        | "surveys_accessibility_check"
        | "surveys_treatment_check"
        | "surveys_competence_check"
        | "surveys_legal_certainty_check"
        | "surveys_efficiency_check"
        | "surveys_overall_check" => (
            Invalid,
            "enkat",
            "Varje svar i enkäten är en siffra från 1 till 10.".into(),
        ),
        "surveys_answered_whole" => (
            Invalid,
            "enkat",
            "En besvarad enkät har svar på alla sju frågor; en obesvarad har inga.".into(),
        ),
        "surveys_comment_check" => (
            Invalid,
            "kommentar",
            "Kommentaren får vara högst 2 000 tecken.".into(),
        ),
        "surveys_interest_id_key" => (
            Conflict,
            "enkat",
            "Ärendet har redan en enkät.".into(),
        ),
        "surveys_token_digest_key" => (
            Conflict,
            "enkat",
            "Länken finns redan: försök igen.".into(),
        ),
        "proposals_sent_has_link" => (
            Conflict,
            "forslag",
            "Ett skickat förslag har en länk och ett slutdatum; ett utkast har inget av dem.".into(),
        ),
        "proposals_token_digest_key" => (
            Conflict,
            "forslag",
            "Länken finns redan: försök skicka igen.".into(),
        ),
        "proposal_items_note_check" => (
            Invalid,
            "notering",
            "Kommentaren får vara högst 300 tecken.".into(),
        ),
        "proposal_items_one_thing" => (
            Invalid,
            "punkt",
            "En punkt är antingen en tomt eller ett framtida område.".into(),
        ),
        "proposal_items_plot_once" | "proposal_items_area_once" => (
            Conflict,
            "punkt",
            "Den finns redan i förslaget.".into(),
        ),
        "meeting_slots_length" => (
            Invalid,
            "till",
            "En tid ska sluta efter att den börjar och vara högst fyra timmar.".into(),
        ),
        "meeting_bookings_one_per_slot" => (
            Conflict,
            "tid",
            "Tiden är inte längre ledig: någon annan hann boka den.".into(),
        ),
        "meeting_bookings_company_name_check" => (
            Invalid,
            "foretag",
            "Företagets namn får vara högst 200 tecken.".into(),
        ),
        "meeting_bookings_contact_name_check" => {
            (Invalid, "namn", "Namnet får vara högst 200 tecken.".into())
        }
        "meeting_bookings_email_check" => (
            Invalid,
            "epost",
            "E-postadressen får vara högst 254 tecken.".into(),
        ),
        "meeting_bookings_phone_check" => (
            Invalid,
            "telefon",
            "Telefonnumret får vara högst 40 tecken.".into(),
        ),
        "meeting_bookings_message_check" => (
            Invalid,
            "meddelande",
            "Meddelandet får vara högst 2 000 tecken.".into(),
        ),
        "meeting_bookings_subject_check" => (
            Invalid,
            "tid",
            "Vad mötet gäller får vara högst 400 tecken.".into(),
        ),
        "meeting_bookings_language_check" => {
            (Invalid, "lang", "Språket ska vara sv eller en.".into())
        }
        "meeting_bookings_cancelled_by_check" => (
            Invalid,
            "avbokad_av",
            "En bokning avbokas av företaget eller av kommunen.".into(),
        ),
        "meeting_bookings_token_digest_key" => (
            Conflict,
            "nyckel",
            "Bokningens nyckel finns redan; försök igen.".into(),
        ),
        "outgoing_mail_to_address_check" => (
            Invalid,
            "epost",
            "E-post kan bara skickas till en e-postadress.".into(),
        ),
        "outgoing_mail_subject_check" => (
            Invalid,
            "amne",
            "Ett e-postmeddelande behöver en ämnesrad.".into(),
        ),
        "contact_persons_email_key" => (
            Conflict,
            "epost",
            "Det finns redan en kontaktperson med den e-postadressen.".into(),
        ),
        "interests_company_name_check" => (Invalid, "foretag", "Skriv företagets namn.".into()),
        "interests_org_number_check" => (
            Invalid,
            "orgnr",
            "Skriv organisationsnumret som NNNNNN-NNNN.".into(),
        ),
        "interests_wanted_area_m2_check" => {
            (Invalid, "yta", "Önskad yta ska vara ett positivt heltal.".into())
        }
        "interests_message_check" | "interest_notes_text_check" => (
            Invalid,
            "meddelande",
            "Texten får vara högst 4 000 tecken.".into(),
        ),
        "interests_language_check" => (Invalid, "lang", "Okänt språk.".into()),
        "interests_plot_id_fkey" => (Invalid, "tomt", "Tomten finns inte.".into()),
        "interests_business_area_id_fkey" | "business_areas_name_key" => {
            (Invalid, "omrade", "Verksamhetsområdet finns inte.".into())
        }
        "interests_assigned_to_fkey" => {
            (Invalid, "handlaggare", "Välj en handläggare i listan.".into())
        }
        "interests_closed" => (Invalid, "status", "En avslutad anmälan har ett slutdatum.".into()),
        "interests_personal_data_deleted" => (
            Invalid,
            "status",
            "Personuppgifterna är redan raderade.".into(),
        ),
        "interest_notes_interest_id_fkey" => (Invalid, "id", "Anmälan finns inte.".into()),
        "plot_imports_srid_check" | "plot_imports_srid_from_file_check" => (
            Invalid,
            "koordinatsystem",
            "Välj SWEREF 99 TM, SWEREF 99 18 00 eller WGS 84.".into(),
        ),
        "plot_history_plot_id_version_key" => (
            Conflict,
            "version",
            "Tomten ändrades samtidigt av någon annan. Ladda om sidan och försök igen.".into(),
        ),
        "accounts_password_hash_check" => (
            Invalid,
            "losenord",
            "Lösenordet kunde inte sparas; försök igen.".into(),
        ),
        "business_areas_name_check" => {
            (Invalid, "namn", "Skriv verksamhetsområdets namn.".into())
        }
        "detailed_plans_name_check" | "future_areas_name_check" | "ports_name_check" => {
            (Invalid, "namn", "Skriv ett namn.".into())
        }
        "streets_name_length" => (
            Invalid,
            "namn",
            "Skriv gatans namn, högst 200 tecken.".into(),
        ),
        "detailed_plans_plan_id_check" => (Invalid, "plan_id", "Skriv planens id.".into()),
        "detailed_plans_plan_id_key" => (
            Conflict,
            "plan_id",
            "Det finns redan en detaljplan med det id:t.".into(),
        ),
        "future_areas_name_key" => (
            Conflict,
            "namn",
            "Det finns redan ett framtida område med det namnet.".into(),
        ),
        "localities_name_key" => (
            Conflict,
            "namn",
            "Det finns redan en ort med det namnet.".into(),
        ),
        "ports_name_key" => (
            Conflict,
            "namn",
            "Det finns redan en hamn med det namnet.".into(),
        ),
        "roads_road_number_key" => (
            Conflict,
            "vagnummer",
            "Det finns redan en väg med det numret.".into(),
        ),
        "plot_history_changes_check" => (
            Invalid,
            "",
            "En ändring måste ändra något; inget är sparat.".into(),
        ),
        "plot_imports_features_check" => (
            Invalid,
            "fil",
            "Filens objekt gick inte att läsa som en lista.".into(),
        ),
        "public_changes_subject" => (
            Invalid,
            "",
            "En publik ändring måste gälla en tomt, en plan eller ett område.".into(),
        ),
        "future_areas_horizon" => (
            Invalid,
            "horisont",
            "Tidshorisonten börjar före den slutar.".into(),
        ),
        "detailed_plans_documents_url" | "planning_revisions_documents_url" => (
            Invalid,
            "plandokument",
            "Skriv en webbadress som börjar med https://.".into(),
        ),
        "planning_revisions_name" => (Invalid, "namn", "Skriv ett namn.".into()),
        "land_use_areas_name" | "national_interests_name" | "shore_protection_extensions_name" => {
            (Invalid, "namn", "Skriv ett namn, högst 200 tecken.".into())
        }
        "land_use_areas_documents_url" | "national_interests_documents_url" => (
            Invalid,
            "dokument",
            "Skriv en webbadress som börjar med https://.".into(),
        ),
        "shore_protection_extensions_distance" => (
            Invalid,
            "avstand",
            "Utvidgat strandskydd gäller 101–300 meter från stranden.".into(),
        ),
        "interests_place_srid" | "interests_place_point" => (
            Invalid,
            "plats",
            "Platsen ska vara en punkt (latitud, longitud).".into(),
        ),
        "municipality_border_srid" => (
            Invalid,
            "geometri",
            "Kommungränsen ska vara i SWEREF 99 18 00.".into(),
        ),
        "planning_revisions_permitted_uses" => (
            Invalid,
            "anvandning",
            "Välj användning bland planbestämmelserna i listan.".into(),
        ),
        "planning_revisions_plan_facts" => (
            Invalid,
            "plan_id",
            "En detaljplan behöver plan-id, skede och användning.".into(),
        ),
        "planning_revisions_land_use_facts" => (
            Invalid,
            "kategori",
            "Ett markanvändningsområde behöver översiktsplanens kategori.".into(),
        ),
        "planning_revisions_area_facts" => (
            Invalid,
            "horisont_fran",
            "Ett framtida område behöver markanvändning och en tidshorisont som inte slutar före den börjar.".into(),
        ),
        "planning_revisions_one_open" => (
            Conflict,
            "version",
            "Det finns redan en revision på väg; ladda om sidan.".into(),
        ),
        "planning_revisions_scheduled" => (
            Invalid,
            "publicera",
            "En schemalagd publicering behöver en tid och den som godkänt.".into(),
        ),
        "planning_revisions_published" => (
            Invalid,
            "",
            "En publicerad revision behöver sin publiceringstid.".into(),
        ),
        name if name.ends_with("_key") || name.ends_with("_idx") || name.ends_with("_pkey") => (
            Conflict,
            "",
            "Det finns redan något med samma namn.".into(),
        ),
        name if name.ends_with("_fkey") => (Invalid, "", "Det valda finns inte (längre).".into()),
        _ => (Invalid, "", "Värdet bryter mot en regel för vad som får sparas.".into()),
    };
    let problem = Problem::new(kind, message);
    if field.is_empty() {
        problem
    } else {
        Problem {
            field: Some(field.to_string()),
            ..problem
        }
    }
}

/// The problem a named constraint violation is: a unique, check, foreign-key or exclusion
/// violation (or the overlap trigger's, which names its constraint too). Text PostgreSQL cannot
/// store (a NUL byte) is the client's problem as well. Anything else is `None`.
pub fn on_constraint(error: &sqlx::Error) -> Option<Problem> {
    let sqlx::Error::Database(database) = error else {
        return None;
    };
    let code = database.code();
    match code.as_deref() {
        // character_not_in_repertoire, untranslatable_character: a NUL byte in a text.
        Some("22021") | Some("22P05") => {
            return Some(
                Problem::new(
                    ProblemKind::BadRequest,
                    "En text innehåller ett tecken som inte kan sparas (ett kontrolltecken).",
                )
                .in_english(
                    "A text holds a character that cannot be stored (a control character).",
                ),
            );
        }
        // string_data_right_truncation: longer than the column takes.
        Some("22001") => {
            return Some(Problem::new(ProblemKind::Invalid, "En text är för lång."));
        }
        _ => {}
    }
    let name = database.constraint()?;
    let detail = database
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .and_then(|pg| pg.detail());
    tracing::info!(constraint = name, "a stored rule refused a write");
    Some(constraint_problem(name, constraint_subject(name, detail)))
}

/// What a violation's detail names: the overlap trigger puts the other plot's designation
/// there; a unique violation says `Key (designation)=(Görla 9:11) already exists.`
fn constraint_subject<'a>(name: &str, detail: Option<&'a str>) -> Option<&'a str> {
    let detail = detail?;
    if name == "plots_no_overlap" {
        return Some(detail);
    }
    let (_, value) = detail.split_once(")=(")?;
    value.rsplit_once(") ").map(|(value, _)| value)
}

/// Where an answer goes: a person's browser (an HTML page) or a program (JSON).
pub(super) fn wants_json(request: &Request) -> bool {
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let asks_json = accept.contains("application/json") || accept.contains("+json");
    let asks_html = accept.contains("text/html");
    let path = request.uri().path();
    // The OGC API answers a page when `f=html` asks for one, and JSON when `f=json` does.
    if path.starts_with("/ogc") {
        return !super::ogc::asks_page(request.headers(), request.uri().query());
    }
    // The open-data downloads answer programs (scripts) unless a browser asks for a page.
    let download = path.starts_with("/tomter.");
    !asks_html && (asks_json || path.starts_with("/api/") || download)
}

/// The largest body a server function takes: its arguments are a few ids and a filter.
pub const SERVER_FN_BODY_LIMIT: usize = 256 * 1024;

/// Shows every problem answered below it the way the request can read it, and gives a server
/// function's failure the status its [`Problem`] says (server_fn answers every error with 500).
/// Error responses that carry no problem (axum's own, the static files' 404) get one from their
/// status, so no one ever meets an empty or plain-text error.
pub async fn present_problems(state: &AppState, request: Request, next: Next) -> Response {
    let json = wants_json(&request);
    // The address as the request has it (a reference count, not a copy): made a page's text
    // only when a problem is shown.
    let uri = request.uri().clone();
    let page = || page_of(&uri);
    let viewer = request.extensions().get::<Viewer>().cloned();
    let request = match limit_server_fn_body(request).await {
        Ok(request) => request,
        Err(problem) => return present(state, problem, json, &page(), viewer).await,
    };
    let response = next.run(request).await;
    if response
        .headers()
        .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return with_server_fn_status(response).await;
    }
    let status = response.status();
    let problem = match response.extensions().get::<Problem>() {
        Some(problem) => problem.clone(),
        None if (status.is_client_error() || status.is_server_error())
            && !is_page_or_problem(&response) =>
        {
            tracing::debug!(%status, "an error without a problem; answered as one");
            problem_for_status(status)
        }
        None => return response,
    };
    // The headers that belong to the problem: when to try again, how to authenticate.
    let kept: Vec<_> = [header::RETRY_AFTER, header::WWW_AUTHENTICATE]
        .into_iter()
        .filter_map(|name| Some((name.clone(), response.headers().get(name)?.clone())))
        .collect();
    let mut presented = present(state, problem, json, &page(), viewer).await;
    for (name, value) in kept {
        presented.headers_mut().insert(name, value);
    }
    presented
}

/// The address a problem's page is rendered for: the one asked, with its query.
pub(super) fn page_of(uri: &axum::http::Uri) -> String {
    uri.path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string())
}

pub(super) async fn present(
    state: &AppState,
    problem: Problem,
    json: bool,
    page: &str,
    viewer: Option<Viewer>,
) -> Response {
    if json {
        return problem_response(problem);
    }
    let status =
        StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let retry_after = match problem.kind {
        ProblemKind::TooManyRequests { retry_after_secs } => Some(retry_after_secs),
        _ => None,
    };
    let mut response = render_page(state, page, status, viewer, move || {
        provide_context(problem.clone())
    })
    .await;
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

fn is_page_or_problem(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.contains("json"))
}

/// The problem an error status stands for when nothing more is known.
fn problem_for_status(status: StatusCode) -> Problem {
    match status {
        StatusCode::NOT_FOUND => Problem::not_found(),
        StatusCode::UNAUTHORIZED => Problem::not_signed_in(),
        StatusCode::PAYLOAD_TOO_LARGE => Problem::too_large(SERVER_FN_BODY_LIMIT),
        StatusCode::METHOD_NOT_ALLOWED => Problem::new(
            ProblemKind::BadRequest,
            "Adressen tar inte emot den sortens förfrågan.",
        )
        .in_english("This address does not take that kind of request."),
        status if status.is_client_error() => Problem::new(
            ProblemKind::BadRequest,
            "Förfrågan går inte att läsa. Ladda om sidan och försök igen.",
        )
        .in_english("The request cannot be read. Reload the page and try again."),
        StatusCode::SERVICE_UNAVAILABLE => Problem::unavailable(),
        _ => Problem::internal(),
    }
}

/// Server functions read their whole body themselves, with no limit: read it here, at most
/// [`SERVER_FN_BODY_LIMIT`], and refuse a larger one before it is held in memory.
async fn limit_server_fn_body(request: Request) -> Result<Request, Problem> {
    if !request.uri().path().starts_with("/api/") || request.method() == axum::http::Method::GET {
        return Ok(request);
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, SERVER_FN_BODY_LIMIT)
        .await
        .map_err(|_| Problem::too_large(SERVER_FN_BODY_LIMIT))?;
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// A server function's error body is its JSON [`Problem`]; its status says the same.
async fn with_server_fn_status(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return problem_response(Problem::internal());
    };
    let status = serde_json::from_slice::<Problem>(&bytes)
        .map(|problem| problem.status())
        .unwrap_or(500);
    parts.status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Response::from_parts(parts, Body::from(bytes))
}
