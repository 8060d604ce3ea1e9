//! Insights for the business development unit (`/personal/insikter`): the land on offer over
//! time, the interest funnel and how fast cases are answered, and the service survey a company
//! answers when its case is closed. Counts, areas and durations only: no figure here names a
//! company or a person.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Lang, Viewer};

/// What a case led to, as its handler records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "case_outcome", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum CaseOutcome {
    /// Land reserved for the company.
    Reserved,
    /// Land sold to it (the funnel counts it as reserved too).
    Sold,
    /// No deal.
    NoDeal,
}

impl CaseOutcome {
    pub const ALL: [CaseOutcome; 3] = [
        CaseOutcome::Reserved,
        CaseOutcome::Sold,
        CaseOutcome::NoDeal,
    ];

    /// The form's value.
    pub fn key(self) -> &'static str {
        match self {
            CaseOutcome::Reserved => "reserverad",
            CaseOutcome::Sold => "sald",
            CaseOutcome::NoDeal => "ingen-affar",
        }
    }

    pub fn from_key(key: &str) -> Option<CaseOutcome> {
        CaseOutcome::ALL.into_iter().find(|o| o.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseOutcome::Reserved => "Mark reserverad för företaget",
            CaseOutcome::Sold => "Mark såld till företaget",
            CaseOutcome::NoDeal => "Ingen affär",
        }
    }
}

/// The six service factors of the municipalities' national measurement of their service to
/// companies, and the whole: each answered on 1–10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceFactor {
    Information,
    Accessibility,
    Treatment,
    Competence,
    LegalCertainty,
    Efficiency,
    Overall,
}

impl ServiceFactor {
    pub const ALL: [ServiceFactor; 7] = [
        ServiceFactor::Information,
        ServiceFactor::Accessibility,
        ServiceFactor::Treatment,
        ServiceFactor::Competence,
        ServiceFactor::LegalCertainty,
        ServiceFactor::Efficiency,
        ServiceFactor::Overall,
    ];

    /// The survey form's field name.
    pub fn field(self) -> &'static str {
        match self {
            ServiceFactor::Information => "information",
            ServiceFactor::Accessibility => "tillganglighet",
            ServiceFactor::Treatment => "bemotande",
            ServiceFactor::Competence => "kompetens",
            ServiceFactor::LegalCertainty => "rattssakerhet",
            ServiceFactor::Efficiency => "effektivitet",
            ServiceFactor::Overall => "helhet",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ServiceFactor::Information, Lang::Sv) => "Information",
            (ServiceFactor::Accessibility, Lang::Sv) => "Tillgänglighet",
            (ServiceFactor::Treatment, Lang::Sv) => "Bemötande",
            (ServiceFactor::Competence, Lang::Sv) => "Kompetens",
            (ServiceFactor::LegalCertainty, Lang::Sv) => "Rättssäkerhet",
            (ServiceFactor::Efficiency, Lang::Sv) => "Effektivitet",
            (ServiceFactor::Overall, Lang::Sv) => "Helhet",
            (ServiceFactor::Information, Lang::En) => "Information",
            (ServiceFactor::Accessibility, Lang::En) => "Accessibility",
            (ServiceFactor::Treatment, Lang::En) => "Treatment",
            (ServiceFactor::Competence, Lang::En) => "Competence",
            (ServiceFactor::LegalCertainty, Lang::En) => "Legal certainty",
            (ServiceFactor::Efficiency, Lang::En) => "Efficiency",
            (ServiceFactor::Overall, Lang::En) => "Overall",
        }
    }

    /// The question the survey asks.
    pub fn question(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ServiceFactor::Information, Lang::Sv) => {
                "Hur nöjd är du med informationen du fick, på webben och från oss?"
            }
            (ServiceFactor::Accessibility, Lang::Sv) => {
                "Hur lätt var det att komma i kontakt med rätt person?"
            }
            (ServiceFactor::Treatment, Lang::Sv) => "Hur nöjd är du med bemötandet?",
            (ServiceFactor::Competence, Lang::Sv) => {
                "Hur nöjd är du med kompetensen hos dem du hade kontakt med?"
            }
            (ServiceFactor::LegalCertainty, Lang::Sv) => {
                "Hur väl behandlades ditt ärende enligt regler och lika för alla?"
            }
            (ServiceFactor::Efficiency, Lang::Sv) => {
                "Hur nöjd är du med hur snabbt och smidigt ärendet hanterades?"
            }
            (ServiceFactor::Overall, Lang::Sv) => {
                "Hur nöjd är du sammantaget med kommunens service i ärendet?"
            }
            (ServiceFactor::Information, Lang::En) => {
                "How satisfied are you with the information you got, on the web and from us?"
            }
            (ServiceFactor::Accessibility, Lang::En) => {
                "How easy was it to reach the right person?"
            }
            (ServiceFactor::Treatment, Lang::En) => {
                "How satisfied are you with how you were treated?"
            }
            (ServiceFactor::Competence, Lang::En) => {
                "How satisfied are you with the competence of those you dealt with?"
            }
            (ServiceFactor::LegalCertainty, Lang::En) => {
                "How well was your case handled by the rules and equally for all?"
            }
            (ServiceFactor::Efficiency, Lang::En) => {
                "How satisfied are you with how quickly and smoothly the case was handled?"
            }
            (ServiceFactor::Overall, Lang::En) => {
                "Overall, how satisfied are you with the municipality's service in the case?"
            }
        }
    }
}

