//! Plots side by side (`/jamfor?tomt=…`), rendered on the server: the facts of each, what may be
//! added, the plots no longer published, and refusals that name `tomt`.

use crate::common::{TestDb, body_text, get};
use axum::http::StatusCode;

/// The page as the server renders it (no JavaScript), with its status.
async fn page(db: &TestDb, path: &str) -> (StatusCode, String) {
    let response = get(&db.router(), path).await;
    (response.status(), body_text(response).await)
}

/// The `<option>`s of the form that adds a plot: (value, text).
fn choices(html: &str) -> Vec<(String, String)> {
    let Some(select) = html
        .split(r#"<select id="compare-add-plot""#)
        .nth(1)
        .and_then(|s| s.split("</select>").next())
    else {
        return Vec::new();
    };
    select
        .split("<option ")
        .skip(1)
        .filter_map(|option| {
            let value = option.split("value=\"").nth(1)?.split('"').next()?;
            let text = option.split('>').nth(1)?.split('<').next()?;
            Some((value.to_string(), text.to_string()))
        })
        .collect()
}

#[tokio::test]
async fn three_plots_side_by_side_with_their_facts_in_both_languages() {
    let db = TestDb::with_sample().await;
    let gorla_11 = db.plot_id("Görla 9:11").await;
    let focksta_14 = db.plot_id("Focksta 1:14").await;
    let gorla_13 = db.plot_id("Görla 9:13").await;
    let holder: String = sqlx::query_scalar("SELECT reserved_for FROM plots WHERE id = $1")
        .bind(gorla_13)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let path = format!("/jamfor?tomt={gorla_11}&tomt={focksta_14}&tomt={gorla_13}");
    let (status, html) = page(&db, &path).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<title>Jämför tomter – Markkartan</title>"),
        "{html}"
    );
    assert!(html.contains(r#"<meta name="robots" content="noindex""#));
    assert!(html.contains("3 tomter jämförda"));
    // A column per plot, in the order asked, each linking to its fact sheet.
    let columns: Vec<&str> = html
        .split(r#"<th scope="col" data-plot-id=""#)
        .skip(1)
        .filter_map(|c| c.split('"').next())
        .collect();
    assert_eq!(
        columns,
        [gorla_11, focksta_14, gorla_13]
            .map(|id| id.to_string())
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    for id in [gorla_11, focksta_14, gorla_13] {
        assert!(html.contains(&format!(r#"href="/tomt/{id}""#)), "{id}");
        assert!(
            html.contains(&format!(r#"href="/intresse?tomt={id}""#)),
            "{id}"
        );
    }
    // Every fact is a row with a cell per plot.
    for field in [
        "business-area",
        "status",
        "area",
        "price",
        "total-price",
        "suitable-use",
        "plan",
        "plan-stage",
        "plan-use",
        "future-area",
        "site-coverage",
        "building-height",
        "water-sewage",
        "electrical-capacity",
        "district-heating",
        "fiber",
        "distance-e18",
        "distance-centre",
        "distance-port",
        "contact",
    ] {
        assert_eq!(
            html.matches(&format!(r#"<td data-field="{field}""#))
                .count(),
            3,
            "{field}"
        );
    }
    assert_eq!(html.matches(r#"class="small-map""#).count(), 3);
    // The facts themselves: Görla 9:11's price, Focksta 1:14's, the reservation's end, a plan.
    assert!(html.contains("500 kr/m²"), "Görla 9:11's price");
    assert!(html.contains("725 kr/m²"), "Focksta 1:14's price");
    assert!(html.contains("reserverad till"), "Görla 9:13's reservation");
    assert!(html.contains(r#"href="/plan/"#), "the covering plans");
    assert!(html.contains("mailto:"), "whom to ask");
    // Never who holds the reservation.
    assert!(!holder.is_empty() && !html.contains(&holder));
    // Rendered on the server only: no hydration script.
    assert!(!html.contains("_bg.wasm"), "not hydrated");

    // What may be added: the compared plots' business areas, for sale, not already compared.
    let offered = choices(&html);
    let names: Vec<&str> = offered.iter().map(|(_, text)| text.as_str()).collect();
    assert!(
        names.iter().any(|n| n.starts_with("Görla 9:12 (")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("Focksta 1:15 (")),
        "{names:?}"
    );
    for absent in [
        "Görla 9:11",
        "Görla 9:13",
        "Focksta 1:14",
        "Görla 9:15",
        "Görla 9:16",
        "Rimbo",
    ] {
        assert!(
            !names.iter().any(|n| n.starts_with(absent)),
            "{absent}: {names:?}"
        );
    }
    // The form keeps the compared plots.
    for id in [gorla_11, focksta_14, gorla_13] {
        assert!(html.contains(&format!(r#"<input type="hidden" name="tomt" value="{id}""#)));
    }

    // In English, with the language kept in every link and in the form.
    let (status, html) = page(&db, &format!("{path}&lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<title>Compare plots – Markkartan</title>"));
    assert!(html.contains("3 plots compared"));
    assert!(html.contains("SEK 500/m²"), "{html}");
    assert!(html.contains(&format!(r#"href="/tomt/{gorla_11}?lang=en""#)));
    assert!(html.contains(r#"<input type="hidden" name="lang" value="en""#));
    // Removing a plot leads to the comparison of the others.
    assert!(html.contains(&format!(
        r#"href="/jamfor?tomt={focksta_14}&amp;tomt={gorla_13}&amp;lang=en""#
    )));
    db.drop_database().await;
}

#[tokio::test]
async fn a_plot_no_longer_published_is_named_and_the_full_comparison_offers_nothing_more() {
    let db = TestDb::with_sample().await;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM plots WHERE designation IN ('Görla 9:11', 'Görla 9:12', 'Görla 9:17', 'Görla 9:18')
          ORDER BY designation",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE plots SET published = false WHERE id = $1")
        .bind(ids[1])
        .execute(&db.pool)
        .await
        .unwrap();
    let query: Vec<String> = ids.iter().map(|id| format!("tomt={id}")).collect();
    let (status, html) = page(&db, &format!("/jamfor?{}", query.join("&"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("3 tomter jämförda"));
    assert!(html.contains(&format!(
        "finns inte längre till salu och visas inte: {}.",
        ids[1]
    )));
    assert!(!html.contains(&format!(r#"data-plot-id="{}""#, ids[1])));
    // An unpublished plot is never offered either.
    assert!(
        !choices(&html)
            .iter()
            .any(|(value, _)| *value == ids[1].to_string())
    );

    // Four compared: nothing more is offered, and the page says why.
    sqlx::query("UPDATE plots SET published = true WHERE id = $1")
        .bind(ids[1])
        .execute(&db.pool)
        .await
        .unwrap();
    let (status, html) = page(&db, &format!("/jamfor?{}", query.join("&"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("4 tomter jämförda"));
    assert!(choices(&html).is_empty());
    assert!(html.contains("Fyra tomter är det mesta"));

    // Nothing compared: a guide and every plot for sale to start from.
    let (status, html) = page(&db, "/jamfor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Välj två till fyra tomter"));
    let offered = choices(&html);
    let for_sale: i64 = crate::common::count(
        &db.pool,
        "SELECT count(*) FROM plots WHERE published AND status NOT IN ('sold', 'not_for_sale')",
    )
    .await;
    assert_eq!(offered.len() as i64, for_sale);
    db.drop_database().await;
}

#[tokio::test]
async fn what_is_no_plot_number_or_too_many_is_refused_naming_tomt() {
    let db = TestDb::with_sample().await;
    for (query, says) in [
        ("tomt=abc", "inte ett nummer"),
        (
            "tomt=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "inte ett nummer",
        ),
        ("tomt=1%00", "inte ett nummer"),
        ("tomt=-3", "inte ett nummer"),
        ("tomt=1&tomt=2&tomt=3&tomt=4&tomt=5", "Högst 4 tomter"),
    ] {
        let (status, html) = page(&db, &format!("/jamfor?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(html.contains(says), "{query}: {html}");
        assert!(
            html.contains("<code>tomt</code>"),
            "{query}: names the field"
        );
        assert!(!html.contains("<script>alert"), "{query}");
    }
    // As many plot numbers as an address holds (64 KB) are refused as a whole.
    let long: Vec<String> = (1..5_500).map(|id| format!("tomt={id}")).collect();
    let (status, html) = page(&db, &format!("/jamfor?{}", long.join("&"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Högst 4 tomter"));
    db.drop_database().await;
}
