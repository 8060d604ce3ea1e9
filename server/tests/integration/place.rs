//! Click anywhere: what the map says of a place (`/plats?lat=…&lon=…`), from the point query
//! over land use, plans, riksintressen, shores and plots, rendered on the server.

use crate::common::{TestDb, body_text, get, send};
use axum::http::StatusCode;
use markkartan_app::domain::{LandUseCategory, PlacePoint, PlanStage};
use markkartan_server::db;

/// A WGS 84 point that `sql` picks (one geometry in EPSG:3011, column `g`).
async fn point(db: &TestDb, sql: &str) -> PlacePoint {
    let (lat, lon): (f64, f64) = sqlx::query_as(&format!(
        "SELECT ST_Y(w), ST_X(w) FROM (SELECT ST_Transform(g, 4326) AS w FROM ({sql}) AS picked) AS p"
    ))
    .fetch_one(&db.pool)
    .await
    .unwrap_or_else(|error| panic!("{sql}: {error}"));
    PlacePoint { lat, lon }
}

/// The place's page as the server renders it (no JavaScript), with its status.
async fn page(db: &TestDb, path: &str) -> (StatusCode, String) {
    let response = get(&db.router(), path).await;
    (response.status(), body_text(response).await)
}

#[tokio::test]
async fn every_place_says_its_land_use_plan_shore_protection_and_whom_to_ask() {
    let db = TestDb::with_sample().await;

    // Inside a plan in force (Focksta): the plan, its uses, no shore protection nearby.
    let focksta = point(
        &db,
        "SELECT ST_PointOnSurface(geom) AS g FROM detailed_plans WHERE name = 'Focksta industriområde'",
    )
    .await;
    let report = db::place::at(&db.pool, focksta).await.unwrap();
    assert!(report.in_municipality);
    let plan = report.plan_in_force().expect("the plan in force");
    assert_eq!(plan.name, "Focksta industriområde");
    assert_eq!(plan.stage, PlanStage::LagaKraft);
    assert!(!plan.permitted_uses.is_empty());
    let land_use = report.land_use.as_ref().expect("land use");
    assert_eq!(land_use.category, LandUseCategory::Verksamheter);
    assert!(!report.nearest_plots.is_empty(), "available plots nearby");
    assert!(
        report
            .nearest_plots
            .windows(2)
            .all(|w| w[0].distance_m <= w[1].distance_m),
        "nearest first"
    );
    assert!(report.contact.is_some(), "whom to ask");

    // Inside a future area, outside every plan: no plan, the area, the planning unit to ask.
    let gorla_ost = point(
        &db,
        "SELECT ST_PointOnSurface(geom) AS g FROM future_areas WHERE name = 'Görla östra'",
    )
    .await;
    let report = db::place::at(&db.pool, gorla_ost).await.unwrap();
    assert!(report.plan_in_force().is_none());
    assert_eq!(
        report.future_area.as_ref().map(|a| a.name.as_str()),
        Some("Görla östra")
    );
    assert_eq!(
        report.contact.as_ref().map(|c| c.name.as_str()),
        Some("Lena Strand"),
        "without a plan, the planning unit answers"
    );

    // About 50 m inland from a sea shore, outside every plan and extension: protected, 100 m.
    let by_the_shore = point(
        &db,
        "SELECT c.g FROM shorelines s
           CROSS JOIN LATERAL ST_LineInterpolatePoint(s.geom, 0.5) AS m
           CROSS JOIN LATERAL (VALUES (50, 0), (-50, 0), (0, 50), (0, -50)) AS o(dx, dy)
           CROSS JOIN LATERAL ST_Translate(m, o.dx, o.dy) AS c(g)
          WHERE s.water = 'sea' AND ST_Length(s.geom) > 2000
            AND EXISTS (SELECT 1 FROM municipality mu WHERE ST_Within(c.g, mu.geom))
            AND (SELECT min(ST_Distance(x.geom, c.g)) FROM shorelines x) BETWEEN 30 AND 60
            AND NOT EXISTS (SELECT 1 FROM detailed_plans d WHERE ST_DWithin(d.geom, c.g, 200))
            AND NOT EXISTS (SELECT 1 FROM shore_protection_extensions e WHERE ST_Intersects(e.geom, c.g))
          ORDER BY s.id LIMIT 1",
    )
    .await;
    let report = db::place::at(&db.pool, by_the_shore).await.unwrap();
    let shore = report.shore_protection.as_ref().expect("shore protection");
    assert_eq!(shore.zone_m, 100);
    assert!(!shore.lake);
    assert!((25.0..=65.0).contains(&shore.distance_m), "{shore:?}");
    assert!(shore.lifted_by.is_none() && shore.extension.is_none());

    // Inside the Görla plan, which lifts shore protection, near its shore: lifted by it.
    let gorla = point(
        &db,
        "SELECT ST_ClosestPoint(ST_Buffer(d.geom, -5), s.geom) AS g
           FROM detailed_plans d, shorelines s
          WHERE d.name = 'Görla 9:1 m.fl., verksamheter'
          ORDER BY ST_Distance(d.geom, s.geom) LIMIT 1",
    )
    .await;
    let report = db::place::at(&db.pool, gorla).await.unwrap();
    let shore = report
        .shore_protection
        .as_ref()
        .expect("within 100 m of the shore");
    assert_eq!(
        shore.lifted_by.as_deref(),
        Some("Görla 9:1 m.fl., verksamheter")
    );

    // Hallstavik 7:11, 104 m from the sea where shore protection is extended to 300 m; the
    // plan on its way there proposes to lift it.
    let hallstavik = point(
        &db,
        "SELECT ST_PointOnSurface(geom) AS g FROM plots WHERE designation = 'Hallstavik 7:11'",
    )
    .await;
    let report = db::place::at(&db.pool, hallstavik).await.unwrap();
    let shore = report
        .shore_protection
        .as_ref()
        .expect("extended protection");
    assert_eq!(shore.zone_m, 300);
    assert!(shore.extension.is_some());
    assert!(shore.distance_m > 100.0, "{shore:?}");
    assert!(shore.lifted_by.is_none());
    assert_eq!(shore.proposed_lift_by.as_deref(), Some("Hallstavik Norra"));
    let nearest = report.nearest_plots.first().expect("available plots");
    assert!(nearest.designation.starts_with("Hallstavik"), "{nearest:?}");

    // In the archipelago's sea: water, and riksintresse for the coast.
    let sea = point(
        &db,
        "SELECT ST_PointOnSurface(geom) AS g FROM land_use_areas WHERE name = 'Havet och skärgårdens vatten'",
    )
    .await;
    let report = db::place::at(&db.pool, sea).await.unwrap();
    assert!(report.in_municipality);
    assert_eq!(
        report.land_use.as_ref().map(|u| u.category),
        Some(LandUseCategory::Vatten)
    );

    // Uppsala: outside the municipality, a clear answer and nothing else.
    let uppsala = PlacePoint {
        lat: 59.8586,
        lon: 17.6389,
    };
    let report = db::place::at(&db.pool, uppsala).await.unwrap();
    assert!(!report.in_municipality);
    assert!(report.land_use.is_none() && report.plans.is_empty());
    assert!(report.nearest_plots.is_empty() && report.shore_protection.is_none());
    db.drop_database().await;
}

