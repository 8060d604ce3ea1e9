//! `/personal/insikter`, for the business development unit and management (admins and the
//! read-only `insights` role): how much land there is to offer and where, how fast companies
//! are answered and how far their interest goes, and how satisfied they are, month by month.
//! Counts, areas and durations only. Each chart is an SVG drawn here, readable without colour
//! (patterns and the figures written on the bars), beside a table of the same figures and a
//! CSV download of them (server/src/http/staff/insights.rs). In Swedish and English (`?lang=en`).
//!
//! Rendered on the server only (`crate::is_server_page`): it only reads.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::PageTitle;
use crate::domain::{
    CONTACT_WITHIN_DAYS, FigureTable, Funnel, InsightSection, Insights, InsightsPage, Lang,
    MIN_ANSWERS_FOR_INDEX, Permission, Problem, ServiceFactor, SurveyIndex, format_decimal,
    format_integer, month_name, percent_of,
};
use crate::staff::refused::Refused;
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::i18n::use_lang;

#[server(endpoint = "insights", output = crate::ui::codec::JsonAnswer)]
pub async fn get_insights(lang: Lang) -> Result<InsightsPage, Problem> {
    let viewer = authorise(Some(Permission::ReadInsights))?;
    expect_context::<SharedWorkspace>()
        .insights(viewer, lang)
        .await
        .map_err(unavailable)
}

