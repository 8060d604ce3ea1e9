//! OGC API – Features Core at `/ogc` against the real server and database: the landing page,
//! conformance, the collections with their extents, paging to the end and back, a bounding box,
//! single items, the public fields only, and a 400 naming the parameter for bad input.

use std::collections::BTreeSet;

use crate::common::{TestDb, body_text, get};
use axum::http::StatusCode;
use serde_json::Value;

async fn json(db: &TestDb, path: &str) -> (StatusCode, Value) {
    let response = get(&db.router(), path).await;
    let status = response.status();
    let text = body_text(response).await;
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text:.500}"));
    (status, value)
}

/// The path of a link of `rel` (the origin left off), if there is one.
fn link(document: &Value, rel: &str) -> Option<String> {
    document["links"].as_array()?.iter().find_map(|l| {
        (l["rel"] == rel).then(|| {
            let href = l["href"].as_str().unwrap();
            href[href.find("/ogc").unwrap()..].to_string()
        })
    })
}

/// A 400 whose problem names `field`.
async fn refused_naming(db: &TestDb, path: &str, field: &str) {
    let response = crate::common::send(&db.router(), "GET", path, None, None).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
    let body = body_text(response).await;
    assert!(
        body.contains(&format!(r#""field":"{field}""#)),
        "{path}: {body:.500}"
    );
}

#[tokio::test]
async fn the_landing_page_leads_to_conformance_and_every_collection_with_its_extent() {
    let db = TestDb::with_sample().await;
    let (status, landing) = json(&db, "/ogc").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        link(&landing, "conformance").as_deref(),
        Some("/ogc/conformance")
    );
    assert_eq!(link(&landing, "data").as_deref(), Some("/ogc/collections"));
    let (_, conformance) = json(&db, "/ogc/conformance").await;
    let classes = conformance["conformsTo"].to_string();
    assert!(classes.contains("ogcapi-features-1/1.0/conf/core"));
    assert!(classes.contains("ogcapi-features-1/1.0/conf/geojson"));
    assert!(classes.contains("ogcapi-features-3/1.0/conf/filter"));
    assert!(classes.contains("cql2/1.0/conf/cql2-text"));

    let (status, collections) = json(&db, "/ogc/collections").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = collections["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "plots",
            "business-areas",
            "detailed-plans",
            "future-areas",
            "land-use",
            "localities",
            "main-roads",
            "streets",
            "municipality"
        ]
    );
    for collection in collections["collections"].as_array().unwrap() {
        // Norrtälje lies around 18–19.3° E, 59.5–60.3° N.
        let bbox: Vec<f64> =
            serde_json::from_value(collection["extent"]["spatial"]["bbox"][0].clone())
                .unwrap_or_else(|_| panic!("{collection}"));
        assert!(
            bbox[0] > 17.5 && bbox[2] < 19.6 && bbox[1] > 59.3 && bbox[3] < 60.5,
            "{}: {bbox:?}",
            collection["id"]
        );
        let items = link(collection, "items").unwrap();
        let (status, page) = json(&db, &items).await;
        assert_eq!(status, StatusCode::OK, "{items}");
        assert!(page["numberReturned"].as_i64().unwrap() > 0, "{items}");
    }
    let (status, one) = json(&db, "/ogc/collections/land-use").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["itemType"], "feature");
    assert_eq!(
        json(&db, "/ogc/collections/accounts").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        json(&db, "/ogc/collections/plot_records/items").await.0,
        StatusCode::NOT_FOUND
    );
    db.drop_database().await;
}