/// The longest comment a survey takes.
pub const SURVEY_COMMENT_MAX_CHARS: usize = 2000;
/// How long a survey link holds after the case closed.
pub const SURVEY_VALID_DAYS: i64 = 30;
/// Fewer answers than this in a period, area or department: no index, so that no single
/// company's answers can be recognised.
pub const MIN_ANSWERS_FOR_INDEX: i64 = 5;
/// A new case not contacted within this many days is a warning on the insights page.
pub const CONTACT_WITHIN_DAYS: i64 = 5;

/// The index 0–100 of a mean score on the 1–10 scale: 1 is 0 and 10 is 100, linearly (as the
/// national measurement of municipal service does).
pub fn service_index(mean_score: f64) -> f64 {
    (mean_score - 1.0) / 9.0 * 100.0
}

/// The survey as the company sends it: each factor's score as typed, and a comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyForm {
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub information: String,
    #[serde(default)]
    pub tillganglighet: String,
    #[serde(default)]
    pub bemotande: String,
    #[serde(default)]
    pub kompetens: String,
    #[serde(default)]
    pub rattssakerhet: String,
    #[serde(default)]
    pub effektivitet: String,
    #[serde(default)]
    pub helhet: String,
    #[serde(default)]
    pub kommentar: String,
}

/// A whole answer: a score 1–10 for each factor in [`ServiceFactor::ALL`]'s order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyAnswer {
    pub scores: [i16; 7],
    pub comment: String,
}

