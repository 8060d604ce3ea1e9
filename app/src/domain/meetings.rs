//! Bookable meetings: a contact person's published times (phone hours cut into slots, or single
//! times), which a company books from a fact sheet, a plan or an area (`/boka`), and the
//! booking it then holds (`/boka/bokad?nyckel=…`, with its calendar file and a way to cancel).
//! Staff publish times and see the bookings at `/personal/moten`.
//!
//! Times are Swedish time (Europe/Stockholm) in every type here; the database keeps instants.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{
    EMAIL_MAX_CHARS, InterestSubject, Lang, NAME_MAX_CHARS, PHONE_MAX_CHARS, PlanningKind,
    QuestionKind, Viewer, check_text,
};

/// How far ahead a company sees free times, in days.
pub const BOOKING_HORIZON_DAYS: i64 = 8 * 7;
/// The most times one publishing makes (a year of weekly phone hours in 20-minute slots is less).
pub const MAX_PUBLISHED_SLOTS: usize = 200;
/// The most weeks a time is repeated.
pub const MAX_REPEAT_WEEKS: u32 = 26;
/// The longest a published time may be, in minutes (the database says the same).
pub const MAX_SLOT_MINUTES: i64 = 240;
/// The shortest slot, in minutes.
pub const MIN_SLOT_MINUTES: i64 = 10;
/// The longest text a company writes about what the meeting is for.
pub const MAX_MEETING_MESSAGE_CHARS: usize = 2000;

/// Whether a text can be a link token (a booking's, a proposal's: 64 hexadecimal digits): anything else is
/// refused naming `nyckel` before it is looked up.
pub fn looks_like_link_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// How the meeting is held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "meeting_kind", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    #[default]
    Phone,
    Video,
    Visit,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 3] = [MeetingKind::Phone, MeetingKind::Video, MeetingKind::Visit];

    pub fn key(self) -> &'static str {
        match self {
            MeetingKind::Phone => "phone",
            MeetingKind::Video => "video",
            MeetingKind::Visit => "visit",
        }
    }

    pub fn from_key(key: &str) -> Option<MeetingKind> {
        MeetingKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MeetingKind::Phone, Lang::Sv) => "Telefonmöte",
            (MeetingKind::Video, Lang::Sv) => "Videomöte",
            (MeetingKind::Visit, Lang::Sv) => "Möte i kommunhuset",
            (MeetingKind::Phone, Lang::En) => "Phone call",
            (MeetingKind::Video, Lang::En) => "Video meeting",
            (MeetingKind::Visit, Lang::En) => "Meeting at the town hall",
        }
    }
}

/// A time nobody has booked yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct FreeSlot {
    pub id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub kind: MeetingKind,
}

/// `/boka`: what the meeting is about, who answers it (the one rule interests are routed by)
/// and that person's free times.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingOffer {
    pub subject: InterestSubject,
    pub slots: Vec<FreeSlot>,
}

/// The booking form as posted (every field a text, so a refused form comes back as typed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingForm {
    /// The chosen time's id.
    #[serde(default)]
    pub tid: String,
    #[serde(default)]
    pub foretag: String,
    #[serde(default)]
    pub namn: String,
    #[serde(default)]
    pub epost: String,
    #[serde(default)]
    pub telefon: String,
    #[serde(default)]
    pub meddelande: String,
    /// Present ("ja") when the consent box is ticked.
    #[serde(default)]
    pub samtycke: Option<String>,
    /// What the meeting is about, as on the interest form.
    #[serde(default)]
    pub tomt: String,
    #[serde(default)]
    pub omrade: String,
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub framtida_omrade: String,
    #[serde(default)]
    pub fraga: String,
    #[serde(default)]
    pub lang: String,
}

/// A field of a booking or publishing form and what is wrong with it, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The form field's name (`tid`, `epost`, …).
    pub field: String,
    pub message: String,
}

impl FieldProblem {
    /// The refusal as a form shows it beside a field: the field it names, else `field`.
    pub fn of(problem: &super::Problem, field: &str) -> FieldProblem {
        FieldProblem {
            field: problem.field.clone().unwrap_or_else(|| field.to_string()),
            message: problem.message.clone(),
        }
    }
}

