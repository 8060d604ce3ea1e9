//! The staff's interest inbox: the intresseanmälningar companies sent, their handling, and the
//! export staff take to a spreadsheet.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{PlacePoint, SmallMap, Viewer};

/// Where an interest stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "interest_status", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum InterestStatus {
    New,
    Contacted,
    Closed,
}

impl InterestStatus {
    pub const ALL: [InterestStatus; 3] = [
        InterestStatus::New,
        InterestStatus::Contacted,
        InterestStatus::Closed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InterestStatus::New => "new",
            InterestStatus::Contacted => "contacted",
            InterestStatus::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<InterestStatus> {
        InterestStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            InterestStatus::New => "ny",
            InterestStatus::Contacted => "kontaktad",
            InterestStatus::Closed => "avslutad",
        }
    }
}

/// One interest as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct InboxItem {
    pub id: i64,
    /// Times are Swedish time (Europe/Stockholm), as every staff page shows them.
    pub created_at: NaiveDateTime,
    pub status: InterestStatus,
    pub company_name: String,
    pub org_number: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    /// The plot's designation, when the interest is about a plot.
    pub plot: Option<String>,
    pub plot_id: Option<i64>,
    pub business_area: Option<String>,
    /// The plan or future area, when the interest is about one: "Detaljplan Görla etapp 3".
    pub planning: Option<String>,
    /// The place on the map, when the interest is about one: `lat,lon`.
    pub place: Option<String>,
    pub wanted_area_m2: Option<i32>,
    pub wanted_start: Option<NaiveDate>,
    pub message: String,
    /// "sv" or "en": the language to answer in.
    pub language: String,
    pub assigned_to_id: Option<i64>,
    pub assigned_to: Option<String>,
    /// What the question is about, and the contact person it was routed to (who answers it):
    /// "Sara Ek (Roslagsvatten)".
    pub question: super::QuestionKind,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
    pub personal_data_deleted_at: Option<NaiveDateTime>,
    /// What the case led to, as its handler recorded it.
    pub outcome: Option<super::CaseOutcome>,
}

impl InboxItem {
    /// What the interest is about, in a few words.
    pub fn about(&self) -> String {
        match (&self.plot, &self.business_area, &self.planning) {
            (Some(plot), Some(area), _) => format!("{plot} ({area})"),
            (None, Some(area), _) => area.clone(),
            (Some(plot), None, _) => plot.clone(),
            (None, None, Some(planning)) => planning.clone(),
            (None, None, None) => match self.place.as_deref().and_then(PlacePoint::from_param) {
                Some(place) => {
                    format!("Platsen {:.5}° N, {:.5}° E", place.lat, place.lon).replace('.', ",")
                }
                None => "Mark i allmänhet".to_string(),
            },
        }
    }
}

/// The inbox's filter, from the URL (`status=new`, `omrade=NAME`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxFilter {
    pub status: Option<InterestStatus>,
    pub business_area: Option<String>,
}

impl InboxFilter {
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> InboxFilter {
        let mut filter = InboxFilter::default();
        for (name, value) in params {
            match name {
                "status" => filter.status = InterestStatus::from_key(value),
                "omrade" if !value.trim().is_empty() => {
                    filter.business_area = Some(value.trim().to_string())
                }
                _ => {}
            }
        }
        filter
    }

    /// The business area is a name to search for: refused (400, naming it) when it cannot be.
    pub fn check(&self) -> Result<(), super::Problem> {
        match &self.business_area {
            Some(area) if super::check_text(area, super::NAME_MAX_CHARS).is_err() => {
                Err(super::Problem::field(
                    super::ProblemKind::BadRequest,
                    "omrade",
                    "Verksamhetsområdet går inte att söka på (ett kontrolltecken, eller för långt).",
                ))
            }
            _ => Ok(()),
        }
    }

    pub fn to_query(&self) -> String {
        let mut params = Vec::new();
        if let Some(status) = self.status {
            params.push(("status", status.key()));
        }
        if let Some(area) = &self.business_area {
            params.push(("omrade", area.as_str()));
        }
        match serde_urlencoded::to_string(params) {
            Ok(query) if !query.is_empty() => format!("?{query}"),
            _ => String::new(),
        }
    }
}

