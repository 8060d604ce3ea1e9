//! How an imported file's attributes fill a plot's fields: the mapping (guessed from usual
//! names, changeable in the preview) and one feature read as a plot, or every field wrong in it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{DESIGNATION_MAX_CHARS, LandUse, Lang, PlotStatus, parse_whole_number};

/// The plot fields a file's attributes can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ImportField {
    Designation,
    PropertyDesignation,
    Status,
    Price,
    Uses,
    Description,
}

impl ImportField {
    pub const ALL: [ImportField; 6] = [
        ImportField::Designation,
        ImportField::PropertyDesignation,
        ImportField::Status,
        ImportField::Price,
        ImportField::Uses,
        ImportField::Description,
    ];

    /// The form field's name: `falt_<key>`.
    pub fn key(self) -> &'static str {
        self.table().0
    }

    pub fn label(self) -> &'static str {
        self.table().1
    }

    /// Attribute names (lower case, without separators) that fill this field unless staff
    /// choose otherwise.
    fn usual_names(self) -> &'static [&'static str] {
        self.table().2
    }

    fn table(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            ImportField::Designation => (
                "beteckning",
                "Beteckning (krävs)",
                &["beteckning", "designation", "namn", "name", "tomt"],
            ),
            ImportField::PropertyDesignation => (
                "fastighet",
                "Fastighetsbeteckning",
                &[
                    "fastighet",
                    "fastighetsbeteckning",
                    "fastbet",
                    "propertydesignation",
                ],
            ),
            ImportField::Status => ("status", "Status", &["status"]),
            ImportField::Price => (
                "pris",
                "Pris (kr/m²)",
                &["pris", "price", "prissekperm2", "krm2"],
            ),
            ImportField::Uses => (
                "anvandning",
                "Användning (plankoder)",
                &["anvandning", "användning", "permitteduses", "uses"],
            ),
            ImportField::Description => (
                "beskrivning",
                "Beskrivning",
                &[
                    "beskrivning",
                    "beskrivnin",
                    "description",
                    "publicdescription",
                ],
            ),
        }
    }
}

/// Which attribute fills which field; a field without one keeps its default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportMapping(pub BTreeMap<ImportField, String>);

impl ImportMapping {
    /// The usual attribute names, recognised whatever their case or separators.
    pub fn guess(attributes: &[String]) -> ImportMapping {
        let squeeze = |name: &str| -> String {
            name.to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect()
        };
        ImportMapping(
            ImportField::ALL
                .into_iter()
                .filter_map(|field| {
                    attributes
                        .iter()
                        .find(|a| field.usual_names().contains(&squeeze(a).as_str()))
                        .map(|a| (field, a.clone()))
                })
                .collect(),
        )
    }

    pub fn attribute(&self, field: ImportField) -> Option<&str> {
        self.0.get(&field).map(String::as_str)
    }

    /// A feature's designation as the file writes it, so the preview names even a refused row:
    /// trimmed, without control characters, at most [`DESIGNATION_MAX_CHARS`] characters.
    pub fn designation_as_written(&self, attributes: &BTreeMap<String, String>) -> String {
        self.attribute(ImportField::Designation)
            .and_then(|a| attributes.get(a))
            .map(|v| {
                v.chars()
                    .filter(|c| !c.is_control())
                    .take(DESIGNATION_MAX_CHARS)
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .unwrap_or_default()
    }

    /// From the preview form's `falt_<key>` fields; only attributes the file has count.
    pub fn from_form<'a>(
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
        attributes: &[String],
    ) -> ImportMapping {
        let fields: Vec<(&str, &str)> = fields.into_iter().collect();
        ImportMapping(
            ImportField::ALL
                .into_iter()
                .filter_map(|field| {
                    let name = format!("falt_{}", field.key());
                    fields
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| *v)
                        .filter(|v| attributes.iter().any(|a| a == v))
                        .map(|v| (field, v.to_string()))
                })
                .collect(),
        )
    }
}

/// A plot as one feature's attributes describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedPlot {
    pub designation: String,
    pub property_designation: Option<String>,
    pub status: PlotStatus,
    pub price_sek_per_m2: Option<i32>,
    pub permitted_uses: Vec<String>,
    pub public_description: String,
}