/// A booking that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidBooking {
    pub slot_id: i64,
    pub company_name: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub message: String,
    pub lang: Lang,
    pub plot_id: Option<i64>,
    pub business_area: Option<String>,
    pub plan_id: Option<i64>,
    pub future_area_id: Option<i64>,
    pub question: QuestionKind,
    /// The case it belongs to, when booked from the company's proposal.
    pub interest_id: Option<i64>,
    /// Only a time of this contact person (the proposal's guide) may be booked.
    pub contact_id: Option<i64>,
}

impl BookingForm {
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.lang).unwrap_or_default()
    }

    /// The booking page's query for what this form is about (`?tomt=12&lang=en`).
    pub fn page_query(&self) -> String {
        let subject = InterestSubject {
            plot_id: self.tomt.trim().parse().ok(),
            business_area: Some(self.omrade.trim().to_string())
                .filter(|a| !a.is_empty() && check_text(a, NAME_MAX_CHARS).is_ok()),
            planning: self
                .plan
                .trim()
                .parse()
                .ok()
                .map(|id| (PlanningKind::DetailedPlan, id, String::new()))
                .or_else(|| {
                    self.framtida_omrade
                        .trim()
                        .parse()
                        .ok()
                        .map(|id| (PlanningKind::FutureArea, id, String::new()))
                }),
            question: QuestionKind::from_key(self.fraga.trim()).unwrap_or_default(),
            ..InterestSubject::default()
        };
        subject.page_query(self.lang())
    }

    /// Checks every field; every problem, in the order of the form.
    pub fn validate(&self) -> Result<ValidBooking, Vec<FieldProblem>> {
        let lang = self.lang();
        let say = |sv: &str, en: &str| match lang {
            Lang::Sv => sv.to_string(),
            Lang::En => en.to_string(),
        };
        let mut problems = Vec::new();
        let texts = [
            ("tid", &self.tid, NAME_MAX_CHARS),
            ("foretag", &self.foretag, NAME_MAX_CHARS),
            ("namn", &self.namn, NAME_MAX_CHARS),
            ("epost", &self.epost, EMAIL_MAX_CHARS),
            ("telefon", &self.telefon, PHONE_MAX_CHARS),
            ("meddelande", &self.meddelande, MAX_MEETING_MESSAGE_CHARS),
            ("tomt", &self.tomt, NAME_MAX_CHARS),
            ("omrade", &self.omrade, NAME_MAX_CHARS),
            ("plan", &self.plan, NAME_MAX_CHARS),
            ("framtida_omrade", &self.framtida_omrade, NAME_MAX_CHARS),
            ("fraga", &self.fraga, NAME_MAX_CHARS),
        ];
        for (field, value, max) in texts {
            // Names and addresses go into e-mail headers and calendar files: one line each.
            let one_line = field != "meddelande";
            let problem = if one_line && value.contains(['\n', '\r', '\t']) {
                Some(super::TextProblem::ControlCharacter)
            } else {
                check_text(value, max).err()
            };
            if let Some(problem) = problem {
                problems.push(FieldProblem {
                    field: field.to_string(),
                    message: problem.message(lang),
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut fail = |field: &str, message: String| {
            problems.push(FieldProblem {
                field: field.to_string(),
                message,
            })
        };
        let slot_id = self.tid.trim().parse::<i64>().ok();
        if slot_id.is_none() {
            fail("tid", say("Välj en tid.", "Choose a time."));
        }
        let required = [
            (
                "foretag",
                &self.foretag,
                "Ange företagets namn.",
                "Enter the company's name.",
            ),
            ("namn", &self.namn, "Ange ditt namn.", "Enter your name."),
        ];
        for (field, value, sv, en) in required {
            if value.trim().is_empty() {
                fail(field, say(sv, en));
            }
        }
        if !super::interest::looks_like_email(self.epost.trim()) {
            fail(
                "epost",
                say(
                    "Ange en e-postadress, till exempel namn@foretag.se.",
                    "Enter an e-mail address, for example name@company.com.",
                ),
            );
        }
        let number = |field: &str, value: &str| match value.trim() {
            "" => Ok(None),
            typed => typed
                .parse::<i64>()
                .map(Some)
                .map_err(|_| field.to_string()),
        };
        let ids = (
            number("tomt", &self.tomt),
            number("plan", &self.plan),
            number("framtida_omrade", &self.framtida_omrade),
        );
        let question = match self.fraga.trim() {
            "" => Some(QuestionKind::default()),
            key => QuestionKind::from_key(key),
        };
        if question.is_none() {
            fail(
                "fraga",
                say(
                    "Välj vad frågan gäller.",
                    "Choose what the question is about.",
                ),
            );
        }
        let (plot_id, plan_id, future_area_id) = match ids {
            (Ok(plot), Ok(plan), Ok(future)) => (plot, plan, future),
            (plot, plan, future) => {
                for field in [plot.err(), plan.err(), future.err()].into_iter().flatten() {
                    fail(&field, say("Ett ogiltigt nummer.", "Not a valid number."));
                }
                (None, None, None)
            }
        };
        if self.samtycke.is_none() {
            fail(
                "samtycke",
                say(
                    "Kryssa i att vi får spara dina uppgifter för mötet.",
                    "Tick the box to let us keep your details for the meeting.",
                ),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ValidBooking {
            slot_id: slot_id.unwrap_or_default(),
            company_name: self.foretag.trim().to_string(),
            contact_name: self.namn.trim().to_string(),
            email: self.epost.trim().to_string(),
            phone: self.telefon.trim().to_string(),
            message: self.meddelande.trim().to_string(),
            lang,
            plot_id,
            business_area: Some(self.omrade.trim().to_string()).filter(|a| !a.is_empty()),
            plan_id,
            future_area_id,
            question: question.unwrap_or_default(),
            interest_id: None,
            contact_id: None,
        })
    }
}

/// A booking form the server refused, to show again with what was typed and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedBooking {
    pub form: BookingForm,
    pub problems: Vec<FieldProblem>,
}

/// A booking as the company holding its link sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct BookedMeeting {
    pub id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub kind: MeetingKind,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    /// What it is about, in a few words: "Görla 9:12 (Görla verksamhetsområde)".
    pub subject: String,
    pub company_name: String,
    pub language: String,
    pub cancelled_at: Option<NaiveDateTime>,
}

impl BookedMeeting {
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.language).unwrap_or_default()
    }
}

