//! What a company looks for: the filters of the plot list (and, later, the map), as they stand
//! in the URL. Parsing names the field that is wrong; writing gives the same URL back, so a
//! shared link reproduces the search exactly.

use serde::{Deserialize, Serialize};

use super::{LandUse, Lang, PlotStatus, parse_whole_number};

/// A search for plots. Empty lists and `None` mean "any".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlotFilter {
    pub statuses: Vec<PlotStatus>,
    pub uses: Vec<LandUse>,
    pub locality: Option<String>,
    pub business_area: Option<String>,
    pub min_area_m2: Option<u32>,
    pub max_area_m2: Option<u32>,
    pub max_price_sek_per_m2: Option<u32>,
    pub water_sewage_connected: bool,
    pub min_electrical_capacity_kw: Option<u32>,
    pub district_heating: bool,
    pub sort: PlotSort,
}

/// The order of the plot list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotSort {
    /// By locality, then business area and designation.
    #[default]
    Locality,
    AreaAscending,
    AreaDescending,
    PriceAscending,
    PriceDescending,
}

impl PlotSort {
    pub const ALL: [PlotSort; 5] = [
        PlotSort::Locality,
        PlotSort::AreaAscending,
        PlotSort::AreaDescending,
        PlotSort::PriceAscending,
        PlotSort::PriceDescending,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PlotSort::Locality => "ort",
            PlotSort::AreaAscending => "yta",
            PlotSort::AreaDescending => "-yta",
            PlotSort::PriceAscending => "pris",
            PlotSort::PriceDescending => "-pris",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlotSort::Locality, Lang::Sv) => "Ort och område",
            (PlotSort::AreaAscending, Lang::Sv) => "Yta, minst först",
            (PlotSort::AreaDescending, Lang::Sv) => "Yta, störst först",
            (PlotSort::PriceAscending, Lang::Sv) => "Pris per m², lägst först",
            (PlotSort::PriceDescending, Lang::Sv) => "Pris per m², högst först",
            (PlotSort::Locality, Lang::En) => "Locality and area",
            (PlotSort::AreaAscending, Lang::En) => "Area, smallest first",
            (PlotSort::AreaDescending, Lang::En) => "Area, largest first",
            (PlotSort::PriceAscending, Lang::En) => "Price per m², lowest first",
            (PlotSort::PriceDescending, Lang::En) => "Price per m², highest first",
        }
    }
}

/// The URL parameter of each filter field (Swedish, like the site's paths).
pub mod param {
    pub const STATUS: &str = "status";
    pub const USE: &str = "anvandning";
    pub const LOCALITY: &str = "ort";
    pub const BUSINESS_AREA: &str = "omrade";
    pub const MIN_AREA: &str = "min_yta";
    pub const MAX_AREA: &str = "max_yta";
    pub const MAX_PRICE: &str = "max_pris";
    pub const WATER_SEWAGE: &str = "va";
    pub const MIN_CAPACITY: &str = "min_effekt";
    pub const DISTRICT_HEATING: &str = "fjarrvarme";
    pub const SORT: &str = "sortera";
    /// The plot list's page, from 1. The filter form owns it too: a new filter starts at the
    /// first page.
    pub const PAGE: &str = "sida";

    /// Every parameter the filter form owns.
    pub const ALL: &[&str] = &[
        STATUS,
        USE,
        LOCALITY,
        BUSINESS_AREA,
        MIN_AREA,
        MAX_AREA,
        MAX_PRICE,
        WATER_SEWAGE,
        MIN_CAPACITY,
        DISTRICT_HEATING,
        SORT,
        PAGE,
    ];
}

/// A filter field whose value could not be understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    /// The URL parameter, e.g. `min_yta`.
    pub field: &'static str,
    pub problem: FilterProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterProblem {
    NotAWholeNumber,
    UnknownValue,
    MinAboveMax,
    /// A name that cannot be searched for: a control character, or far longer than any name.
    NotAName,
    /// A page of the list that is not a whole number from 1.
    NotAPage,
}

