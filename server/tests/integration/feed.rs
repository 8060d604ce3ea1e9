//! The Atom feed of public changes, written by database triggers.

use crate::common::{TestDb, body_text, get};
use atom_syndication::Feed;
use axum::http::{StatusCode, header};

async fn feed(db: &TestDb, path: &str) -> Feed {
    let response = get(&db.router(), path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    body_text(response)
        .await
        .parse::<Feed>()
        .expect("valid Atom")
}

#[tokio::test]
async fn changes_become_entries_and_unpublished_ones_stay_out() {
    let db = TestDb::with_sample().await;
    let initial = feed(&db, "/flode.atom").await;
    let titles: Vec<String> = initial
        .entries
        .iter()
        .map(|e| e.title.value.clone())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Ledig tomt: Görla 9:11 (")),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Detaljplan i nytt skede: 0188-P2024/1"))
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Nytt framtida verksamhetsområde: Görla östra"))
    );

    // A sold plot that becomes available again is the newest entry; a business area named with
    // an ampersand still gives well-formed XML.
    sqlx::query(
        "UPDATE business_areas SET name = 'Kapellskär hamn & logistik'
          WHERE name = 'Kapellskär logistikområde'",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE plots SET status = 'available' WHERE designation = 'Kapellskär 2:12'")
        .execute(&db.pool)
        .await
        .unwrap();
    // Unpublishing takes a plot's entries out of the feed.
    sqlx::query("UPDATE plots SET published = false WHERE designation = 'Görla 9:11'")
        .execute(&db.pool)
        .await
        .unwrap();
    let updated = feed(&db, "/flode.atom").await;
    let newest = &updated.entries[0];
    assert!(
        newest
            .title
            .value
            .starts_with("Ledig tomt: Kapellskär 2:12 (")
            && newest.title.value.ends_with("Kapellskär hamn & logistik)"),
        "{}",
        newest.title.value
    );
    let link = &newest.links[0].href;
    assert!(
        link.starts_with("http://") && link.contains("/tomt/"),
        "{link}"
    );
    assert!(
        !updated
            .entries
            .iter()
            .any(|e| e.title.value.contains("Görla 9:11 "))
    );

    let english = feed(&db, "/flode.atom?lang=en").await;
    assert!(
        english.entries[0]
            .title
            .value
            .starts_with("Plot available: Kapellskär 2:12")
    );
    assert!(english.entries[0].links[0].href.ends_with("?lang=en"));
    db.drop_database().await;
}
