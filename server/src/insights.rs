//! The insights page's figures for the business development unit (`/personal/insikter`): land
//! on offer by locality, use and month; the interest funnel and response times by month, area,
//! use and kind of question; the service survey's index; the open cases that need someone.
//! Everything is a count, an area or a duration (db/insights.rs); labels come in the reader's
//! language.

use chrono::NaiveDate;
use markkartan_app::domain::{
    CONTACT_WITHIN_DAYS, CaseWarnings, Coming, Durations, Funnel, Insights, LandUse, Lang,
    MIN_ANSWERS_FOR_INDEX, MonthlySupply, QuestionKind, Supply, SurveyIndex, month_name,
    service_index,
};
use sqlx::PgPool;

use crate::db::insights::{self as db, FunnelBy, SupplyBy, SurveyBy};

/// How many calendar months the page shows, this one included.
pub const MONTHS_SHOWN: i32 = 12;

pub async fn insights(pool: &PgPool, lang: Lang) -> Result<Insights, sqlx::Error> {
    let months = db::months(pool, MONTHS_SHOWN).await?;
    let from = months.first().copied().unwrap_or_default();
    let none = |sv: &str, en: &str| match lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    };
    let month_label = |key: &str| {
        NaiveDate::parse_from_str(key, "%Y-%m-%d")
            .map(|m| month_name(m, lang))
            .unwrap_or_else(|_| key.to_string())
    };
    let use_label = |key: &str| match LandUse::from_code(key) {
        Some(code) => code.label(lang).to_string(),
        None => none("Ingen angiven", "None given"),
    };
    let area_label = |key: &str| {
        if key.is_empty() {
            none("Inget särskilt område", "No particular area")
        } else {
            key.to_string()
        }
    };
    let question_label = |key: &str| {
        QuestionKind::from_key(key)
            .map(|q| q.label(lang).to_string())
            .unwrap_or_else(|| key.to_string())
    };
    let department_label = |key: &str| {
        if key.is_empty() {
            none("Ingen angiven", "None given")
        } else {
            key.to_string()
        }
    };

    let (future_areas, future_area_m2, plans_in_progress) = db::coming(pool).await?;
    let (without_owner, not_contacted) = db::warnings(pool, CONTACT_WITHIN_DAYS).await?;
    let all = |_: &str| none("Alla", "All");
    let funnel_total = funnel_rows(pool, from, FunnelBy::Total, &all)
        .await?
        .pop()
        .unwrap_or_else(|| Funnel {
            label: all(""),
            ..Funnel::default()
        });
    let survey_total = survey_rows(pool, from, SurveyBy::Total, &all)
        .await?
        .pop()
        .unwrap_or_else(|| SurveyIndex {
            label: all(""),
            ..SurveyIndex::default()
        });
    let key = |k: &str| k.to_string();
    Ok(Insights {
        supply_by_locality: supply(db::supply_by_locality(pool).await?, &key),
        supply_by_use: by_label(supply(db::supply_by_use(pool).await?, &use_label), |s| {
            &s.label
        }),
        supply_by_month: monthly_supply(pool, from, &months, SupplyBy::Total, &key, lang)
            .await?
            .into_iter()
            .map(|m| Supply {
                label: m.month,
                ..m.supply
            })
            .collect(),
        supply_by_locality_month: monthly_supply(
            pool,
            from,
            &months,
            SupplyBy::Locality,
            &key,
            lang,
        )
        .await?,
        supply_by_use_month: by_label(
            monthly_supply(pool, from, &months, SupplyBy::Use, &use_label, lang).await?,
            |m| &m.supply.label,
        ),
        coming: Coming {
            future_areas,
            future_area_m2,
            plans_in_progress,
        },
        funnel_by_month: with_every_month(
            &months,
            funnel_rows(pool, from, FunnelBy::Month, &key).await?,
            lang,
        ),
        funnel_by_area: funnel_rows(pool, from, FunnelBy::BusinessArea, &area_label).await?,
        funnel_by_use: by_label(
            funnel_rows(pool, from, FunnelBy::Use, &use_label).await?,
            |f| &f.label,
        ),
        funnel_by_question: funnel_rows(pool, from, FunnelBy::Question, &question_label).await?,
        funnel_total,
        warnings: CaseWarnings {
            without_owner,
            not_contacted,
        },
        survey_total,
        survey_by_month: survey_rows(pool, from, SurveyBy::Month, &month_label).await?,
        survey_by_area: survey_rows(pool, from, SurveyBy::BusinessArea, &area_label).await?,
        survey_by_department: survey_rows(pool, from, SurveyBy::Department, &department_label)
            .await?,
        surveys_sent: db::surveys_sent(pool, from).await?,
        comments: db::comments(pool, from).await?,
        months,
    })
}

