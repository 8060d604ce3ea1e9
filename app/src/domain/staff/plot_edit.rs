//! The plot editor's form: its fields (one definition for the page, the handler, the history
//! and the tests), their validation against the plot's status, and the changes a save makes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    LONG_TEXT_MAX_CHARS, LandUse, Lang, NAME_MAX_CHARS, PlotStatus, StaffPlot, WaterSewage,
    check_text, parse_whole_number,
};

/// The plot editor's form exactly as sent (names are the form's Swedish field names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlotEditForm {
    #[serde(rename = "version", default)]
    pub version: String,
    #[serde(rename = "csrf", default)]
    pub csrf: String,
    #[serde(rename = "status", default)]
    pub status: String,
    #[serde(rename = "reserverad_till", default)]
    pub reserved_until: String,
    #[serde(rename = "reserverad_for", default)]
    pub reserved_for: String,
    #[serde(rename = "pris", default)]
    pub price: String,
    #[serde(rename = "anvandning", default)]
    pub permitted_uses: Vec<String>,
    #[serde(rename = "va", default)]
    pub water_sewage: String,
    #[serde(rename = "effekt", default)]
    pub electrical_capacity: String,
    #[serde(rename = "fjarrvarme", default)]
    pub district_heating: Option<String>,
    #[serde(rename = "fiber", default)]
    pub fiber: Option<String>,
    #[serde(rename = "beskrivning", default)]
    pub public_description: String,
    #[serde(rename = "beskrivning_en", default)]
    pub public_description_en: String,
    #[serde(rename = "anteckningar", default)]
    pub internal_notes: String,
    #[serde(rename = "kontakt", default)]
    pub contact_person: String,
}

/// A field of the plot editor, named as the form and the history name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotField {
    Version,
    Status,
    ReservedUntil,
    ReservedFor,
    Price,
    PermittedUses,
    WaterSewage,
    ElectricalCapacity,
    DistrictHeating,
    Fiber,
    PublicDescription,
    /// The public description in English, for the English pages (optional).
    PublicDescriptionEn,
    InternalNotes,
    ContactPerson,
    Geometry,
    /// Where a plot came from: a split, a merge, drawn new.
    Origin,
}

impl PlotField {
    pub const ALL: [PlotField; 16] = [
        PlotField::Version,
        PlotField::Status,
        PlotField::ReservedUntil,
        PlotField::ReservedFor,
        PlotField::Price,
        PlotField::PermittedUses,
        PlotField::WaterSewage,
        PlotField::ElectricalCapacity,
        PlotField::DistrictHeating,
        PlotField::Fiber,
        PlotField::PublicDescription,
        PlotField::PublicDescriptionEn,
        PlotField::InternalNotes,
        PlotField::ContactPerson,
        PlotField::Geometry,
        PlotField::Origin,
    ];

    /// The form field's name (and id suffix), also what a history entry's `field` says.
    pub fn name(self) -> &'static str {
        self.table().0
    }

    pub fn label(self) -> &'static str {
        self.table().1
    }

    /// The longest text the field takes, for the fields that are text; the form states it.
    pub fn max_chars(self) -> Option<usize> {
        match self {
            PlotField::ReservedFor => Some(NAME_MAX_CHARS),
            PlotField::PublicDescription
            | PlotField::PublicDescriptionEn
            | PlotField::InternalNotes => Some(LONG_TEXT_MAX_CHARS),
            _ => None,
        }
    }

    /// The field a history entry's `field` names.
    pub fn from_name(name: &str) -> Option<PlotField> {
        PlotField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Name and label, kept together so they cannot drift apart.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            PlotField::Version => ("version", "Version"),
            PlotField::Status => ("status", "Status"),
            PlotField::ReservedUntil => ("reserverad_till", "Reserverad till"),
            PlotField::ReservedFor => ("reserverad_for", "Reserverad för"),
            PlotField::Price => ("pris", "Pris (kr/m²)"),
            PlotField::PermittedUses => ("anvandning", "Användning"),
            PlotField::WaterSewage => ("va", "VA"),
            PlotField::ElectricalCapacity => ("effekt", "Elkapacitet (kW)"),
            PlotField::DistrictHeating => ("fjarrvarme", "Fjärrvärme"),
            PlotField::Fiber => ("fiber", "Fiber"),
            PlotField::PublicDescription => ("beskrivning", "Beskrivning (publik)"),
            PlotField::PublicDescriptionEn => {
                ("beskrivning_en", "Beskrivning på engelska (publik)")
            }
            PlotField::InternalNotes => ("anteckningar", "Interna anteckningar"),
            PlotField::ContactPerson => ("kontakt", "Kontaktperson"),
            PlotField::Geometry => ("geometri", "Geometri"),
            PlotField::Origin => ("ursprung", "Ursprung"),
        }
    }
}

/// A field the editor could not accept, and why (in Swedish).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditError {
    pub field: PlotField,
    pub message: String,
}