/// "tisdag 15 december 2026 kl. 09.00–09.20" / "Tuesday 15 December 2026, 09:00–09:20".
pub fn format_meeting_time(starts_at: NaiveDateTime, ends_at: NaiveDateTime, lang: Lang) -> String {
    let day = format_meeting_day(starts_at.date(), lang);
    match lang {
        Lang::Sv => format!(
            "{day} kl. {}–{}",
            starts_at.format("%H.%M"),
            ends_at.format("%H.%M")
        ),
        Lang::En => format!(
            "{day}, {}–{}",
            starts_at.format("%H:%M"),
            ends_at.format("%H:%M")
        ),
    }
}

/// "tisdag 15 december 2026" / "Tuesday 15 December 2026".
pub fn format_meeting_day(date: NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    const DAYS_SV: [&str; 7] = [
        "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
    ];
    const DAYS_EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let weekday = date.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Sv => format!(
            "{} {}",
            DAYS_SV[weekday],
            super::format_date(date, Lang::Sv)
        ),
        Lang::En => format!(
            "{} {}",
            DAYS_EN[weekday],
            super::format_date(date, Lang::En)
        ),
    }
}

/// The form staff publish times with, as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotForm {
    #[serde(default)]
    pub csrf: String,
    /// The contact person's id.
    #[serde(default)]
    pub kontakt: String,
    /// The first day, `2026-12-15`.
    #[serde(default)]
    pub datum: String,
    /// From and to, `09:00` and `11:00`.
    #[serde(default)]
    pub fran: String,
    #[serde(default)]
    pub till: String,
    /// Minutes per slot; empty for one time from–to.
    #[serde(default)]
    pub langd: String,
    /// How many weeks in a row (1 for once).
    #[serde(default)]
    pub veckor: String,
    #[serde(default)]
    pub typ: String,
}