/// Groups in the order of their labels (uses are keyed by code), rows of a group kept in order.
fn by_label<T>(mut rows: Vec<T>, label: impl Fn(&T) -> &String) -> Vec<T> {
    rows.sort_by(|a, b| label(a).cmp(label(b)));
    rows
}

/// A label for a group's key, in the reader's language.
type Label<'a> = &'a (dyn Fn(&str) -> String + Sync);

async fn funnel_rows(
    pool: &PgPool,
    from: NaiveDate,
    by: FunnelBy,
    label: Label<'_>,
) -> Result<Vec<Funnel>, sqlx::Error> {
    Ok(db::funnel(pool, from, by)
        .await?
        .into_iter()
        .map(|row| funnel_of(row, label))
        .collect())
}

async fn survey_rows(
    pool: &PgPool,
    from: NaiveDate,
    by: SurveyBy,
    label: Label<'_>,
) -> Result<Vec<SurveyIndex>, sqlx::Error> {
    Ok(db::survey(pool, from, by)
        .await?
        .into_iter()
        .map(|row| index_of(row, label))
        .collect())
}

fn supply(rows: Vec<db::SupplyRow>, label: Label<'_>) -> Vec<Supply> {
    rows.into_iter().map(|row| supply_of(row, label)).collect()
}

fn supply_of(row: db::SupplyRow, label: Label<'_>) -> Supply {
    let (key, available_plots, available_m2, reserved_plots, reserved_m2, sold_plots, sold_m2) =
        row;
    Supply {
        label: label(&key),
        available_plots,
        available_m2,
        reserved_plots,
        reserved_m2,
        sold_plots,
        sold_m2,
    }
}

/// Each group's land in every month shown, by group, then month; a month in which a group had
/// no land on offer counts zeros, so every group has a row for every month.
async fn monthly_supply(
    pool: &PgPool,
    from: NaiveDate,
    months: &[NaiveDate],
    by: SupplyBy,
    label: Label<'_>,
    lang: Lang,
) -> Result<Vec<MonthlySupply>, sqlx::Error> {
    let mut found = std::collections::HashMap::new();
    let mut keys = vec![];
    for (month, key, ap, am, rp, rm, sp, sm) in db::supply_by_month(pool, from, by).await? {
        if keys.last() != Some(&key) {
            keys.push(key.clone());
        }
        found.insert((month, key.clone()), (key, ap, am, rp, rm, sp, sm));
    }
    if by == SupplyBy::Total {
        keys = vec![String::new()];
    }
    Ok(keys
        .iter()
        .flat_map(|key| months.iter().map(move |month| (key, month)))
        .map(|(key, month)| MonthlySupply {
            month: month_name(*month, lang),
            supply: match found.remove(&(month.to_string(), key.clone())) {
                Some(row) => supply_of(row, label),
                None => Supply {
                    label: label(key),
                    ..Supply::default()
                },
            },
        })
        .collect())
}

fn funnel_of(row: db::FunnelRow, label: Label<'_>) -> Funnel {
    let (key, interests, contacted, reserved, sold, cm, c90, xm, x90) = row;
    Funnel {
        label: label(&key),
        interests,
        contacted,
        reserved,
        sold,
        contact_days: Durations {
            median: cm,
            p90: c90,
        },
        closing_days: Durations {
            median: xm,
            p90: x90,
        },
    }
}

/// Every month shown, those without interests as zeros, labelled by name.
fn with_every_month(months: &[NaiveDate], rows: Vec<Funnel>, lang: Lang) -> Vec<Funnel> {
    months
        .iter()
        .map(|month| {
            let key = month.to_string();
            let found = rows.iter().find(|row| row.label == key).cloned();
            Funnel {
                label: month_name(*month, lang),
                ..found.unwrap_or_default()
            }
        })
        .collect()
}

/// The index of each factor, when enough answered that no one can be recognised.
fn index_of(row: db::SurveyRow, label: Label<'_>) -> SurveyIndex {
    let (key, answers, means) = row;
    SurveyIndex {
        label: label(&key),
        answers,
        index: (answers >= MIN_ANSWERS_FOR_INDEX)
            .then(|| means.into_iter().map(service_index).collect()),
    }
}
