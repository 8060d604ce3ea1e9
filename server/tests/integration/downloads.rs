//! The plots as open data from the list page (`/tomter.geojson`, `.csv`, `.gpkg`) against the
//! real server and database: the list's filters and order, the same fields in every format, a
//! formula in a description kept as text, a GeoPackage that SQLite reads as the standard's
//! tables, and a 400 naming a filter that cannot be read.

use axum::http::{StatusCode, header};
use serde_json::Value;

use crate::common::{TestDb, body_text, count, get};

async fn download(db: &TestDb, path: &str) -> (StatusCode, String, Vec<u8>) {
    let response = get(&db.router(), path).await;
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    (status, kind, bytes)
}

#[tokio::test]
async fn downloads_keep_what_the_list_keeps_in_every_format() {
    let db = TestDb::with_sample().await;
    sqlx::query(
        "UPDATE plot_records SET public_description = '=HYPERLINK(\"https://evil.example\")'
          WHERE designation = 'Rimbo 3:11'",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let rimbo: Vec<String> = sqlx::query_scalar(
        "SELECT p.designation FROM plots p JOIN business_areas a ON a.id = p.business_area_id
           JOIN localities l ON l.id = a.locality_id
          WHERE p.published AND l.name = 'Rimbo' AND p.status = 'available'
          ORDER BY p.area_m2, p.designation",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(rimbo.len() > 1);
    let query = "?ort=Rimbo&status=available&sortera=yta";

    // GeoJSON: the list's plots in its order, with their outlines in CRS84.
    let (status, kind, body) = download(&db, &format!("/tomter.geojson{query}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/geo+json");
    let collection: Value = serde_json::from_slice(&body).unwrap();
    let features = collection["features"].as_array().unwrap();
    let names: Vec<&str> = features
        .iter()
        .map(|f| f["properties"]["designation"].as_str().unwrap())
        .collect();
    assert_eq!(names, rimbo);
    let first = &features[0];
    assert_eq!(first["properties"]["municipality_code"], "0188");
    assert!(
        first["properties"]["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/tomt/{}", first["id"]))
    );
    let lon = first["geometry"]["coordinates"][0][0][0].as_f64().unwrap();
    assert!((17.5..19.5).contains(&lon), "{lon}");
    for hidden in ["internal_notes", "reserved_for", "contact_person"] {
        assert!(first["properties"].get(hidden).is_none(), "{hidden}");
    }

    // CSV: the same plots and fields, a formula kept as text.
    let (status, kind, body) = download(&db, &format!("/tomter.csv{query}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "text/csv; charset=utf-8");
    let text = String::from_utf8(body).unwrap();
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let header: Vec<&str> = text
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{FEFF}')
        .split(';')
        .collect();
    assert_eq!(header[1], "designation");
    assert_eq!(*header.last().unwrap(), "wkt");
    let designations: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(designations, rimbo);
    let hostile = rows.iter().find(|r| r[1] == "Rimbo 3:11");
    if let Some(row) = hostile {
        assert_eq!(row[15], "'=HYPERLINK(\"https://evil.example\")");
    }
    assert!(
        rows.iter()
            .all(|r| r.last().unwrap().starts_with("POLYGON(("))
    );

    // GeoPackage: SQLite reads the standard's tables and one polygon per plot in EPSG:3006.
    let (status, kind, body) = download(&db, &format!("/tomter.gpkg{query}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/geopackage+sqlite3");
    assert_eq!(&body[..16], b"SQLite format 3\0");
    let path = std::env::temp_dir().join(format!("markkartan-test-{}.gpkg", std::process::id()));
    std::fs::write(&path, &body).unwrap();
    {
        use sqlx::ConnectOptions;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .read_only(true)
            .connect()
            .await
            .unwrap();
        let (table, srs): (String, i64) = sqlx::query_as(
            "SELECT c.table_name, g.srs_id FROM gpkg_contents c
               JOIN gpkg_geometry_columns g USING (table_name)",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!((table.as_str(), srs), ("tomter", 3006));
        let stored: Vec<(String, Vec<u8>)> =
            sqlx::query_as("SELECT designation, geom FROM tomter ORDER BY fid")
                .fetch_all(&mut conn)
                .await
                .unwrap();
        assert_eq!(
            stored.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
            rimbo
        );
        assert!(stored.iter().all(|(_, g)| g.starts_with(b"GP")));
    }
    std::fs::remove_file(&path).unwrap();

    // No filter: every published plot.
    let (_, _, body) = download(&db, "/tomter.geojson").await;
    let all: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        all["features"].as_array().unwrap().len() as i64,
        count(&db.pool, "SELECT count(*) FROM plots WHERE published").await
    );
    // A filter that cannot be read: a 400 naming it.
    for (path, field) in [
        ("/tomter.csv?min_yta=stor", "min_yta"),
        ("/tomter.geojson?status=kanske", "status"),
        ("/tomter.gpkg?ort=a%00b", "ort"),
    ] {
        let response = get(&db.router(), path).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let text = body_text(response).await;
        assert!(
            text.contains(&format!("\"field\":\"{field}\"")),
            "{path}: {text:.300}"
        );
    }
    db.drop_database().await;
}