impl FilterProblem {
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FilterProblem::NotAWholeNumber, Lang::Sv) => "Ange ett heltal, till exempel 5000.",
            (FilterProblem::UnknownValue, Lang::Sv) => "Värdet finns inte bland valen.",
            (FilterProblem::MinAboveMax, Lang::Sv) => "Minsta yta är större än största yta.",
            (FilterProblem::NotAWholeNumber, Lang::En) => "Enter a whole number, e.g. 5000.",
            (FilterProblem::UnknownValue, Lang::En) => "The value is not one of the choices.",
            (FilterProblem::MinAboveMax, Lang::En) => {
                "The minimum area is larger than the maximum area."
            }
            (FilterProblem::NotAName, Lang::Sv) => {
                "Namnet går inte att söka på (ett kontrolltecken, eller för långt)."
            }
            (FilterProblem::NotAName, Lang::En) => {
                "The name cannot be searched for (a control character, or too long)."
            }
            (FilterProblem::NotAPage, Lang::Sv) => "Sidan ska vara ett heltal från 1.",
            (FilterProblem::NotAPage, Lang::En) => "The page must be a whole number from 1.",
        }
    }
}

impl PlotFilter {
    /// Reads the filter from URL parameters given as (name, value) pairs. Empty values mean
    /// "any". Every field that cannot be understood is reported; the rest still applies.
    pub fn from_params<'a>(
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (PlotFilter, Vec<FilterError>) {
        let mut filter = PlotFilter::default();
        let mut errors = Vec::new();
        let mut number = |field: &'static str, value: &str| -> Option<u32> {
            let n = parse_whole_number(value);
            if n.is_none() {
                errors.push(FilterError {
                    field,
                    problem: FilterProblem::NotAWholeNumber,
                });
            }
            n
        };
        let mut unknown = Vec::new();
        let mut not_names = Vec::new();
        for (name, value) in params {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match name {
                param::STATUS => match PlotStatus::from_key(value) {
                    Some(status) if !filter.statuses.contains(&status) => {
                        filter.statuses.push(status)
                    }
                    Some(_) => {}
                    None => unknown.push(param::STATUS),
                },
                param::USE => match LandUse::from_code(value) {
                    Some(land_use) if !filter.uses.contains(&land_use) => {
                        filter.uses.push(land_use)
                    }
                    Some(_) => {}
                    None => unknown.push(param::USE),
                },
                param::LOCALITY | param::BUSINESS_AREA
                    if super::check_text(value, super::NAME_MAX_CHARS).is_err() =>
                {
                    not_names.push(if name == param::LOCALITY {
                        param::LOCALITY
                    } else {
                        param::BUSINESS_AREA
                    })
                }
                param::LOCALITY => filter.locality = Some(value.to_string()),
                param::BUSINESS_AREA => filter.business_area = Some(value.to_string()),
                param::MIN_AREA => filter.min_area_m2 = number(param::MIN_AREA, value),
                param::MAX_AREA => filter.max_area_m2 = number(param::MAX_AREA, value),
                param::MAX_PRICE => filter.max_price_sek_per_m2 = number(param::MAX_PRICE, value),
                param::MIN_CAPACITY => {
                    filter.min_electrical_capacity_kw = number(param::MIN_CAPACITY, value)
                }
                param::WATER_SEWAGE => filter.water_sewage_connected = value == "ja",
                param::DISTRICT_HEATING => filter.district_heating = value == "ja",
                param::SORT => match PlotSort::ALL.into_iter().find(|s| s.key() == value) {
                    Some(sort) => filter.sort = sort,
                    None => unknown.push(param::SORT),
                },
                _ => {}
            }
        }
        for field in not_names {
            errors.push(FilterError {
                field,
                problem: FilterProblem::NotAName,
            });
        }
        for field in unknown {
            if !errors.iter().any(|e| e.field == field) {
                errors.push(FilterError {
                    field,
                    problem: FilterProblem::UnknownValue,
                });
            }
        }
        if let (Some(min), Some(max)) = (filter.min_area_m2, filter.max_area_m2)
            && min > max
        {
            errors.push(FilterError {
                field: param::MIN_AREA,
                problem: FilterProblem::MinAboveMax,
            });
        }
        // Order the statuses and uses as the lists do, so equal filters are equal values.
        filter
            .statuses
            .sort_by_key(|s| PlotStatus::ALL.iter().position(|x| x == s));
        filter
            .uses
            .sort_by_key(|u| LandUse::ALL.iter().position(|x| x == u));
        (filter, errors)
    }

    /// A filter sent as JSON (to the list's server function) meets the rules a URL's does: its
    /// names are searchable texts. Refused naming the field.
    pub fn check(&self) -> Result<(), super::Problem> {
        for (field, value) in [
            (param::LOCALITY, &self.locality),
            (param::BUSINESS_AREA, &self.business_area),
        ] {
            if let Some(value) = value
                && super::check_text(value, super::NAME_MAX_CHARS).is_err()
            {
                return Err(super::Problem::field(
                    super::ProblemKind::BadRequest,
                    field,
                    FilterProblem::NotAName.message(Lang::Sv),
                )
                .in_english(FilterProblem::NotAName.message(Lang::En)));
            }
        }
        Ok(())
    }

    /// True when the filter lets every plot through (the order does not count).
    pub fn is_any(&self) -> bool {
        PlotFilter {
            sort: PlotSort::default(),
            ..self.clone()
        } == PlotFilter::default()
    }

    /// How many of the filters narrow the plots (each status or use ticked, each place, limit
    /// or requirement set): what the folded filter form's button says.
    pub fn active_count(&self) -> usize {
        self.to_params()
            .iter()
            .filter(|(name, _)| *name != param::SORT)
            .count()
    }

    /// The filter as URL parameters, in a fixed order, leaving out what is "any".
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        for status in &self.statuses {
            params.push((param::STATUS, status.key().to_string()));
        }
        for land_use in &self.uses {
            params.push((param::USE, land_use.code().to_string()));
        }
        if let Some(locality) = &self.locality {
            params.push((param::LOCALITY, locality.clone()));
        }
        if let Some(area) = &self.business_area {
            params.push((param::BUSINESS_AREA, area.clone()));
        }
        let numbers = [
            (param::MIN_AREA, self.min_area_m2),
            (param::MAX_AREA, self.max_area_m2),
            (param::MAX_PRICE, self.max_price_sek_per_m2),
            (param::MIN_CAPACITY, self.min_electrical_capacity_kw),
        ];
        for (name, value) in numbers {
            if let Some(value) = value {
                params.push((name, value.to_string()));
            }
        }
        if self.water_sewage_connected {
            params.push((param::WATER_SEWAGE, "ja".to_string()));
        }
        if self.district_heating {
            params.push((param::DISTRICT_HEATING, "ja".to_string()));
        }
        if self.sort != PlotSort::default() {
            params.push((param::SORT, self.sort.key().to_string()));
        }
        params
    }
}