/// Times to publish, checked: each (start, end) in Swedish time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSlots {
    pub contact_id: i64,
    pub kind: MeetingKind,
    pub times: Vec<(NaiveDateTime, NaiveDateTime)>,
}

impl SlotForm {
    /// Checks the form and cuts the times into slots; the first problem, naming its field.
    /// `today` is the first day times may be published for.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidSlots, FieldProblem> {
        let problem = |field: &str, message: &str| FieldProblem {
            field: field.to_string(),
            message: message.to_string(),
        };
        for (field, value) in [
            ("kontakt", &self.kontakt),
            ("datum", &self.datum),
            ("fran", &self.fran),
            ("till", &self.till),
            ("langd", &self.langd),
            ("veckor", &self.veckor),
            ("typ", &self.typ),
        ] {
            if let Err(p) = check_text(value, 40) {
                return Err(FieldProblem {
                    field: field.to_string(),
                    message: p.message(Lang::Sv),
                });
            }
        }
        let contact_id = self
            .kontakt
            .trim()
            .parse::<i64>()
            .map_err(|_| problem("kontakt", "Välj vem mötet är med."))?;
        let day = NaiveDate::parse_from_str(self.datum.trim(), "%Y-%m-%d")
            .map_err(|_| problem("datum", "Ange en dag som 2026-12-15."))?;
        if day < today {
            return Err(problem("datum", "Dagen har redan varit."));
        }
        let time = |field: &str, value: &str| {
            NaiveTime::parse_from_str(value.trim(), "%H:%M")
                .map_err(|_| problem(field, "Ange en tid som 09:00."))
        };
        let (from, to) = (time("fran", &self.fran)?, time("till", &self.till)?);
        if to <= from {
            return Err(problem("till", "Sluttiden ska vara efter starttiden."));
        }
        let length = match self.langd.trim() {
            "" => (to - from).num_minutes(),
            typed => typed
                .parse::<i64>()
                .ok()
                .filter(|m| (MIN_SLOT_MINUTES..=MAX_SLOT_MINUTES).contains(m))
                .ok_or_else(|| {
                    problem(
                        "langd",
                        "Ange minuter per tid, 10 till 240, eller lämna tomt för en enda tid.",
                    )
                })?,
        };
        if length > MAX_SLOT_MINUTES {
            return Err(problem("till", "En tid kan vara högst fyra timmar."));
        }
        let weeks = match self.veckor.trim() {
            "" => 1,
            typed => typed
                .parse::<u32>()
                .ok()
                .filter(|w| (1..=MAX_REPEAT_WEEKS).contains(w))
                .ok_or_else(|| problem("veckor", "Ange antal veckor, 1 till 26."))?,
        };
        let kind = MeetingKind::from_key(self.typ.trim())
            .ok_or_else(|| problem("typ", "Välj hur mötet hålls."))?;
        let mut times = Vec::new();
        for week in 0..weeks {
            let date = day + Duration::days(7 * i64::from(week));
            let end = date.and_time(to);
            let mut start = date.and_time(from);
            while start + Duration::minutes(length) <= end {
                times.push((start, start + Duration::minutes(length)));
                if times.len() > MAX_PUBLISHED_SLOTS {
                    return Err(problem(
                        "veckor",
                        "Högst 200 tider åt gången: välj färre veckor eller längre tider.",
                    ));
                }
                start += Duration::minutes(length);
            }
        }
        Ok(ValidSlots {
            contact_id,
            kind,
            times,
        })
    }
}

/// `/personal/moten`: the coming times and their bookings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingsPage {
    pub viewer: Viewer,
    /// Contact persons to publish for: (id, "Name (Organisation)").
    pub contacts: Vec<(i64, String)>,
    pub slots: Vec<StaffSlot>,
}

