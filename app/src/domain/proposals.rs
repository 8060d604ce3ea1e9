//! A proposal for one company: from a case, the business guide (företagslotsen) assembles plots
//! and future areas, a note on each and a covering letter, and sends the company a private link
//! (`/forslag/{nyckel}`) that expires and can be revoked. The company marks each item
//! interesting or not and may ask a question or book a meeting from it; every step is written
//! into the case's history.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{
    Contact, FactSheet, FieldProblem, Lang, NAME_MAX_CHARS, Viewer, WrittenText, check_text,
};

pub const PROPOSAL_LETTER_MAX_CHARS: usize = 4000;
pub const PROPOSAL_NOTE_MAX_CHARS: usize = 300;
pub const PROPOSAL_QUESTION_MAX_CHARS: usize = 2000;
/// At most this many plots and future areas in one proposal: a page a company reads through.
pub const MAX_PROPOSAL_ITEMS: usize = 12;
/// How long a sent link may hold, in days: the choices the guide has.
pub const PROPOSAL_VALID_DAYS: [i16; 4] = [14, 30, 60, 90];
pub const DEFAULT_PROPOSAL_VALID_DAYS: i16 = 30;

/// What the company thinks of one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "proposal_verdict", rename_all = "snake_case")
)]
pub enum ProposalVerdict {
    Interesting,
    NotInteresting,
}

impl ProposalVerdict {
    pub const ALL: [ProposalVerdict; 2] = [
        ProposalVerdict::Interesting,
        ProposalVerdict::NotInteresting,
    ];

    /// The form's value (`bedomning`).
    pub fn key(self) -> &'static str {
        match self {
            ProposalVerdict::Interesting => "intressant",
            ProposalVerdict::NotInteresting => "inte-intressant",
        }
    }

    pub fn from_key(key: &str) -> Option<ProposalVerdict> {
        ProposalVerdict::ALL.into_iter().find(|v| v.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ProposalVerdict::Interesting, Lang::Sv) => "Intressant",
            (ProposalVerdict::Interesting, Lang::En) => "Interesting",
            (ProposalVerdict::NotInteresting, Lang::Sv) => "Inte intressant",
            (ProposalVerdict::NotInteresting, Lang::En) => "Not interesting",
        }
    }
}

/// Where a proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProposalState {
    /// Being assembled: no link yet.
    Draft,
    /// Sent: the link holds until it expires.
    Sent,
    Expired,
    Revoked,
}

impl ProposalState {
    /// As staff read it.
    pub fn label(self) -> &'static str {
        match self {
            ProposalState::Draft => "utkast",
            ProposalState::Sent => "skickat",
            ProposalState::Expired => "har gått ut",
            ProposalState::Revoked => "återkallat",
        }
    }
}

/// A proposal's link that no longer holds (410).
pub fn proposal_gone(revoked: bool) -> super::Problem {
    if revoked {
        super::Problem::new(
            super::ProblemKind::Gone,
            "Kommunen har återkallat förslaget. Kontakta kommunen om du vill ha ett nytt.",
        )
        .in_english(
            "The municipality has withdrawn the proposal. Contact the municipality for a new one.",
        )
    } else {
        super::Problem::new(
            super::ProblemKind::Gone,
            "Länken till förslaget har gått ut. Kontakta kommunen om du vill ha en ny.",
        )
        .in_english("The link to the proposal has expired. Contact the municipality for a new one.")
    }
}

/// A proposal as its case lists it. Times are Swedish time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ProposalSummary {
    pub id: i64,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    /// Whether `expires_at` has passed (the database's clock decides).
    pub expired: bool,
    pub first_opened_at: Option<NaiveDateTime>,
    pub last_opened_at: Option<NaiveDateTime>,
    pub items: i64,
    pub interesting: i64,
    pub not_interesting: i64,
}

impl ProposalSummary {
    pub fn state(&self) -> ProposalState {
        match (self.sent_at, self.revoked_at) {
            (None, _) => ProposalState::Draft,
            (Some(_), Some(_)) => ProposalState::Revoked,
            (Some(_), None) if self.expired => ProposalState::Expired,
            (Some(_), None) => ProposalState::Sent,
        }
    }

