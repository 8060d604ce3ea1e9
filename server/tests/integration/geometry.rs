//! Changing plot geometry against the real PostGIS: reshape, split, merge and create, each
//! checked (valid polygon, inside the municipality, no overlap, named), recorded in the
//! history, and all or nothing.

use crate::common::{TestDb, body_text, count, router, send, session};
use axum::http::StatusCode;
use markkartan_app::domain::{GeometryForm, GeometryProblem, Role, Viewer};
use markkartan_server::{db, geometry, workspace::SaveRefused};

async fn outline(db: &TestDb, id: i64) -> String {
    db::geometry::outline(&db.pool, id).await.unwrap()
}

async fn area(db: &TestDb, id: i64) -> f64 {
    sqlx::query_scalar("SELECT area_m2 FROM plots WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn form(db: &TestDb, id: i64, viewer: &Viewer, geometry: &str) -> GeometryForm {
    let version: i32 = sqlx::query_scalar("SELECT version FROM plots WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    GeometryForm {
        csrf: viewer.csrf_token.clone(),
        version: version.to_string(),
        geometry: geometry.to_string(),
        ..GeometryForm::default()
    }
}

/// A SQL-made GeoJSON from the plot's geometry, e.g. `ST_Translate(geom, 0, 5)`.
async fn geojson_of(db: &TestDb, id: i64, expression: &str) -> String {
    sqlx::query_scalar(&format!(
        "SELECT ST_AsGeoJSON({expression}, 2) FROM plots WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_bad_geometry_is_named_and_changes_nothing() {
    let db = TestDb::with_sample().await;
    let id = db.plot_id("Görla 9:11").await;
    let neighbour = db.plot_id("Görla 9:12").await;
    let (_, viewer) = session(&db, Role::Staff).await;
    let before = outline(&db, id).await;
    let covering_both = sqlx::query_scalar::<_, String>(
        "SELECT ST_AsGeoJSON(ST_Envelope(ST_Collect(geom)), 2) FROM plots WHERE id IN ($1, $2)",
    )
    .bind(id)
    .bind(neighbour)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let far_away = geojson_of(&db, id, "ST_Translate(geom, -150000, 0)").await;
    // A circle of 1,201 corners inside the plot: valid, where it is, too detailed for a plot.
    let winding = geojson_of(&db, id, "ST_Buffer(ST_Centroid(geom), 20, 300)").await;
    // (what, the geometry sent, the problem expected)
    type Expected = fn(&GeometryProblem) -> bool;
    let cases: Vec<(&str, String, Expected)> = vec![
        ("broken JSON", "{\"type\": \"Polygon\", \"coordinates\": [[[1,".into(), |p| {
            matches!(p, GeometryProblem::NotGeoJson(_))
        }),
        (
            "a point",
            r#"{"type":"Point","coordinates":[187220,6628600]}"#.into(),
            |p| matches!(p, GeometryProblem::WrongType { .. }),
        ),
        (
            "self-intersecting",
            r#"{"type":"Polygon","coordinates":[[[187205,6628560],[187264,6628660],[187264,6628560],[187205,6628660],[187205,6628560]]]}"#.into(),
            |p| matches!(p, GeometryProblem::Invalid(reason) if reason.starts_with("Self-intersection")),
        ),
        ("outside the municipality", far_away, |p| {
            matches!(p, GeometryProblem::OutsideMunicipality)
        }),
        ("1,200 corners", winding, |p| {
            matches!(p, GeometryProblem::TooManyCorners(corners) if *corners > 1_000)
        }),
        (
            "a position with one coordinate",
            r#"{"type":"Polygon","coordinates":[[[1],[2],[3],[1]]]}"#.into(),
            |p| matches!(p, GeometryProblem::NotGeoJson(_)),
        ),
        ("nothing", String::new(), |p| matches!(p, GeometryProblem::Missing)),
        ("over a neighbour", covering_both, |p| {
            matches!(p, GeometryProblem::Overlaps(plots) if plots.contains(&"Görla 9:12".to_string()))
        }),
    ];
    for (what, geometry, expected) in cases {
        let form = form(&db, id, &viewer, &geometry).await;
        match geometry::reshape(&db.pool, &viewer, id, &form).await {
            Err(SaveRefused::Geometry(problem)) if expected(&problem) => {
                assert!(!problem.message().is_empty())
            }
            other => panic!("{what}: {other:?}"),
        }
        assert_eq!(outline(&db, id).await, before, "{what} changed nothing");
    }
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM plot_history").await,
        0
    );

    // Through the form: 422, the message on the editor, what was typed kept.
    let router = router(&db);
    let (token, viewer) = session(&db, Role::Admin).await;
    let typed = r#"{"type":"Point","coordinates":[187220,6628600]}"#;
    let form = form(&db, id, &viewer, typed).await;
    let response = send(
        &router,
        "POST",
        &format!("/personal/tomt/{id}/geometri"),
        Some(&token),
        Some(vec![
            ("csrf".into(), form.csrf),
            ("version".into(), form.version),
            ("geometri".into(), typed.into()),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body_text(response).await;
    assert!(
        page.contains("Geometrin ska vara en polygon, inte punkt."),
        "the message"
    );
    assert!(
        page.contains("187220,6628600"),
        "the typed geometry is kept"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn reshape_split_and_merge_keep_the_land_and_the_history() {
    let db = TestDb::with_sample().await;
    let id = db.plot_id("Görla 9:11").await;
    let (_, viewer) = session(&db, Role::Staff).await;
    let original = area(&db, id).await;

    // Reshape: a stale version is refused; the current one goes through and is recorded.
    let smaller = geojson_of(
        &db,
        id,
        "ST_Scale(geom, 'POINT(0.9 0.9)', ST_Centroid(geom))",
    )
    .await;
    let mut stale = form(&db, id, &viewer, &smaller).await;
    stale.version = "0".into();
    assert!(matches!(
        geometry::reshape(&db.pool, &viewer, id, &stale).await,
        Err(SaveRefused::Conflict { .. })
    ));
    let reshaped = form(&db, id, &viewer, &smaller).await;
    geometry::reshape(&db.pool, &viewer, id, &reshaped)
        .await
        .unwrap();
    let shrunk = area(&db, id).await;
    assert!(
        (shrunk - original * 0.81).abs() < 1.0,
        "{shrunk} m² after scaling 0.9"
    );

    // Split along a line across the middle: two plots, the same land.
    let line = geojson_of(
        &db,
        id,
        "ST_MakeLine(ST_Translate(ST_Centroid(geom), -200, -1), ST_Translate(ST_Centroid(geom), 200, 1))",
    )
    .await;
    let mut split = form(&db, id, &viewer, &line).await;
    split.designation = "Görla 9:11 B".into();
    let new_id = geometry::split(&db.pool, &viewer, id, &split)
        .await
        .unwrap();
    let (kept, split_off) = (area(&db, id).await, area(&db, new_id).await);
    assert!(
        (kept + split_off - shrunk).abs() < 0.01,
        "{kept} + {split_off} = {shrunk}"
    );
    assert!(kept >= split_off, "the plot keeps the larger part");
    let new_plot = db::staff_plots::one(&db.pool, new_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new_plot.designation, "Görla 9:11 B");
    assert_eq!(new_plot.status.key(), "not_for_sale", "until staff decide");
    // A line that does not cross the plot splits nothing.
    let short = geojson_of(
        &db,
        id,
        "ST_MakeLine(ST_Centroid(geom), ST_Translate(ST_Centroid(geom), 1, 1))",
    )
    .await;
    let mut missed = form(&db, id, &viewer, &short).await;
    missed.designation = "Görla 9:11 C".into();
    assert!(matches!(
        geometry::split(&db.pool, &viewer, id, &missed).await,
        Err(SaveRefused::Geometry(GeometryProblem::SplitNotInTwo(1)))
    ));
    // The two halves are neighbours now, and merge back into one plot.
    let neighbours = db::geometry::neighbours(&db.pool, id).await.unwrap();
    assert_eq!(
        neighbours.iter().map(|n| n.id).collect::<Vec<_>>(),
        vec![new_id]
    );
    let mut merge = form(&db, id, &viewer, "").await;
    merge.merge_with = neighbours[0].choice_value();
    geometry::merge(&db.pool, &viewer, id, &merge)
        .await
        .unwrap();
    assert!((area(&db, id).await - shrunk).abs() < 0.01);
    assert_eq!(db::staff_plots::one(&db.pool, new_id).await.unwrap(), None);
    // Plots that do not touch do not merge.
    let far = db.plot_id("Kapellskär 2:14").await;
    let mut apart = form(&db, id, &viewer, "").await;
    apart.merge_with = far.to_string();
    assert!(matches!(
        geometry::merge(&db.pool, &viewer, id, &apart).await,
        Err(SaveRefused::Geometry(GeometryProblem::NotAdjacent))
    ));

    let mut conn = db.pool.acquire().await.unwrap();
    let history = db::staff_plots::history(&mut conn, id, 0).await.unwrap();
    let origins: Vec<String> = history
        .iter()
        .flat_map(|h| h.changes.iter())
        .filter(|c| c.field == "ursprung")
        .map(|c| c.to.clone())
        .collect();
    assert_eq!(
        origins,
        vec![
            "sammanslagen med Görla 9:11 B",
            "delad; den andra delen är Görla 9:11 B"
        ]
    );
    assert_eq!(history.len(), 3, "reshape, split, merge");
    assert!(
        history
            .iter()
            .all(|h| h.changes.iter().any(|c| c.field == "geometri"))
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_new_plot_is_drawn_where_there_is_room() {
    let db = TestDb::with_sample().await;
    let template = db.plot_id("Görla 9:11").await;
    let (_, viewer) = session(&db, Role::Staff).await;
    // Görla 9:11's shape moved to free land inside the municipality.
    let free: String = sqlx::query_scalar(
        "SELECT ST_AsGeoJSON(moved, 2) FROM plots p,
                LATERAL (SELECT ST_Translate(p.geom, dx, dy) AS moved
                           FROM generate_series(-3000, 3000, 500) dx, generate_series(-3000, 3000, 500) dy) m
          WHERE p.id = $1
            AND ST_CoveredBy(moved, (SELECT ST_Union(geom) FROM municipality))
            AND NOT EXISTS (SELECT 1 FROM plots o WHERE ST_Intersects(o.geom, moved))
          LIMIT 1",
    )
    .bind(template)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let area_id: i64 = sqlx::query_scalar("SELECT id FROM business_areas ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let mut form = GeometryForm {
        csrf: viewer.csrf_token.clone(),
        geometry: free.clone(),
        designation: "Görla 9:11".into(),
        business_area: area_id.to_string(),
        ..GeometryForm::default()
    };
    assert!(matches!(
        geometry::create(&db.pool, &viewer, &form).await,
        Err(SaveRefused::Geometry(GeometryProblem::DesignationTaken(_)))
    ));
    form.designation = "Ny tomt 1".into();
    let id = geometry::create(&db.pool, &viewer, &form).await.unwrap();
    let plot = db::staff_plots::one(&db.pool, id).await.unwrap().unwrap();
    assert_eq!(plot.designation, "Ny tomt 1");
    // The same shape, its corners rounded to centimetres.
    assert!((plot.area_m2 - area(&db, template).await).abs() < 1.0);
    // Drawing it again on the same land overlaps it.
    form.designation = "Ny tomt 2".into();
    assert!(matches!(
        geometry::create(&db.pool, &viewer, &form).await,
        Err(SaveRefused::Geometry(GeometryProblem::Overlaps(p))) if p == vec!["Ny tomt 1".to_string()]
    ));
    db.drop_database().await;
}

#[tokio::test]
async fn inside_the_municipality_means_covered_by_its_outline_or_outlines_together() {
    let db = TestDb::with_sample().await;
    let inside = |sql: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, bool>(&format!("SELECT plot_in_municipality({sql})"))
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    // A plot of the sample; the same moved far out to sea; one across the border.
    let plot = "(SELECT geom FROM plots WHERE designation = 'Görla 9:11')";
    let border_point = "ST_PointOnSurface(ST_Boundary((SELECT geom FROM municipality)))";
    assert!(inside(plot).await);
    assert!(
        !inside(
            "(SELECT ST_Translate(geom, -150000, 0) FROM plots WHERE designation = 'Görla 9:11')"
        )
        .await
    );
    // As a literal: the border is read while the table has one outline.
    let across: String = sqlx::query_scalar(&format!(
        "SELECT format('ST_GeomFromEWKT(%L)', ST_AsEWKT(ST_Buffer({border_point}, 30)))"
    ))
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let across: &'static str = Box::leak(across.into_boxed_str());
    assert!(!inside(across).await);
    // Two outlines, the municipality cut in two through the plot: the plot is inside neither
    // alone, and inside them together.
    sqlx::query(&format!(
        "WITH cut AS (SELECT ST_X(ST_Centroid(geom)) AS x FROM {plot} AS p),
              halves AS (
                  SELECT m.geom, ST_MakeEnvelope(ST_XMin(m.geom) - 1, ST_YMin(m.geom) - 1, cut.x, ST_YMax(m.geom) + 1, 3011) AS west,
                         ST_MakeEnvelope(cut.x, ST_YMin(m.geom) - 1, ST_XMax(m.geom) + 1, ST_YMax(m.geom) + 1, 3011) AS east
                    FROM municipality m, cut
              ),
              east AS (
                  INSERT INTO municipality (code, name, geom, border)
                  SELECT '9999', 'Östra delen', e, ST_Boundary(e)
                    FROM (SELECT ST_Multi(ST_CollectionExtract(ST_Intersection(geom, east), 3)) AS e FROM halves) s
              )
         UPDATE municipality m SET geom = ST_Multi(ST_CollectionExtract(ST_Intersection(m.geom, h.west), 3))
           FROM halves h WHERE m.code <> '9999'"
    ))
    .execute(&db.pool)
    .await
    .unwrap();
    assert!(inside(plot).await);
    assert!(!inside(across).await);
    db.drop_database().await;
}