/// The plot list shows this many plots a page (`?sida=2` the next): a municipality's 10,000
/// plots on one page were 11 MB of HTML, a quarter of a million elements.
pub const PLOTS_PER_PAGE: u32 = 100;

/// The farthest page a URL may ask for: a million plots' worth.
pub const MAX_LIST_PAGE: u32 = 10_000;

/// The page of the plot list the URL asks for (`sida`; the first when it is absent or empty).
/// Anything else than a whole number from 1 to [`MAX_LIST_PAGE`] is an error naming `sida`.
pub fn list_page_from_params<'a>(
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<u32, FilterError> {
    let value = params
        .into_iter()
        .find(|(name, _)| *name == param::PAGE)
        .map_or("", |(_, value)| value.trim());
    if value.is_empty() {
        return Ok(1);
    }
    parse_whole_number(value)
        .filter(|page| (1..=MAX_LIST_PAGE).contains(page))
        .ok_or(FilterError {
            field: param::PAGE,
            problem: FilterProblem::NotAPage,
        })
}

/// One page of the plot list: its plots, in the filter's order, and how many match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListPage {
    pub plots: Vec<PlotListItem>,
    pub total: u64,
    /// From 1.
    pub page: u32,
}

impl ListPage {
    /// How many pages the matching plots fill (one, also when none match).
    pub fn pages(&self) -> u32 {
        u32::try_from(self.total.div_ceil(u64::from(PLOTS_PER_PAGE)))
            .unwrap_or(u32::MAX)
            .max(1)
    }

