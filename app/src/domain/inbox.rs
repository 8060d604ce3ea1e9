//! The staff's interest inbox: the intresseanmälningar companies sent, their handling, and the
//! export staff take to a spreadsheet.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Viewer;

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
    pub created_at: DateTime<Utc>,
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
    pub wanted_area_m2: Option<i32>,
    pub wanted_start: Option<NaiveDate>,
    pub message: String,
    /// "sv" or "en": the language to answer in.
    pub language: String,
    pub assigned_to_id: Option<i64>,
    pub assigned_to: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub personal_data_deleted_at: Option<DateTime<Utc>>,
}

impl InboxItem {
    /// What the interest is about, in a few words.
    pub fn about(&self) -> String {
        match (&self.plot, &self.business_area, &self.planning) {
            (Some(plot), Some(area), _) => format!("{plot} ({area})"),
            (None, Some(area), _) => area.clone(),
            (Some(plot), None, _) => plot.clone(),
            (None, None, Some(planning)) => planning.clone(),
            (None, None, None) => "Mark i allmänhet".to_string(),
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
    pub written_at: DateTime<Utc>,
    pub written_by: Option<String>,
    pub text: String,
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
    pub notes: Vec<InterestNote>,
    pub colleagues: Vec<Colleague>,
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
}

/// A validated update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterestUpdate {
    pub status: InterestStatus,
    pub assigned_to: Option<i64>,
    pub note: Option<String>,
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
        Ok(InterestUpdate {
            status,
            assigned_to,
            note: (!note.is_empty()).then(|| note.to_string()),
        })
    }
}

/// The CSV export's header and one row per interest (RFC 4180 quoting; semicolons, as Swedish
/// spreadsheet programs expect, and a byte-order mark so they read UTF-8). A cell a spreadsheet
/// would read as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return, as a
/// company name sent through the public form can) gets a leading `'`, as OWASP recommends, so
/// it is shown as the text it is.
pub fn inbox_csv(items: &[InboxItem]) -> String {
    fn field(value: &str) -> String {
        let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{value}")
        } else {
            value.to_string()
        };
        if value.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value
        }
    }
    let mut csv = String::from("\u{FEFF}");
    csv.push_str("id;inkommen;status;företag;organisationsnummer;kontaktperson;e-post;telefon;gäller;önskad yta m²;önskad start;meddelande;språk;handläggare\r\n");
    for item in items {
        let row = [
            item.id.to_string(),
            item.created_at.format("%Y-%m-%d %H:%M").to_string(),
            item.status.label().to_string(),
            item.company_name.clone(),
            item.org_number.clone(),
            item.contact_name.clone(),
            item.email.clone(),
            item.phone.clone(),
            item.about(),
            item.wanted_area_m2
                .map(|a| a.to_string())
                .unwrap_or_default(),
            item.wanted_start
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default(),
            item.message.clone(),
            item.language.clone(),
            item.assigned_to.clone().unwrap_or_default(),
        ];
        let row: Vec<String> = row.iter().map(|v| field(v)).collect();
        csv.push_str(&row.join(";"));
        csv.push_str("\r\n");
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let item = InboxItem {
            id: 7,
            created_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            status: InterestStatus::New,
            company_name: "Bolaget \"Bäst\" AB".into(),
            org_number: "556677-8899".into(),
            contact_name: "Kim".into(),
            email: "kim@bolaget.example".into(),
            phone: String::new(),
            plot: None,
            plot_id: None,
            business_area: Some("Görla verksamhetsområde".into()),
            planning: None,
            wanted_area_m2: Some(5000),
            wanted_start: None,
            message: "Rad ett;\nrad två".into(),
            language: "sv".into(),
            assigned_to_id: None,
            assigned_to: None,
            closed_at: None,
            personal_data_deleted_at: None,
        };
        let csv = inbox_csv(&[item]);
        let mut lines = csv.split("\r\n");
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("\u{FEFF}id;inkommen;status;företag")
        );
        assert_eq!(
            lines.next().unwrap(),
            "7;2027-01-15 08:00;ny;\"Bolaget \"\"Bäst\"\" AB\";556677-8899;Kim;kim@bolaget.example;;Görla verksamhetsområde;5000;;\"Rad ett;\nrad två\";sv;"
        );
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_text() {
        let item = |company: &str| InboxItem {
            id: 1,
            created_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            status: InterestStatus::New,
            company_name: company.into(),
            org_number: "556677-8899".into(),
            contact_name: "@kim".into(),
            email: "kim@bolaget.example".into(),
            phone: "+46 176 71 10 00".into(),
            plot: None,
            plot_id: None,
            business_area: None,
            planning: None,
            wanted_area_m2: None,
            wanted_start: None,
            message: "-1+1".into(),
            language: "sv".into(),
            assigned_to_id: None,
            assigned_to: None,
            closed_at: None,
            personal_data_deleted_at: None,
        };
        let csv = inbox_csv(&[item("=HYPERLINK(\"https://evil.example\";\"Klicka\")")]);
        let row = csv.split("\r\n").nth(1).unwrap();
        assert!(
            row.contains(";\"'=HYPERLINK(\"\"https://evil.example\"\";\"\"Klicka\"\")\";"),
            "{row}"
        );
        assert!(row.contains(";'@kim;"), "{row}");
        assert!(row.contains(";'+46 176 71 10 00;"), "{row}");
        assert!(row.contains(";'-1+1;"), "{row}");
        for start in ["\t", "\r", "+", "-", "@", "="] {
            let csv = inbox_csv(&[item(&format!("{start}cmd"))]);
            let row = csv.split_once("\r\n").unwrap().1;
            assert!(!row.contains(&format!(";{start}cmd")), "{start:?}: {row}");
        }
    }

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
