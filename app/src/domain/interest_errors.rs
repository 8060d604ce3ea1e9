//! The interest form's fields and what can be wrong with each, in Swedish and English.

use serde::{Deserialize, Serialize};

use super::{Lang, MAX_MESSAGE_CHARS};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InterestField {
    /// The plot the form is about (a hidden field).
    Plot,
    /// The business area the form is about (a hidden field).
    BusinessArea,
    /// The plan or future area the form is about (hidden fields).
    Plan,
    FutureArea,
    /// A place on the map the form is about (a hidden field, `lat,lon`).
    Place,
    /// What the question is about (land and price, building permit, VA, …): who answers it.
    Question,
    CompanyName,
    OrgNumber,
    ContactName,
    Email,
    Phone,
    WantedArea,
    WantedStart,
    Message,
    Consent,
}

impl InterestField {
    /// The form parameter, also the input's id suffix.
    pub fn param(self) -> &'static str {
        match self {
            InterestField::Plot => "tomt",
            InterestField::BusinessArea => "omrade",
            InterestField::Plan => "plan",
            InterestField::FutureArea => "framtida_omrade",
            InterestField::Place => "plats",
            InterestField::Question => "fraga",
            InterestField::CompanyName => "foretag",
            InterestField::OrgNumber => "orgnr",
            InterestField::ContactName => "kontaktperson",
            InterestField::Email => "epost",
            InterestField::Phone => "telefon",
            InterestField::WantedArea => "yta",
            InterestField::WantedStart => "start",
            InterestField::Message => "meddelande",
            InterestField::Consent => "samtycke",
        }
    }

    /// The longest text the field takes; the form states it (`maxlength`) and the server
    /// refuses more.
    pub fn max_chars(self) -> usize {
        match self {
            InterestField::Email => super::EMAIL_MAX_CHARS,
            InterestField::Phone => super::PHONE_MAX_CHARS,
            InterestField::Message => MAX_MESSAGE_CHARS,
            _ => super::NAME_MAX_CHARS,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (InterestField::Plot, Lang::Sv) => "Tomt",
            (InterestField::BusinessArea, Lang::Sv) => "Verksamhetsområde",
            (InterestField::Plot, Lang::En) => "Plot",
            (InterestField::Plan, Lang::Sv) => "Detaljplan",
            (InterestField::Plan, Lang::En) => "Detailed plan",
            (InterestField::FutureArea, Lang::Sv) => "Framtida område",
            (InterestField::FutureArea, Lang::En) => "Future area",
            (InterestField::Place, Lang::Sv) => "Plats",
            (InterestField::Place, Lang::En) => "Place",
            (InterestField::Question, Lang::Sv) => "Frågan gäller",
            (InterestField::Question, Lang::En) => "The question is about",
            (InterestField::BusinessArea, Lang::En) => "Business area",
            (InterestField::CompanyName, Lang::Sv) => "Företagets namn",
            (InterestField::OrgNumber, Lang::Sv) => "Organisationsnummer",
            (InterestField::ContactName, Lang::Sv) => "Kontaktperson",
            (InterestField::Email, Lang::Sv) => "E-post",
            (InterestField::Phone, Lang::Sv) => "Telefon",
            (InterestField::WantedArea, Lang::Sv) => "Önskad yta (m²)",
            (InterestField::WantedStart, Lang::Sv) => "Önskad start (månad)",
            (InterestField::Message, Lang::Sv) => "Berätta om verksamheten",
            (InterestField::Consent, Lang::Sv) => "Samtycke",
            (InterestField::CompanyName, Lang::En) => "Company name",
            (InterestField::OrgNumber, Lang::En) => "Swedish company number (organisationsnummer)",
            (InterestField::ContactName, Lang::En) => "Contact person",
            (InterestField::Email, Lang::En) => "Email",
            (InterestField::Phone, Lang::En) => "Phone",
            (InterestField::WantedArea, Lang::En) => "Area wanted (m²)",
            (InterestField::WantedStart, Lang::En) => "Wanted start (month)",
            (InterestField::Message, Lang::En) => "Tell us about the business",
            (InterestField::Consent, Lang::En) => "Consent",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InterestProblem {
    Missing,
    OrgNumberFormat,
    OrgNumberCheckDigit,
    EmailFormat,
    PhoneFormat,
    NotAPositiveWholeNumber,
    MonthFormat,
    TooLong,
    /// A name or phone number longer than any real one.
    NameTooLong,
    /// A control character (a NUL byte, say): nothing a person types.
    ControlCharacter,
    /// The plot asked about is not one of the published plots.
    UnknownPlot,
    UnknownBusinessArea,
    /// The plan or future area asked about is not one of the published ones.
    UnknownPlanning,
    /// The place asked about is not a place in the municipality.
    UnknownPlace,
    /// Not one of the kinds of question the form offers.
    UnknownQuestion,
    NoConsent,
}

impl InterestProblem {
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (InterestProblem::Missing, Lang::Sv) => "Fyll i fältet.",
            (InterestProblem::OrgNumberFormat, Lang::Sv) => {
                "Ett organisationsnummer har tio siffror, till exempel 556677-8899."
            }
            (InterestProblem::OrgNumberCheckDigit, Lang::Sv) => {
                "Kontrollsiffran stämmer inte. Kontrollera numret."
            }
            (InterestProblem::EmailFormat, Lang::Sv) => {
                "Skriv en e-postadress, till exempel namn@foretag.se."
            }
            (InterestProblem::PhoneFormat, Lang::Sv) => {
                "Skriv ett telefonnummer med siffror, till exempel 0176-71 10 00."
            }
            (InterestProblem::NotAPositiveWholeNumber, Lang::Sv) => {
                "Ange ett heltal större än noll, till exempel 5000."
            }
            (InterestProblem::MonthFormat, Lang::Sv) => "Ange år och månad, till exempel 2027-04.",
            (InterestProblem::TooLong, Lang::Sv) => "Texten är för lång (högst 4 000 tecken).",
            (InterestProblem::NameTooLong, Lang::Sv) => "Texten är för lång (högst 200 tecken).",
            (InterestProblem::ControlCharacter, Lang::Sv) => {
                "Texten innehåller ett tecken som inte kan sparas (ett kontrolltecken)."
            }
            (InterestProblem::UnknownPlot, Lang::Sv) => {
                "Tomten finns inte bland de publicerade tomterna. Anmäl intresse för området i stället."
            }
            (InterestProblem::UnknownBusinessArea, Lang::Sv) => {
                "Verksamhetsområdet finns inte. Anmäl intresse utan område."
            }
            (InterestProblem::UnknownPlanning, Lang::Sv) => {
                "Planen eller området finns inte bland de publicerade. Anmäl intresse utan den."
            }
            (InterestProblem::UnknownPlanning, Lang::En) => {
                "There is no such published plan or area. Register interest without it."
            }
            (InterestProblem::UnknownPlace, Lang::Sv) => {
                "Platsen ligger inte i kommunen. Välj en plats på kartan eller anmäl intresse utan den."
            }
            (InterestProblem::UnknownQuestion, Lang::Sv) => "Välj vad frågan gäller i listan.",
            (InterestProblem::UnknownQuestion, Lang::En) => {
                "Choose what the question is about from the list."
            }
            (InterestProblem::UnknownPlace, Lang::En) => {
                "The place is not in the municipality. Pick a place on the map or register interest without it."
            }
            (InterestProblem::NameTooLong, Lang::En) => {
                "The text is too long (at most 200 characters)."
            }
            (InterestProblem::ControlCharacter, Lang::En) => {
                "The text holds a character that cannot be stored (a control character)."
            }
            (InterestProblem::UnknownPlot, Lang::En) => {
                "The plot is not among the published plots. Register interest in its area instead."
            }
            (InterestProblem::UnknownBusinessArea, Lang::En) => {
                "There is no such business area. Register interest without one."
            }
            (InterestProblem::NoConsent, Lang::Sv) => {
                "Kryssa i rutan för att vi ska få spara och använda uppgifterna."
            }
            (InterestProblem::Missing, Lang::En) => "Please fill in this field.",
            (InterestProblem::OrgNumberFormat, Lang::En) => {
                "A company number has ten digits, e.g. 556677-8899."
            }
            (InterestProblem::OrgNumberCheckDigit, Lang::En) => {
                "The check digit does not match. Please check the number."
            }
            (InterestProblem::EmailFormat, Lang::En) => {
                "Please enter an email address, e.g. name@company.com."
            }
            (InterestProblem::PhoneFormat, Lang::En) => {
                "Please enter a phone number in digits, e.g. +46 176 71 10 00."
            }
            (InterestProblem::NotAPositiveWholeNumber, Lang::En) => {
                "Please enter a whole number above zero, e.g. 5000."
            }
            (InterestProblem::MonthFormat, Lang::En) => {
                "Please enter a year and month, e.g. 2027-04."
            }
            (InterestProblem::TooLong, Lang::En) => {
                "The text is too long (at most 4,000 characters)."
            }
            (InterestProblem::NoConsent, Lang::En) => {
                "Please tick the box so that we may store and use the details."
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestError {
    pub field: InterestField,
    pub problem: InterestProblem,
}
