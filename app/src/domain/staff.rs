//! The staff workspace: roles and what they may do, the plot as staff edit it, the status
//! transitions that make sense, and the history of every change.
//!
//! The workspace is in Swedish only: its users are the municipality's own staff.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{LandUse, PlotOutline, PlotStatus, WaterSewage, parse_whole_number};

/// A staff account's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "staff_role", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Mark- och exploatering: keep plots current and answer interest.
    Staff,
    /// Planners: publish planned detaljplaner and future areas.
    Planner,
    /// Everything, and managing accounts.
    Admin,
}

/// Something only some roles may do. The server checks it for every request that needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Change plots (status, facts, geometry) and read their history and internal notes.
    EditPlots,
    /// Read and handle the interest forms companies sent (personal data).
    HandleInterests,
    /// Create accounts, change roles, deactivate accounts.
    ManageAccounts,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Staff, Role::Planner, Role::Admin];

    pub fn may(self, permission: Permission) -> bool {
        match permission {
            Permission::EditPlots | Permission::HandleInterests => {
                matches!(self, Role::Staff | Role::Admin)
            }
            Permission::ManageAccounts => self == Role::Admin,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Planner => "planner",
            Role::Admin => "admin",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Staff => "Mark och exploatering",
            Role::Planner => "Planerare",
            Role::Admin => "Administratör",
        }
    }
}

/// Who is signed in, as every workspace page and request knows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Sent back with every form that changes something (synchroniser token against CSRF).
    pub csrf_token: String,
}

/// Why a workspace request was turned away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Denied {
    #[error("Du behöver logga in.")]
    NotSignedIn,
    #[error("Ditt konto har inte behörighet till det här.")]
    Forbidden,
}

impl Viewer {
    /// The viewer if their role allows `permission`.
    pub fn require(viewer: Option<Viewer>, permission: Permission) -> Result<Viewer, Denied> {
        match viewer {
            None => Err(Denied::NotSignedIn),
            Some(v) if v.role.may(permission) => Ok(v),
            Some(_) => Err(Denied::Forbidden),
        }
    }
}

/// A refused sign-in, shown back with the e-mail address kept (never the password).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedSignIn {
    pub email: String,
    pub message: String,
}

pub const SIGN_IN_FAILED: &str = "Fel e-postadress eller lösenord.";
/// Said when sign-ins for an account are throttled: how long to wait, in whole minutes (or
/// seconds under one).
pub fn sign_in_limited(retry_after_secs: u64) -> String {
    let wait = if retry_after_secs < 60 {
        format!("{retry_after_secs} sekunder")
    } else {
        let minutes = retry_after_secs.div_ceil(60);
        format!(
            "{minutes} {}",
            if minutes == 1 { "minut" } else { "minuter" }
        )
    };
    format!("För många misslyckade inloggningar för kontot. Vänta {wait} och försök igen.")
}

impl PlotStatus {
    /// The status changes that make sense: available → reserved (with holder and end date) →
    /// sold; back from reserved or negotiation to available; any status → not for sale, and
    /// from there back on the market. Keeping the status is always allowed.
    pub fn may_become(self, next: PlotStatus) -> bool {
        use PlotStatus::*;
        self == next
            || next == NotForSale
            || matches!(
                (self, next),
                (Available, Reserved | UnderNegotiation)
                    | (UnderNegotiation, Available | Reserved)
                    | (Reserved, Available | Sold | UnderNegotiation)
                    | (NotForSale, Available)
            )
    }
}

/// A plot as staff see it: the public facts, who holds a reservation, and internal notes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StaffPlot {
    pub id: i64,
    pub designation: String,
    pub business_area: String,
    pub locality: String,
    pub area_m2: f64,
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
    pub internal_notes: String,
    pub contact_person_id: Option<i64>,
    pub published: bool,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl StaffPlot {
    /// A reservation whose end date has passed: someone must extend it, sell or release.
    pub fn reservation_expired(&self, today: NaiveDate) -> bool {
        self.status == PlotStatus::Reserved && self.reserved_until.is_some_and(|d| d < today)
    }
}

/// A contact person staff can assign to a plot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ContactChoice {
    pub id: i64,
    pub name: String,
}

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
    InternalNotes,
    ContactPerson,
    Geometry,
    /// Where a plot came from: a split, a merge, drawn new.
    Origin,
}

