//! Who answers what: the contact persons (the municipality's own and other organisations' —
//! the water company, the energy company, building permits — none of whom needs an account),
//! and for each business area and kind of question a responsible person and a deputy. An
//! interest is routed by them (see `server/src/db/interests.rs`).

use serde::{Deserialize, Serialize};

use super::{
    EMAIL_MAX_CHARS, Lang, NAME_MAX_CHARS, PHONE_MAX_CHARS, TextProblem, Viewer, check_text,
};

/// What a company's question is about: each kind has its own responsible person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "question_kind", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Mark och pris: the land, its price, reservations (the land and development unit).
    #[default]
    LandAndPrice,
    /// Bygglov.
    BuildingPermit,
    /// Vatten och avlopp (the water company).
    WaterSewage,
    /// El och värme (the energy company).
    Energy,
    /// Miljö.
    Environment,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [
        QuestionKind::LandAndPrice,
        QuestionKind::BuildingPermit,
        QuestionKind::WaterSewage,
        QuestionKind::Energy,
        QuestionKind::Environment,
    ];

    pub fn key(self) -> &'static str {
        match self {
            QuestionKind::LandAndPrice => "land_and_price",
            QuestionKind::BuildingPermit => "building_permit",
            QuestionKind::WaterSewage => "water_sewage",
            QuestionKind::Energy => "energy",
            QuestionKind::Environment => "environment",
        }
    }

    pub fn from_key(key: &str) -> Option<QuestionKind> {
        QuestionKind::ALL.into_iter().find(|q| q.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (QuestionKind::LandAndPrice, Lang::Sv) => "Mark och pris",
            (QuestionKind::BuildingPermit, Lang::Sv) => "Bygglov",
            (QuestionKind::WaterSewage, Lang::Sv) => "Vatten och avlopp",
            (QuestionKind::Energy, Lang::Sv) => "El och värme",
            (QuestionKind::Environment, Lang::Sv) => "Miljö",
            (QuestionKind::LandAndPrice, Lang::En) => "Land and price",
            (QuestionKind::BuildingPermit, Lang::En) => "Building permit",
            (QuestionKind::WaterSewage, Lang::En) => "Water and sewage",
            (QuestionKind::Energy, Lang::En) => "Electricity and heating",
            (QuestionKind::Environment, Lang::En) => "Environment",
        }
    }
}

/// A contact person as admins keep them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ContactPersonView {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub title_en: String,
    /// "Norrtälje kommun", "Roslagsvatten", "Norrtälje Energi".
    pub organisation: String,
    pub phone: String,
    pub email: String,
    /// Counts every change: a form based on an older version is refused, not applied over
    /// another admin's change.
    pub version: i32,
    /// Away until and including this day: their deputies answer meanwhile.
    pub away_until: Option<chrono::NaiveDate>,
    /// Whether that day is today or later (Swedish time).
    pub away: bool,
}

/// Who answers one kind of question in one business area (`None`: everywhere no area names
/// anyone), and who stands in for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Responsibility {
    pub business_area_id: Option<i64>,
    pub question: QuestionKind,
    pub contact_id: i64,
    pub deputy_id: Option<i64>,
}

/// `/personal/kontakter`: the contact persons and who answers what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactsPage {
    pub viewer: Viewer,
    pub contacts: Vec<ContactPersonView>,
    /// (id, name), by name.
    pub business_areas: Vec<(i64, String)>,
    pub responsibilities: Vec<Responsibility>,
}

impl ContactsPage {
    pub fn responsibility(
        &self,
        business_area_id: Option<i64>,
        question: QuestionKind,
    ) -> Option<&Responsibility> {
        self.responsibilities
            .iter()
            .find(|r| r.business_area_id == business_area_id && r.question == question)
    }
}

/// The form that adds or changes a contact person, as posted (every field a text).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub namn: String,
    #[serde(default)]
    pub titel: String,
    #[serde(default)]
    pub titel_en: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub telefon: String,
    #[serde(default)]
    pub epost: String,
    /// The version the form was based on (empty for a new person).
    #[serde(default)]
    pub version: String,
    /// Away until and including this day (`YYYY-MM-DD`), or empty.
    #[serde(default)]
    pub borta: String,
}

/// A contact person's fields, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidContact {
    pub name: String,
    pub title: String,
    pub title_en: String,
    pub organisation: String,
    pub phone: String,
    pub email: String,
    pub away_until: Option<chrono::NaiveDate>,
}

/// A field of the contact form and what is wrong with it, in Swedish (the workspace's
/// language).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactProblem {
    /// The form field's name (`namn`, `epost`, …).
    pub field: String,
    pub message: String,
}