impl SurveyForm {
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.lang).unwrap_or_default()
    }

    /// What was typed for one factor.
    pub fn score_of(&self, factor: ServiceFactor) -> &str {
        match factor {
            ServiceFactor::Information => &self.information,
            ServiceFactor::Accessibility => &self.tillganglighet,
            ServiceFactor::Treatment => &self.bemotande,
            ServiceFactor::Competence => &self.kompetens,
            ServiceFactor::LegalCertainty => &self.rattssakerhet,
            ServiceFactor::Efficiency => &self.effektivitet,
            ServiceFactor::Overall => &self.helhet,
        }
    }

    /// The answer, or the field that is wrong and why, in the form's language.
    pub fn validate(&self) -> Result<SurveyAnswer, super::Problem> {
        let mut scores = [0i16; 7];
        for (i, factor) in ServiceFactor::ALL.into_iter().enumerate() {
            scores[i] = match self.score_of(factor).trim().parse::<i16>() {
                Ok(score) if (1..=10).contains(&score) => score,
                _ => {
                    return Err(super::Problem::field(
                        super::ProblemKind::Invalid,
                        factor.field(),
                        format!(
                            "Välj en siffra från 1 till 10 för {}.",
                            factor.label(Lang::Sv).to_lowercase()
                        ),
                    )
                    .in_english(format!(
                        "Choose a number from 1 to 10 for {}.",
                        factor.label(Lang::En).to_lowercase()
                    )));
                }
            };
        }
        let comment = self.kommentar.replace("\r\n", "\n");
        let comment = comment.trim();
        if let Err(problem) = super::check_text(comment, SURVEY_COMMENT_MAX_CHARS) {
            return Err(super::Problem::field(
                super::ProblemKind::Invalid,
                "kommentar",
                format!("Kommentaren: {}", problem.message(Lang::Sv)),
            )
            .in_english(format!("The comment: {}", problem.message(Lang::En))));
        }
        Ok(SurveyAnswer {
            scores,
            comment: comment.to_string(),
        })
    }
}

/// A survey the server refused, with what was chosen and why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RejectedSurvey {
    pub form: SurveyForm,
    pub problem: Option<super::Problem>,
}

/// What a survey link opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyLink {
    /// Not answered yet: the survey, about the case closed on this day.
    Open {
        closed_on: NaiveDate,
    },
    /// Answered already: a link works once.
    Answered,
    /// Past its end.
    Expired,
    Unknown,
}

/// The refusal of a survey link that has been used or has expired.
pub fn survey_gone(answered: bool) -> super::Problem {
    if answered {
        super::Problem::new(
            super::ProblemKind::Gone,
            "Enkäten är redan besvarad. Tack för dina svar!",
        )
        .in_english("The survey has been answered already. Thank you for your answers!")
    } else {
        super::Problem::new(
            super::ProblemKind::Gone,
            "Länken till enkäten har slutat gälla.",
        )
        .in_english("The link to the survey is no longer valid.")
    }
}

/// Where a survey's link leads.
pub fn survey_page(token: &str) -> String {
    format!("/enkat/{token}")
}

/// Land on offer: plots and hectares by where they stand. Reserved counts plots under
/// negotiation too; plots not for sale are not land on offer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Supply {
    pub label: String,
    pub available_plots: i64,
    pub available_m2: f64,
    pub reserved_plots: i64,
    pub reserved_m2: f64,
    pub sold_plots: i64,
    pub sold_m2: f64,
}

/// Land in one group (a locality, a use) at the end of one month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthlySupply {
    /// The month's name.
    pub month: String,
    pub supply: Supply,
}

/// What is coming: published future areas and detaljplaner in progress.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Coming {
    pub future_areas: i64,
    pub future_area_m2: f64,
    /// Plans published at a stage before they gain legal force (planbesked to antagen).
    pub plans_in_progress: i64,
}

/// Interests in one group (a month, an area, a use, a kind of question) and how far they came.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Funnel {
    pub label: String,
    pub interests: i64,
    pub contacted: i64,
    /// Reserved or sold.
    pub reserved: i64,
    pub sold: i64,
    /// Days from the interest to its first contact, and to its closing: median and 90th
    /// percentile (continuous, as PostgreSQL's `percentile_cont`), of the cases that got there.
    pub contact_days: Durations,
    pub closing_days: Durations,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Durations {
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

/// The survey's answers in one group and their index per factor, [`ServiceFactor::ALL`]'s
/// order; `None` under [`MIN_ANSWERS_FOR_INDEX`] answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyIndex {
    pub label: String,
    pub answers: i64,
    pub index: Option<Vec<f64>>,
}

/// Open cases that need someone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseWarnings {
    /// Open cases no contact person answers.
    pub without_owner: i64,
    /// New cases not contacted within [`CONTACT_WITHIN_DAYS`].
    pub not_contacted: i64,
}

/// The insights page: who reads it, and the figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InsightsPage {
    pub viewer: Viewer,
    pub insights: Insights,
}

