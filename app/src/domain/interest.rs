//! An intresseanmälan: what a company sends about a plot, a business area or land in general.
//!
//! [`InterestForm`] is the form exactly as typed (so a rejected form is shown back unchanged);
//! [`InterestForm::validate`] turns it into a [`ValidInterest`] or says, per field, what is wrong
//! (`interest_errors`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Contact, InterestError, InterestField, InterestProblem, Lang, OrgNumber, OrgNumberError,
    PlacePoint, PlanningKind, QuestionKind, parse_whole_number,
};

/// The form as posted. Field names are the form's (Swedish) parameter names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestForm {
    /// The plot the interest is about, if any (its id).
    #[serde(default, rename = "tomt")]
    pub plot: String,
    /// The business area the interest is about, if any (its name).
    #[serde(default, rename = "omrade")]
    pub business_area: String,
    /// A published detaljplan in progress the interest is about, if any (its id): demand
    /// before the land exists.
    #[serde(default, rename = "plan")]
    pub plan: String,
    /// A published future area of the översiktsplan the interest is about, if any (its id).
    #[serde(default, rename = "framtida_omrade")]
    pub future_area: String,
    /// A place on the map the interest is about, if any, as `lat,lon`: land that is not (yet)
    /// a plot.
    #[serde(default, rename = "plats")]
    pub place: String,
    /// What the question is about ([`QuestionKind`]'s key; empty: land and price): it decides
    /// who answers.
    #[serde(default, rename = "fraga")]
    pub question: String,
    #[serde(default, rename = "foretag")]
    pub company_name: String,
    #[serde(default, rename = "orgnr")]
    pub org_number: String,
    #[serde(default, rename = "kontaktperson")]
    pub contact_name: String,
    #[serde(default, rename = "epost")]
    pub email: String,
    #[serde(default, rename = "telefon")]
    pub phone: String,
    #[serde(default, rename = "yta")]
    pub wanted_area: String,
    #[serde(default, rename = "start")]
    pub wanted_start: String,
    #[serde(default, rename = "meddelande")]
    pub message: String,
    /// Present ("ja") when the consent box is ticked.
    #[serde(default, rename = "samtycke")]
    pub consent: Option<String>,
    /// The honeypot: hidden from people, filled in by bots.
    #[serde(default, rename = "webbplats")]
    pub website: String,
    #[serde(default)]
    pub lang: String,
}

/// What an interest form is about and who will answer it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InterestSubject {
    pub plot_id: Option<i64>,
    /// The plot's designation, when the interest is about a published plot.
    pub plot: Option<String>,
    pub business_area: Option<String>,
    /// The published plan or future area, when the interest is about one: (kind, id, name).
    pub planning: Option<(PlanningKind, i64, String)>,
    /// The place on the map, when the interest is about one.
    pub place: Option<PlacePoint>,
    /// What the question is about: the contact is the one who answers that.
    pub question: QuestionKind,
    pub contact: Option<Contact>,
    /// Months after closing when the personal data is deleted, for the notice beside the form.
    pub retention_months: u32,
}

impl InterestSubject {
    /// The id of the plan or future area the subject is, as a form's hidden field holds it
    /// (empty when it is another kind or none).
    pub fn planning_param(&self, kind: PlanningKind) -> String {
        self.planning
            .as_ref()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, id, _)| id.to_string())
            .unwrap_or_default()
    }

    /// Interest in a whole business area, not one plot.
    pub fn for_business_area(name: &str) -> InterestSubject {
        InterestSubject {
            business_area: Some(name.to_string()),
            ..InterestSubject::default()
        }
    }

    /// The form page's query for this subject, e.g. `?tomt=12&lang=en`: where the form posts,
    /// so that a refused form comes back on the same page.
    pub fn page_query(&self, lang: Lang) -> String {
        let plot = self.plot_id.map(|id| id.to_string());
        let planning = self
            .planning
            .as_ref()
            .map(|(kind, id, _)| (*kind, id.to_string()));
        let planning = planning.as_ref().map(|(kind, id)| (*kind, id.as_str()));
        let place = self.place.map(PlacePoint::param);
        subject_query(
            plot.as_deref(),
            self.business_area.as_deref(),
            planning,
            place.as_deref(),
            Some(self.question),
            lang,
        )
    }
}