impl ContactForm {
    /// Checks every field; the first problem, naming its field.
    pub fn validate(&self) -> Result<ValidContact, ContactProblem> {
        let fields = [
            ("namn", &self.namn, NAME_MAX_CHARS),
            ("titel", &self.titel, NAME_MAX_CHARS),
            ("titel_en", &self.titel_en, NAME_MAX_CHARS),
            ("organisation", &self.organisation, NAME_MAX_CHARS),
            ("telefon", &self.telefon, PHONE_MAX_CHARS),
            ("epost", &self.epost, EMAIL_MAX_CHARS),
        ];
        for (field, value, max) in fields {
            // One line each: these texts go into e-mail headers and onto public pages.
            let problem = if value.contains(['\n', '\r', '\t']) {
                Some(TextProblem::ControlCharacter)
            } else {
                check_text(value, max).err()
            };
            if let Some(problem) = problem {
                return Err(ContactProblem {
                    field: field.to_string(),
                    message: problem.message(Lang::Sv),
                });
            }
        }
        let missing = |field: &str, what: &str| ContactProblem {
            field: field.to_string(),
            message: format!("Ange {what}."),
        };
        let name = self.namn.trim();
        if name.is_empty() {
            return Err(missing("namn", "ett namn"));
        }
        let email = self.epost.trim();
        if !super::interest::looks_like_email(email) {
            return Err(ContactProblem {
                field: "epost".to_string(),
                message: "Ange en e-postadress, till exempel namn@norrtalje.se.".to_string(),
            });
        }
        let phone = self.telefon.trim();
        if phone.is_empty() {
            return Err(missing("telefon", "ett telefonnummer"));
        }
        let away_until = match self.borta.trim() {
            "" => None,
            day => Some(
                chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .ok()
                    .filter(|_| day.len() == 10)
                    .ok_or_else(|| ContactProblem {
                        field: "borta".to_string(),
                        message: "Ange sista dagen som ett datum (ÅÅÅÅ-MM-DD), eller lämna tomt."
                            .to_string(),
                    })?,
            ),
        };
        Ok(ValidContact {
            away_until,
            name: name.to_string(),
            title: self.titel.trim().to_string(),
            title_en: self.titel_en.trim().to_string(),
            organisation: match self.organisation.trim() {
                "" => "Norrtälje kommun".to_string(),
                given => given.to_string(),
            },
            phone: phone.to_string(),
            email: email.to_string(),
        })
    }
}

/// A contact form the server refused, to show again with what was typed: for a new person
/// (`id` none) or one person's form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedContact {
    pub id: Option<i64>,
    pub form: ContactForm,
    pub problem: Option<ContactProblem>,
    /// Another admin changed the person meanwhile: what they have now.
    pub conflict: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ContactForm {
        ContactForm {
            namn: "Sara Ek".into(),
            titel: "VA-ingenjör".into(),
            organisation: "Roslagsvatten".into(),
            telefon: "0176-123 45".into(),
            epost: "sara.ek@roslagsvatten.example".into(),
            ..ContactForm::default()
        }
    }

    #[test]
    fn a_complete_form_is_valid_and_trimmed() {
        let valid = ContactForm {
            namn: "  Sara Ek ".into(),
            ..form()
        }
        .validate()
        .unwrap();
        assert_eq!(valid.name, "Sara Ek");
        assert_eq!(valid.organisation, "Roslagsvatten");
        let municipal = ContactForm {
            organisation: String::new(),
            ..form()
        };
        assert_eq!(
            municipal.validate().unwrap().organisation,
            "Norrtälje kommun"
        );
    }

    #[test]
    fn each_problem_names_its_field() {
        let cases = [
            (
                ContactForm {
                    namn: " ".into(),
                    ..form()
                },
                "namn",
            ),
            (
                ContactForm {
                    namn: "Sara\r\nBcc: x@y.example".into(),
                    ..form()
                },
                "namn",
            ),
            (
                ContactForm {
                    titel: "a\u{0}".into(),
                    ..form()
                },
                "titel",
            ),
            (
                ContactForm {
                    epost: "inte en adress".into(),
                    ..form()
                },
                "epost",
            ),
            (
                ContactForm {
                    borta: "31/12/2026".into(),
                    ..form()
                },
                "borta",
            ),
            (
                ContactForm {
                    borta: "2026-13-01".into(),
                    ..form()
                },
                "borta",
            ),
            (
                ContactForm {
                    telefon: String::new(),
                    ..form()
                },
                "telefon",
            ),
            (
                ContactForm {
                    organisation: "x".repeat(201),
                    ..form()
                },
                "organisation",
            ),
        ];
        for (form, field) in cases {
            assert_eq!(form.validate().unwrap_err().field, field, "{form:?}");
        }
    }

    #[test]
    fn question_kinds_read_back_from_their_keys() {
        for kind in QuestionKind::ALL {
            assert_eq!(QuestionKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(QuestionKind::from_key("<script>"), None);
    }
}
