//! Plot import against the real PostGIS and the real router: one good file per format and
//! coordinate system (made by GDAL, see tests/fixtures/import/make.sh), reprojection checked
//! against an independent Gauss–Krüger computation, and bad files that each say what is wrong
//! and leave the database as it was.

use crate::common::{TestDb, body_text, count, router, send, send_multipart, session};
use axum::http::{StatusCode, header};
use axum::response::Response;
use markkartan_app::domain::{
    Lang, MAX_IMPORT_ATTRIBUTES, MAX_IMPORT_BYTES, MAX_IMPORT_FEATURES, MAX_PLOT_CORNERS, Role,
    Viewer, format_integer,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn rimbo(db: &TestDb) -> String {
    sqlx::query_scalar::<_, i64>("SELECT id FROM business_areas WHERE name LIKE 'Rimbo%'")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .to_string()
}

async fn upload(
    router: &axum::Router,
    (token, viewer): &(String, Viewer),
    file_name: &str,
    bytes: &[u8],
    crs: &str,
) -> Response {
    send_multipart(
        router,
        "/personal/import",
        Some(token),
        &[
            ("csrf", &viewer.csrf_token),
            ("koordinatsystem", crs),
            ("omrade", ""),
        ],
        Some(("fil", file_name, bytes)),
    )
    .await
}

/// The draft an upload redirected to.
fn draft_path(response: &Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(location.starts_with("/personal/import/"), "{location}");
    location.to_string()
}

async fn review(
    router: &axum::Router,
    (token, viewer): &(String, Viewer),
    draft: &str,
    step: &str,
    extra: &[(&str, &str)],
) -> Response {
    let mut fields = vec![
        ("csrf".to_string(), viewer.csrf_token.clone()),
        ("steg".to_string(), step.to_string()),
    ];
    fields.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    send(router, "POST", draft, Some(token), Some(fields)).await
}

/// How many of the fixtures' plots (Rimbo Östra 1 and 2) are stored.
async fn fixture_plots(db: &TestDb) -> i64 {
    count(
        &db.pool,
        "SELECT count(*) FROM plots WHERE designation LIKE 'Rimbo Östra %'",
    )
    .await
}

/// Plots, history entries and drafts: what an import may change.
async fn state(db: &TestDb) -> (i64, i64, i64) {
    (
        count(&db.pool, "SELECT count(*) FROM plots").await,
        count(&db.pool, "SELECT count(*) FROM plot_history").await,
        count(&db.pool, "SELECT count(*) FROM plot_imports").await,
    )
}

/// Gauss–Krüger (transverse Mercator) on GRS 80 with Krüger's series, as Lantmäteriet
/// publishes them for SWEREF 99: written out here, independently of PROJ, so the import's
/// reprojection is checked against the published method rather than against itself.
/// Returns (easting, northing).
fn gauss_kruger(
    lat: f64,
    lon: f64,
    central_meridian: f64,
    scale: f64,
    false_easting: f64,
) -> (f64, f64) {
    let a = 6_378_137.0_f64;
    let f = 1.0 / 298.257_222_101;
    let e2 = f * (2.0 - f);
    let n = f / (2.0 - f);
    let a_roof = a / (1.0 + n) * (1.0 + n * n / 4.0 + n.powi(4) / 64.0);
    let (ca, cb, cc, cd) = (
        e2,
        (5.0 * e2 * e2 - e2.powi(3)) / 6.0,
        (104.0 * e2.powi(3) - 45.0 * e2.powi(4)) / 120.0,
        1237.0 * e2.powi(4) / 1260.0,
    );
    let beta = [
        n / 2.0 - 2.0 * n * n / 3.0 + 5.0 * n.powi(3) / 16.0 + 41.0 * n.powi(4) / 180.0,
        13.0 * n * n / 48.0 - 3.0 * n.powi(3) / 5.0 + 557.0 * n.powi(4) / 1440.0,
        61.0 * n.powi(3) / 240.0 - 103.0 * n.powi(4) / 140.0,
        49_561.0 * n.powi(4) / 161_280.0,
    ];
    let phi = lat.to_radians();
    let dl = (lon - central_meridian).to_radians();
    let s = phi.sin();
    let phi_star = phi - s * phi.cos() * (ca + cb * s * s + cc * s.powi(4) + cd * s.powi(6));
    let xi = (phi_star.tan() / dl.cos()).atan();
    let eta = (phi_star.cos() * dl.sin()).atanh();
    let (mut x, mut y) = (xi, eta);
    for (i, b) in beta.iter().enumerate() {
        let k = 2.0 * (i + 1) as f64;
        x += b * (k * xi).sin() * (k * eta).cosh();
        y += b * (k * xi).cos() * (k * eta).sinh();
    }
    (scale * a_roof * y + false_easting, scale * a_roof * x)
}

fn sweref_99_tm(lat: f64, lon: f64) -> (f64, f64) {
    gauss_kruger(lat, lon, 15.0, 0.9996, 500_000.0)
}

fn sweref_99_18_00(lat: f64, lon: f64) -> (f64, f64) {
    gauss_kruger(lat, lon, 18.0, 1.0, 150_000.0)
}

/// A square plot east of Rimbo, as (lat, lon) corners.
const CORNERS: [(f64, f64); 5] = [
    (59.7478, 18.3480),
    (59.7478, 18.3500),
    (59.7488, 18.3500),
    (59.7488, 18.3480),
    (59.7478, 18.3480),
];

fn polygon_geojson(crs: &str, name: &str, ring: &[(f64, f64)]) -> String {
    let coordinates: Vec<String> = ring
        .iter()
        .map(|(x, y)| format!("[{x:.10}, {y:.10}]"))
        .collect();
    let crs_member = if crs.is_empty() {
        String::new()
    } else {
        format!(r#""crs": {{"type": "name", "properties": {{"name": "{crs}"}}}},"#)
    };
    format!(
        r#"{{"type": "FeatureCollection", {crs_member} "features": [{{"type": "Feature",
            "properties": {{"beteckning": "{name}"}},
            "geometry": {{"type": "Polygon", "coordinates": [[{}]]}}}}]}}"#,
        coordinates.join(", ")
    )
}