/// A plot edit that passed validation.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotEdit {
    pub based_on_version: i32,
    pub status: PlotStatus,
    pub reserved_until: Option<NaiveDate>,
    pub reserved_for: Option<String>,
    pub price_sek_per_m2: Option<i32>,
    pub permitted_uses: Vec<String>,
    pub water_sewage: WaterSewage,
    pub electrical_capacity_kw: Option<i32>,
    pub district_heating: bool,
    pub fiber: bool,
    pub public_description: String,
    pub public_description_en: String,
    pub internal_notes: String,
    pub contact_person_id: Option<i64>,
}

pub const DESCRIPTION_MAX_CHARS: usize = LONG_TEXT_MAX_CHARS;

impl PlotEditForm {
    /// The form filled in from the plot as stored.
    pub fn from_plot(plot: &StaffPlot, csrf: &str) -> PlotEditForm {
        PlotEditForm {
            version: plot.version.to_string(),
            csrf: csrf.to_string(),
            status: plot.status.key().to_string(),
            reserved_until: plot
                .reserved_until
                .map(|d| d.to_string())
                .unwrap_or_default(),
            reserved_for: plot.reserved_for.clone().unwrap_or_default(),
            price: plot
                .price_sek_per_m2
                .map(|p| p.to_string())
                .unwrap_or_default(),
            permitted_uses: plot.permitted_uses.clone(),
            water_sewage: water_sewage_key(plot.water_sewage).to_string(),
            electrical_capacity: plot
                .electrical_capacity_kw
                .map(|kw| kw.to_string())
                .unwrap_or_default(),
            district_heating: plot.district_heating.then(|| "ja".to_string()),
            fiber: plot.fiber.then(|| "ja".to_string()),
            public_description: plot.public_description.clone(),
            public_description_en: plot.public_description_en.clone(),
            internal_notes: plot.internal_notes.clone(),
            contact_person: plot
                .contact_person_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
        }
    }

    /// Checks every field against the plot's current status; all problems at once.
    pub fn validate(&self, current: PlotStatus) -> Result<PlotEdit, Vec<EditError>> {
        let mut errors = Vec::new();
        let mut fail = |field: PlotField, message: &str| {
            errors.push(EditError {
                field,
                message: message.to_string(),
            })
        };
        let based_on_version = self.version.trim().parse::<i32>().unwrap_or_else(|_| {
            fail(
                PlotField::Version,
                "Formuläret saknar version. Ladda om sidan.",
            );
            0
        });
        let status = PlotStatus::ALL
            .into_iter()
            .find(|s| s.key() == self.status.trim());
        let status = match status {
            Some(s) if current.may_become(s) => s,
            Some(s) => {
                fail(
                    PlotField::Status,
                    &format!(
                        "En {} tomt kan inte bli {}.",
                        current.label(Lang::Sv),
                        s.label(Lang::Sv)
                    ),
                );
                current
            }
            None => {
                fail(PlotField::Status, "Välj en status.");
                current
            }
        };
        let (reserved_until, reserved_for) = if status == PlotStatus::Reserved {
            let until = match self.reserved_until.trim() {
                "" => {
                    fail(
                        PlotField::ReservedUntil,
                        "En reservation behöver ett slutdatum.",
                    );
                    None
                }
                typed => NaiveDate::parse_from_str(typed, "%Y-%m-%d")
                    .ok()
                    .or_else(|| {
                        fail(
                            PlotField::ReservedUntil,
                            "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-06-30.",
                        );
                        None
                    }),
            };
            let holder = self.reserved_for.trim();
            if holder.is_empty() {
                fail(
                    PlotField::ReservedFor,
                    "Skriv vem som har reservationen (företagets namn).",
                );
            } else if let Err(problem) = check_text(holder, NAME_MAX_CHARS) {
                fail(PlotField::ReservedFor, &problem.message(Lang::Sv));
            }
            (until, Some(holder.to_string()).filter(|h| !h.is_empty()))
        } else {
            // Only a reserved plot has a holder and an end date.
            (None, None)
        };
        let mut optional_number = |field: PlotField, typed: &str, message: &str| match typed.trim()
        {
            "" => None,
            typed => parse_whole_number::<i32>(typed)
                .filter(|n| *n >= 0)
                .or_else(|| {
                    fail(field, message);
                    None
                }),
        };
        let price_sek_per_m2 = optional_number(
            PlotField::Price,
            &self.price,
            "Ange priset i hela kronor per m², till exempel 450, eller lämna tomt.",
        );
        let electrical_capacity_kw = optional_number(
            PlotField::ElectricalCapacity,
            &self.electrical_capacity,
            "Ange effekten i hela kW, till exempel 500, eller lämna tomt.",
        );
        let mut permitted_uses = Vec::new();
        for code in &self.permitted_uses {
            match LandUse::from_code(code) {
                Some(u) if !permitted_uses.contains(&u.code().to_string()) => {
                    permitted_uses.push(u.code().to_string())
                }
                Some(_) => {}
                None => fail(PlotField::PermittedUses, "Okänd användning."),
            }
        }
        let water_sewage = match self.water_sewage.trim() {
            "connected" => WaterSewage::Connected,
            "planned" => WaterSewage::Planned,
            "none" => WaterSewage::None,
            _ => {
                fail(PlotField::WaterSewage, "Välj hur VA är ordnat.");
                WaterSewage::None
            }
        };
        let public_description = self.public_description.trim().to_string();
        if let Err(problem) = check_text(&public_description, DESCRIPTION_MAX_CHARS) {
            fail(
                PlotField::PublicDescription,
                &format!("Beskrivningen: {}", problem.message(Lang::Sv)),
            );
        }
        let public_description_en = self.public_description_en.trim().to_string();
        if let Err(problem) = check_text(&public_description_en, DESCRIPTION_MAX_CHARS) {
            fail(
                PlotField::PublicDescriptionEn,
                &format!("Den engelska beskrivningen: {}", problem.message(Lang::Sv)),
            );
        }
        let internal_notes = self.internal_notes.trim().to_string();
        if let Err(problem) = check_text(&internal_notes, DESCRIPTION_MAX_CHARS) {
            fail(
                PlotField::InternalNotes,
                &format!("Anteckningarna: {}", problem.message(Lang::Sv)),
            );
        }
        let contact_person_id = match self.contact_person.trim() {
            "" => None,
            typed => typed.parse::<i64>().ok().or_else(|| {
                fail(PlotField::ContactPerson, "Välj en kontaktperson i listan.");
                None
            }),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PlotEdit {
            based_on_version,
            status,
            reserved_until,
            reserved_for,
            price_sek_per_m2,
            permitted_uses,
            water_sewage,
            electrical_capacity_kw,
            district_heating: self.district_heating.is_some(),
            fiber: self.fiber.is_some(),
            public_description,
            public_description_en,
            internal_notes,
            contact_person_id,
        })
    }
}