#[tokio::test]
async fn plots_page_to_the_end_and_back_with_the_public_fields_only() {
    let db = TestDb::with_sample().await;
    let published: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM plots WHERE published ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let mut seen = Vec::new();
    let mut next = Some("/ogc/collections/plots/items?limit=10".to_string());
    let mut pages = Vec::new();
    while let Some(path) = next {
        let (status, page) = json(&db, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(page["type"], "FeatureCollection");
        assert_eq!(page["numberMatched"].as_i64(), Some(published.len() as i64));
        let features = page["features"].as_array().unwrap();
        assert_eq!(page["numberReturned"].as_u64(), Some(features.len() as u64));
        seen.extend(features.iter().map(|f| f["id"].as_i64().unwrap()));
        next = link(&page, "next");
        pages.push(page);
    }
    assert_eq!(seen, published, "every published plot once, in order");
    assert_eq!(pages.len(), published.len().div_ceil(10));
    // Back from the second page to the first.
    let back = link(&pages[1], "prev").unwrap();
    let (_, first) = json(&db, &back).await;
    assert_eq!(first["features"], pages[0]["features"]);
    assert!(link(&pages[0], "prev").is_none());

    // The fields a fact sheet shows, and nothing staff keep for themselves.
    let feature = &pages[0]["features"][0];
    let keys: BTreeSet<&str> = feature["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for kept in [
        "internal_notes",
        "holder",
        "published",
        "retired_at",
        "version",
    ] {
        assert!(!keys.contains(kept), "{kept} is not public");
    }
    for shown in [
        "designation",
        "status",
        "area_m2",
        "price_sek_per_m2",
        "fact_sheet",
    ] {
        assert!(keys.contains(shown), "{shown} in {keys:?}");
    }
    assert_eq!(feature["geometry"]["type"], "Polygon");
    let id = feature["id"].as_i64().unwrap();
    assert!(
        feature["properties"]["fact_sheet"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/tomt/{id}"))
    );

    // One item, and an unpublished plot is not one.
    let (status, one) = json(&db, &format!("/ogc/collections/plots/items/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["id"].as_i64(), Some(id));
    assert_eq!(one["properties"], feature["properties"]);
    sqlx::query("UPDATE plot_records SET published = false WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        json(&db, &format!("/ogc/collections/plots/items/{id}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_bounding_box_picks_what_lies_in_it() {
    let db = TestDb::with_sample().await;
    // A box around one plot, a little larger than it.
    let (id, w, s, e, n): (i64, f64, f64, f64, f64) = sqlx::query_as(
        "SELECT id, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)
           FROM (SELECT id, ST_Transform(ST_Expand(ST_PointOnSurface(geom), 1), 4326) AS b
                   FROM plots WHERE published ORDER BY id LIMIT 1) AS p",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let (status, page) = json(
        &db,
        &format!("/ogc/collections/plots/items?bbox={w},{s},{e},{n}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<i64> = page["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [id]);
    assert_eq!(page["numberMatched"].as_i64(), Some(1));
    // The box travels with the page's links.
    assert!(link(&page, "self").unwrap().contains("bbox="));
    // A box in the sea off the coast: nothing.
    let (_, empty) = json(&db, "/ogc/collections/plots/items?bbox=19.8,59.0,19.9,59.1").await;
    assert_eq!(empty["numberMatched"].as_i64(), Some(0));
    assert_eq!(empty["features"], serde_json::json!([]));
    db.drop_database().await;
}

#[tokio::test]
async fn bad_parameters_are_refused_naming_them() {
    let db = TestDb::with_sample().await;
    for (query, field) in [
        ("bbox=18,59,19", "bbox"),
        ("bbox=18,59,19,60,1,2", "bbox"),
        ("bbox=19,59,18,60", "bbox"),
        ("bbox=18,59,19,NaN", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=18,-91,19,60", "bbox"),
        ("limit=0", "limit"),
        ("limit=1000000", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
    ] {
        refused_naming(&db, &format!("/ogc/collections/plots/items?{query}"), field).await;
    }
    db.drop_database().await;
}

/// A plot's first corner as PostGIS has it in `srid` (easting or longitude first).
async fn corner(db: &TestDb, id: i64, srid: i32) -> (f64, f64) {
    sqlx::query_as(
        "SELECT ST_X(c), ST_Y(c)
           FROM (SELECT ST_Transform(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1), $2) AS c
                   FROM plots WHERE id = $1) AS p",
    )
    .bind(id)
    .bind(srid)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn coordinates_come_in_each_crs_in_its_own_axis_order() {
    let db = TestDb::with_sample().await;
    let id: i64 = sqlx::query_scalar("SELECT min(id) FROM plots WHERE published")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let (_, collection) = json(&db, "/ogc/collections/plots").await;
    assert_eq!(
        collection["storageCrs"],
        "http://www.opengis.net/def/crs/EPSG/0/3011"
    );
    assert_eq!(collection["crs"].as_array().unwrap().len(), 5);
    // (CRS, SRID, northing or latitude first, tolerance in its units)
    for (uri, srid, northing_first, tolerance) in [
        (
            "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
            4326,
            false,
            1e-6,
        ),
        (
            "http://www.opengis.net/def/crs/EPSG/0/4326",
            4326,
            true,
            1e-6,
        ),
        (
            "http://www.opengis.net/def/crs/EPSG/0/3006",
            3006,
            true,
            0.01,
        ),
        (
            "http://www.opengis.net/def/crs/EPSG/0/3011",
            3011,
            true,
            0.01,
        ),
        (
            "http://www.opengis.net/def/crs/EPSG/0/3857",
            3857,
            false,
            0.01,
        ),
    ] {
        let response = get(
            &db.router(),
            &format!("/ogc/collections/plots/items/{id}?crs={uri}"),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(
            response.headers()["content-crs"].to_str().unwrap(),
            format!("<{uri}>")
        );
        let feature: Value = serde_json::from_str(&body_text(response).await).unwrap();
        let first = &feature["geometry"]["coordinates"][0][0];
        let (a, b) = (first[0].as_f64().unwrap(), first[1].as_f64().unwrap());
        let (x, y) = corner(&db, id, srid).await;
        let expected = if northing_first { (y, x) } else { (x, y) };
        assert!(
            (a - expected.0).abs() < tolerance && (b - expected.1).abs() < tolerance,
            "{uri}: ({a}, {b}) is not {expected:?}"
        );
        // The items of a page in that CRS say so too, and their links keep it.
        let (status, page) = json(
            &db,
            &format!("/ogc/collections/plots/items?limit=2&crs={uri}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        if srid != 4326 || northing_first {
            assert!(link(&page, "next").unwrap().contains("crs="), "{uri}");
        }
    }
    // A box in SWEREF 99 18 00, northing first, and in EPSG:4326, latitude first, around the
    // plot's first corner.
    let (x, y) = corner(&db, id, 3011).await;
    let (lon, lat) = corner(&db, id, 4326).await;
    for (bbox, crs) in [
        (
            format!("{},{},{},{}", y - 0.5, x - 0.5, y + 0.5, x + 0.5),
            "http://www.opengis.net/def/crs/EPSG/0/3011",
        ),
        (
            format!(
                "{},{},{},{}",
                lat - 1e-5,
                lon - 1e-5,
                lat + 1e-5,
                lon + 1e-5
            ),
            "http://www.opengis.net/def/crs/EPSG/0/4326",
        ),
    ] {
        let (status, page) = json(
            &db,
            &format!("/ogc/collections/plots/items?bbox={bbox}&bbox-crs={crs}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{crs}");
        let ids: Vec<i64> = page["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_i64().unwrap())
            .collect();
        assert!(ids.contains(&id), "{crs}: {ids:?}");
        assert!(ids.len() < 4, "{crs}: a small box, {ids:?}");
    }
    // A CRS the server does not offer is refused naming its parameter.
    for (query, field) in [
        ("crs=EPSG:3006", "crs"),
        ("crs=http://www.opengis.net/def/crs/EPSG/0/9999", "crs"),
        (
            "bbox=1,2,3,4&bbox-crs=urn:ogc:def:crs:EPSG::3006",
            "bbox-crs",
        ),
    ] {
        refused_naming(&db, &format!("/ogc/collections/plots/items?{query}"), field).await;
    }
    db.drop_database().await;
}

#[tokio::test]
async fn simple_property_filters_and_datetime_narrow_the_items_as_sql_would() {
    let db = TestDb::with_sample().await;
    let ids = |page: &Value| -> Vec<i64> {
        page["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_i64().unwrap())
            .collect()
    };
    // By status: exactly the published available plots.
    let available: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM plots WHERE published AND status = 'available' ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let (status, page) = json(
        &db,
        "/ogc/collections/plots/items?status=available&limit=1000",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&page), available);
    // Two filters at once, carried by the page links.
    let (area, locality): (String, String) = sqlx::query_as(
        "SELECT a.name, l.name FROM business_areas a JOIN localities l ON l.id = a.locality_id
          WHERE EXISTS (SELECT 1 FROM plots p WHERE p.business_area_id = a.id AND p.published)
          ORDER BY a.id LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let expected: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM plots p JOIN business_areas a ON a.id = p.business_area_id
          WHERE p.published AND a.name = $1 ORDER BY p.id",
    )
    .bind(&area)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let query = serde_urlencoded::to_string([
        ("business_area", area.as_str()),
        ("locality", locality.as_str()),
        ("limit", "1"),
    ])
    .unwrap();
    let (_, page) = json(&db, &format!("/ogc/collections/plots/items?{query}")).await;
    assert_eq!(page["numberMatched"].as_i64(), Some(expected.len() as i64));
    if expected.len() > 1 {
        let next = link(&page, "next").unwrap();
        assert!(
            next.contains("business_area=") && next.contains("locality="),
            "{next}"
        );
    }
    // Detaljplaner by stage.
    let in_force: i64 =
        sqlx::query_scalar("SELECT count(*) FROM published_plans WHERE stage = 'laga_kraft'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let (_, page) = json(
        &db,
        "/ogc/collections/detailed-plans/items?stage=laga_kraft",
    )
    .await;
    assert_eq!(page["numberMatched"].as_i64(), Some(in_force));

    // By the last change: one plot changed now, the rest long ago.
    sqlx::query("UPDATE plot_records SET updated_at = '2020-01-01T00:00:00Z' WHERE published")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE plot_records SET updated_at = '2026-06-01T12:00:00Z' WHERE id = $1")
        .bind(available[0])
        .execute(&db.pool)
        .await
        .unwrap();
    for (datetime, expected) in [
        ("2026-01-01T00:00:00Z/..", vec![available[0]]),
        ("2026-06-01T12:00:00Z", vec![available[0]]),
        ("../2021-01-01T00:00:00Z", {
            let mut rest = available.clone();
            rest.remove(0);
            rest
        }),
    ] {
        let (status, page) = json(
            &db,
            &format!(
                "/ogc/collections/plots/items?status=available&limit=1000&datetime={datetime}"
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{datetime}");
        assert_eq!(ids(&page), expected, "{datetime}");
    }
    // The collection says what it may be filtered on.
    let (_, queryables) = json(&db, "/ogc/collections/plots/queryables").await;
    let names: BTreeSet<&str> = queryables["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for name in [
        "business_area",
        "designation",
        "geometry",
        "locality",
        "status",
        "area_m2",
    ] {
        assert!(names.contains(name), "{name} in {names:?}");
    }
    assert!(!names.contains("internal_notes") && !names.contains("holder"));
    assert_eq!(queryables["properties"]["area_m2"]["type"], "number");
    assert_eq!(queryables["properties"]["fiber"]["type"], "boolean");
    // What is not a filter here, or not a value, is refused naming it.
    for (query, field) in [
        ("internal_notes=x", "internal_notes"),
        ("holder=x", "holder"),
        ("status=a%00b", "status"),
        ("datetime=yesterday", "datetime"),
        (
            "datetime=2026-02-01T00:00:00Z/2026-01-01T00:00:00Z",
            "datetime",
        ),
        ("f=xml", "f"),
    ] {
        refused_naming(&db, &format!("/ogc/collections/plots/items?{query}"), field).await;
    }
    db.drop_database().await;
}

/// The ids of a page's features, in order.
fn ids(page: &Value) -> Vec<i64> {
    page["features"]
        .as_array()
        .unwrap_or_else(|| panic!("no features: {page:.500}"))
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect()
}

/// The items of a collection a CQL2 filter picks (all of them, by id).
async fn filtered(db: &TestDb, collection: &str, params: &[(&str, &str)]) -> Vec<i64> {
    let mut query = vec![("limit", "1000")];
    query.extend_from_slice(params);
    let path = format!(
        "/ogc/collections/{collection}/items?{}",
        serde_urlencoded::to_string(&query).unwrap()
    );
    let (status, page) = json(db, &path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {page:.500}");
    ids(&page)
}

async fn ids_of(db: &TestDb, sql: &str) -> Vec<i64> {
    sqlx::query_scalar(sql)
        .fetch_all(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn cql2_filters_pick_what_the_equivalent_sql_picks() {
    let db = TestDb::with_sample().await;
    // Give the sample some variety to tell filters apart.
    sqlx::query(
        "UPDATE plot_records SET fiber = (id % 2 = 0), district_heating = (id % 3 = 0) WHERE published",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let plots = "FROM plots p JOIN business_areas a ON a.id = p.business_area_id WHERE p.published";
    let area: String = sqlx::query_scalar(&format!("SELECT a.name {plots} ORDER BY p.id LIMIT 1"))
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let initial = area.chars().next().unwrap();
    let cases: Vec<(String, String)> = vec![
        (
            "status = 'available' AND area_m2 >= 3000".into(),
            "p.status = 'available' AND round(p.area_m2::numeric, 1) >= 3000".into(),
        ),
        (
            "price_sek_per_m2 BETWEEN 100 AND 300 OR fiber = true".into(),
            "(p.price_sek_per_m2 BETWEEN 100 AND 300 OR p.fiber)".into(),
        ),
        (
            "status IN ('available', 'reserved') AND NOT district_heating".into(),
            "p.status IN ('available', 'reserved') AND NOT p.district_heating".into(),
        ),
        ("reserved_until IS NOT NULL".into(), "p.reserved_until IS NOT NULL".into()),
        (
            format!("CASEI(business_area) LIKE CASEI('{initial}%')"),
            format!("lower(a.name) LIKE lower('{initial}%')"),
        ),
        (
            "reserved_until > DATE('2000-01-01') OR area_m2 < 2500.5".into(),
            "(p.reserved_until > '2000-01-01' OR round(p.area_m2::numeric, 1) < 2500.5)".into(),
        ),
        (
            "S_INTERSECTS(geometry, BBOX(18.60, 59.70, 18.72, 59.78))".into(),
            "ST_Intersects(p.geom, ST_Transform(ST_MakeEnvelope(18.60, 59.70, 18.72, 59.78, 4326), 3011))".into(),
        ),
        (
            "NOT S_WITHIN(geometry, POLYGON((18.6 59.7, 18.72 59.7, 18.72 59.78, 18.6 59.78, 18.6 59.7)))".into(),
            "NOT ST_Within(p.geom, ST_Transform(ST_MakeEnvelope(18.60, 59.70, 18.72, 59.78, 4326), 3011))".into(),
        ),
    ];
    let mut told_apart = BTreeSet::new();
    for (filter, sql) in &cases {
        let expected = ids_of(&db, &format!("SELECT p.id {plots} AND {sql} ORDER BY p.id")).await;
        assert_eq!(
            filtered(&db, "plots", &[("filter", filter)]).await,
            expected,
            "{filter}"
        );
        told_apart.insert(expected.len());
    }
    // The cases pick different numbers of plots: the filters are not all doing nothing.
    assert!(told_apart.len() >= 4, "{told_apart:?}");

    // The same filter as CQL2 JSON.
    let json_filter = r#"{"op":"and","args":[{"op":"=","args":[{"property":"status"},"available"]},{"op":">=","args":[{"property":"area_m2"},3000]}]}"#;
    assert_eq!(
        filtered(
            &db,
            "plots",
            &[("filter", json_filter), ("filter-lang", "cql2-json")]
        )
        .await,
        filtered(&db, "plots", &[("filter", cases[0].0.as_str())]).await
    );
    // A geometry in SWEREF 99 TM, northing first as EPSG defines it, picks the same as in CRS84.
    let (south, west, north, east): (f64, f64, f64, f64) = sqlx::query_as(
        "SELECT ST_YMin(b), ST_XMin(b), ST_YMax(b), ST_XMax(b)
           FROM ST_Transform(ST_MakeEnvelope(18.60, 59.70, 18.72, 59.78, 4326), 3006) b",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let sweref = format!("S_INTERSECTS(geometry, BBOX({south}, {west}, {north}, {east}))");
    let in_sweref = filtered(
        &db,
        "plots",
        &[
            ("filter", &sweref),
            ("filter-crs", "http://www.opengis.net/def/crs/EPSG/0/3006"),
        ],
    )
    .await;
    let in_crs84 = ids_of(
        &db,
        &format!(
            "SELECT p.id {plots} AND ST_Intersects(p.geom, ST_Transform(ST_Transform(ST_MakeEnvelope({west}, {south}, {east}, {north}, 3006), 4326), 3011)) ORDER BY p.id"
        ),
    )
    .await;
    assert!(!in_sweref.is_empty());
    assert_eq!(in_sweref, in_crs84);

    // Another collection, with a timestamp.
    let expected = ids_of(
        &db,
        "SELECT id FROM published_plans WHERE stage = 'laga_kraft' AND updated_at > '2000-01-01' ORDER BY id",
    )
    .await;
    assert!(!expected.is_empty());
    assert_eq!(
        filtered(
            &db,
            "detailed-plans",
            &[(
                "filter",
                "stage = 'laga_kraft' AND updated_at > TIMESTAMP('2000-01-01T00:00:00Z')"
            )]
        )
        .await,
        expected
    );

    // A value is a value: a quote in it does not end it.
    assert_eq!(
        filtered(&db, "plots", &[("filter", "status = 'x'' OR ''1''=''1'")]).await,
        Vec::<i64>::new()
    );
    // The filter travels with the page links.
    let query = serde_urlencoded::to_string([("filter", "area_m2 > 0"), ("limit", "1")]).unwrap();
    let (_, page) = json(&db, &format!("/ogc/collections/plots/items?{query}")).await;
    let next = link(&page, "next").unwrap();
    assert!(next.contains("filter=area_m2"), "{next}");
    let (_, second) = json(&db, &next).await;
    assert_eq!(second["numberMatched"], page["numberMatched"]);

    // What cannot be read is refused naming the parameter.
    for (params, field) in [
        (vec![("filter", "status = ")], "filter"),
        (vec![("filter", "internal_notes = 'x'")], "filter"),
        (vec![("filter", "holder IS NULL")], "filter"),
        (vec![("filter", "status = 5")], "filter"),
        (vec![("filter", "status = 'a\u{0}'")], "filter"),
        (
            vec![("filter", "status = 'a'"), ("filter-lang", "sql")],
            "filter-lang",
        ),
        (
            vec![("filter", "status = 'a'"), ("filter-crs", "EPSG:9999")],
            "filter-crs",
        ),
        (
            vec![
                ("filter", "{\"op\":\"drop\"}"),
                ("filter-lang", "cql2-json"),
            ],
            "filter",
        ),
        // Values PostGIS or PostgreSQL cannot use: still the filter's fault, not a 500.
        (
            vec![("filter", "S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))")],
            "filter",
        ),
        (
            vec![("filter", "S_INTERSECTS(geometry, BBOX(0, 0, 200, 100))")],
            "filter",
        ),
        (
            vec![("filter", "S_INTERSECTS(geometry, POINT(500 500))")],
            "filter",
        ),
        (
            vec![("filter", "updated_at > DATE('-5000-01-01')")],
            "filter",
        ),
        (
            vec![(
                "filter",
                "1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1=1",
            )],
            "filter",
        ),
    ] {
        let path = format!(
            "/ogc/collections/plots/items?{}",
            serde_urlencoded::to_string(&params).unwrap()
        );
        refused_naming(&db, &path, field).await;
    }
    let nul = "/ogc/collections/plots/items?filter=status%20%3D%20%27a%00%27";
    refused_naming(&db, nul, "filter").await;
    db.drop_database().await;
}

/// The OpenAPI document describes what the server answers: every path it names answers (its
/// templates filled with a real plot, plan and tile), every collection's items list its
/// queryables, and the writes on plots say how to authenticate.
#[tokio::test]
async fn the_openapi_document_names_what_the_server_answers() {
    let db = TestDb::with_sample().await;
    let response = get(&db.router(), "/ogc/api").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[axum::http::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/vnd.oai.openapi+json")
    );
    let document: Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    for source in markkartan_server::db::ogc::SOURCES {
        let items = &paths[&format!("/ogc/collections/{}/items", source.id)]["get"];
        let names: Vec<&str> = items["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for wanted in ["bbox", "limit", "filter", "crs", "datetime"] {
            assert!(names.contains(&wanted), "{}: {wanted}", source.id);
        }
        assert_eq!(
            paths.contains_key(&format!("/ogc/collections/{}/tiles", source.id)),
            source.tiles
        );
    }
    let plots_item = &paths["/ogc/collections/plots/items/{featureId}"];
    for method in ["put", "patch", "delete"] {
        assert!(plots_item[method]["security"].is_array(), "{method}");
    }
    assert!(paths["/ogc/collections/plots/items"]["post"].is_object());
    assert!(
        paths["/ogc/collections/localities/items/{featureId}"]
            .get("put")
            .is_none()
    );
    // Every path answers a GET.
    let plot = db.plot_id("Görla 9:11").await;
    let (x, y) = crate::common::tile_of_plot(&db, plot, 14).await;
    let item_of = |collection: &str| -> String {
        let table = match collection {
            "plots" => "plots",
            "business-areas" => "business_areas",
            "detailed-plans" => "published_plans",
            "future-areas" => "published_future_areas",
            "land-use" => "published_land_use",
            "localities" => "localities",
            "main-roads" => "roads",
            "streets" => "streets",
            _ => "",
        };
        table.to_string()
    };
    for path in paths.keys().filter(|p| p.starts_with("/ogc")) {
        let collection = path.split('/').nth(3).unwrap_or("");
        let mut concrete = path
            .replace("{tileMatrix}", "14")
            .replace("{tileRow}", &y.to_string())
            .replace("{tileCol}", &x.to_string());
        if concrete.contains("{featureId}") {
            let table = item_of(collection);
            let id: i64 = if table.is_empty() {
                1
            } else {
                sqlx::query_scalar(&format!("SELECT min(id) FROM {table}"))
                    .fetch_one(&db.pool)
                    .await
                    .unwrap()
            };
            concrete = concrete.replace("{featureId}", &id.to_string());
        }
        let status = get(&db.router(), &concrete).await.status();
        assert!(
            matches!(status, StatusCode::OK | StatusCode::NO_CONTENT),
            "{concrete}: {status}"
        );
    }
    // Beside the OGC API: every page, every server function the pages call, the downloads and
    // the staff's forms, each with who may use it.
    for page in markkartan_server::http::page_paths() {
        assert!(paths[&page]["get"].is_object(), "{page}");
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        let method = method.as_str().to_ascii_lowercase();
        assert!(paths[path][&method].is_object(), "{method} {path}");
    }
    assert!(paths["/tomter.gpkg"]["get"]["security"].is_null());
    assert_eq!(
        paths["/personal/tomt/{id}"]["post"]["security"][0]["staffForm"],
        serde_json::json!([])
    );
    assert!(paths["/personal/tomt/{id}"]["get"].is_object());
    assert!(
        paths["/personal/import"]["post"]["requestBody"]["content"]["multipart/form-data"]
            .is_object()
    );
    // The server answers each of them: asked without a session, nothing is missing (404) or
    // answered only for another method (405).
    let plan: i64 = sqlx::query_scalar("SELECT min(id) FROM published_plans")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let area: i64 = sqlx::query_scalar("SELECT min(id) FROM published_future_areas")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let land_use: i64 = sqlx::query_scalar("SELECT min(id) FROM published_land_use")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let router = crate::common::router(&db);
    let mut asked = 0;
    for (path, item) in paths.iter().filter(|(p, _)| !p.starts_with("/ogc")) {
        let id = match path.split('/').nth(1).unwrap_or("") {
            "plan" => plan,
            "framtida-omrade" => area,
            "markanvandning" => land_use,
            _ => plot,
        };
        let concrete = path
            .replace("{id}", &id.to_string())
            .replace("{z}", "14")
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string())
            .replace("{operation}", "dela")
            .replace("{step}", "publicera");
        for method in item.as_object().unwrap().keys() {
            let status = crate::common::send(
                &router,
                &method.to_ascii_uppercase(),
                &concrete,
                None,
                Some(Vec::new()),
            )
            .await
            .status();
            assert!(
                !matches!(
                    status,
                    StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
                ) && !status.is_server_error(),
                "{method} {concrete}: {status}"
            );
            asked += 1;
        }
    }
    assert!(asked > 60, "{asked}");
    db.drop_database().await;
}

/// A GET as a browser sends it: asking for a page.
async fn as_browser(db: &TestDb, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    use tower::ServiceExt;
    let request = axum::http::Request::get(path)
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = db.router().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, body_text(response).await)
}

#[tokio::test]
async fn every_document_is_also_a_page_of_the_site_in_both_languages() {
    let db = TestDb::with_sample().await;
    // A text staff wrote, shown on the item's page as text.
    let id: i64 = sqlx::query_scalar(
        "UPDATE plot_records SET public_description = '<script>alert(1)</script> & mer'
          WHERE designation = 'Rimbo 3:11' RETURNING id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let pages = [
        ("/ogc", "Öppna data: OGC API", "Open data: OGC API"),
        (
            "/ogc/conformance",
            "ogcapi-features-1/1.0/conf/core",
            "Standards",
        ),
        (
            "/ogc/collections",
            "Tomter för verksamheter",
            "Plots for business",
        ),
        (
            "/ogc/collections/detailed-plans",
            "Publicerade detaljplaner",
            "Published detaljplaner",
        ),
        ("/ogc/collections/plots/items?limit=2", "2 av ", "2 of "),
        (
            &format!("/ogc/collections/plots/items/{id}"),
            "Rimbo 3:11",
            "Rimbo 3:11",
        ),
        (
            "/ogc/collections/plots/queryables",
            "Filtrerbara egenskaper",
            "Queryables",
        ),
        ("/ogc/api", "API-beskrivning", "API definition"),
    ];
    for (path, swedish, english) in pages {
        for (lang, expected) in [("sv", swedish), ("en", english)] {
            let asked = if lang == "en" {
                format!(
                    "{path}{}lang=en",
                    if path.contains('?') { '&' } else { '?' }
                )
            } else {
                path.to_string()
            };
            let (status, headers, body) = as_browser(&db, &asked).await;
            assert_eq!(status, StatusCode::OK, "{asked}: {body:.300}");
            assert!(
                headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"),
                "{asked}"
            );
            assert!(
                headers.get_all("vary").iter().any(|v| v == "accept"),
                "{asked}: {headers:?}"
            );
            assert!(body.contains(&format!(r#"<html lang="{lang}""#)), "{asked}");
            assert!(body.contains(expected), "{asked}: {expected} in {body}");
            // The site's frame, complete as rendered: no bundle hydrates it.
            assert!(body.contains(r#"class="site-header""#), "{asked}");
            assert!(!body.contains("/pkg/"), "{asked}: a bundle on {body:.2000}");
        }
    }
    // The item's page shows the description as text, and links to its fact sheet.
    let (_, _, item) = as_browser(&db, &format!("/ogc/collections/plots/items/{id}")).await;
    assert!(
        item.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer"),
        "{item}"
    );
    assert!(!item.contains("<script>alert"));
    assert!(item.contains(&format!(r#"/tomt/{id}""#)), "{item}");
    // Pages link to pages in their language, and to the same document as JSON.
    let (_, _, english) = as_browser(&db, "/ogc/collections/plots/items?limit=2&lang=en").await;
    assert!(
        english.contains("limit=2&amp;offset=2&amp;f=html&amp;lang=en"),
        "{english}"
    );
    assert!(english.contains("limit=2&amp;f=json"), "{english}");
    // `f` decides over Accept both ways: JSON for a browser that asks for it, a page for a
    // program.
    let (status, headers, body) =
        as_browser(&db, "/ogc/collections/plots/items?limit=2&f=json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/geo+json");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["numberReturned"],
        2
    );
    let response = get(&db.router(), "/ogc/collections?f=html").await;
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    // A program still gets JSON, in Swedish unless it asks for English.
    let (_, collections) = json(&db, "/ogc/collections?lang=en").await;
    assert_eq!(collections["collections"][0]["title"], "Plots for business");
    // A refused parameter is a page naming it, for a browser.
    let (status, headers, body) = as_browser(&db, "/ogc/collections/plots/items?limit=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(body.contains("<code>limit</code>"), "{body}");
    let (status, _, body) = as_browser(&db, "/ogc/collections?f=pdf").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("<code>f</code>"), "{body}");
    db.drop_database().await;
}