/// Every figure of the insights page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Insights {
    /// The months shown, the oldest first, as their first days.
    pub months: Vec<NaiveDate>,
    pub supply_by_locality: Vec<Supply>,
    pub supply_by_use: Vec<Supply>,
    /// At the end of each month (today for the current one).
    pub supply_by_month: Vec<Supply>,
    /// Each locality's land at the end of each month, by locality, then month.
    pub supply_by_locality_month: Vec<MonthlySupply>,
    /// Each permitted use's land at the end of each month, by use, then month.
    pub supply_by_use_month: Vec<MonthlySupply>,
    pub coming: Coming,
    pub funnel_by_month: Vec<Funnel>,
    pub funnel_by_area: Vec<Funnel>,
    pub funnel_by_use: Vec<Funnel>,
    pub funnel_by_question: Vec<Funnel>,
    /// All interests of the months shown.
    pub funnel_total: Funnel,
    pub warnings: CaseWarnings,
    pub survey_total: SurveyIndex,
    pub survey_by_month: Vec<SurveyIndex>,
    pub survey_by_area: Vec<SurveyIndex>,
    pub survey_by_department: Vec<SurveyIndex>,
    /// Surveys sent and answered in the months shown.
    pub surveys_sent: i64,
    /// The comments companies wrote, the newest first, with the month only.
    pub comments: Vec<(NaiveDate, String)>,
}

/// One table of the insights page, as the page shows it and the CSV download writes it: the
/// same cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The page's sections, each with its table and its CSV download (`del`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsightSection {
    SupplyByLocality,
    SupplyByUse,
    SupplyByMonth,
    SupplyByLocalityMonth,
    SupplyByUseMonth,
    FunnelByMonth,
    FunnelByArea,
    FunnelByUse,
    FunnelByQuestion,
    SurveyTotal,
    SurveyByMonth,
    SurveyByArea,
    SurveyByDepartment,
}

impl InsightSection {
    pub const ALL: [InsightSection; 13] = [
        InsightSection::SupplyByLocality,
        InsightSection::SupplyByUse,
        InsightSection::SupplyByMonth,
        InsightSection::SupplyByLocalityMonth,
        InsightSection::SupplyByUseMonth,
        InsightSection::FunnelByMonth,
        InsightSection::FunnelByArea,
        InsightSection::FunnelByUse,
        InsightSection::FunnelByQuestion,
        InsightSection::SurveyTotal,
        InsightSection::SurveyByMonth,
        InsightSection::SurveyByArea,
        InsightSection::SurveyByDepartment,
    ];