pub fn water_sewage_key(value: WaterSewage) -> &'static str {
    match value {
        WaterSewage::Connected => "connected",
        WaterSewage::Planned => "planned",
        WaterSewage::None => "none",
    }
}

/// One field of one change: from what to what, as text a person reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub from: String,
    pub to: String,
}

impl PlotEdit {
    /// What this edit changes in the stored plot, field by field; empty when nothing.
    pub fn changes_from(&self, plot: &StaffPlot) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut compare = |field: PlotField, from: String, to: String| {
            if from != to {
                changes.push(FieldChange {
                    field: field.name().to_string(),
                    from,
                    to,
                });
            }
        };
        let text = |v: Option<String>| v.unwrap_or_default();
        let yes_no = |v: bool| if v { "ja" } else { "nej" }.to_string();
        compare(
            PlotField::Status,
            plot.status.key().into(),
            self.status.key().into(),
        );
        compare(
            PlotField::ReservedUntil,
            text(plot.reserved_until.map(|d| d.to_string())),
            text(self.reserved_until.map(|d| d.to_string())),
        );
        compare(
            PlotField::ReservedFor,
            text(plot.reserved_for.clone()),
            text(self.reserved_for.clone()),
        );
        compare(
            PlotField::Price,
            text(plot.price_sek_per_m2.map(|p| p.to_string())),
            text(self.price_sek_per_m2.map(|p| p.to_string())),
        );
        // A set of codes: the same codes in another order are no change.
        let uses = |codes: &[String]| {
            let mut codes = codes.to_vec();
            codes.sort();
            codes.join(", ")
        };
        compare(
            PlotField::PermittedUses,
            uses(&plot.permitted_uses),
            uses(&self.permitted_uses),
        );
        compare(
            PlotField::WaterSewage,
            water_sewage_key(plot.water_sewage).into(),
            water_sewage_key(self.water_sewage).into(),
        );
        compare(
            PlotField::ElectricalCapacity,
            text(plot.electrical_capacity_kw.map(|p| p.to_string())),
            text(self.electrical_capacity_kw.map(|p| p.to_string())),
        );
        compare(
            PlotField::DistrictHeating,
            yes_no(plot.district_heating),
            yes_no(self.district_heating),
        );
        compare(PlotField::Fiber, yes_no(plot.fiber), yes_no(self.fiber));
        compare(
            PlotField::PublicDescription,
            plot.public_description.clone(),
            self.public_description.clone(),
        );
        compare(
            PlotField::PublicDescriptionEn,
            plot.public_description_en.clone(),
            self.public_description_en.clone(),
        );
        compare(
            PlotField::InternalNotes,
            plot.internal_notes.clone(),
            self.internal_notes.clone(),
        );
        compare(
            PlotField::ContactPerson,
            text(plot.contact_person_id.map(|p| p.to_string())),
            text(self.contact_person_id.map(|p| p.to_string())),
        );
        changes
    }
}