impl ImportedPlot {
    /// The plot one feature's attributes (as text) describe, or what is wrong with them, each
    /// naming the field. Unmapped fields keep the defaults of a drawn plot: not for sale, no
    /// price, no uses, no description.
    pub fn from_attributes(
        attributes: &BTreeMap<String, String>,
        mapping: &ImportMapping,
    ) -> Result<ImportedPlot, Vec<String>> {
        let value = |field: ImportField| -> &str {
            mapping
                .attribute(field)
                .and_then(|a| attributes.get(a))
                .map_or("", |v| v.trim())
        };
        let mut problems = Vec::new();
        let designation = value(ImportField::Designation).to_string();
        if designation.is_empty() {
            problems.push(match mapping.attribute(ImportField::Designation) {
                Some(a) => format!("Beteckning saknas (attributet {a} är tomt)."),
                None => "Beteckning saknas: välj vilket attribut som är beteckningen.".to_string(),
            });
        }
        let status = match parse_status(value(ImportField::Status)) {
            Ok(PlotStatus::Reserved) => {
                problems.push("Status: en reserverad tomt behöver innehavare och slutdatum; importera den som ej till salu och reservera den i redigeraren.".to_string());
                PlotStatus::NotForSale
            }
            Ok(status) => status,
            Err(typed) => {
                problems.push(format!("Status: ”{typed}” är ingen status (tillgänglig, under förhandling, såld, ej till salu)."));
                PlotStatus::NotForSale
            }
        };
        let price = value(ImportField::Price);
        let price_sek_per_m2 = if price.is_empty() {
            None
        } else {
            let whole = price
                .strip_suffix(".0")
                .or_else(|| price.strip_suffix(",0"))
                .unwrap_or(price);
            match parse_whole_number::<i32>(whole).filter(|p| *p >= 0) {
                Some(p) => Some(p),
                None => {
                    problems.push(format!(
                        "Pris: ”{price}” är inget helt antal kronor per m²."
                    ));
                    None
                }
            }
        };
        let mut permitted_uses = Vec::new();
        for code in value(ImportField::Uses)
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|c| !c.is_empty())
        {
            match LandUse::from_code(&code.to_uppercase()) {
                Some(u) if !permitted_uses.iter().any(|c| c == u.code()) => {
                    permitted_uses.push(u.code().to_string())
                }
                Some(_) => {}
                None => problems.push(format!(
                    "Användning: ”{code}” är ingen plankod (J, K, H, Z, E, T, U)."
                )),
            }
        }
        let property = value(ImportField::PropertyDesignation);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ImportedPlot {
            designation,
            property_designation: (!property.is_empty()).then(|| property.to_string()),
            status,
            price_sek_per_m2,
            permitted_uses,
            public_description: value(ImportField::Description).to_string(),
        })
    }
}

/// A status as a file may write it: the key, the Swedish or English word, "till salu";
/// empty means not for sale.
fn parse_status(typed: &str) -> Result<PlotStatus, String> {
    let typed_lower = typed.to_lowercase().replace('_', " ");
    if typed_lower.is_empty() {
        return Ok(PlotStatus::NotForSale);
    }
    if typed_lower == "till salu" {
        return Ok(PlotStatus::Available);
    }
    PlotStatus::ALL
        .into_iter()
        .find(|s| {
            s.key().replace('_', " ") == typed_lower
                || s.label(Lang::Sv) == typed_lower
                || s.label(Lang::En) == typed_lower
        })
        .ok_or_else(|| typed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn usual_attribute_names_are_mapped_whatever_their_case() {
        let mapping = ImportMapping::guess(&[
            "OBJECTID".into(),
            "Beteckning".into(),
            "STATUS".into(),
            "beskrivnin".into(),
        ]);
        assert_eq!(
            mapping.attribute(ImportField::Designation),
            Some("Beteckning")
        );
        assert_eq!(mapping.attribute(ImportField::Status), Some("STATUS"));
        assert_eq!(
            mapping.attribute(ImportField::Description),
            Some("beskrivnin")
        );
        assert_eq!(mapping.attribute(ImportField::Price), None);
    }

    #[test]
    fn a_feature_becomes_a_plot_or_names_every_wrong_field() {
        let mapping = ImportMapping::guess(&[
            "beteckning".into(),
            "status".into(),
            "pris".into(),
            "anvandning".into(),
        ]);
        let plot = ImportedPlot::from_attributes(
            &attributes(&[
                ("beteckning", " Rimbo Östra 1 "),
                ("status", "till salu"),
                ("pris", "1 250"),
                ("anvandning", "j, K"),
            ]),
            &mapping,
        )
        .unwrap();
        assert_eq!(plot.designation, "Rimbo Östra 1");
        assert_eq!(plot.status, PlotStatus::Available);
        assert_eq!(plot.price_sek_per_m2, Some(1250));
        assert_eq!(plot.permitted_uses, vec!["J", "K"]);

        let problems = ImportedPlot::from_attributes(
            &attributes(&[
                ("beteckning", ""),
                ("status", "reserverad"),
                ("pris", "dyr"),
                ("anvandning", "J X"),
            ]),
            &mapping,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].starts_with("Beteckning saknas"));
        assert!(problems[1].starts_with("Status: en reserverad tomt"));
        assert!(problems[2].contains("”dyr”"));
        assert!(problems[3].contains("”X”"));
    }

    #[test]
    fn the_mapping_form_only_takes_attributes_the_file_has() {
        let attributes = vec!["namn".to_string(), "pris".to_string()];
        let mapping = ImportMapping::from_form(
            [
                ("falt_beteckning", "namn"),
                ("falt_pris", "kostnad"),
                ("falt_status", ""),
            ],
            &attributes,
        );
        assert_eq!(mapping.attribute(ImportField::Designation), Some("namn"));
        assert_eq!(mapping.attribute(ImportField::Price), None);
        assert_eq!(mapping.attribute(ImportField::Status), None);
    }
}