    /// "skickat 2026-12-05 10:12, gäller till 2027-01-04 · öppnat första gången …".
    pub fn status_text(&self) -> String {
        let when = |at: Option<chrono::NaiveDateTime>| {
            at.map(|at| at.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default()
        };
        let state = self.state();
        let mut text = match state {
            ProposalState::Draft => "Utkast: inte skickat".to_string(),
            ProposalState::Sent => format!(
                "Skickat {}, länken gäller till {}",
                when(self.sent_at),
                when(self.expires_at)
            ),
            ProposalState::Expired => format!("Skickat {}, länken har gått ut", when(self.sent_at)),
            ProposalState::Revoked => format!(
                "Skickat {}, länken återkallades {}",
                when(self.sent_at),
                when(self.revoked_at)
            ),
        };
        if state != ProposalState::Draft {
            match self.first_opened_at {
                Some(first) => text.push_str(&format!(
                    ". Öppnat första gången {}, senast {}",
                    when(Some(first)),
                    when(self.last_opened_at)
                )),
                None => text.push_str(". Inte öppnat ännu"),
            }
            if self.interesting + self.not_interesting > 0 {
                text.push_str(&format!(
                    ". Intressant: {}, inte intressant: {}",
                    self.interesting, self.not_interesting
                ));
            }
        }
        text.push('.');
        text
    }
}

/// The public facts of a future area in a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ProposedFutureArea {
    pub id: i64,
    pub name: String,
    pub intended_use: String,
    pub intended_use_en: String,
    pub horizon_from_year: i16,
    pub horizon_to_year: i16,
    pub description: String,
    pub description_en: String,
}

impl ProposedFutureArea {
    pub fn intended_use(&self) -> WrittenText {
        WrittenText {
            sv: self.intended_use.clone(),
            en: self.intended_use_en.clone(),
        }
    }

    pub fn description(&self) -> WrittenText {
        WrittenText {
            sv: self.description.clone(),
            en: self.description_en.clone(),
        }
    }
}

/// What an item of a proposal is, with the public facts the company may see of it now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ProposedThing {
    /// A published plot, with its fact sheet's facts.
    Plot(Box<FactSheet>),
    FutureArea(ProposedFutureArea),
    /// No longer published: only its name is shown.
    Withdrawn(String),
}

/// One item of a proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalItem {
    pub id: i64,
    pub note: String,
    pub verdict: Option<ProposalVerdict>,
    pub thing: ProposedThing,
}

impl ProposalItem {
    /// Its name, as a heading: "Görla 9:12" or "Framtida område Lommarstranden".
    pub fn title(&self, lang: Lang) -> String {
        match &self.thing {
            ProposedThing::Plot(sheet) => sheet.designation.clone(),
            ProposedThing::FutureArea(area) => match lang {
                Lang::Sv => format!("Framtida område {}", area.name),
                Lang::En => format!("Future area {}", area.name),
            },
            ProposedThing::Withdrawn(name) => name.clone(),
        }
    }

    /// Its key facts in a line, as staff read it: "reserverad · 8 182 m² · 475 kr/m²".
    pub fn facts_line(&self) -> String {
        match &self.thing {
            ProposedThing::Plot(sheet) => {
                let mut parts = vec![
                    sheet.status.label(Lang::Sv).to_string(),
                    super::format_area_m2(sheet.area_m2, Lang::Sv),
                ];
                if let Some(price) = sheet.price_sek_per_m2 {
                    parts.push(format!(
                        "{} kr/m²",
                        super::format_integer(i64::from(price), Lang::Sv)
                    ));
                }
                parts.push(sheet.business_area.clone());
                parts.join(" · ")
            }
            ProposedThing::FutureArea(area) => format!(
                "{} · {}–{}",
                area.intended_use, area.horizon_from_year, area.horizon_to_year
            ),
            ProposedThing::Withdrawn(_) => "inte längre publicerad".to_string(),
        }
    }

    /// The public page it has, when it is still published.
    pub fn public_href(&self) -> Option<String> {
        match &self.thing {
            ProposedThing::Plot(sheet) => Some(format!("/tomt/{}", sheet.id)),
            ProposedThing::FutureArea(area) => Some(format!("/framtida-omrade/{}", area.id)),
            ProposedThing::Withdrawn(_) => None,
        }
    }
}

/// The company's page at `/forslag/{nyckel}`: what is in the proposal and public facts only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalPage {
    pub company_name: String,
    pub letter: String,
    /// The guide named as contact.
    pub contact: Option<Contact>,
    pub items: Vec<ProposalItem>,
    /// The last day the link holds (Swedish date).
    pub valid_until: NaiveDate,
    /// The contact's free times, to book one from the page.
    pub slots: Vec<super::FreeSlot>,
}

/// What a company's link leads to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ProposalLink {
    Open(Box<ProposalPage>),
    /// It expired or was revoked.
    Gone {
        revoked: bool,
    },
    Unknown,
}

/// The guide's page for one proposal (`/personal/forslag/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalEditor {
    pub viewer: Viewer,
    pub summary: ProposalSummary,
    pub interest_id: i64,
    pub company_name: String,
    pub letter: String,
    pub contact_id: Option<i64>,
    pub valid_days: i16,
    pub items: Vec<ProposalItem>,
    /// The contact persons the guide can name: (id, "name (organisation)").
    pub contacts: Vec<(i64, String)>,
    /// Published, unsold plots to add: (id, "Görla 9:12 – Görla verksamhetsområde, 12 500 m²").
    pub plot_choices: Vec<(i64, String)>,
    /// Published future areas to add: (id, name).
    pub area_choices: Vec<(i64, String)>,
}