    /// The position of the page's first plot among all that match, from 1.
    pub fn first_position(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(PLOTS_PER_PAGE) + 1
    }

    /// Whether the page lies beyond the last one (a stale link).
    pub fn beyond_last(&self) -> bool {
        self.page > self.pages()
    }
}

/// One row of the plot list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PlotListItem {
    pub id: i64,
    pub designation: String,
    pub business_area: String,
    pub locality: String,
    pub status: PlotStatus,
    pub area_m2: f64,
    pub price_sek_per_m2: Option<i32>,
    pub permitted_uses: Vec<String>,
    pub water_sewage: super::WaterSewage,
    pub electrical_capacity_kw: Option<i32>,
    pub district_heating: bool,
    /// The stage of the detaljplan that covers the plot, while it is not yet in force.
    pub plan_pending: Option<super::PlanStage>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_survives_the_round_trip_through_the_url() {
        let filter = PlotFilter {
            statuses: vec![PlotStatus::Available, PlotStatus::Reserved],
            uses: vec![LandUse::Industry],
            locality: Some("Rimbo".into()),
            business_area: None,
            min_area_m2: Some(5_000),
            max_area_m2: Some(40_000),
            max_price_sek_per_m2: Some(500),
            water_sewage_connected: true,
            min_electrical_capacity_kw: Some(800),
            district_heating: true,
            sort: PlotSort::AreaDescending,
        };
        let params = filter.to_params();
        let (parsed, errors) =
            PlotFilter::from_params(params.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(errors, []);
        assert_eq!(parsed, filter);
    }

    #[test]
    fn the_list_page_is_read_from_sida_and_anything_else_is_named() {
        assert_eq!(list_page_from_params([]), Ok(1));
        assert_eq!(list_page_from_params([("sida", "")]), Ok(1));
        assert_eq!(
            list_page_from_params([("status", "available"), ("sida", " 3 ")]),
            Ok(3)
        );
        for bad in ["0", "-1", "två", "1.5", "10001", "99999999999999999999"] {
            assert_eq!(
                list_page_from_params([("sida", bad)]),
                Err(FilterError {
                    field: "sida",
                    problem: FilterProblem::NotAPage
                }),
                "{bad}"
            );
        }
        let page = |total, page| ListPage {
            plots: Vec::new(),
            total,
            page,
        };
        assert_eq!(page(0, 1).pages(), 1);
        assert_eq!(page(100, 1).pages(), 1);
        assert_eq!(page(101, 2).pages(), 2);
        assert_eq!(page(101, 2).first_position(), 101);
        assert!(!page(101, 2).beyond_last() && page(101, 3).beyond_last());
        assert!(!page(0, 1).beyond_last());
    }

    #[test]
    fn bad_values_name_their_field_and_keep_the_rest() {
        let (filter, errors) = PlotFilter::from_params([
            ("min_yta", "fem tusen"),
            ("max_pris", "1 200"),
            ("status", "available"),
            ("status", "borta"),
            ("sortera", "slumpvis"),
        ]);
        assert_eq!(filter.max_price_sek_per_m2, Some(1_200));
        assert_eq!(filter.statuses, [PlotStatus::Available]);
        assert_eq!(filter.min_area_m2, None);
        assert_eq!(
            errors,
            [
                FilterError {
                    field: "min_yta",
                    problem: FilterProblem::NotAWholeNumber
                },
                FilterError {
                    field: "status",
                    problem: FilterProblem::UnknownValue
                },
                FilterError {
                    field: "sortera",
                    problem: FilterProblem::UnknownValue
                },
            ]
        );
        let (_, errors) = PlotFilter::from_params([("min_yta", "9000"), ("max_yta", "100")]);
        assert_eq!(errors[0].problem, FilterProblem::MinAboveMax);
    }
}