/// One way to write the subject into a URL, for the page and for the server's answer to a post.
fn subject_query(
    plot: Option<&str>,
    business_area: Option<&str>,
    planning: Option<(PlanningKind, &str)>,
    place: Option<&str>,
    question: Option<QuestionKind>,
    lang: Lang,
) -> String {
    let mut params = Vec::new();
    match (plot, business_area, planning, place) {
        (Some(plot), _, _, _) => params.push(("tomt", plot)),
        (None, Some(area), _, _) => params.push(("omrade", area)),
        (None, None, Some((kind, id)), _) => params.extend(kind.interest_param().map(|p| (p, id))),
        (None, None, None, Some(place)) => params.push(("plats", place)),
        (None, None, None, None) => {}
    }
    // Land and price, the usual question, goes without saying.
    if let Some(question) = question.filter(|q| *q != QuestionKind::LandAndPrice) {
        params.push(("fraga", question.key()));
    }
    if lang == Lang::En {
        params.push(("lang", "en"));
    }
    match serde_urlencoded::to_string(params) {
        Ok(query) if !query.is_empty() => format!("?{query}"),
        _ => String::new(),
    }
}

/// A form the server turned down, shown back exactly as typed with the reasons.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedInterest {
    pub form: InterestForm,
    pub errors: Vec<InterestError>,
    /// Too many forms from the same address within the hour.
    pub rate_limited: bool,
}

/// A form that passed every check, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidInterest {
    pub plot_id: Option<i64>,
    pub business_area: Option<String>,
    pub detailed_plan_id: Option<i64>,
    pub future_area_id: Option<i64>,
    pub place: Option<PlacePoint>,
    pub company_name: String,
    pub org_number: OrgNumber,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub wanted_area_m2: Option<i32>,
    /// The first day of the month the company wants to start.
    pub wanted_start: Option<NaiveDate>,
    pub message: String,
    pub question: QuestionKind,
    pub lang: Lang,
}

/// The longest free text accepted (the database says the same).
pub const MAX_MESSAGE_CHARS: usize = super::LONG_TEXT_MAX_CHARS;

