//! The map's layers the user can switch on and off, kept in the URL (`lager=…`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MapLayer {
    /// Only the plots a company can buy now.
    AvailablePlots,
    /// Every published plot, whatever its status.
    AllPlots,
    BusinessAreas,
    /// Detaljplaner, coloured by stage.
    Plans,
    /// The översiktsplan's future areas, labelled with their time horizon.
    FutureAreas,
    /// Municipal border, localities and main roads.
    Context,
    /// The översiktsplan's land use, for the whole municipality.
    LandUse,
    /// Riksintressen, over everything else.
    NationalInterests,
}

impl MapLayer {
    pub const ALL: [MapLayer; 8] = [
        MapLayer::AvailablePlots,
        MapLayer::AllPlots,
        MapLayer::BusinessAreas,
        MapLayer::Plans,
        MapLayer::FutureAreas,
        MapLayer::Context,
        MapLayer::LandUse,
        MapLayer::NationalInterests,
    ];

    /// Shown when the URL does not say.
    pub const DEFAULT: [MapLayer; 3] = [
        MapLayer::AllPlots,
        MapLayer::BusinessAreas,
        MapLayer::Context,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MapLayer::AvailablePlots => "lediga",
            MapLayer::AllPlots => "tomter",
            MapLayer::BusinessAreas => "omraden",
            MapLayer::Plans => "planer",
            MapLayer::FutureAreas => "framtid",
            MapLayer::Context => "bakgrund",
            MapLayer::LandUse => "markanvandning",
            MapLayer::NationalInterests => "riksintressen",
        }
    }

    /// The layers named in the URL's `lager` values. No `lager` at all means the defaults; the
    /// form always sends one empty `lager` so that switching every layer off stays off.
    pub fn from_values(values: Option<&[String]>) -> Vec<MapLayer> {
        match values {
            None => MapLayer::DEFAULT.to_vec(),
            Some(values) => MapLayer::ALL
                .into_iter()
                .filter(|layer| values.iter().any(|v| v == layer.key()))
                .collect(),
        }
    }

    /// The tiles a layer drawn from tiles over the land is made of (`{z}/{x}/{y}` filled in).
    pub fn tiles(self) -> Option<&'static str> {
        match self {
            MapLayer::LandUse => Some("/tiles/land-use/{z}/{x}/{y}.svg"),
            MapLayer::NationalInterests => Some("/tiles/national-interests/{z}/{x}/{y}.svg"),
            _ => None,
        }
    }

    /// CSS classes for the map drawing that show exactly `layers`.
    pub fn classes(layers: &[MapLayer]) -> String {
        let on = |layer| layers.contains(&layer);
        let mut classes = Vec::new();
        if !on(MapLayer::AllPlots) {
            classes.push(if on(MapLayer::AvailablePlots) {
                "only-available"
            } else {
                "hide-plots"
            });
        }
        if !on(MapLayer::BusinessAreas) {
            classes.push("hide-areas");
        }
        if on(MapLayer::Plans) {
            classes.push("show-plans");
        }
        if on(MapLayer::FutureAreas) {
            classes.push("show-future");
        }
        if !on(MapLayer::Context) {
            classes.push("hide-context");
        }
        classes.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_come_from_the_url_with_defaults_and_an_explicit_empty_set() {
        assert_eq!(MapLayer::from_values(None), MapLayer::DEFAULT);
        let none = vec![String::new()];
        assert_eq!(MapLayer::from_values(Some(&none)), []);
        let some = vec![String::new(), "planer".into(), "lediga".into()];
        assert_eq!(
            MapLayer::from_values(Some(&some)),
            [MapLayer::AvailablePlots, MapLayer::Plans]
        );
        assert_eq!(
            MapLayer::classes(&[MapLayer::AvailablePlots, MapLayer::Plans]),
            "only-available hide-areas show-plans hide-context"
        );
        assert_eq!(MapLayer::classes(&MapLayer::DEFAULT), "");
    }
}
