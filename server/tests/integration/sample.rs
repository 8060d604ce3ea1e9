//! The sample data set and the synthetic plot generator, against the real PostGIS.

use crate::common::{TestDb, count, land_file};
use markkartan_server::sample::{self, Outcome};

#[tokio::test]
async fn the_sample_meets_its_brief() {
    let db = TestDb::with_sample().await;
    let one = |sql: &'static str| count(&db.pool, sql);
    assert!(one("SELECT count(*) FROM plots").await >= 40);
    assert!(one("SELECT count(*) FROM business_areas").await >= 6);
    assert_eq!(
        one("SELECT count(DISTINCT status) FROM plots").await,
        5,
        "every status is represented"
    );
    assert!(one("SELECT count(*) FROM detailed_plans").await >= 8);
    assert_eq!(
        one("SELECT count(DISTINCT stage) FROM detailed_plans").await,
        6,
        "every plan stage"
    );
    assert!(one("SELECT count(*) FROM future_areas").await >= 4);
    assert_eq!(
        one("SELECT count(*) FROM roads WHERE road_number IN ('E18', 'Rv 76', 'Rv 77')").await,
        3
    );
    // A main road runs beside the plots it serves, never through one (the E18 once crossed
    // Kapellskär 2:11 and 2:12 on the map).
    assert_eq!(
        one("SELECT count(*) FROM roads r JOIN plots p ON ST_Intersects(r.geom, p.geom)").await,
        0
    );
    assert!(one("SELECT count(*) FROM localities").await >= 5);
    // Plots are 1,500–60,000 m², lie inside the municipality and do not overlap.
    assert_eq!(
        one("SELECT count(*) FROM plots WHERE area_m2 NOT BETWEEN 1500 AND 60000").await,
        0
    );
    assert_eq!(
        one("SELECT count(*) FROM plots p, municipality m WHERE NOT ST_Within(p.geom, m.geom)")
            .await,
        0
    );
    assert_eq!(
        one("SELECT count(*) FROM plots a JOIN plots b ON a.id < b.id AND ST_Overlaps(a.geom, b.geom)").await,
        0
    );
    // Plots are spread over at least five localities, Norrtälje, Rimbo, Hallstavik and Kapellskär among them.
    let localities: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT l.name FROM plots p JOIN business_areas a ON a.id = p.business_area_id
           JOIN localities l ON l.id = a.locality_id ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(localities.len() >= 5, "{localities:?}");
    for town in ["Norrtälje", "Rimbo", "Hallstavik", "Kapellskär"] {
        assert!(localities.iter().any(|l| l == town), "no plots in {town}");
    }
    db.drop_database().await;
}