impl PlotField {
    pub const ALL: [PlotField; 15] = [
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
            PlotField::ReservedFor => Some(super::NAME_MAX_CHARS),
            PlotField::PublicDescription | PlotField::InternalNotes => {
                Some(super::LONG_TEXT_MAX_CHARS)
            }
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
    pub internal_notes: String,
    pub contact_person_id: Option<i64>,
}

pub const DESCRIPTION_MAX_CHARS: usize = super::LONG_TEXT_MAX_CHARS;

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
                        current.label(super::Lang::Sv),
                        s.label(super::Lang::Sv)
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
            } else if let Err(problem) = super::check_text(holder, super::NAME_MAX_CHARS) {
                fail(PlotField::ReservedFor, &problem.message(super::Lang::Sv));
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
        if let Err(problem) = super::check_text(&public_description, DESCRIPTION_MAX_CHARS) {
            fail(
                PlotField::PublicDescription,
                &format!("Beskrivningen: {}", problem.message(super::Lang::Sv)),
            );
        }
        let internal_notes = self.internal_notes.trim().to_string();
        if let Err(problem) = super::check_text(&internal_notes, DESCRIPTION_MAX_CHARS) {
            fail(
                PlotField::InternalNotes,
                &format!("Anteckningarna: {}", problem.message(super::Lang::Sv)),
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
        compare(
            PlotField::PermittedUses,
            plot.permitted_uses.join(", "),
            self.permitted_uses.join(", "),
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

/// One recorded change to a plot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The plot's version this change produced.
    pub version: i32,
    pub changed_at: DateTime<Utc>,
    /// Who made it; `None` for imports and the sample data.
    pub changed_by: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// A plot edit the server turned down: the form as typed, the reasons, and when someone else
/// saved first, what they changed meanwhile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedPlotEdit {
    pub form: PlotEditForm,
    pub errors: Vec<EditError>,
    pub meanwhile: Vec<HistoryEntry>,
}

/// What the plot editor page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlotEditor {
    pub viewer: Viewer,
    pub plot: StaffPlot,
    pub contacts: Vec<ContactChoice>,
    pub history: Vec<HistoryEntry>,
    /// The outline as GeoJSON in SWEREF 99 18 00 (EPSG:3011), to edit.
    pub outline_geojson: String,
    /// Plots that share a boundary with this one (within half a metre): merge candidates.
    pub neighbours: Vec<PlotChoice>,
    /// The outlines of the plots around it, drawn for context on the editor's map.
    pub nearby: Vec<PlotOutline>,
}

/// The workspace's start page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceOverview {
    pub viewer: Viewer,
    /// For the "new plot" form.
    pub business_areas: Vec<PlotChoice>,
    /// Every plot, published or not, when the viewer may edit plots (else empty).
    pub plots: Vec<StaffPlot>,
    /// Their outlines, to draw a new plot among them.
    pub plot_outlines: Vec<PlotOutline>,
    pub today: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plot_field_has_its_own_name_that_reads_back() {
        let mut names: Vec<&str> = PlotField::ALL.iter().map(|f| f.name()).collect();
        for field in PlotField::ALL {
            assert_eq!(PlotField::from_name(field.name()), Some(field));
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PlotField::ALL.len());
    }

    #[test]
    fn transitions_follow_the_sales_process() {
        use PlotStatus::*;
        assert!(Available.may_become(Reserved));
        assert!(Reserved.may_become(Sold));
        assert!(Reserved.may_become(Available));
        assert!(Sold.may_become(NotForSale));
        assert!(NotForSale.may_become(Available));
        assert!(!Available.may_become(Sold), "a sale follows a reservation");
        assert!(
            !Sold.may_become(Available),
            "a sold plot is not for sale again"
        );
        for status in PlotStatus::ALL {
            assert!(status.may_become(status));
            assert!(status.may_become(NotForSale));
        }
    }

    #[test]
    fn roles_decide_what_may_be_done() {
        assert!(Role::Staff.may(Permission::EditPlots));
        assert!(!Role::Planner.may(Permission::EditPlots));
        assert!(Role::Admin.may(Permission::ManageAccounts));
        assert!(!Role::Staff.may(Permission::ManageAccounts));
        assert_eq!(
            Viewer::require(None, Permission::EditPlots),
            Err(Denied::NotSignedIn)
        );
    }

    #[test]
    fn a_reservation_needs_a_holder_and_an_end_date() {
        let form = PlotEditForm {
            version: "3".into(),
            status: "reserved".into(),
            water_sewage: "connected".into(),
            price: "12 x".into(),
            ..PlotEditForm::default()
        };
        let errors = form.validate(PlotStatus::Available).unwrap_err();
        let fields: Vec<PlotField> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                PlotField::ReservedUntil,
                PlotField::ReservedFor,
                PlotField::Price
            ]
        );
        let form = PlotEditForm {
            reserved_until: "2027-06-30".into(),
            reserved_for: "Hamnlogistik AB".into(),
            price: "1 200".into(),
            ..form
        };
        let edit = form.validate(PlotStatus::Available).unwrap();
        assert_eq!(edit.based_on_version, 3);
        assert_eq!(edit.price_sek_per_m2, Some(1200));
        assert_eq!(edit.reserved_for.as_deref(), Some("Hamnlogistik AB"));
        let refused = PlotEditForm {
            status: "sold".into(),
            ..form
        }
        .validate(PlotStatus::Available)
        .unwrap_err();
        assert_eq!(refused[0].field, PlotField::Status);
        assert_eq!(refused[0].message, "En tillgänglig tomt kan inte bli såld.");
    }
}