async fn stored_vertices(db: &TestDb, designation: &str) -> Vec<(f64, f64)> {
    sqlx::query_as(
        "SELECT ST_X(d.geom), ST_Y(d.geom)
           FROM plots p, ST_DumpPoints(p.geom) d
          WHERE p.designation = $1 ORDER BY d.path",
    )
    .bind(designation)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

#[test]
fn the_reference_projection_gives_the_central_meridian_its_false_easting() {
    // On the central meridian the easting is the false easting exactly, whatever the latitude.
    let (e, _) = sweref_99_18_00(59.75, 18.0);
    assert!((e - 150_000.0).abs() < 1e-6, "{e}");
    let (e, _) = sweref_99_tm(62.0, 15.0);
    assert!((e - 500_000.0).abs() < 1e-6, "{e}");
}

#[tokio::test]
async fn reprojection_into_sweref_99_18_00_matches_known_coordinates() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    let area = rimbo(&db).await;
    let expected: Vec<(f64, f64)> = CORNERS
        .iter()
        .map(|(lat, lon)| sweref_99_18_00(*lat, *lon))
        .collect();
    let lonlat: Vec<(f64, f64)> = CORNERS.iter().map(|(lat, lon)| (*lon, *lat)).collect();
    let tm: Vec<(f64, f64)> = CORNERS
        .iter()
        .map(|(lat, lon)| sweref_99_tm(*lat, *lon))
        .collect();
    for (crs, name, ring) in [
        ("urn:ogc:def:crs:OGC:1.3:CRS84", "Känd WGS 84", &lonlat),
        ("urn:ogc:def:crs:EPSG::3006", "Känd SWEREF 99 TM", &tm),
        ("EPSG:3011", "Känd SWEREF 99 18 00", &expected),
    ] {
        let file = polygon_geojson(crs, name, ring);
        let draft = draft_path(&upload(&router, &staff, "känd.geojson", file.as_bytes(), "").await);
        let response = review(
            &router,
            &staff,
            &draft,
            "importera",
            &[("omrade", &area), ("falt_beteckning", "beteckning")],
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{name}: {}",
            body_text(response).await
        );
        let stored = stored_vertices(&db, name).await;
        assert_eq!(stored.len(), expected.len(), "{name}");
        for ((x, y), (ex, ey)) in stored.iter().zip(&expected) {
            assert!(
                (x - ex).abs() < 0.005 && (y - ey).abs() < 0.005,
                "{name}: stored ({x:.3}, {y:.3}), expected ({ex:.3}, {ey:.3})"
            );
        }
        sqlx::query("DELETE FROM plots WHERE designation = $1")
            .bind(name)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    db.drop_database().await;
}

#[tokio::test]
async fn every_format_and_coordinate_system_imports_the_same_two_plots() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    let area = rimbo(&db).await;
    // The fixtures' source, in WGS 84, as PostGIS puts it into SWEREF 99 18 00.
    let source = std::fs::read_to_string(format!(
        "{}/tests/fixtures/import/plots.geojson",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let (before_plots, before_history, _) = state(&db).await;
    for file in [
        "good_3006.geojson",
        "good_3011.geojson",
        "good_4326.geojson",
        "good_3006.gpkg",
        "good_3011.gpkg",
        "good_4326.gpkg",
        "good_3006_shp.zip",
        "good_3011_shp.zip",
        "good_4326_shp.zip",
    ] {
        let draft = draft_path(&upload(&router, &staff, file, &fixture(file), "").await);
        let page = body_text(send(&router, "GET", &draft, Some(&staff.0), None).await).await;
        assert!(
            page.contains("Alla 2 objekt klarar kontrollerna"),
            "{file}: {page}"
        );
        let srid = &file[5..9];
        assert!(
            page.contains(&format!("EPSG:{srid}) (enligt filen)")),
            "{file}"
        );
        // The page's disabled button aside, a commit without a business area is refused.
        let response = review(&router, &staff, &draft, "importera", &[("omrade", "")]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{file}"
        );
        assert!(
            body_text(response)
                .await
                .contains("Välj vilket verksamhetsområde"),
            "{file}"
        );
        let response = review(&router, &staff, &draft, "importera", &[("omrade", &area)]).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{file}: {}",
            body_text(response).await
        );
        assert_eq!(
            response.headers()[header::LOCATION],
            "/personal?importerade=2",
            "{file}"
        );

        // Each plot where the source says, to the millimetre the files keep.
        let distance: Vec<f64> = sqlx::query_scalar(
            "SELECT ST_HausdorffDistance(p.geom, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326), 3011))
               FROM jsonb_array_elements($1::jsonb->'features') f
               JOIN plots p ON p.designation = f->'properties'->>'beteckning'
              ORDER BY p.designation",
        )
        .bind(&source)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(distance.len(), 2, "{file}");
        assert!(distance.iter().all(|d| *d < 0.002), "{file}: {distance:?}");

        // The attributes, through the mapping the import guessed.
        let (status, price, uses, description): (String, Option<i32>, Vec<String>, String) =
            sqlx::query_as(
                "SELECT status::text, price_sek_per_m2, permitted_uses, public_description
               FROM plots WHERE designation = 'Rimbo Östra 1'",
            )
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(
            (status.as_str(), price, uses, description.as_str()),
            (
                "available",
                Some(450),
                vec!["J".to_string(), "K".to_string()],
                "Plan tomt öster om Rimbo 3."
            ),
            "{file}"
        );
        let status: String = sqlx::query_scalar(
            "SELECT status::text FROM plots WHERE designation = 'Rimbo Östra 2'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(status, "not_for_sale", "{file}");
        // Who imported it, from which file, is in each plot's history.
        let origin: Vec<String> = sqlx::query_scalar(
            "SELECT c->>'to' FROM plot_history h JOIN plots p ON p.id = h.plot_id,
                    jsonb_array_elements(h.changes) c
              WHERE p.designation LIKE 'Rimbo Östra %' AND c->>'field' = 'ursprung'
                AND h.account_id = $1",
        )
        .bind(staff.1.account_id)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(origin, vec![format!("importerad från {file}"); 2], "{file}");
        // And its outline as the first entry's geometry, as every other new plot has.
        let outlines = count(
            &db.pool,
            "SELECT count(*) FROM plot_history h JOIN plots p ON p.id = h.plot_id,
                    jsonb_array_elements(h.changes) c
              WHERE p.designation LIKE 'Rimbo Östra %' AND h.version = 1
                AND c->>'field' = 'geometri' AND c->>'from' = ''
                AND c->>'to' = ST_AsGeoJSON(p.geom, 2)",
        )
        .await;
        assert_eq!(outlines, 2, "{file}");
        assert_eq!(
            state(&db).await,
            (before_plots + 2, before_history + 2, 0),
            "{file}"
        );

        sqlx::query("DELETE FROM plots WHERE designation LIKE 'Rimbo Östra %'")
            .execute(&db.pool)
            .await
            .unwrap();
    }
    db.drop_database().await;
}

/// A GeoJSON FeatureCollection in WGS 84 with these features (geometry JSON, designation).
fn collection(features: &[(&str, &str)]) -> String {
    let features: Vec<String> = features
        .iter()
        .map(|(geometry, name)| {
            format!(r#"{{"type": "Feature", "properties": {{"beteckning": "{name}"}}, "geometry": {geometry}}}"#)
        })
        .collect();
    format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",")
    )
}

/// Feature `n`'s row in a preview page's table.
fn preview_row(page: &str, n: usize) -> String {
    page.split(&format!("id=\"objekt-{n}\""))
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or_default()
        .to_string()
}

const GOOD: &str = r#"{"type": "Polygon", "coordinates": [[[18.348, 59.7478], [18.35, 59.7478], [18.35, 59.7488], [18.348, 59.7488], [18.348, 59.7478]]]}"#;

#[tokio::test]
async fn a_bad_file_says_what_is_wrong_and_changes_nothing() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    let area = rimbo(&db).await;
    let before = state(&db).await;

    // Files that cannot be read at all: refused at upload, no draft.
    let too_many = collection(&vec![(GOOD, "Många"); MAX_IMPORT_FEATURES + 1]);
    let oversized = vec![b' '; MAX_IMPORT_BYTES + 1024];
    // One feature with 24,000 distinct attributes (351 KB): it took 7.6 s to read, on the
    // threads that answer every other request.
    let keys: Vec<String> = (0..24_000).map(|n| format!(r#""k{n}": {n}"#)).collect();
    let many_keys = format!(
        r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature", "properties": {{{}}}, "geometry": {GOOD}}}]}}"#,
        keys.join(", ")
    );
    for (file_name, bytes, status, message) in [
        (
            "nycklar.geojson",
            many_keys.into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "Filens objekt har minst {} olika attribut; högst {}",
                format_integer(24_000, Lang::Sv),
                format_integer(MAX_IMPORT_ATTRIBUTES as i64, Lang::Sv)
            )
            .as_str(),
        ),
        (
            "trasig.geojson",
            br#"{"type": "FeatureCollection", "features": [{"type": "#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            // Swedish first; the parser's own words only as the technical cause.
            "Filen går inte att läsa som GeoJSON: den är inte giltig GeoJSON (teknisk orsak: ",
        ),
        (
            "trasig.zip",
            b"PK\x03\x04 ingen riktig zip".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "zip-filen går inte att öppna (teknisk orsak: ",
        ),
        (
            "utan-crs.geojson",
            fixture("bad_no_crs.geojson"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Filen anger inget koordinatsystem",
        ),
        (
            "utan-prj.zip",
            fixture("bad_no_prj_shp.zip"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Filen anger inget koordinatsystem",
        ),
        (
            "stor.geojson",
            oversized,
            StatusCode::PAYLOAD_TOO_LARGE,
            "Filen är för stor: högst 20 MB",
        ),
        (
            "manga.geojson",
            too_many.into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
            // Digits grouped as Swedish writes them: "2 001".
            &format!(
                "Filen har {} objekt; högst {}",
                format_integer(MAX_IMPORT_FEATURES as i64 + 1, Lang::Sv),
                format_integer(MAX_IMPORT_FEATURES as i64, Lang::Sv)
            ),
        ),
        (
            "bild.png",
            b"\x89PNG\r\n\x1a\n....".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "bild.png är varken GeoJSON, GeoPackage eller en zippad Shapefile",
        ),
        (
            "tom.geojson",
            br#"{"type": "FeatureCollection", "features": []}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Filen innehåller inga objekt",
        ),
        (
            "utm.geojson",
            polygon_geojson("EPSG:32633", "UTM", &[(0.0, 0.0)]).into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Filen är i koordinatsystemet EPSG:32633",
        ),
    ] {
        let response = upload(&router, &staff, file_name, &bytes, "").await;
        assert_eq!(response.status(), status, "{file_name}");
        let page = body_text(response).await;
        assert!(page.contains(message), "{file_name}: {page}");
        assert!(page.contains("id=\"import-problem\""), "{file_name}");
        assert_eq!(state(&db).await, before, "{file_name}");
    }

    // Files whose features are wrong: the preview names each problem at its feature, and the
    // commit writes nothing, not even the file's good feature.
    let bowtie = r#"{"type": "Polygon", "coordinates": [[[18.348, 59.7478], [18.35, 59.7488], [18.35, 59.7478], [18.348, 59.7488], [18.348, 59.7478]]]}"#;
    let point = r#"{"type": "Point", "coordinates": [18.349, 59.748]}"#;
    let berlin = r#"{"type": "Polygon", "coordinates": [[[13.40, 52.52], [13.41, 52.52], [13.41, 52.53], [13.40, 52.52]]]}"#;
    let overlapping_rimbo = r#"{"type": "Polygon", "coordinates": [[[18.3440, 59.7480], [18.3470, 59.7480], [18.3470, 59.7487], [18.3440, 59.7487], [18.3440, 59.7480]]]}"#;
    let outside_municipality = r#"{"type": "Polygon", "coordinates": [[[17.0, 59.0], [17.001, 59.0], [17.001, 59.001], [17.0, 59.0]]]}"#;
    // A circle of 1,200 corners in Rimbo, clear of the file's other feature.
    let ring: Vec<String> = (0..=1_200)
        .map(|n| {
            let angle = f64::from(n % 1_200) / 1_200.0 * std::f64::consts::TAU;
            format!(
                "[{}, {}]",
                18.3540 + 0.0008 * angle.cos(),
                59.7500 + 0.0004 * angle.sin()
            )
        })
        .collect();
    let many_corners = format!(
        r#"{{"type": "Polygon", "coordinates": [[{}]]}}"#,
        ring.join(", ")
    );
    let at_most_corners = format!(
        "en tomt får ha högst {}",
        format_integer(MAX_PLOT_CORNERS as i64, Lang::Sv)
    );
    for (what, bad, message) in [
        ("self-intersecting", bowtie, "Ytterkanten korsar sig själv"),
        (
            "a point",
            point,
            "Objektet är en punkt, inte en yta (polygon).",
        ),
        (
            "outside Sweden",
            berlin,
            "Koordinaterna ligger utanför Sverige i WGS 84",
        ),
        (
            "malformed",
            r#"{"type": "Polygon", "coordinates": [[[18.3], [18.35, 59.7], [18.36, 59.71], [18.3]]]}"#,
            "Geometrin går inte att läsa",
        ),
        (
            "more corners than a plot may have",
            many_corners.as_str(),
            at_most_corners.as_str(),
        ),
        (
            "overlapping a plot",
            overlapping_rimbo,
            "Tomten överlappar Rimbo 3:14",
        ),
        (
            "outside the municipality",
            outside_municipality,
            "Tomten måste ligga helt inom Norrtälje kommun.",
        ),
        (
            "overlapping the file's other feature",
            GOOD,
            "Överlappar objekt 1 i filen.",
        ),
        (
            "named like an existing plot",
            r#"{"type": "Polygon", "coordinates": [[[18.352, 59.7478], [18.354, 59.7478], [18.354, 59.7488], [18.352, 59.7478]]]}"#,
            "Det finns redan en tomt som heter Rimbo 3:11.",
        ),
        (
            "named like the file's other feature",
            r#"{"type": "Polygon", "coordinates": [[[18.352, 59.7478], [18.354, 59.7478], [18.354, 59.7488], [18.352, 59.7478]]]}"#,
            "Beteckningen Bra finns 2 gånger i filen.",
        ),
    ] {
        let name = match what {
            "named like an existing plot" => "Rimbo 3:11",
            "named like the file's other feature" => "Bra",
            _ => "Fel",
        };
        let file = collection(&[(GOOD, "Bra"), (bad, name)]);
        let draft = draft_path(&upload(&router, &staff, "fel.geojson", file.as_bytes(), "").await);
        let page = body_text(send(&router, "GET", &draft, Some(&staff.0), None).await).await;
        let row = preview_row(&page, 2);
        assert!(row.contains(message), "{what}: {row}");
        assert!(page.contains("objekt har fel"), "{what}");
        let response = review(&router, &staff, &draft, "importera", &[("omrade", &area)]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}"
        );
        let page = body_text(response).await;
        assert!(
            page.contains("Inget importerades.") && page.contains("Objekt 2: "),
            "{what}: {page}"
        );
        let (plots, history, _) = state(&db).await;
        assert_eq!((plots, history), (before.0, before.1), "{what}");
        review(&router, &staff, &draft, "avbryt", &[]).await;
        assert_eq!(state(&db).await, before, "{what}");
    }

    // A row refused for its attributes keeps the designation the file gives it, and every
    // feature's number stands on the preview map where it lies.
    let wrong_status = format!(
        r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature", "properties": {{"beteckning": "Bra"}}, "geometry": {GOOD}}}, {{"type": "Feature", "properties": {{"beteckning": "Rimbo Nya 7", "status": "halvsåld"}}, "geometry": {}}}]}}"#,
        r#"{"type": "Polygon", "coordinates": [[[18.352, 59.7478], [18.354, 59.7478], [18.354, 59.7488], [18.352, 59.7478]]]}"#
    );
    let draft = draft_path(
        &upload(
            &router,
            &staff,
            "status.geojson",
            wrong_status.as_bytes(),
            "",
        )
        .await,
    );
    let page = body_text(send(&router, "GET", &draft, Some(&staff.0), None).await).await;
    let row = preview_row(&page, 2);
    assert!(
        row.contains("<td>Rimbo Nya 7</td>"),
        "the refused row is named: {row}"
    );
    assert!(row.contains("halvsåld"), "{row}");
    let map = page
        .split("class=\"small-map import-map\"")
        .nth(1)
        .unwrap_or_default();
    assert!(
        map.contains("class=\"import-number\"")
            && map.contains(">1</text>")
            && map.contains(">2</text>"),
        "the features are numbered on the map"
    );
    review(&router, &staff, &draft, "avbryt", &[]).await;
    db.drop_database().await;
}

#[tokio::test]
async fn a_file_without_a_coordinate_system_imports_in_the_one_chosen() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    let area = rimbo(&db).await;
    let draft = draft_path(
        &upload(
            &router,
            &staff,
            "utan-prj.zip",
            &fixture("bad_no_prj_shp.zip"),
            "3006",
        )
        .await,
    );
    let page = body_text(send(&router, "GET", &draft, Some(&staff.0), None).await).await;
    assert!(
        page.contains("SWEREF 99 TM (EPSG:3006) (valt; filen anger inget)"),
        "{page}"
    );
    assert!(page.contains("Alla 2 objekt klarar kontrollerna"), "{page}");
    // Chosen wrong, the features are not in Sweden; chosen right again, they are.
    review(
        &router,
        &staff,
        &draft,
        "granska",
        &[("koordinatsystem", "4326")],
    )
    .await;
    let page = body_text(send(&router, "GET", &draft, Some(&staff.0), None).await).await;
    assert!(page.contains("2 objekt har fel"), "{page}");
    assert!(page.contains("Koordinaterna ligger utanför Sverige i WGS 84"));
    let response = review(
        &router,
        &staff,
        &draft,
        "importera",
        &[("koordinatsystem", "3006"), ("omrade", &area)],
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(response).await
    );
    assert_eq!(fixture_plots(&db).await, 2);
    db.drop_database().await;
}

#[tokio::test]
async fn a_draft_is_its_owners_and_needs_the_role_and_the_token() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    let admin = session(&db, Role::Admin).await;
    let planner = session(&db, Role::Planner).await;
    let file = fixture("good_4326.geojson");
    let draft = draft_path(&upload(&router, &staff, "tomter.geojson", &file, "").await);
    // Another account does not see it, nor commit it.
    assert_eq!(
        send(&router, "GET", &draft, Some(&admin.0), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        review(&router, &admin, &draft, "importera", &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // A planner may not import; nobody signed in may not; a forged token changes nothing.
    assert_eq!(
        upload(&router, &planner, "tomter.geojson", &file, "")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let anonymous = send_multipart(
        &router,
        "/personal/import",
        None,
        &[("csrf", "x")],
        Some(("fil", "tomter.geojson", &file)),
    )
    .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let forged = (
        staff.0.clone(),
        Viewer {
            csrf_token: "forged".into(),
            ..staff.1.clone()
        },
    );
    assert_eq!(
        upload(&router, &forged, "tomter.geojson", &file, "")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        review(&router, &forged, &draft, "importera", &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM plot_imports").await,
        1
    );
    assert_eq!(fixture_plots(&db).await, 0);
    db.drop_database().await;
}

#[tokio::test]
async fn swedish_letters_survive_latin_1_shapefiles_and_nul_padded_text() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    // With a .cpg naming ISO-8859-1, and without one (read as Windows-1252 when not UTF-8).
    for file in ["good_latin1_shp.zip", "good_latin1_no_cpg_shp.zip"] {
        let draft = draft_path(&upload(&router, &staff, file, &fixture(file), "").await);
        let page = body_text(send(&router, "GET", &draft, Some(&staff.0), None).await).await;
        assert!(page.contains("Rimbo Östra 1"), "{file}: {page}");
        assert!(!page.contains('\u{fffd}'), "{file}");
        review(&router, &staff, &draft, "avbryt", &[]).await;
    }
    // PostgreSQL stores no NUL characters; some exports pad text with them.
    let padded = polygon_geojson(
        "EPSG:4326",
        "Rimbo\\u0000 Östra 9",
        &[
            (18.348, 59.7478),
            (18.35, 59.7478),
            (18.35, 59.7488),
            (18.348, 59.7478),
        ],
    );
    let draft = draft_path(&upload(&router, &staff, "nul.geojson", padded.as_bytes(), "").await);
    let page = body_text(send(&router, "GET", &draft, Some(&staff.0), None).await).await;
    assert!(page.contains("Rimbo Östra 9"), "{page}");
    db.drop_database().await;
}

#[tokio::test]
async fn a_file_of_several_megabytes_within_the_limit_is_read() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    // Far above axum's default body limit of 2 MB, well below the import's 20 MB.
    let long = "Lång beskrivning. ".repeat(300_000);
    let file = format!(
        r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature",
            "properties": {{"beteckning": "Stor", "beskrivning": "{long}"}}, "geometry": {GOOD}}}]}}"#
    );
    assert!(file.len() > 5_000_000);
    let draft = draft_path(&upload(&router, &staff, "stor.geojson", file.as_bytes(), "").await);
    let page = body_text(send(&router, "GET", &draft, Some(&staff.0), None).await).await;
    assert!(page.contains("Objektet klarar kontrollerna."), "{page}");
    db.drop_database().await;
}