/// The sample is fictional but lies where such land could be: on the real coast's land side.
#[tokio::test]
async fn the_sample_lies_on_land_and_the_municipality_follows_the_coast() {
    let db = TestDb::with_sample().await;
    let one = |sql: &'static str| count(&db.pool, sql);
    assert!(
        one("SELECT count(*) FROM land").await >= 300,
        "the islands are there"
    );
    for (what, sql) in [
        (
            "plots",
            "SELECT count(*) FROM plots p WHERE NOT ST_CoveredBy(p.geom, (SELECT ST_Union(geom) FROM land))",
        ),
        (
            "detaljplaner",
            "SELECT count(*) FROM detailed_plans d WHERE NOT ST_CoveredBy(d.geom, (SELECT ST_Union(geom) FROM land))",
        ),
        (
            "future areas",
            "SELECT count(*) FROM future_areas f WHERE NOT ST_CoveredBy(f.geom, (SELECT ST_Union(geom) FROM land))",
        ),
        (
            "localities",
            "SELECT count(*) FROM localities l WHERE NOT ST_CoveredBy(l.geom, (SELECT ST_Union(geom) FROM land))",
        ),
    ] {
        assert_eq!(one(sql).await, 0, "{what} in the sea");
    }
    // Every business area's plots, and every street, lead somewhere on land.
    assert_eq!(one("SELECT count(*) FROM business_areas a WHERE NOT EXISTS (SELECT 1 FROM plots p WHERE p.business_area_id = a.id)").await, 0);
    assert!(
        one("SELECT count(*) FROM streets").await >= 7,
        "a street per business area"
    );
    assert_eq!(
        one("SELECT count(*) FROM business_areas a WHERE NOT EXISTS (
                 SELECT 1 FROM streets s JOIN plots p ON p.business_area_id = a.id
                  WHERE ST_DWithin(s.geom, p.geom, 30))")
        .await,
        0,
        "every business area is reached by a street"
    );
    // The municipality is its land: many islands, none of them sea, about its real 2,000 km².
    assert!(one("SELECT ST_NumGeometries(geom)::bigint FROM municipality").await >= 100);
    let area_km2 = one("SELECT round(ST_Area(geom) / 1e6)::bigint FROM municipality").await;
    assert!((1_800..=2_500).contains(&area_km2), "{area_km2} km²");
    assert_eq!(
        one("SELECT count(*) FROM municipality m
              WHERE ST_Area(ST_Difference(m.geom, (SELECT ST_Union(geom) FROM land))) > 1")
        .await,
        0,
        "no square metre of the municipality is sea"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn loading_again_keeps_the_data_and_replace_reloads_it() {
    let db = TestDb::with_sample().await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
    assert_eq!(
        sample::load(&db.pool, &dir, &land_file(), false)
            .await
            .unwrap(),
        Outcome::AlreadyLoaded
    );
    match sample::load(&db.pool, &dir, &land_file(), true)
        .await
        .unwrap()
    {
        Outcome::Loaded { plots, .. } => assert!(plots >= 40),
        other => panic!("expected a reload, got {other:?}"),
    }
    db.drop_database().await;
}

#[tokio::test]
async fn a_bad_sample_file_changes_nothing() {
    let db = TestDb::migrated().await;
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
    let broken =
        std::env::temp_dir().join(format!("markkartan-broken-sample-{}", std::process::id()));
    std::fs::create_dir_all(&broken).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), broken.join(entry.file_name())).unwrap();
    }
    // A bow-tie plot, late in the load: everything before it must be rolled back.
    let plots = std::fs::read_to_string(broken.join("plots.geojson")).unwrap();
    let bow_tie = r#"{"type":"Feature","properties":{"designation":"Trasig 1","business_area":"Görla verksamhetsområde","status":"available","permitted_uses":[],"water_sewage":"none","district_heating":false,"fiber":false,"public_description":"","internal_notes":""},"geometry":{"type":"Polygon","coordinates":[[[18.70,59.77],[18.71,59.78],[18.71,59.77],[18.70,59.78],[18.70,59.77]]]}}"#;
    let plots = plots.replacen("\"features\": [", &format!("\"features\": [{bow_tie},"), 1);
    std::fs::write(broken.join("plots.geojson"), plots).unwrap();

    let error = sample::load(&db.pool, &broken, &land_file(), false)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("plots.geojson"), "{error}");
    let rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM contact_persons) + (SELECT count(*) FROM localities) + (SELECT count(*) FROM plots)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(rows, 0, "a failed load stores nothing");
    std::fs::remove_dir_all(&broken).unwrap();
    db.drop_database().await;
}

