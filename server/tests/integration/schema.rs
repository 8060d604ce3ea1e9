//! The schema against the real PostGIS: migrations apply, and geometry rules hold.

use crate::common::TestDb;

/// Inserts a plot with the given geometry (as SQL) into a migrated database with one area.
async fn insert_plot_with(db: &TestDb, geometry_sql: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO localities (name, geom) VALUES ('Norrtälje', ST_SetSRID(ST_MakePoint(150000, 6630000), 3011))
         ON CONFLICT DO NOTHING",
    )
    .execute(&db.pool)
    .await?;
    sqlx::query(
        "INSERT INTO business_areas (name, locality_id)
         SELECT 'Görla', id FROM localities WHERE name = 'Norrtälje' ON CONFLICT DO NOTHING",
    )
    .execute(&db.pool)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO plots (designation, business_area_id, geom)
         SELECT 'Testtomt ' || gen_random_uuid(), id, {geometry_sql} FROM business_areas WHERE name = 'Görla'"
    ))
    .execute(&db.pool)
    .await
    .map(|_| ())
}

fn violated_constraint(result: Result<(), sqlx::Error>) -> String {
    match result {
        Err(sqlx::Error::Database(error)) => error
            .constraint()
            .unwrap_or_else(|| panic!("not a constraint violation: {error}"))
            .to_string(),
        other => panic!("expected a constraint violation, got {other:?}"),
    }
}

#[tokio::test]
async fn migrations_apply_to_an_empty_database_and_are_idempotent() {
    let db = TestDb::empty().await;
    markkartan_server::db::migrate(&db.pool)
        .await
        .expect("first run");
    markkartan_server::db::migrate(&db.pool)
        .await
        .expect("second run is a no-op");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for expected in [
        "business_areas",
        "contact_persons",
        "detailed_plan_stage_dates",
        "detailed_plans",
        "future_areas",
        "localities",
        "municipality",
        // Every plot ever offered; `plots` is the view of those not retired (migration 0016).
        "plot_records",
        "roads",
    ] {
        assert!(
            tables.iter().any(|t| t == expected),
            "missing table {expected}: {tables:?}"
        );
    }
    let views: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.views WHERE table_schema = 'public'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for expected in ["plots", "published_plans", "published_future_areas"] {
        assert!(
            views.iter().any(|v| v == expected),
            "missing view {expected}: {views:?}"
        );
    }
    // PostGIS reads the SRID and type from the CHECK constraints (QGIS relies on this).
    let (srid, kind): (i32, String) = sqlx::query_as(
        "SELECT srid, type FROM geometry_columns WHERE f_table_name = 'plot_records' AND f_geometry_column = 'geom'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((srid, kind.as_str()), (3011, "POLYGON"));
    db.drop_database().await;
}

#[tokio::test]
async fn a_valid_plot_is_stored_with_its_area_computed() {
    let db = TestDb::migrated().await;
    insert_plot_with(
        &db,
        "ST_MakeEnvelope(150000, 6630000, 150100, 6630050, 3011)",
    )
    .await
    .expect("a valid square plot is accepted");
    let area: f64 = sqlx::query_scalar("SELECT area_m2 FROM plots")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!((area - 5000.0).abs() < 1e-6, "area {area}");
    db.drop_database().await;
}

#[tokio::test]
async fn invalid_empty_and_wrong_srid_geometry_is_rejected() {
    let db = TestDb::migrated().await;
    // A bow-tie: the ring crosses itself.
    let bow_tie = "ST_GeomFromText('POLYGON((150000 6630000, 150100 6630100, 150100 6630000, 150000 6630100, 150000 6630000))', 3011)";
    assert_eq!(
        violated_constraint(insert_plot_with(&db, bow_tie).await),
        "plots_geom_valid"
    );
    let empty = "ST_GeomFromText('POLYGON EMPTY', 3011)";
    assert_eq!(
        violated_constraint(insert_plot_with(&db, empty).await),
        "plots_geom_not_empty"
    );
    let wgs84 = "ST_MakeEnvelope(18.70, 59.75, 18.71, 59.76, 4326)";
    assert_eq!(
        violated_constraint(insert_plot_with(&db, wgs84).await),
        "plots_geom_srid"
    );
    let line = "ST_GeomFromText('LINESTRING(150000 6630000, 150100 6630100)', 3011)";
    assert_eq!(
        violated_constraint(insert_plot_with(&db, line).await),
        "plots_geom_type"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM plots")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing was stored");
    db.drop_database().await;
}

#[tokio::test]
async fn a_reservation_needs_a_holder_and_an_end_date() {
    let db = TestDb::migrated().await;
    insert_plot_with(
        &db,
        "ST_MakeEnvelope(150000, 6630000, 150100, 6630050, 3011)",
    )
    .await
    .unwrap();
    let result = sqlx::query("UPDATE plots SET status = 'reserved'")
        .execute(&db.pool)
        .await
        .map(|_| ());
    assert_eq!(violated_constraint(result), "plots_reservation");
    sqlx::query("UPDATE plots SET status = 'reserved', reserved_until = '2027-01-31', reserved_for = 'Exempel AB'")
        .execute(&db.pool)
        .await
        .expect("a complete reservation is accepted");
    db.drop_database().await;
}

/// GIS clients list a database's layers through PostGIS's `geometry_columns`, which reads each
/// column's SRID and type from its constraints: every geometry column of ours is listed there,
/// in SWEREF 99 18 00 or, where stored for drawing, Web Mercator.
#[tokio::test]
async fn gis_clients_can_list_every_geometry_column() {
    let db = TestDb::migrated().await;
    let columns: Vec<(String, String, i32, String)> = sqlx::query_as(
        "SELECT f_table_name::text, f_geometry_column::text, srid, type::text
           FROM geometry_columns WHERE f_table_schema = 'public'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("geometry_columns can be read");
    let has = |table: &str, column: &str, srid: i32| {
        columns
            .iter()
            .any(|(t, c, s, _)| t == table && c == column && *s == srid)
    };
    assert!(has("plot_records", "geom", 3011), "{columns:?}");
    assert!(has("interests", "place", 3011), "{columns:?}");
    assert!(
        columns
            .iter()
            .any(|(t, c, _, kind)| t == "interests" && c == "place" && kind == "POINT"),
        "{columns:?}"
    );
    db.drop_database().await;
}