#[tokio::test]
async fn the_place_has_its_own_page_that_works_without_javascript() {
    let db = TestDb::with_sample().await;
    let focksta = point(
        &db,
        "SELECT ST_PointOnSurface(geom) AS g FROM detailed_plans WHERE name = 'Focksta industriområde'",
    )
    .await;
    let (status, html) = page(&db, &focksta.path()).await;
    assert_eq!(status, StatusCode::OK, "{html:.500}");
    for expected in [
        "Översiktsplanen",
        "Verksamheter",
        "Focksta industriområde",
        "Strandskydd",
        "Indikativt – fråga kommunen.",
        "Närmaste lediga tomter",
        "Fråga kommunen",
        r#"class="small-map""#,
    ] {
        assert!(html.contains(expected), "{expected} in {html:.2000}");
    }
    // In English too.
    let (status, html) = page(&db, &format!("{}&lang=en", focksta.path())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("The comprehensive plan") && html.contains("Business area"));

    // Outside the municipality: 200 and says so.
    let (status, html) = page(&db, "/plats?lat=59.8586&lon=17.6389").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("utanför Norrtälje kommun"), "{html:.2000}");
    db.drop_database().await;
}

#[tokio::test]
async fn the_map_panel_gives_the_same_answer_escaped_and_refuses_what_is_not_a_place() {
    let db = TestDb::with_sample().await;
    let focksta = point(
        &db,
        "SELECT ST_PointOnSurface(geom) AS g FROM detailed_plans WHERE name = 'Focksta industriområde'",
    )
    .await;
    // Markup in what the answer names is text in the panel.
    sqlx::query(
        "UPDATE land_use_areas SET name = '<img src=x onerror=alert(1)> Focksta'
          WHERE ST_Intersects(geom, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 3011))",
    )
    .bind(focksta.lon)
    .bind(focksta.lat)
    .execute(&db.pool)
    .await
    .unwrap();
    let answer = |at: String, lang: &str| {
        let fields = vec![
            ("at".to_string(), at),
            ("lang".to_string(), lang.to_string()),
        ];
        let router = db.router();
        async move {
            let response = send(&router, "POST", "/api/place-panel", None, Some(fields)).await;
            (response.status(), body_text(response).await)
        }
    };
    let (status, body) = answer(focksta.param(), "sv").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (heading, html): (String, String) = serde_json::from_str(&body).unwrap();
    assert!(heading.starts_with("Platsen nära "), "{heading}");
    for expected in [
        "<h3>Översiktsplanen</h3>",
        "Focksta industriområde",
        "<h3>Strandskydd</h3>",
        "Indikativt – fråga kommunen.",
        "/intresse?plats=",
        &format!("href=\"{}\"", focksta.path().replace('&', "&amp;")),
    ] {
        assert!(html.contains(expected), "{expected} in {html:.3000}");
    }
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt; Focksta"),
        "{html:.3000}"
    );
    assert!(!html.contains("<img"), "no markup from the data");
    let (_, english) = answer(focksta.param(), "en").await;
    assert!(english.contains("The comprehensive plan"));
    // The map's URL at that place renders the panel on the server.
    let (status, map) = page(&db, &format!("/?plats={}", focksta.param())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(map.contains("place-panel") && map.contains("Focksta industriområde"));
    for bad in ["59.7", "abc,18.7", "95,18.7", "59.7,<script>"] {
        let (status, body) = answer(bad.to_string(), "sv").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert!(body.contains(r#""field":"plats""#), "{bad}: {body}");
    }
    db.drop_database().await;
}

#[tokio::test]
async fn coordinates_that_are_not_a_place_are_refused_naming_the_parameter() {
    let db = TestDb::with_sample().await;
    for (query, field) in [
        ("lat=abc&lon=18.7", "lat"),
        ("lat=95&lon=18.7", "lat"),
        ("lat=NaN&lon=18.7", "lat"),
        ("lat=inf&lon=18.7", "lat"),
        ("lon=18.7", "lat"),
        ("lat=59.7&lon=", "lon"),
        ("lat=59.7&lon=181", "lon"),
        ("lat=59.7&lon=%3Cscript%3E", "lon"),
        ("lat=59.7", "lon"),
    ] {
        let (status, html) = page(&db, &format!("/plats?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {html:.300}");
        assert!(
            html.contains(&format!("{field} ska vara")) || html.contains(&format!("Ange {field}")),
            "{query} names {field}: {html:.3000}"
        );
        assert!(!html.contains("<script>"), "{query}");
        // The server function says the same to a script, naming the field.
        let fields: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
        let response = send(&db.router(), "POST", "/api/place", None, Some(fields)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let body = body_text(response).await;
        assert!(
            body.contains(&format!(r#""field":"{field}""#)),
            "{query}: {body}"
        );
    }
    db.drop_database().await;
}

#[tokio::test]
async fn the_sample_land_use_covers_the_municipality_once() {
    let db = TestDb::with_sample().await;
    let (border, covered, sum): (f64, f64, f64) = sqlx::query_as(
        "SELECT (SELECT ST_Area(border) FROM municipality),
                ST_Area(ST_Intersection(ST_Union(geom), (SELECT border FROM municipality))),
                sum(ST_Area(geom))
           FROM published_land_use",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(covered / border > 0.99, "{covered} of {border} m² covered");
    assert!(sum / covered < 1.005, "overlap: {sum} m² in {covered} m²");
    let categories: Vec<LandUseCategory> =
        sqlx::query_scalar("SELECT DISTINCT category FROM published_land_use ORDER BY 1")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        categories,
        LandUseCategory::ALL,
        "every designation is used"
    );
    db.drop_database().await;
}

fn interest_about(place: &str) -> Vec<(String, String)> {
    [
        ("plats", place),
        ("lang", "sv"),
        ("foretag", "Platsbolaget AB"),
        ("orgnr", "556677-8899"),
        ("kontaktperson", "Kim Andersson"),
        ("epost", "kim@platsbolaget.example"),
        ("yta", "8000"),
        ("samtycke", "ja"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[tokio::test]
async fn a_company_asks_about_a_place_that_is_not_a_plot_and_staff_see_it_on_a_map() {
    let db = TestDb::with_sample().await;
    let router = crate::common::router(&db);
    let place = "59.77500,18.55000";
    // The place's page leads to the form about it, which names the place.
    let (_, page_html) = page(&db, "/plats?lat=59.775&lon=18.55").await;
    assert!(
        page_html.contains("/intresse?plats=59.77500,18.55000"),
        "{page_html:.3000}"
    );
    let form = body_text(get(&router, &format!("/intresse?plats={place}")).await).await;
    assert!(
        form.contains("Intresse för platsen: 59.77500° N, 18.55000° E")
            && form.contains(r#"name="plats" value="59.77500,18.55000""#),
        "{form:.4000}"
    );
    assert!(form.contains("Lena Strand"), "the planning unit answers");

    let sent = send(
        &router,
        "POST",
        "/intresse",
        None,
        Some(interest_about(place)),
    )
    .await;
    assert_eq!(
        sent.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(sent).await
    );
    let (lat, lon): (f64, f64) = sqlx::query_as(
        "SELECT ST_Y(ST_Transform(place, 4326)), ST_X(ST_Transform(place, 4326))
           FROM interests WHERE company_name = 'Platsbolaget AB'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!((lat - 59.775).abs() < 1e-6 && (lon - 18.55).abs() < 1e-6);

    // Outside the municipality, or not a place: refused naming the field, nothing stored.
    for bad in ["59.8586,17.6389", "abc", "91,18", "59.7,NaN", "59.7;18.5"] {
        let refused = send(
            &router,
            "POST",
            "/intresse",
            None,
            Some(interest_about(bad)),
        )
        .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let html = body_text(refused).await;
        assert!(html.contains("#interest-plats"), "{bad}: names the field");
    }
    assert_eq!(
        crate::common::count(
            &db.pool,
            "SELECT count(*) FROM interests WHERE company_name = 'Platsbolaget AB'"
        )
        .await,
        1
    );

    // The inbox names the place, and the case shows it on a small map.
    let staff = crate::common::session(&db, markkartan_app::domain::Role::Staff).await;
    let inbox =
        body_text(send(&router, "GET", "/personal/intresse", Some(&staff.0), None).await).await;
    assert!(
        inbox.contains("Platsen 59,77500° N, 18,55000° E"),
        "{inbox:.4000}"
    );
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM interests WHERE company_name = 'Platsbolaget AB'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let case = body_text(
        send(
            &router,
            "GET",
            &format!("/personal/intresse/{id}"),
            Some(&staff.0),
            None,
        )
        .await,
    )
    .await;
    assert!(case.contains("Platsen 59,77500° N, 18,55000° E"));
    assert!(
        case.contains(r#"class="small-map""#) && case.contains("Platsen som företaget frågar om"),
        "{case:.6000}"
    );
    db.drop_database().await;
}