/// A note staff wrote on an interest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct InterestNote {
    /// Swedish time.
    pub written_at: NaiveDateTime,
    pub written_by: Option<String>,
    pub text: String,
}

/// An e-mail a case caused (to its owner, the company's confirmation), as staff see it: what
/// was sent, or what would have been without an SMTP server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CaseMail {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// Swedish time.
    pub queued_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub attempts: i32,
    pub last_error: Option<String>,
}

/// A colleague an interest can be assigned to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Colleague {
    pub id: i64,
    pub name: String,
}

/// The inbox page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub viewer: Viewer,
    pub items: Vec<InboxItem>,
    /// Business areas to filter by.
    pub business_areas: Vec<String>,
}

/// One interest with its notes, for handling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InterestCase {
    pub viewer: Viewer,
    pub item: InboxItem,
    /// The place the interest is about on a small map, when it is about one.
    pub place_map: Option<SmallMap>,
    pub notes: Vec<InterestNote>,
    pub colleagues: Vec<Colleague>,
    /// The contact persons the case can be handed to: (id, "name (organisation)").
    pub contacts: Vec<(i64, String)>,
    /// The e-mails the case caused, the first first.
    pub mails: Vec<CaseMail>,
    /// Whether an SMTP server is configured: without one, queued mail is what would be sent.
    pub mail_configured: bool,
    /// The proposals made for the company, the newest first.
    pub proposals: Vec<super::ProposalSummary>,
}

/// The handling form: status, who handles it, and an optional new note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestUpdateForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub status: String,
    #[serde(rename = "handlaggare", default)]
    pub assigned_to: String,
    #[serde(rename = "anteckning", default)]
    pub note: String,
    /// The contact person who answers the case (a handover when it changes); absent: kept.
    #[serde(rename = "svarar", default)]
    pub owner: Option<String>,
    /// What the case led to ([`super::CaseOutcome`]'s key, empty: nothing yet); absent: kept.
    #[serde(rename = "utfall", default)]
    pub outcome: Option<String>,
}

/// A validated update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterestUpdate {
    pub status: InterestStatus,
    pub assigned_to: Option<i64>,
    pub note: Option<String>,
    /// `Some`: the case is handed to this contact person (`None` inside: to no one).
    pub owner: Option<Option<i64>>,
    /// `Some`: what the case led to now (`None` inside: nothing yet).
    pub outcome: Option<Option<super::CaseOutcome>>,
}

pub const NOTE_MAX_CHARS: usize = super::LONG_TEXT_MAX_CHARS;

impl InterestUpdateForm {
    /// The update, or the field (its form name) that is wrong and why.
    pub fn validate(&self) -> Result<InterestUpdate, (&'static str, String)> {
        let status = InterestStatus::from_key(self.status.trim())
            .ok_or(("status", "Välj en status.".to_string()))?;
        let assigned_to = match self.assigned_to.trim() {
            "" => None,
            id => Some(
                id.parse::<i64>()
                    .map_err(|_| ("handlaggare", "Välj en handläggare i listan.".to_string()))?,
            ),
        };
        let note = self.note.trim();
        if let Err(problem) = super::check_text(note, NOTE_MAX_CHARS) {
            return Err((
                "anteckning",
                format!("Anteckningen: {}", problem.message(super::Lang::Sv)),
            ));
        }
        let owner = match self.owner.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(id) => Some(Some(id.parse::<i64>().map_err(|_| {
                ("svarar", "Välj vem som ska svara i listan.".to_string())
            })?)),
        };
        let outcome = match self.outcome.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(key) => Some(Some(super::CaseOutcome::from_key(key).ok_or((
                "utfall",
                "Välj vad ärendet ledde till i listan.".to_string(),
            ))?)),
        };
        Ok(InterestUpdate {
            status,
            assigned_to,
            note: (!note.is_empty()).then(|| note.to_string()),
            owner,
            outcome,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_reads_and_writes_the_url() {
        let filter = InboxFilter::from_params([("status", "contacted"), ("omrade", "Görla")]);
        assert_eq!(filter.status, Some(InterestStatus::Contacted));
        assert_eq!(filter.to_query(), "?status=contacted&omrade=G%C3%B6rla");
        assert_eq!(
            InboxFilter::from_params([("status", "")]),
            InboxFilter::default()
        );
    }
}