#[tokio::test]
async fn a_draft_committed_twice_at_once_writes_its_plots_once() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    let area = rimbo(&db).await;
    let before = state(&db).await;
    let file = fixture("good_4326.geojson");
    let draft = draft_path(&upload(&router, &staff, "tomter.geojson", &file, "").await);
    // Two clicks on "Importera" (two tabs, or a double click without JavaScript).
    let fields = [("omrade", area.as_str())];
    let (first, second) = tokio::join!(
        review(&router, &staff, &draft, "importera", &fields),
        review(&router, &staff, &draft, "importera", &fields),
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::NOT_FOUND]);
    assert_eq!(state(&db).await, (before.0 + 2, before.1 + 2, 0));
    db.drop_database().await;
}

#[tokio::test]
async fn a_commit_waits_for_a_save_in_progress_but_not_for_ever() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let staff = session(&db, Role::Staff).await;
    let area = rimbo(&db).await;
    let file = fixture("good_4326.geojson");
    let draft = draft_path(&upload(&router, &staff, "tomter.geojson", &file, "").await);
    let before = state(&db).await;
    // An editor's save that does not finish: its transaction holds a row of plots.
    let mut save = db.pool.begin().await.unwrap();
    sqlx::query("UPDATE plots SET updated_at = now() WHERE id = (SELECT min(id) FROM plots)")
        .execute(&mut *save)
        .await
        .unwrap();
    let response = review(&router, &staff, &draft, "importera", &[("omrade", &area)]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body_text(response).await;
    assert!(
        page.contains("Inget importerades. Tomter sparas just nu av någon annan."),
        "{page}"
    );
    assert_eq!(state(&db).await, before, "nothing written, the draft kept");
    // Once the save is done, the same draft imports.
    save.rollback().await.unwrap();
    let response = review(&router, &staff, &draft, "importera", &[("omrade", &area)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(state(&db).await, (before.0 + 2, before.1 + 2, 0));
    db.drop_database().await;
}
