//! Comparing published plots side by side (`/jamfor?tomt=ID&tomt=ID…`): which plots, read from
//! the URL so a comparison can be shared, and what the page shows of them.

use serde::{Deserialize, Serialize};

use super::{FactSheet, Lang, Problem, ProblemKind};

/// The URL parameter that names a compared plot, once per plot.
pub const COMPARE_PARAM: &str = "tomt";
/// At most this many plots side by side: four columns still fit one A4 page and a phone.
pub const MAX_COMPARED: usize = 4;
/// At most this many plots are offered to add, the nearest in name and area first.
pub const MAX_COMPARE_CHOICES: usize = 200;

/// The plots a comparison shows, and what may be added to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The asked plots that are published, in the order asked.
    pub sheets: Vec<FactSheet>,
    /// Asked plots that are not (or no longer) published.
    pub missing: Vec<i64>,
    /// Other published, unsold plots to add: in the compared plots' business areas, or any
    /// when none is compared yet.
    pub choices: Vec<CompareChoice>,
}

impl Comparison {
    /// The ids of the plots shown, in their order.
    pub fn ids(&self) -> Vec<i64> {
        self.sheets.iter().map(|s| s.id).collect()
    }
}

/// A plot the comparison may add.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CompareChoice {
    pub id: i64,
    pub designation: String,
    pub business_area: String,
    pub area_m2: f64,
}

/// The plot ids a URL's `tomt` values name: whole numbers, each once, in the order given, at
/// most [`MAX_COMPARED`]. Refused naming `tomt` otherwise.
pub fn parse_compared(values: &[String]) -> Result<Vec<i64>, Problem> {
    let mut ids: Vec<i64> = Vec::new();
    for value in values {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let Some(id) = value
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0 && value.len() <= 19)
        else {
            return Err(Problem::field(
                ProblemKind::BadRequest,
                COMPARE_PARAM,
                "Ett tomtnummer att jämföra är inte ett nummer.",
            )
            .in_english("A plot number to compare is not a number."));
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > MAX_COMPARED {
        return Err(Problem::field(
            ProblemKind::BadRequest,
            COMPARE_PARAM,
            format!("Högst {MAX_COMPARED} tomter kan jämföras åt gången."),
        )
        .in_english(format!(
            "At most {MAX_COMPARED} plots can be compared at a time."
        )));
    }
    Ok(ids)
}

/// The comparison of these plots, in the given language: `/jamfor?tomt=1&tomt=2`.
pub fn compare_href(ids: &[i64], lang: Lang) -> String {
    let query: Vec<String> = ids
        .iter()
        .map(|id| format!("{COMPARE_PARAM}={id}"))
        .collect();
    let path = if query.is_empty() {
        "/jamfor".to_string()
    } else {
        format!("/jamfor?{}", query.join("&"))
    };
    match lang {
        Lang::Sv => path,
        Lang::En if query.is_empty() => format!("{path}?lang=en"),
        Lang::En => format!("{path}&lang=en"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn the_plots_are_read_once_each_in_order() {
        assert_eq!(
            parse_compared(&strings(&["3", " 1", "3", "", "2"])).unwrap(),
            vec![3, 1, 2]
        );
        assert_eq!(parse_compared(&[]).unwrap(), Vec::<i64>::new());
    }

    #[test]
    fn anything_but_a_plot_number_is_refused_naming_tomt() {
        for bad in [
            "x",
            "-1",
            "0",
            "1e3",
            "<script>",
            "1\u{0}",
            "99999999999999999999",
        ] {
            let problem = parse_compared(&strings(&[bad])).unwrap_err();
            assert_eq!(problem.field.as_deref(), Some(COMPARE_PARAM), "{bad}");
            assert_eq!(problem.status(), 400);
        }
    }

    #[test]
    fn at_most_four_plots_are_compared() {
        assert_eq!(
            parse_compared(&strings(&["1", "2", "3", "4", "4"])).unwrap(),
            vec![1, 2, 3, 4]
        );
        let problem = parse_compared(&strings(&["1", "2", "3", "4", "5"])).unwrap_err();
        assert_eq!(problem.field.as_deref(), Some("tomt"));
        assert!(problem.message(Lang::En).contains("At most 4"));
    }

    #[test]
    fn the_address_keeps_the_plots_and_the_language() {
        assert_eq!(compare_href(&[1, 2], Lang::Sv), "/jamfor?tomt=1&tomt=2");
        assert_eq!(compare_href(&[1], Lang::En), "/jamfor?tomt=1&lang=en");
        assert_eq!(compare_href(&[], Lang::En), "/jamfor?lang=en");
    }
}