/// A staff account as an admin manages it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// The accounts page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsPage {
    pub viewer: Viewer,
    pub accounts: Vec<AccountView>,
}

/// A refused account form, kept as typed (never the password) with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedAccount {
    pub email: String,
    pub name: String,
    pub role: String,
    pub message: String,
}

/// Another plot, by name: a neighbour to merge with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PlotChoice {
    pub id: i64,
    pub designation: String,
}

/// What staff can do to a plot's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GeometryOperation {
    /// New outline (vertices moved or redrawn).
    Reshape,
    /// Split along a line into this plot and a new one.
    Split,
    /// Merge an adjacent plot into this one.
    Merge,
    /// Draw a new plot.
    Create,
}

/// Why a geometry was not accepted. Nothing is stored when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GeometryProblem {
    NotGeoJson(String),
    WrongType {
        expected: &'static str,
        found: String,
    },
    Invalid(String),
    OutsideMunicipality,
    Overlaps(Vec<String>),
    SplitNotInTwo(usize),
    NotAdjacent,
    MissingDesignation,
    /// The designation cannot be stored (a control character, too long): why.
    UnreadableDesignation(String),
    DesignationTaken(String),
    UnknownBusinessArea,
    /// The form names no version of the plot, so a save could overwrite a newer one.
    MissingVersion,
}

impl GeometryProblem {
    /// The form field the problem is about.
    pub fn field(&self) -> &'static str {
        match self {
            GeometryProblem::MissingDesignation
            | GeometryProblem::UnreadableDesignation(_)
            | GeometryProblem::DesignationTaken(_) => "beteckning",
            GeometryProblem::NotAdjacent => "med",
            GeometryProblem::UnknownBusinessArea => "omrade",
            GeometryProblem::MissingVersion => "version",
            _ => "geometri",
        }
    }

    /// It contradicts what is stored (another plot there, a name taken): 409, not 422.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            GeometryProblem::Overlaps(_) | GeometryProblem::DesignationTaken(_)
        )
    }

    pub fn message(&self) -> String {
        match self {
            GeometryProblem::NotGeoJson(detail) => {
                format!("Geometrin går inte att läsa som GeoJSON ({detail}).")
            }
            GeometryProblem::WrongType { expected, found } => {
                format!("Geometrin ska vara en {expected}, inte {found}.")
            }
            GeometryProblem::Invalid(reason) if reason.starts_with("Self-intersection") => {
                format!("Ytterkanten korsar sig själv ({reason}).")
            }
            GeometryProblem::Invalid(reason) => format!("Geometrin är ogiltig: {reason}."),
            GeometryProblem::OutsideMunicipality => {
                "Tomten måste ligga helt inom Norrtälje kommun.".to_string()
            }
            GeometryProblem::Overlaps(plots) => {
                format!("Tomten överlappar {}.", plots.join(", "))
            }
            GeometryProblem::SplitNotInTwo(parts) => format!(
                "Linjen måste dela tomten i exakt två delar (den gav {parts}). Dra den tvärs över hela tomten."
            ),
            GeometryProblem::NotAdjacent => {
                "Tomterna gränsar inte till varandra; bara angränsande tomter kan slås ihop."
                    .to_string()
            }
            GeometryProblem::MissingDesignation => "Skriv en beteckning för tomten.".to_string(),
            GeometryProblem::UnreadableDesignation(why) => format!("Beteckningen: {why}"),
            GeometryProblem::MissingVersion => {
                "Formuläret saknar tomtens version. Ladda om sidan och gör ändringen igen."
                    .to_string()
            }
            GeometryProblem::DesignationTaken(name) => {
                format!("Det finns redan en tomt som heter {name}.")
            }
            GeometryProblem::UnknownBusinessArea => "Välj ett verksamhetsområde.".to_string(),
        }
    }
}

/// A refused geometry form, with what was typed and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedGeometry {
    pub operation: GeometryOperation,
    /// Changes saved by someone else since the editor loaded the plot (a conflict).
    pub meanwhile: Vec<HistoryEntry>,
    /// The GeoJSON (outline or line) as typed.
    pub geometry: String,
    pub designation: String,
    pub message: String,
}

/// The geometry forms' fields (each form sends the ones it has).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeometryForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
    /// GeoJSON in SWEREF 99 18 00 (EPSG:3011): the outline, or the line to split along.
    #[serde(rename = "geometri", default)]
    pub geometry: String,
    /// The new plot's designation (split, create).
    #[serde(rename = "beteckning", default)]
    pub designation: String,
    /// The plot to merge with.
    #[serde(rename = "med", default)]
    pub merge_with: String,
    /// The business area of a new plot.
    #[serde(rename = "omrade", default)]
    pub business_area: String,
}