/// The letter, the contact and how long the link holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalLetterForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub brev: String,
    #[serde(default)]
    pub kontakt: String,
    #[serde(default)]
    pub dagar: String,
}

/// A checked letter form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidLetter {
    pub letter: String,
    pub contact_id: Option<i64>,
    pub valid_days: i16,
}

fn problem(field: &str, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.to_string(),
        message: message.into(),
    }
}

/// A text from a staff form: refused (naming the field) when it has a control character other
/// than a line break, or is longer than `max`.
fn staff_text(field: &str, what: &str, value: &str, max: usize) -> Result<String, FieldProblem> {
    check_text(value, max)
        .map_err(|p| problem(field, format!("{what}: {}", p.message(Lang::Sv))))?;
    Ok(value.trim().to_string())
}

impl ProposalLetterForm {
    pub fn validate(&self) -> Result<ValidLetter, FieldProblem> {
        // A browser sends a textarea's line breaks as CR LF: kept as LF, so a blank line is
        // one paragraph break wherever the letter is shown.
        let brev = self.brev.replace("\r\n", "\n");
        let letter = staff_text("brev", "Brevet", &brev, PROPOSAL_LETTER_MAX_CHARS)?;
        let contact_id = match self.kontakt.trim() {
            "" => None,
            id => Some(
                id.parse::<i64>()
                    .map_err(|_| problem("kontakt", "Välj kontaktperson i listan."))?,
            ),
        };
        let valid_days = self
            .dagar
            .trim()
            .parse::<i16>()
            .ok()
            .filter(|d| PROPOSAL_VALID_DAYS.contains(d))
            .ok_or_else(|| problem("dagar", "Välj hur länge länken ska gälla i listan."))?;
        Ok(ValidLetter {
            letter,
            contact_id,
            valid_days,
        })
    }
}

/// An item to add, as typed: `punkt` is `tomt:ID` or `framtida:ID` (one list of both).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalItemForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub punkt: String,
    #[serde(default)]
    pub notering: String,
}

/// What an added item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemRef {
    Plot(i64),
    FutureArea(i64),
}

impl ItemRef {
    /// The form's value.
    pub fn key(self) -> String {
        match self {
            ItemRef::Plot(id) => format!("tomt:{id}"),
            ItemRef::FutureArea(id) => format!("framtida:{id}"),
        }
    }
}

impl ProposalItemForm {
    pub fn validate(&self) -> Result<(ItemRef, String), FieldProblem> {
        let choose = || problem("punkt", "Välj en tomt eller ett framtida område i listan.");
        if check_text(&self.punkt, NAME_MAX_CHARS).is_err() {
            return Err(choose());
        }
        let item = match self.punkt.trim().split_once(':') {
            Some(("tomt", id)) => ItemRef::Plot(id.parse().map_err(|_| choose())?),
            Some(("framtida", id)) => ItemRef::FutureArea(id.parse().map_err(|_| choose())?),
            _ => return Err(choose()),
        };
        let note = staff_text(
            "notering",
            "Noteringen",
            &self.notering,
            PROPOSAL_NOTE_MAX_CHARS,
        )?;
        Ok((item, note))
    }
}

/// A staff form about one item of the proposal (removing it): its id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalItemChoice {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub punkt: String,
}

/// What the guide typed in a refused form on the proposal's page, and what was wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedProposalEdit {
    pub letter: Option<ProposalLetterForm>,
    pub item: Option<ProposalItemForm>,
    pub problem: Option<FieldProblem>,
}

/// The company's mark on one item (`POST /forslag/{nyckel}/bedom`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictForm {
    #[serde(default)]
    pub punkt: String,
    #[serde(default)]
    pub bedomning: String,
    #[serde(default)]
    pub lang: String,
}

impl VerdictForm {
    /// The item's id and the mark, or the field that cannot be read (400).
    pub fn validate(&self) -> Result<(i64, ProposalVerdict), FieldProblem> {
        let item = self
            .punkt
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|_| self.punkt.len() <= 20)
            .ok_or_else(|| problem("punkt", "Förslagets punkt går inte att läsa."))?;
        let verdict = ProposalVerdict::from_key(self.bedomning.trim()).ok_or_else(|| {
            problem(
                "bedomning",
                "Välj intressant eller inte intressant (bedomning).",
            )
        })?;
        Ok((item, verdict))
    }
}