impl InterestForm {
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.lang).unwrap_or_default()
    }

    /// The query of the page this form was sent from (see [`InterestSubject::page_query`]).
    pub fn page_query(&self) -> String {
        // Only a subject that can be one: the page is rendered again at this address.
        let given = |value: &str| {
            Some(value.trim())
                .filter(|v| !v.is_empty() && super::check_text(v, super::NAME_MAX_CHARS).is_ok())
                .map(str::to_string)
        };
        let (plot, area) = (given(&self.plot), given(&self.business_area));
        let planning = given(&self.plan)
            .map(|id| (PlanningKind::DetailedPlan, id))
            .or_else(|| given(&self.future_area).map(|id| (PlanningKind::FutureArea, id)));
        let planning = planning.as_ref().map(|(kind, id)| (*kind, id.as_str()));
        let place = given(&self.place);
        subject_query(
            plot.as_deref(),
            area.as_deref(),
            planning,
            place.as_deref(),
            QuestionKind::from_key(self.question.trim()),
            self.lang(),
        )
    }

    /// A bot filled in the field people never see.
    pub fn is_bot(&self) -> bool {
        !self.website.trim().is_empty()
    }

    /// Checks every field and reports every problem, in the order of the form.
    pub fn validate(&self) -> Result<ValidInterest, Vec<InterestError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem| errors.push(InterestError { field, problem });
        let required = |value: &str| {
            let value = value.trim();
            (!value.is_empty()).then(|| value.to_string())
        };
        // Every text first: a control character or an overlong value is that field's problem,
        // whatever else it holds.
        let texts = [
            (InterestField::Plot, &self.plot),
            (InterestField::BusinessArea, &self.business_area),
            (InterestField::Plan, &self.plan),
            (InterestField::FutureArea, &self.future_area),
            (InterestField::Place, &self.place),
            (InterestField::CompanyName, &self.company_name),
            (InterestField::OrgNumber, &self.org_number),
            (InterestField::ContactName, &self.contact_name),
            (InterestField::Email, &self.email),
            (InterestField::Phone, &self.phone),
            (InterestField::WantedArea, &self.wanted_area),
            (InterestField::WantedStart, &self.wanted_start),
            (InterestField::Message, &self.message),
        ];
        let mut unreadable = Vec::new();
        for (field, value) in texts {
            match super::check_text(value.trim(), field.max_chars()) {
                Ok(()) => {}
                Err(super::TextProblem::ControlCharacter) => {
                    unreadable.push((field, InterestProblem::ControlCharacter))
                }
                Err(super::TextProblem::TooLong { .. }) if field == InterestField::Message => {
                    unreadable.push((field, InterestProblem::TooLong))
                }
                Err(super::TextProblem::TooLong { .. }) => {
                    unreadable.push((field, InterestProblem::NameTooLong))
                }
            }
        }
        if !unreadable.is_empty() {
            return Err(unreadable
                .into_iter()
                .map(|(field, problem)| InterestError { field, problem })
                .collect());
        }
        let plot_id = match self.plot.trim() {
            "" => None,
            typed => match typed.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    fail(InterestField::Plot, InterestProblem::UnknownPlot);
                    None
                }
            },
        };
        let mut planning_id = |field, typed: &str| match typed.trim() {
            "" => None,
            typed => match typed.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    fail(field, InterestProblem::UnknownPlanning);
                    None
                }
            },
        };
        let detailed_plan_id = planning_id(InterestField::Plan, &self.plan);
        let future_area_id = planning_id(InterestField::FutureArea, &self.future_area);
        let question = match self.question.trim() {
            "" => QuestionKind::LandAndPrice,
            key => QuestionKind::from_key(key).unwrap_or_else(|| {
                fail(InterestField::Question, InterestProblem::UnknownQuestion);
                QuestionKind::LandAndPrice
            }),
        };
        let place = match self.place.trim() {
            "" => None,
            typed => {
                let place = PlacePoint::from_param(typed);
                if place.is_none() {
                    fail(InterestField::Place, InterestProblem::UnknownPlace);
                }
                place
            }
        };

        let company_name = required(&self.company_name);
        if company_name.is_none() {
            fail(InterestField::CompanyName, InterestProblem::Missing);
        }
        let org_number = match self.org_number.trim() {
            "" => {
                fail(InterestField::OrgNumber, InterestProblem::Missing);
                None
            }
            typed => match OrgNumber::parse(typed) {
                Ok(number) => Some(number),
                Err(OrgNumberError::Format) => {
                    fail(InterestField::OrgNumber, InterestProblem::OrgNumberFormat);
                    None
                }
                Err(OrgNumberError::CheckDigit) => {
                    fail(
                        InterestField::OrgNumber,
                        InterestProblem::OrgNumberCheckDigit,
                    );
                    None
                }
            },
        };
        let contact_name = required(&self.contact_name);
        if contact_name.is_none() {
            fail(InterestField::ContactName, InterestProblem::Missing);
        }
        let email = self.email.trim().to_string();
        if email.is_empty() {
            fail(InterestField::Email, InterestProblem::Missing);
        } else if !looks_like_email(&email) {
            fail(InterestField::Email, InterestProblem::EmailFormat);
        }
        let phone = self.phone.trim().to_string();
        if !phone.is_empty() && !looks_like_phone(&phone) {
            fail(InterestField::Phone, InterestProblem::PhoneFormat);
        }
        let wanted_area_m2 = match self.wanted_area.trim() {
            "" => None,
            typed => match parse_whole_number::<i32>(typed) {
                Some(n) if n > 0 => Some(n),
                _ => {
                    fail(
                        InterestField::WantedArea,
                        InterestProblem::NotAPositiveWholeNumber,
                    );
                    None
                }
            },
        };
        let wanted_start = match self.wanted_start.trim() {
            "" => None,
            typed => match NaiveDate::parse_from_str(&format!("{typed}-01"), "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    fail(InterestField::WantedStart, InterestProblem::MonthFormat);
                    None
                }
            },
        };
        let message = self.message.trim().to_string();
        if self.consent.is_none() {
            fail(InterestField::Consent, InterestProblem::NoConsent);
        }

        match (company_name, org_number, contact_name) {
            (Some(company_name), Some(org_number), Some(contact_name)) if errors.is_empty() => {
                Ok(ValidInterest {
                    plot_id,
                    business_area: required(&self.business_area),
                    detailed_plan_id,
                    future_area_id,
                    place,
                    company_name,
                    org_number,
                    contact_name,
                    email,
                    phone,
                    wanted_area_m2,
                    wanted_start,
                    message,
                    question,
                    lang: self.lang(),
                })
            }
            _ => Err(errors),
        }
    }
}