    /// The download's `del` and the file's name.
    pub fn key(self) -> &'static str {
        match self {
            InsightSection::SupplyByLocality => "utbud-ort",
            InsightSection::SupplyByUse => "utbud-anvandning",
            InsightSection::SupplyByMonth => "utbud-manad",
            InsightSection::SupplyByLocalityMonth => "utbud-ort-manad",
            InsightSection::SupplyByUseMonth => "utbud-anvandning-manad",
            InsightSection::FunnelByMonth => "intresse-manad",
            InsightSection::FunnelByArea => "intresse-omrade",
            InsightSection::FunnelByUse => "intresse-anvandning",
            InsightSection::FunnelByQuestion => "intresse-fraga",
            InsightSection::SurveyTotal => "enkat-period",
            InsightSection::SurveyByMonth => "enkat-manad",
            InsightSection::SurveyByArea => "enkat-omrade",
            InsightSection::SurveyByDepartment => "enkat-forvaltning",
        }
    }

    pub fn from_key(key: &str) -> Option<InsightSection> {
        InsightSection::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn csv_href(self, lang: Lang) -> String {
        match lang {
            Lang::Sv => format!("/personal/insikter.csv?del={}", self.key()),
            Lang::En => format!("/personal/insikter.csv?del={}&lang=en", self.key()),
        }
    }

    /// The table of this section.
    pub fn table(self, insights: &Insights, lang: Lang) -> FigureTable {
        use InsightSection as S;
        let month = in_lang(lang, "Månad", "Month");
        let locality = in_lang(lang, "Ort", "Locality");
        let land_use = in_lang(lang, "Användning", "Permitted use");
        let area = in_lang(lang, "Verksamhetsområde", "Business area");
        let today =
            |rows: &[Supply], first| supply_table(&[first], rows.iter().map(|s| (vec![], s)), lang);
        let monthly = |rows: &[MonthlySupply], first| {
            let rows = rows.iter().map(|m| (vec![m.month.clone()], &m.supply));
            supply_table(&[first, month], rows, lang)
        };
        let i = insights;
        match self {
            S::SupplyByLocality => today(&i.supply_by_locality, locality),
            S::SupplyByUse => today(&i.supply_by_use, land_use),
            S::SupplyByMonth => today(&i.supply_by_month, month),
            S::SupplyByLocalityMonth => monthly(&i.supply_by_locality_month, locality),
            S::SupplyByUseMonth => monthly(&i.supply_by_use_month, land_use),
            S::FunnelByMonth => funnel_table(&i.funnel_by_month, month, lang),
            S::FunnelByArea => funnel_table(&i.funnel_by_area, area, lang),
            S::FunnelByUse => funnel_table(&i.funnel_by_use, land_use, lang),
            S::FunnelByQuestion => funnel_table(
                &i.funnel_by_question,
                in_lang(lang, "Fråga", "Question"),
                lang,
            ),
            S::SurveyTotal => survey_table(std::slice::from_ref(&i.survey_total), "Period", lang),
            S::SurveyByMonth => survey_table(&i.survey_by_month, month, lang),
            S::SurveyByArea => survey_table(&i.survey_by_area, area, lang),
            S::SurveyByDepartment => survey_table(
                &i.survey_by_department,
                in_lang(lang, "Förvaltning", "Department"),
                lang,
            ),
        }
    }
}

/// The text in the reader's language.
fn in_lang(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// A number with one decimal, the language's decimal sign.
pub fn format_decimal(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    match lang {
        Lang::Sv => text.replace('.', ",").replace('-', "−"),
        Lang::En => text,
    }
}

/// Hectares with two decimals, without the unit (the header says it).
fn hectares(m2: f64, lang: Lang) -> String {
    let text = format!("{:.2}", m2 / 10_000.0);
    match lang {
        Lang::Sv => text.replace('.', ","),
        Lang::En => text,
    }
}

/// Land per group: its label, the row's further leading cells (a month), then the figures.
fn supply_table<'a>(
    first: &[&str],
    rows: impl Iterator<Item = (Vec<String>, &'a Supply)>,
    lang: Lang,
) -> FigureTable {
    let h = |sv: &'static str, en: &'static str| in_lang(lang, sv, en).to_string();
    let mut headers: Vec<String> = first.iter().map(|f| f.to_string()).collect();
    headers.extend([
        h("Lediga tomter", "Available plots"),
        h("Ledigt (ha)", "Available (ha)"),
        h("Reserverade tomter", "Reserved plots"),
        h("Reserverat (ha)", "Reserved (ha)"),
        h("Sålda tomter", "Sold plots"),
        h("Sålt (ha)", "Sold (ha)"),
    ]);
    FigureTable {
        headers,
        rows: rows
            .map(|(more, s)| {
                let mut row = vec![s.label.clone()];
                row.extend(more);
                row.extend([
                    s.available_plots.to_string(),
                    hectares(s.available_m2, lang),
                    s.reserved_plots.to_string(),
                    hectares(s.reserved_m2, lang),
                    s.sold_plots.to_string(),
                    hectares(s.sold_m2, lang),
                ]);
                row
            })
            .collect(),
    }
}

/// A share of a whole, in whole percent ("–" of nothing).
pub fn percent_of(part: i64, whole: i64) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{} %", (part as f64 * 100.0 / whole as f64).round() as i64)
    }
}