/// The company's question from its proposal (`POST /forslag/{nyckel}/fraga`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalQuestionForm {
    #[serde(default)]
    pub fraga: String,
    #[serde(default)]
    pub lang: String,
}

impl ProposalQuestionForm {
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.lang).unwrap_or_default()
    }

    pub fn validate(&self) -> Result<String, FieldProblem> {
        let lang = self.lang();
        if let Err(p) = check_text(&self.fraga, PROPOSAL_QUESTION_MAX_CHARS) {
            return Err(problem("fraga", p.message(lang)));
        }
        let question = self.fraga.trim();
        if question.is_empty() {
            return Err(problem(
                "fraga",
                match lang {
                    Lang::Sv => "Skriv din fråga.",
                    Lang::En => "Write your question.",
                },
            ));
        }
        Ok(question.to_string())
    }
}

/// A meeting booked from the proposal (`POST /forslag/{nyckel}/boka`): a time of the guide's
/// and what it is about; the company's details are the case's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalBookingForm {
    #[serde(default)]
    pub tid: String,
    #[serde(default)]
    pub meddelande: String,
    #[serde(default)]
    pub lang: String,
}

impl ProposalBookingForm {
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.lang).unwrap_or_default()
    }

    /// The time's id and the message.
    pub fn validate(&self) -> Result<(i64, String), FieldProblem> {
        let lang = self.lang();
        let slot = self
            .tid
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|_| self.tid.len() <= 20)
            .ok_or_else(|| {
                problem(
                    "tid",
                    match lang {
                        Lang::Sv => "Välj en tid.",
                        Lang::En => "Choose a time.",
                    },
                )
            })?;
        check_text(&self.meddelande, super::MAX_MEETING_MESSAGE_CHARS)
            .map_err(|p| problem("meddelande", p.message(lang)))?;
        Ok((slot, self.meddelande.trim().to_string()))
    }
}

/// A form on the company's page that the server refused, with what was typed and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedProposalForm {
    pub question: ProposalQuestionForm,
    pub booking: ProposalBookingForm,
    pub problem: Option<FieldProblem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_a_plot_or_a_future_area_from_the_list() {
        let form = |punkt: &str, note: &str| ProposalItemForm {
            punkt: punkt.into(),
            notering: note.into(),
            ..Default::default()
        };
        assert_eq!(
            form("tomt:12", " VA-anslutning 2027 ").validate(),
            Ok((ItemRef::Plot(12), "VA-anslutning 2027".into()))
        );
        assert_eq!(
            form("framtida:3", "").validate(),
            Ok((ItemRef::FutureArea(3), String::new()))
        );
        for bad in ["", "tomt:", "tomt:x", "plan:1", "12", "tomt:1\0"] {
            assert_eq!(
                form(bad, "").validate().unwrap_err().field,
                "punkt",
                "{bad:?}"
            );
        }
        let long = "x".repeat(PROPOSAL_NOTE_MAX_CHARS + 1);
        assert_eq!(
            form("tomt:1", &long).validate().unwrap_err().field,
            "notering"
        );
    }

    #[test]
    fn the_link_holds_for_one_of_the_offered_periods() {
        let form = |dagar: &str| ProposalLetterForm {
            dagar: dagar.into(),
            ..Default::default()
        };
        assert_eq!(form("30").validate().unwrap().valid_days, 30);
        let letter = ProposalLetterForm {
            brev: "Hej!\r\n\r\nHär är förslaget.".into(),
            dagar: "30".into(),
            ..Default::default()
        };
        assert_eq!(
            letter.validate().unwrap().letter,
            "Hej!\n\nHär är förslaget."
        );
        for bad in ["", "0", "31", "-14", "9999999"] {
            assert_eq!(form(bad).validate().unwrap_err().field, "dagar", "{bad:?}");
        }
    }

    #[test]
    fn a_verdict_and_a_question_are_read_or_refused_naming_the_field() {
        let verdict = |punkt: &str, b: &str| VerdictForm {
            punkt: punkt.into(),
            bedomning: b.into(),
            lang: String::new(),
        };
        assert_eq!(
            verdict("7", "inte-intressant").validate(),
            Ok((7, ProposalVerdict::NotInteresting))
        );
        assert_eq!(
            verdict("x", "intressant").validate().unwrap_err().field,
            "punkt"
        );
        assert_eq!(
            verdict("7", "kanske").validate().unwrap_err().field,
            "bedomning"
        );
        let question = |q: &str| ProposalQuestionForm {
            fraga: q.into(),
            lang: "en".into(),
        };
        assert_eq!(question("  När? ").validate(), Ok("När?".into()));
        assert_eq!(
            question(" ").validate().unwrap_err().message,
            "Write your question."
        );
        assert!(question("a\0b").validate().is_err());
    }
}