/// One @, something before it, a dot in the domain after it, no spaces: enough to catch typos
/// without rejecting real addresses (the reply is the real test).
pub(super) fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

fn looks_like_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> InterestForm {
        InterestForm {
            plot: "12".into(),
            company_name: "Exempelbolaget AB".into(),
            org_number: "556677-8899".into(),
            contact_name: "Kim Andersson".into(),
            email: "kim@exempel.se".into(),
            phone: "070-123 45 67".into(),
            wanted_area: "12 000".into(),
            wanted_start: "2027-04".into(),
            message: "Lager och verkstad.".into(),
            consent: Some("ja".into()),
            ..InterestForm::default()
        }
    }

    #[test]
    fn a_complete_form_is_valid() {
        let valid = good().validate().unwrap();
        assert_eq!(valid.plot_id, Some(12));
        assert_eq!(valid.org_number.as_str(), "556677-8899");
        assert_eq!(valid.wanted_area_m2, Some(12_000));
        assert_eq!(valid.wanted_start, NaiveDate::from_ymd_opt(2027, 4, 1));
        assert_eq!(valid.lang, Lang::Sv);
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let form = InterestForm {
            org_number: "556677-8898".into(),
            email: "kim.exempel.se".into(),
            phone: "ring mig".into(),
            wanted_area: "-5".into(),
            wanted_start: "april".into(),
            consent: None,
            company_name: " ".into(),
            ..good()
        };
        let errors = form.validate().unwrap_err();
        let pairs: Vec<(InterestField, InterestProblem)> =
            errors.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            pairs,
            [
                (InterestField::CompanyName, InterestProblem::Missing),
                (
                    InterestField::OrgNumber,
                    InterestProblem::OrgNumberCheckDigit
                ),
                (InterestField::Email, InterestProblem::EmailFormat),
                (InterestField::Phone, InterestProblem::PhoneFormat),
                (
                    InterestField::WantedArea,
                    InterestProblem::NotAPositiveWholeNumber
                ),
                (InterestField::WantedStart, InterestProblem::MonthFormat),
                (InterestField::Consent, InterestProblem::NoConsent),
            ]
        );
    }

    #[test]
    fn the_honeypot_catches_bots() {
        assert!(!good().is_bot());
        let bot = InterestForm {
            website: "https://spam.example".into(),
            ..good()
        };
        assert!(bot.is_bot());
    }
}
