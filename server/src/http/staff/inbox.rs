//! The interest inbox's forms: handling an interest, and the export for a spreadsheet.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use markkartan_app::domain::{InboxFilter, InboxItem, InterestUpdateForm};

use crate::http::extract::{HandleInterests, PathId, Sent, Staff};
use crate::http::{AppState, Error};
use crate::workspace::{self};
pub async fn update_interest(
    State(state): State<AppState>,
    PathId(id): PathId,
    headers: axum::http::HeaderMap,
    Sent(viewer, form, _): Sent<HandleInterests, InterestUpdateForm>,
) -> Result<Response, Error> {
    let site = state.site.origin(&headers);
    workspace::update_interest(&state.pool, &viewer, id, &form, &site).await?;
    tracing::info!(
        interest = id,
        account = viewer.account_id,
        "interest updated"
    );
    Ok(Redirect::to(&format!("/personal/intresse/{id}?sparad=1")).into_response())
}

/// `GET /personal/intresse.csv`: the inbox as the filter shows it, for a spreadsheet. It reads
/// through the same service as the inbox page.
pub async fn inbox_export(
    State(state): State<AppState>,
    // A download, not a change: no CSRF token, but the role is checked like everywhere.
    Staff(viewer, _): Staff<HandleInterests>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, Error> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).unwrap_or_default();
    let filter = InboxFilter::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    filter.check()?;
    let account = viewer.account_id;
    let inbox = state.workspace.inbox(viewer, filter).await?;
    let csv = inbox_csv(&inbox.items)
        .map_err(|error| Error::Internal(format!("writing the inbox as CSV: {error}")))?;
    tracing::info!(account, rows = inbox.items.len(), "interests exported");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"intresseanmalningar.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

/// The export's header and one row per interest: semicolons, as Swedish spreadsheet programs
/// expect, times in Swedish time and a byte-order mark so they read UTF-8. Each cell is written
/// by the `csv` crate ([`cell`]).
fn inbox_csv(items: &[InboxItem]) -> Result<String, csv::Error> {
    const HEADER: [&str; 16] = [
        "id",
        "inkommen (svensk tid)",
        "status",
        "företag",
        "organisationsnummer",
        "kontaktperson",
        "e-post",
        "telefon",
        "gäller",
        "önskad yta m²",
        "önskad start",
        "meddelande",
        "språk",
        "handläggare",
        "frågan gäller",
        "svarar",
    ];
    let rows = items.iter().map(|item| {
        [
            item.id.to_string(),
            item.created_at.format("%Y-%m-%d %H:%M").to_string(),
            item.status.label().to_string(),
            item.company_name.clone(),
            item.org_number.clone(),
            item.contact_name.clone(),
            item.email.clone(),
            item.phone.clone(),
            item.about(),
            item.wanted_area_m2
                .map(|a| a.to_string())
                .unwrap_or_default(),
            item.wanted_start
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default(),
            item.message.clone(),
            item.language.clone(),
            item.assigned_to.clone().unwrap_or_default(),
            item.question
                .label(markkartan_app::domain::Lang::Sv)
                .to_string(),
            item.owner.clone().unwrap_or_default(),
        ]
    });
    crate::http::spreadsheet::csv_text(&HEADER, rows)
}

csrf_forms!(InterestUpdateForm);

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use markkartan_app::domain::InterestStatus;

    use super::*;

    fn item(company: &str) -> InboxItem {
        InboxItem {
            id: 7,
            // 08:00 UTC, 09:00 in Stockholm: the database gives it as Swedish time.
            created_at: DateTime::from_timestamp(1_800_003_600, 0)
                .unwrap()
                .naive_utc(),
            status: InterestStatus::New,
            company_name: company.into(),
            org_number: "556677-8899".into(),
            contact_name: "Kim".into(),
            email: "kim@bolaget.example".into(),
            phone: String::new(),
            plot: None,
            plot_id: None,
            business_area: Some("Görla verksamhetsområde".into()),
            planning: None,
            place: None,
            wanted_area_m2: Some(5000),
            wanted_start: None,
            message: "Rad ett;\nrad två".into(),
            language: "sv".into(),
            assigned_to_id: None,
            assigned_to: None,
            question: Default::default(),
            owner_id: None,
            owner: Some("Sara Ek (Roslagsvatten)".into()),
            closed_at: None,
            personal_data_deleted_at: None,
            outcome: None,
        }
    }

    /// The cells of a CSV text, as a reader that honours quotes reads them.
    fn cells(csv: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let csv = inbox_csv(&[item("Bolaget \"Bäst\" AB")]).unwrap();
        let mut lines = csv.split("\r\n");
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("\u{FEFF}id;inkommen (svensk tid);status;företag")
        );
        assert_eq!(
            lines.next().unwrap(),
            "7;2027-01-15 09:00;ny;\"Bolaget \"\"Bäst\"\" AB\";556677-8899;Kim;kim@bolaget.example;;Görla verksamhetsområde;5000;;\"Rad ett;\nrad två\";sv;;Mark och pris;Sara Ek (Roslagsvatten)"
        );
        let rows = cells(&csv);
        assert_eq!(rows[1][3], "Bolaget \"Bäst\" AB");
        assert_eq!(rows[1][11], "Rad ett;\nrad två");
    }

    #[test]
    fn a_separator_inside_a_name_never_splits_it() {
        for company in ["Acme\t=1+1", "Acme,=1+1", "Acme;=1+1", "Acme\r\n=1+1"] {
            let csv = inbox_csv(&[item(company)]).unwrap();
            // Whatever a program splits on, the name is one quoted cell.
            let row = csv.split_once("\r\n").unwrap().1;
            assert!(
                row.contains(&format!(";\"{company}\";")),
                "{company:?}: {row}"
            );
            assert_eq!(cells(&csv)[1][3], company);
        }
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_text_but_phone_numbers_stay() {
        let mut hostile = item("=HYPERLINK(\"https://evil.example\";\"Klicka\")");
        hostile.contact_name = "@kim".into();
        hostile.phone = "+46 176 71 10 00".into();
        hostile.message = "-1+1".into();
        let rows = cells(&inbox_csv(&[hostile]).unwrap());
        assert_eq!(
            rows[1][3],
            "'=HYPERLINK(\"https://evil.example\";\"Klicka\")"
        );
        assert_eq!(rows[1][5], "'@kim");
        assert_eq!(rows[1][7], "+46 176 71 10 00");
        assert_eq!(rows[1][11], "'-1+1");
        for start in ["\t", "\r", "+", "-", "@", "="] {
            let rows = cells(&inbox_csv(&[item(&format!("{start}cmd"))]).unwrap());
            assert_eq!(rows[1][3], format!("'{start}cmd"), "{start:?}");
        }
        for formula in ["+1+1", "+46 176 =1", "+HYPERLINK(1)"] {
            let rows = cells(&inbox_csv(&[item(formula)]).unwrap());
            assert_eq!(rows[1][3], format!("'{formula}"));
        }
    }
}