/// A coming time as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StaffSlot {
    pub id: i64,
    pub contact: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub kind: MeetingKind,
    pub booking_id: Option<i64>,
    pub company_name: Option<String>,
    pub booked_by: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub subject: Option<String>,
    pub message: Option<String>,
}

/// A publishing form the server refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedSlots {
    pub form: SlotForm,
    pub problem: Option<FieldProblem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(from: &str, to: &str, length: &str, weeks: &str) -> Result<ValidSlots, FieldProblem> {
        SlotForm {
            kontakt: "3".into(),
            datum: "2026-12-15".into(),
            fran: from.into(),
            till: to.into(),
            langd: length.into(),
            veckor: weeks.into(),
            typ: "phone".into(),
            ..SlotForm::default()
        }
        .validate(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap())
    }

    #[test]
    fn phone_hours_are_cut_into_slots_week_after_week() {
        let valid = slots("09:00", "11:00", "20", "3").unwrap();
        assert_eq!(valid.times.len(), 18);
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            valid.times[0],
            (at("2026-12-15 09:00"), at("2026-12-15 09:20"))
        );
        assert_eq!(
            valid.times[5],
            (at("2026-12-15 10:40"), at("2026-12-15 11:00"))
        );
        assert_eq!(valid.times[6].0, at("2026-12-22 09:00"));
        // A single time: from–to.
        assert_eq!(
            slots("13:00", "14:30", "", "").unwrap().times,
            [(at("2026-12-15 13:00"), at("2026-12-15 14:30"))]
        );
        // A remainder shorter than a slot is left out.
        assert_eq!(slots("09:00", "09:50", "20", "1").unwrap().times.len(), 2);
    }

    #[test]
    fn a_bad_publishing_names_its_field() {
        let field = |r: Result<ValidSlots, FieldProblem>| r.unwrap_err().field;
        assert_eq!(field(slots("11:00", "09:00", "20", "1")), "till");
        assert_eq!(field(slots("09:00", "11:00", "5", "1")), "langd");
        assert_eq!(field(slots("09:00", "11:00", "20", "27")), "veckor");
        assert_eq!(field(slots("09:00", "18:00", "", "1")), "till");
        assert_eq!(field(slots("9", "11:00", "20", "1")), "fran");
        assert_eq!(field(slots("00:00", "23:50", "10", "26")), "veckor");
        let past = SlotForm {
            kontakt: "3".into(),
            datum: "2026-12-04".into(),
            ..SlotForm::default()
        };
        assert_eq!(
            past.validate(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap())
                .unwrap_err()
                .field,
            "datum"
        );
    }

    #[test]
    fn a_booking_needs_a_time_a_name_an_address_and_consent() {
        let form = BookingForm {
            tid: "12".into(),
            foretag: "Bolaget AB".into(),
            namn: "Kim".into(),
            epost: "kim@bolaget.example".into(),
            samtycke: Some("ja".into()),
            tomt: "7".into(),
            fraga: "water_sewage".into(),
            ..BookingForm::default()
        };
        let valid = form.validate().unwrap();
        assert_eq!((valid.slot_id, valid.plot_id), (12, Some(7)));
        assert_eq!(valid.question, QuestionKind::WaterSewage);
        let fields = |form: BookingForm| -> Vec<String> {
            form.validate()
                .unwrap_err()
                .into_iter()
                .map(|p| p.field)
                .collect()
        };
        assert_eq!(
            fields(BookingForm::default()),
            ["tid", "foretag", "namn", "epost", "samtycke"]
        );
        // A line break in a name would start a header or a calendar line of its own.
        assert_eq!(
            fields(BookingForm {
                namn: "Kim\r\nBcc: x@y".into(),
                ..form.clone()
            }),
            ["namn"]
        );
        assert_eq!(
            fields(BookingForm {
                fraga: "allt".into(),
                ..form.clone()
            }),
            ["fraga"]
        );
        assert_eq!(form.page_query(), "?tomt=7&fraga=water_sewage");
    }
}