#[tokio::test]
async fn generated_plots_are_valid_and_do_not_overlap() {
    let db = TestDb::with_sample().await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM plots")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let added = markkartan_server::generate::synthetic_plots(&db.pool, 2_000)
        .await
        .unwrap();
    assert_eq!(added, 2_000);
    // Generating again continues the numbering instead of colliding.
    markkartan_server::generate::synthetic_plots(&db.pool, 500)
        .await
        .unwrap();
    let one = |sql: &'static str| count(&db.pool, sql);
    assert_eq!(one("SELECT count(*) FROM plots").await, before + 2_500);
    assert_eq!(
        one("SELECT count(*) FROM plots WHERE NOT ST_IsValid(geom)").await,
        0
    );
    assert_eq!(
        one("SELECT count(*) FROM plots WHERE area_m2 NOT BETWEEN 1500 AND 60000").await,
        0
    );
    assert_eq!(
        one("SELECT count(*) FROM plots a JOIN plots b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)").await,
        0,
        "no two plots touch or overlap"
    );
    assert_eq!(
        one("SELECT count(*) FROM plots p, municipality m WHERE NOT ST_Within(p.geom, m.geom)")
            .await,
        0,
        "all inside the municipality"
    );
    assert!(
        markkartan_server::generate::synthetic_plots(&db.pool, 0)
            .await
            .is_err()
    );
    db.drop_database().await;
}

/// The municipality-sized set: plans of 50–500 corners, valid, on land, around the towns, some
/// in two parts and some with a revision in review; future areas; and a second run adds more.
#[tokio::test]
async fn a_generated_municipality_is_valid_and_lies_on_its_land() {
    let db = TestDb::with_sample().await;
    let added = markkartan_server::generate::municipality(&db.pool, 120, 12, 30)
        .await
        .unwrap();
    assert_eq!(
        added,
        markkartan_server::generate::Added {
            plans: 120,
            future_areas: 12,
            plots: 30
        }
    );
    markkartan_server::generate::municipality(&db.pool, 20, 3, 0)
        .await
        .unwrap();
    let one = |sql: &'static str| count(&db.pool, sql);
    assert_eq!(
        one("SELECT count(*) FROM detailed_plans WHERE plan_id LIKE '0188-SYNT-%'").await,
        140
    );
    assert_eq!(
        one(
            "SELECT count(*) FROM detailed_plans WHERE plan_id LIKE '0188-SYNT-%'
               AND (NOT ST_IsValid(geom) OR NOT published
                    OR ST_NPoints(geom) - ST_NumGeometries(geom) NOT BETWEEN 50 AND 500)"
        )
        .await,
        0,
        "valid, published, 50–500 corners"
    );
    assert!(
        one("SELECT count(*) FROM detailed_plans WHERE plan_id LIKE '0188-SYNT-%' AND ST_NumGeometries(geom) = 2")
            .await
            > 10,
        "some in two parts"
    );
    assert_eq!(
        one("SELECT count(*) FROM detailed_plans p, municipality m
              WHERE p.plan_id LIKE '0188-SYNT-%' AND NOT ST_CoveredBy(p.geom, m.geom)")
        .await,
        0,
        "on the municipality's land"
    );
    let in_review = one(
        "SELECT count(*) FROM planning_revisions r JOIN detailed_plans p ON p.id = r.subject_id
          WHERE r.kind = 'detailed_plan' AND r.state = 'in_review' AND p.plan_id LIKE '0188-SYNT-%'",
    )
    .await;
    assert!(in_review > 0);
    assert_eq!(
        in_review,
        one(
            "SELECT count(*) FROM detailed_plans WHERE plan_id LIKE '0188-SYNT-%'
               AND substring(plan_id FROM '([0-9]+)$')::int % 20 = 0"
        )
        .await,
        "every twentieth in review"
    );
    assert_eq!(
        one("SELECT count(*) FROM future_areas f, municipality m
              WHERE f.name LIKE 'Syntetiskt framtida område %' AND f.published
                AND ST_IsValid(f.geom) AND ST_CoveredBy(f.geom, m.geom)")
        .await,
        15
    );
    // Around every town: no town without plans.
    assert_eq!(
        one(
            "SELECT count(*) FROM localities l WHERE l.name <> 'Syntetiska orten' AND NOT EXISTS (
                 SELECT 1 FROM detailed_plans p WHERE p.plan_id LIKE '0188-SYNT-%'
                    AND ST_DWithin(p.geom, l.geom, 6000))"
        )
        .await,
        0
    );
    db.drop_database().await;
}
