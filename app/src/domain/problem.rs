//! What the server tells a client whose request it did not carry out: the one vocabulary of
//! refusals at the boundary, shared by the server (which maps every error into it once) and the
//! browser (which reads it from a failed server function).
//!
//! A [`Problem`] names its kind (which fixes the HTTP status), the field it is about when there
//! is one, and a message a person can act on. Pages and forms get it as an HTML page in the
//! app's look; API clients as `application/problem+json` (RFC 9457).

use serde::{Deserialize, Serialize};

use super::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// 400: the request cannot be read as sent (a missing or malformed value, a NUL byte).
    BadRequest,
    /// 401: the request needs a signed-in account.
    NotSignedIn,
    /// 403: the account's role does not allow it, or the form's token or origin is wrong.
    Forbidden,
    /// 404: nothing has that id or path.
    NotFound,
    /// 409: it contradicts what is stored now (a name taken, an overlap, a newer version).
    Conflict,
    /// 410: the link worked once and no longer does (a proposal expired or revoked).
    Gone,
    /// 413: the body is larger than this request may be.
    TooLarge,
    /// 405: this collection cannot be written (only plots can).
    MethodNotAllowed,
    /// 412: the `If-Match` names another version than the item has now; nothing changed.
    PreconditionFailed,
    /// 428: a write must say which version it is based on (`If-Match`).
    PreconditionRequired,
    /// 422: understood, but a value breaks a rule.
    Invalid,
    /// 429: too many requests; try again after this many seconds.
    TooManyRequests { retry_after_secs: u64 },
    /// 503: the database cannot be reached; nothing was changed.
    Unavailable,
    /// 500: a fault of ours. Logged; the client learns nothing more.
    Internal,
}

impl ProblemKind {
    pub fn status(self) -> u16 {
        match self {
            ProblemKind::BadRequest => 400,
            ProblemKind::NotSignedIn => 401,
            ProblemKind::Forbidden => 403,
            ProblemKind::NotFound => 404,
            ProblemKind::Conflict => 409,
            ProblemKind::Gone => 410,
            ProblemKind::TooLarge => 413,
            ProblemKind::MethodNotAllowed => 405,
            ProblemKind::PreconditionFailed => 412,
            ProblemKind::PreconditionRequired => 428,
            ProblemKind::Invalid => 422,
            ProblemKind::TooManyRequests { .. } => 429,
            ProblemKind::Unavailable => 503,
            ProblemKind::Internal => 500,
        }
    }

    /// The heading of the page that shows the problem.
    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ProblemKind::NotFound, Lang::Sv) => "Sidan finns inte",
            (ProblemKind::NotFound, Lang::En) => "Page not found",
            (ProblemKind::NotSignedIn, Lang::Sv) => "Logga in först",
            (ProblemKind::NotSignedIn, Lang::En) => "Please sign in",
            (ProblemKind::Forbidden, Lang::Sv) => "Det här får du inte göra",
            (ProblemKind::Forbidden, Lang::En) => "Not allowed",
            (ProblemKind::Gone, Lang::Sv) => "Länken gäller inte längre",
            (ProblemKind::Gone, Lang::En) => "The link no longer works",
            (ProblemKind::TooManyRequests { .. }, Lang::Sv) => "För många försök",
            (ProblemKind::TooManyRequests { .. }, Lang::En) => "Too many attempts",
            (ProblemKind::Unavailable | ProblemKind::Internal, Lang::Sv) => {
                "Tjänsten svarar inte just nu"
            }
            (ProblemKind::Unavailable | ProblemKind::Internal, Lang::En) => {
                "The service is not answering"
            }
            (_, Lang::Sv) => "Det gick inte",
            (_, Lang::En) => "That did not work",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct Problem {
    pub kind: ProblemKind,
    /// The form field or parameter the problem is about, by its name in the request
    /// (`foretag`, `id`, `beteckning`), when it is about one.
    pub field: Option<String>,
    /// What went wrong and what to do, in Swedish (the default language).
    pub message: String,
    /// The same in English, where the request can come from the public pages.
    pub message_en: Option<String>,
}

impl Problem {
    pub fn new(kind: ProblemKind, message: impl Into<String>) -> Problem {
        Problem {
            kind,
            field: None,
            message: message.into(),
            message_en: None,
        }
    }

    /// A problem with one field of the request.
    pub fn field(kind: ProblemKind, field: &str, message: impl Into<String>) -> Problem {
        Problem {
            field: Some(field.to_string()),
            ..Problem::new(kind, message)
        }
    }

    pub fn in_english(self, message: impl Into<String>) -> Problem {
        Problem {
            message_en: Some(message.into()),
            ..self
        }
    }

    pub fn status(&self) -> u16 {
        self.kind.status()
    }

    pub fn message(&self, lang: Lang) -> &str {
        match (lang, &self.message_en) {
            (Lang::En, Some(english)) => english,
            _ => &self.message,
        }
    }

    pub fn not_found() -> Problem {
        Problem::new(
            ProblemKind::NotFound,
            "Det finns ingenting på den adressen. Kontrollera länken.",
        )
        .in_english("There is nothing at this address. Check the link.")
    }

    pub fn not_signed_in() -> Problem {
        Problem::new(
            ProblemKind::NotSignedIn,
            super::Denied::NotSignedIn.to_string(),
        )
        .in_english("Sign in to the staff workspace first.")
    }

    pub fn forbidden(message: impl Into<String>) -> Problem {
        Problem::new(ProblemKind::Forbidden, message)
    }

    pub fn unavailable() -> Problem {
        Problem::new(
            ProblemKind::Unavailable,
            "Tjänsten är tillfälligt otillgänglig. Inget har ändrats; försök igen om en stund.",
        )
        .in_english(
            "The service is temporarily unavailable. Nothing was changed; try again shortly.",
        )
    }

    pub fn internal() -> Problem {
        Problem::new(
            ProblemKind::Internal,
            "Ett fel uppstod i tjänsten. Det är loggat; försök igen om en stund.",
        )
        .in_english("Something went wrong on our side. It has been logged; try again shortly.")
    }

    /// A request value that cannot be read: `what` says what was expected.
    pub fn bad_value(field: &str, what: &str, what_en: &str) -> Problem {
        Problem::field(
            ProblemKind::BadRequest,
            field,
            format!("Fältet {field} går inte att läsa: {what}."),
        )
        .in_english(format!("The field {field} cannot be read: {what_en}."))
    }

    pub fn too_large(limit_bytes: usize) -> Problem {
        let kib = limit_bytes / 1024;
        Problem::new(
            ProblemKind::TooLarge,
            format!("Förfrågan är för stor; den får vara högst {kib} KiB."),
        )
        .in_english(format!(
            "The request is too large; at most {kib} KiB is accepted."
        ))
    }
}

impl From<super::Denied> for Problem {
    fn from(denied: super::Denied) -> Problem {
        match denied {
            super::Denied::NotSignedIn => Problem::not_signed_in(),
            super::Denied::Forbidden => Problem::forbidden(denied.to_string()),
        }
    }
}