#[component]
pub fn InsightsPageView() -> impl IntoView {
    let lang = use_lang();
    let x = InsightsTexts::of(lang);
    let page = Resource::new(move || lang, get_insights);
    view! {
        <PageTitle text=format!("{} – Markkartan", x.title) />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{x.title}</h1>
        <Suspense fallback=move || view! { <p>{x.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <WorkspaceBar viewer=page.viewer.clone() />
                        <Figures insights=page.insights lang />
                    }
                    .into_any(),
                    Err(problem) => view! { <Refused problem /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(insights: Insights, lang: Lang) -> impl IntoView {
    let x = InsightsTexts::of(lang);
    let period = match (insights.months.first(), insights.months.last()) {
        (Some(first), Some(last)) => format!(
            "{} {} – {}.",
            x.period,
            month_name(*first, lang),
            month_name(*last, lang)
        ),
        _ => String::new(),
    };
    let w = insights.warnings;
    let warnings = if w.without_owner == 0 && w.not_contacted == 0 {
        view! { <p data-field="warnings">{x.no_warnings}</p> }.into_any()
    } else {
        view! {
            <ul class="insight-warnings" data-field="warnings">
                {(w.not_contacted > 0).then(|| view! {
                    <li data-warning="not-contacted">
                        <strong>{format_integer(w.not_contacted, lang)}</strong> " " {x.not_contacted(CONTACT_WITHIN_DAYS)}
                    </li>
                })}
                {(w.without_owner > 0).then(|| view! {
                    <li data-warning="without-owner">
                        <strong>{format_integer(w.without_owner, lang)}</strong> " " {x.without_owner}
                    </li>
                })}
            </ul>
        }
        .into_any()
    };
    let hectares = |m2: f64| format_decimal(m2 / 10_000.0, lang);
    let land_series = [x.available, x.reserved, x.sold];
    let by_locality: Vec<(String, Vec<f64>)> = insights
        .supply_by_locality
        .iter()
        .map(|s| {
            (
                s.label.clone(),
                vec![s.available_m2 / 1e4, s.reserved_m2 / 1e4, s.sold_m2 / 1e4],
            )
        })
        .collect();
    let by_month_land: Vec<(String, Vec<f64>)> = insights
        .supply_by_month
        .iter()
        .map(|s| {
            (
                s.label.clone(),
                vec![s.available_m2 / 1e4, s.reserved_m2 / 1e4, s.sold_m2 / 1e4],
            )
        })
        .collect();
    let funnel_series = [x.interests, x.contacted, x.reserved_or_sold, x.sold];
    let funnel_rows: Vec<(String, Vec<f64>)> = insights
        .funnel_by_month
        .iter()
        .map(|f| {
            (
                f.label.clone(),
                vec![
                    f.interests as f64,
                    f.contacted as f64,
                    f.reserved as f64,
                    f.sold as f64,
                ],
            )
        })
        .collect();
    let coming = &insights.coming;
    let coming_text = x.coming(
        &format_integer(coming.future_areas, lang),
        &hectares(coming.future_area_m2),
        &format_integer(coming.plans_in_progress, lang),
    );
    let total = insights.funnel_total.clone();
    let survey_total = insights.survey_total.clone();
    let factor_rows: Vec<(String, Vec<f64>)> = match &survey_total.index {
        Some(index) => ServiceFactor::ALL
            .iter()
            .zip(index)
            .map(|(f, i)| (f.label(lang).to_string(), vec![*i]))
            .collect(),
        None => Vec::new(),
    };
    let comments = insights
        .comments
        .iter()
        .map(|(month, text)| {
            view! {
                <li>
                    <p class="insight-comment-month">{month_name(*month, lang)}</p>
                    <p class="insight-comment">{text.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let no_comments = insights.comments.is_empty();
    let table = |section: InsightSection, caption: &'static str| {
        view! { <SectionTable table=section.table(&insights, lang) section caption lang /> }
            .into_any()
    };
    let attention = view! {
        <section class="insight-section" aria-labelledby="insight-attention">
            <h2 id="insight-attention">{x.attention}</h2>
            {warnings}
        </section>
    }
    .into_any();
    let supply = view! {
        <section class="insight-section" aria-labelledby="insight-supply">
            <h2 id="insight-supply">{x.supply}</h2>
            <p>{x.supply_intro}</p>
            <div class="insight-pair">
                {view! { <BarChart id="chart-supply-locality" title=x.supply_by_locality series=land_series.to_vec() rows=by_locality unit=x.hectares lang /> }.into_any()}
                {table(InsightSection::SupplyByLocality, x.supply_by_locality)}
            </div>
            {table(InsightSection::SupplyByUse, x.supply_by_use)}
            <div class="insight-pair">
                {view! { <BarChart id="chart-supply-month" title=x.supply_by_month series=land_series.to_vec() rows=by_month_land unit=x.hectares lang /> }.into_any()}
                {table(InsightSection::SupplyByMonth, x.supply_by_month)}
            </div>
            {table(InsightSection::SupplyByLocalityMonth, x.supply_by_locality_month)}
            {table(InsightSection::SupplyByUseMonth, x.supply_by_use_month)}
            <h3>{x.coming_heading}</h3>
            <p data-field="coming">{coming_text}</p>
        </section>
    }
    .into_any();
    let funnel = view! {
        <section class="insight-section" aria-labelledby="insight-funnel">
            <h2 id="insight-funnel">{x.funnel}</h2>
            <FunnelSummary total lang />
            <div class="insight-pair">
                {view! { <BarChart id="chart-funnel-month" title=x.funnel_by_month series=funnel_series.to_vec() rows=funnel_rows unit=x.count counts=true lang /> }.into_any()}
                {table(InsightSection::FunnelByMonth, x.funnel_by_month)}
            </div>
            {table(InsightSection::FunnelByArea, x.funnel_by_area)}
            {table(InsightSection::FunnelByUse, x.funnel_by_use)}
            {table(InsightSection::FunnelByQuestion, x.funnel_by_question)}
            <p class="field-hint">{x.funnel_method}</p>
        </section>
    }
    .into_any();
    let factors = (!factor_rows.is_empty()).then(|| {
        view! {
            <BarChart id="chart-survey-factors" title=x.survey_factors series=vec![x.index] rows=factor_rows.clone() unit=x.index_unit lang />
        }
        .into_any()
    });
    let period_table = table(InsightSection::SurveyTotal, x.survey_total);
    let comments = if no_comments {
        view! { <p>{x.no_comments}</p> }.into_any()
    } else {
        view! { <ul class="insight-comments">{comments}</ul> }.into_any()
    };
    let survey = view! {
        <section class="insight-section" aria-labelledby="insight-survey">
            <h2 id="insight-survey">{x.survey}</h2>
            <SurveySummary total=survey_total sent=insights.surveys_sent lang />
            <div class="insight-pair">
                {factors}
                {period_table}
            </div>
            {table(InsightSection::SurveyByMonth, x.survey_by_month)}
            {table(InsightSection::SurveyByArea, x.survey_by_area)}
            {table(InsightSection::SurveyByDepartment, x.survey_by_department)}
            <p class="field-hint">{x.survey_method(MIN_ANSWERS_FOR_INDEX)}</p>
            <h3>{x.comments}</h3>
            {comments}
        </section>
    }
    .into_any();
    view! {
        <p class="insight-period">{period} " " {x.print_hint}</p>
        {attention}
        {supply}
        {funnel}
        {survey}
    }
}

/// The funnel of all interests in the period, in words and figures.
#[component]
fn FunnelSummary(total: Funnel, lang: Lang) -> impl IntoView {
    let x = InsightsTexts::of(lang);
    let days = |d: Option<f64>| {
        d.map(|d| format!("{} {}", format_decimal(d, lang), x.days))
            .unwrap_or_else(|| "–".to_string())
    };
    view! {
        <dl class="insight-summary" data-field="funnel-total">
            <dt>{x.interests}</dt><dd>{format_integer(total.interests, lang)}</dd>
            <dt>{x.contacted}</dt><dd>{format!("{} ({})", format_integer(total.contacted, lang), percent_of(total.contacted, total.interests))}</dd>
            <dt>{x.reserved_or_sold}</dt><dd>{format!("{} ({})", format_integer(total.reserved, lang), percent_of(total.reserved, total.interests))}</dd>
            <dt>{x.sold}</dt><dd>{format!("{} ({})", format_integer(total.sold, lang), percent_of(total.sold, total.interests))}</dd>
            <dt>{x.to_contact}</dt><dd data-field="contact-days">{format!("{} / {}", days(total.contact_days.median), days(total.contact_days.p90))}</dd>
            <dt>{x.to_closing}</dt><dd data-field="closing-days">{format!("{} / {}", days(total.closing_days.median), days(total.closing_days.p90))}</dd>
        </dl>
    }
}

#[component]
fn SurveySummary(total: SurveyIndex, sent: i64, lang: Lang) -> impl IntoView {
    let x = InsightsTexts::of(lang);
    let overall = match &total.index {
        Some(index) => format_decimal(index[ServiceFactor::ALL.len() - 1], lang),
        None => x.too_few.to_string(),
    };
    view! {
        <dl class="insight-summary" data-field="survey-total">
            <dt>{x.surveys_sent}</dt><dd>{format_integer(sent, lang)}</dd>
            <dt>{x.answers}</dt><dd>{format_integer(total.answers, lang)}</dd>
            <dt>{x.overall_index}</dt><dd data-field="overall-index">{overall}</dd>
        </dl>
    }
}

/// A section's figures as a table, with its CSV download.
#[component]
fn SectionTable(
    table: FigureTable,
    section: InsightSection,
    caption: &'static str,
    lang: Lang,
) -> impl IntoView {
    let x = InsightsTexts::of(lang);
    let headers = table
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    let empty = table.rows.is_empty();
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let first = cells.next().unwrap_or_default();
            view! {
                <tr>
                    <th scope="row">{first}</th>
                    {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="insight-table" data-section=section.key()>
            <div class="table-scroll" tabindex="0" role="region" aria-label=caption>
                <table>
                    <caption>{caption}</caption>
                    <thead><tr>{headers}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {empty.then(|| view! { <p>{x.nothing_yet}</p> })}
            <p class="insight-download">
                <a href=section.csv_href(lang) download="">{x.download} " " {caption} " (CSV)"</a>
            </p>
        </div>
    }
}

/// Horizontal bars, a group per row and a bar per series. Series are told apart by pattern
/// (solid, hatched, dotted, outlined) as well as shade, and every bar has its figure written
/// beside it, so the chart reads in black and white; the table beside it has the same figures.
#[component]
fn BarChart(
    id: &'static str,
    title: &'static str,
    series: Vec<&'static str>,
    rows: Vec<(String, Vec<f64>)>,
    unit: &'static str,
    /// Whole numbers (counts), not one decimal.
    #[prop(optional)]
    counts: bool,
    lang: Lang,
) -> impl IntoView {
    const WIDTH: f64 = 400.0;
    const LABEL_H: f64 = 19.0;
    const BAR_H: f64 = 13.0;
    const GAP: f64 = 10.0;
    /// A legend line per series, so long names never overlap.
    const LEGEND_LINE: f64 = 18.0;
    const VALUE_ROOM: f64 = 64.0;
    let max = rows
        .iter()
        .flat_map(|(_, values)| values.iter().copied())
        .fold(0.0_f64, f64::max);
    let scale = if max > 0.0 {
        (WIDTH - VALUE_ROOM) / max
    } else {
        0.0
    };
    let group_h = LABEL_H + BAR_H * series.len() as f64 + GAP;
    let legend_h = LEGEND_LINE * series.len() as f64 + 6.0;
    let height = legend_h + group_h * rows.len() as f64;
    let figure = move |value: f64| {
        if counts {
            format_integer(value.round() as i64, lang)
        } else {
            format_decimal(value, lang)
        }
    };
    let fill = move |i: usize| format!("url(#{id}-s{i})");
    let legend = series
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let y = i as f64 * LEGEND_LINE;
            view! {
                <rect x="0" y=y + 3.0 width="14" height="12" fill=fill(i) class="chart-bar" />
                <text x="20" y=y + 14.0 class="chart-text">{*name}</text>
            }
        })
        .collect_view();
    let groups = rows
        .into_iter()
        .enumerate()
        .map(|(r, (label, values))| {
            let top = legend_h + r as f64 * group_h;
            let bars = values
                .into_iter()
                .enumerate()
                .map(|(i, value)| {
                    let y = top + LABEL_H + i as f64 * BAR_H;
                    let w = (value * scale).max(if value > 0.0 { 1.0 } else { 0.0 });
                    view! {
                        <rect x="0" y=y width=w height=BAR_H - 1.0 fill=fill(i) class="chart-bar" />
                        <text x=w + 4.0 y=y + BAR_H - 2.5 class="chart-value">{figure(value)}</text>
                    }
                })
                .collect_view();
            view! {
                <text x="0" y=top + LABEL_H - 4.0 class="chart-text">{label}</text>
                {bars}
            }
        })
        .collect_view();
    let heading = format!("{title} ({unit})");
    view! {
        <figure class="insight-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-labelledby=format!("{id}-title")
                xmlns="http://www.w3.org/2000/svg"
            >
                <title id=format!("{id}-title")>{heading.clone()}</title>
                <defs>
                    <pattern id=format!("{id}-s0") width="4" height="4" patternUnits="userSpaceOnUse">
                        <rect width="4" height="4" class="chart-fill-0" />
                    </pattern>
                    <pattern id=format!("{id}-s1") width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" class="chart-fill-1" />
                        <line x1="0" y1="0" x2="0" y2="6" class="chart-line" />
                    </pattern>
                    <pattern id=format!("{id}-s2") width="5" height="5" patternUnits="userSpaceOnUse">
                        <rect width="5" height="5" class="chart-fill-2" />
                        <circle cx="2.5" cy="2.5" r="1.2" class="chart-dot" />
                    </pattern>
                    <pattern id=format!("{id}-s3") width="4" height="4" patternUnits="userSpaceOnUse">
                        <rect width="4" height="4" class="chart-fill-3" />
                    </pattern>
                </defs>
                {legend}
                {groups}
            </svg>
            <figcaption>{heading}</figcaption>
        </figure>
    }
}

struct InsightsTexts {
    title: &'static str,
    loading: &'static str,
    period: &'static str,
    print_hint: &'static str,
    attention: &'static str,
    no_warnings: &'static str,
    without_owner: &'static str,
    supply: &'static str,
    supply_intro: &'static str,
    supply_by_locality: &'static str,
    supply_by_use: &'static str,
    supply_by_month: &'static str,
    supply_by_locality_month: &'static str,
    survey_total: &'static str,
    supply_by_use_month: &'static str,
    coming_heading: &'static str,
    available: &'static str,
    reserved: &'static str,
    sold: &'static str,
    hectares: &'static str,
    funnel: &'static str,
    funnel_by_month: &'static str,
    funnel_by_area: &'static str,
    funnel_by_use: &'static str,
    funnel_by_question: &'static str,
    funnel_method: &'static str,
    interests: &'static str,
    contacted: &'static str,
    reserved_or_sold: &'static str,
    to_contact: &'static str,
    to_closing: &'static str,
    days: &'static str,
    count: &'static str,
    survey: &'static str,
    survey_factors: &'static str,
    survey_by_month: &'static str,
    survey_by_area: &'static str,
    survey_by_department: &'static str,
    surveys_sent: &'static str,
    answers: &'static str,
    overall_index: &'static str,
    too_few: &'static str,
    index: &'static str,
    index_unit: &'static str,
    comments: &'static str,
    no_comments: &'static str,
    nothing_yet: &'static str,
    download: &'static str,
}

impl InsightsTexts {
    fn of(lang: Lang) -> &'static InsightsTexts {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    fn not_contacted(&self, days: i64) -> String {
        if std::ptr::eq(self, &EN) {
            format!("new cases not contacted within {days} days")
        } else {
            format!("nya ärenden utan kontakt efter {days} dagar")
        }
    }

    fn coming(&self, areas: &str, hectares: &str, plans: &str) -> String {
        if std::ptr::eq(self, &EN) {
            format!(
                "{areas} published future areas ({hectares} ha) and {plans} detaljplaner in progress."
            )
        } else {
            format!(
                "{areas} publicerade framtida områden ({hectares} ha) och {plans} detaljplaner under arbete."
            )
        }
    }

    fn survey_method(&self, min: i64) -> String {
        if std::ptr::eq(self, &EN) {
            format!(
                "Each factor is answered on a scale of 1–10. The index is the mean score on a \
                 scale of 0–100: (mean − 1) ÷ 9 × 100. With fewer than {min} answers no index \
                 is shown, so that no single company can be recognised. Answers never name \
                 the company."
            )
        } else {
            format!(
                "Varje faktor besvaras på en skala 1–10. Index är medelbetyget på en skala \
                 0–100: (medel − 1) ÷ 9 × 100. Med färre än {min} svar visas inget index, så \
                 att inget enskilt företag kan kännas igen. Svaren visas aldrig med företagets \
                 namn."
            )
        }
    }
}

static SV: InsightsTexts = InsightsTexts {
    title: "Insikter",
    loading: "Laddar …",
    period: "Perioden är",
    print_hint: "Sidan kan skrivas ut som den är.",
    attention: "Att åtgärda",
    no_warnings: "Inga öppna ärenden väntar på kontakt eller saknar ansvarig.",
    without_owner: "öppna ärenden utan ansvarig kontaktperson",
    supply: "Mark att erbjuda",
    supply_intro: "Publicerade tomter efter status. Reserverat räknar också tomter under förhandling; tomter som inte är till salu räknas inte. En tomt med flera användningar räknas under var och en.",
    supply_by_locality: "Mark i dag per ort",
    supply_by_use: "Mark i dag per användning",
    supply_by_month: "Mark vid varje månads slut",
    supply_by_locality_month: "Mark per ort vid varje månads slut",
    survey_total: "Index för hela perioden",
    supply_by_use_month: "Mark per användning vid varje månads slut",
    coming_heading: "Det som kommer",
    available: "Ledigt",
    reserved: "Reserverat",
    sold: "Sålt",
    hectares: "hektar",
    funnel: "Intresse och svarstider",
    funnel_by_month: "Intresseanmälningar per månad",
    funnel_by_area: "Intresseanmälningar per verksamhetsområde",
    funnel_by_use: "Intresseanmälningar per användning (tomtens)",
    funnel_by_question: "Intresseanmälningar per frågeområde",
    funnel_method: "Kontaktad: ärendet har lämnat statusen ny. Reserverad och såld: det utfall handläggaren har angett (såld räknas också som reserverad). Tider räknas i dagar från anmälan, som median och 90:e percentil, bland de ärenden som nått dit.",
    interests: "Intresseanmälningar",
    contacted: "Kontaktade",
    reserved_or_sold: "Reserverade eller sålda",
    to_contact: "Dagar till första kontakt (median / 90:e percentil)",
    to_closing: "Dagar till avslut (median / 90:e percentil)",
    days: "dagar",
    count: "antal",
    survey: "Nöjdhet med servicen",
    survey_factors: "Index per servicefaktor, hela perioden",
    survey_by_month: "Index per månad",
    survey_by_area: "Index per verksamhetsområde",
    survey_by_department: "Index per ansvarig förvaltning",
    surveys_sent: "Enkäter skickade",
    answers: "Svar",
    overall_index: "Index för helheten (0–100)",
    too_few: "För få svar för ett index",
    index: "Index",
    index_unit: "0–100",
    comments: "Kommentarer",
    no_comments: "Inga kommentarer ännu.",
    nothing_yet: "Inget att visa för perioden ännu.",
    download: "Ladda ner",
};

static EN: InsightsTexts = InsightsTexts {
    title: "Insights",
    loading: "Loading …",
    period: "The period is",
    print_hint: "The page prints as it is.",
    attention: "Needs attention",
    no_warnings: "No open case is waiting for contact or lacks a responsible person.",
    without_owner: "open cases without a responsible contact person",
    supply: "Land to offer",
    supply_intro: "Published plots by status. Reserved includes plots under negotiation; plots not for sale are not counted. A plot with several uses counts under each.",
    supply_by_locality: "Land today by locality",
    supply_by_use: "Land today by permitted use",
    supply_by_month: "Land at the end of each month",
    supply_by_locality_month: "Land by locality at the end of each month",
    survey_total: "Index for the whole period",
    supply_by_use_month: "Land by permitted use at the end of each month",
    coming_heading: "What is coming",
    available: "Available",
    reserved: "Reserved",
    sold: "Sold",
    hectares: "hectares",
    funnel: "Interest and response times",
    funnel_by_month: "Interests per month",
    funnel_by_area: "Interests per business area",
    funnel_by_use: "Interests per use (the plot's)",
    funnel_by_question: "Interests per kind of question",
    funnel_method: "Contacted: the case has left the status new. Reserved and sold: the outcome its handler recorded (sold counts as reserved too). Times are days from the interest, as the median and 90th percentile, among the cases that got there.",
    interests: "Interests",
    contacted: "Contacted",
    reserved_or_sold: "Reserved or sold",
    to_contact: "Days to first contact (median / 90th percentile)",
    to_closing: "Days to closing (median / 90th percentile)",
    days: "days",
    count: "count",
    survey: "Satisfaction with the service",
    survey_factors: "Index per service factor, whole period",
    survey_by_month: "Index per month",
    survey_by_area: "Index per business area",
    survey_by_department: "Index per responsible department",
    surveys_sent: "Surveys sent",
    answers: "Answers",
    overall_index: "Overall index (0–100)",
    too_few: "Too few answers for an index",
    index: "Index",
    index_unit: "0–100",
    comments: "Comments",
    no_comments: "No comments yet.",
    nothing_yet: "Nothing to show for the period yet.",
    download: "Download",
};