fn days(value: Option<f64>, lang: Lang) -> String {
    value
        .map(|d| format_decimal(d, lang))
        .unwrap_or_else(|| "–".to_string())
}

fn funnel_table(rows: &[Funnel], first: &str, lang: Lang) -> FigureTable {
    let h = |sv: &'static str, en: &'static str| in_lang(lang, sv, en).to_string();
    FigureTable {
        headers: vec![
            first.to_string(),
            h("Intresseanmälningar", "Interests"),
            h("Kontaktade", "Contacted"),
            h("Andel kontaktade", "Share contacted"),
            h("Reserverade", "Reserved"),
            h("Andel reserverade", "Share reserved"),
            h("Sålda", "Sold"),
            h("Andel sålda", "Share sold"),
            h("Dagar till kontakt, median", "Days to contact, median"),
            h(
                "Dagar till kontakt, 90:e percentil",
                "Days to contact, 90th percentile",
            ),
            h("Dagar till avslut, median", "Days to closing, median"),
            h(
                "Dagar till avslut, 90:e percentil",
                "Days to closing, 90th percentile",
            ),
        ],
        rows: rows
            .iter()
            .map(|f| {
                vec![
                    f.label.clone(),
                    f.interests.to_string(),
                    f.contacted.to_string(),
                    percent_of(f.contacted, f.interests),
                    f.reserved.to_string(),
                    percent_of(f.reserved, f.interests),
                    f.sold.to_string(),
                    percent_of(f.sold, f.interests),
                    days(f.contact_days.median, lang),
                    days(f.contact_days.p90, lang),
                    days(f.closing_days.median, lang),
                    days(f.closing_days.p90, lang),
                ]
            })
            .collect(),
    }
}

fn survey_table(rows: &[SurveyIndex], first: &str, lang: Lang) -> FigureTable {
    let mut headers = vec![
        first.to_string(),
        in_lang(lang, "Svar", "Answers").to_string(),
    ];
    headers.extend(ServiceFactor::ALL.iter().map(|f| f.label(lang).to_string()));
    FigureTable {
        headers,
        rows: rows
            .iter()
            .map(|s| {
                let mut row = vec![s.label.clone(), s.answers.to_string()];
                match &s.index {
                    Some(index) => row.extend(index.iter().map(|i| format_decimal(*i, lang))),
                    None => row.extend(ServiceFactor::ALL.iter().map(|_| "–".to_string())),
                }
                row
            })
            .collect(),
    }
}

/// A month as the page names it: "mars 2026", "March 2026".
pub fn month_name(month: NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let i = month.month0() as usize;
    match lang {
        Lang::Sv => format!("{} {}", super::fact_sheet::MONTHS_SV[i], month.year()),
        Lang::En => format!("{} {}", super::fact_sheet::MONTHS_EN[i], month.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_runs_from_one_to_ten() {
        assert_eq!(service_index(1.0), 0.0);
        assert_eq!(service_index(10.0), 100.0);
        assert!((service_index(8.2) - 80.0).abs() < 1e-9);
    }

    #[test]
    fn a_survey_names_the_missing_score() {
        let mut form = SurveyForm {
            information: "8".into(),
            tillganglighet: "7".into(),
            bemotande: "10".into(),
            kompetens: "9".into(),
            rattssakerhet: "1".into(),
            effektivitet: "11".into(),
            helhet: "8".into(),
            ..Default::default()
        };
        assert_eq!(
            form.validate().unwrap_err().field.as_deref(),
            Some("effektivitet")
        );
        form.effektivitet = "6".into();
        form.kommentar = "Bra\r\n\r\nservice".into();
        let answer = form.validate().unwrap();
        assert_eq!(answer.scores, [8, 7, 10, 9, 1, 6, 8]);
        assert_eq!(answer.comment, "Bra\n\nservice");
        form.kommentar = "x\0".into();
        assert_eq!(
            form.validate().unwrap_err().field.as_deref(),
            Some("kommentar")
        );
    }
}
