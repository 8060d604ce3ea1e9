//! The boundary against hostile input, through the whole router and the real PostGIS: every
//! field of every public and staff form, every server function and every path id gets markup,
//! NUL bytes, 100 kB, formulas, unknown ids and wrong types. Each answers a 4xx that names the
//! field, stores nothing, and echoes nothing unescaped. Constraint violations are 409/422;
//! refusals are pages for browsers and problem+json for programs.

use crate::common::{TestDb, body_text, router, send, send_json, send_multipart, session};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
    response::Response,
};
use markkartan_app::domain::{PlotFilter, ProblemKind, Role};
use markkartan_server::http::{constraint_problem, on_constraint};
use tower::ServiceExt;

/// Markup that would run if any page wrote it out as HTML.
const MARKUP: &str = "\"><img src=x onerror=alert(1)><script>alert(2)</script>";
/// What a spreadsheet would run.
const FORMULA: &str = "=HYPERLINK(\"https://evil.example\",\"klicka\")";

/// What a field holds, and so which hostile values it must refuse.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Free text (names, messages, descriptions): markup and formulas are text like any other
    /// (stored as typed, escaped wherever shown), but a control character or 100 kB is refused.
    Free,
    /// A value with a form: a status, a number, a date, an address, a geometry.
    Structured,
    /// The id of something stored.
    Id,
}

fn hostile(kind: Kind) -> Vec<(&'static str, String)> {
    let with_nul = format!("{MARKUP}\u{0}");
    let long = "x".repeat(100_000);
    match kind {
        Kind::Free => vec![("markup with a NUL byte", with_nul), ("100 kB", long)],
        Kind::Structured => vec![
            ("markup", MARKUP.to_string()),
            ("markup with a NUL byte", with_nul),
            ("100 kB", long),
            ("a formula", FORMULA.to_string()),
            ("the wrong type", "abc".to_string()),
            // Positions PostGIS cannot read: a geometry field answered 503 for them.
            (
                "a position with one coordinate",
                r#"{"type":"Polygon","coordinates":[[[1],[2],[3],[1]]]}"#.to_string(),
            ),
            (
                "a ring that does not close",
                r#"{"type":"Polygon","coordinates":[[[160000,6628000],[160100,6628000],[160100,6628100],[160000,6628100]]]}"#
                    .to_string(),
            ),
        ],
        Kind::Id => vec![
            ("an unknown id", "999999999".to_string()),
            ("the wrong type", "abc".to_string()),
            ("markup with a NUL byte", with_nul),
            ("100 kB", long),
        ],
    }
}

/// How a refusal names the field it is about.
#[derive(Clone, Copy, Debug)]
enum Names {
    /// The form again, its error summary linking to the field: `href="#{prefix}{field}"`.
    Summary(&'static str),
    /// The boundary's problem: `<code>{field}</code>` on its page, `"field":"{field}"` in JSON.
    Problem,
    /// The form again, with this (lower-case) text in its message.
    Message(&'static str),
}

fn names_field(body: &str, field: &str, names: Names) -> bool {
    match names {
        Names::Summary(prefix) => body.contains(&format!("href=\"#{prefix}{field}\"")),
        Names::Problem => {
            body.contains(&format!("<code>{field}</code>"))
                || body.contains(&format!("\"field\":\"{field}\""))
        }
        Names::Message(text) => body.to_lowercase().contains(text),
    }
}

/// Everything a refused request must not have changed, as one value.
async fn digest(db: &TestDb) -> String {
    let tables = [
        "plots",
        "plot_history",
        "interests",
        "interest_notes",
        "interest_submission_log",
        "accounts",
        "sessions",
        "sign_in_attempts",
        "plot_imports",
        "contact_persons",
        "business_areas",
    ];
    let mut parts = Vec::new();
    for table in tables {
        let sql = format!(
            "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM {table} t"
        );
        let part: String = sqlx::query_scalar(&sql)
            .fetch_one(&db.pool)
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        parts.push(format!("{table}={part}"));
    }
    parts.join(" ")
}

/// A form and the fields of it to attack.
struct FormCase {
    what: &'static str,
    path: String,
    token: Option<String>,
    /// A valid form: sent as it is at the end, it must be accepted.
    base: Vec<(String, String)>,
    fields: Vec<(&'static str, Kind, Names)>,
}

fn with(base: &[(String, String)], field: &str, value: &str) -> Vec<(String, String)> {
    let mut fields = base.to_vec();
    match fields.iter_mut().find(|(k, _)| k == field) {
        Some(pair) => pair.1 = value.to_string(),
        None => fields.push((field.to_string(), value.to_string())),
    }
    fields
}

const VERSION: &str = "{the plot's version}";
const NEIGHBOUR: &str = "{the plot the split made}";

/// The form with its placeholders filled in: the version of the plot its path names, the id
/// of the plot the split form made.
async fn filled(db: &TestDb, path: &str, base: &[(String, String)]) -> Vec<(String, String)> {
    let mut fields = base.to_vec();
    for (_, value) in fields.iter_mut() {
        if value == VERSION {
            let id: i64 = path.split('/').nth(3).unwrap().parse().unwrap();
            *value = scalar_i64(
                db,
                &format!("SELECT version::bigint FROM plots WHERE id = {id}"),
            )
            .await
            .to_string();
        } else if value == NEIGHBOUR {
            // `ID:VERSION`, as the merge form's choice names a neighbour.
            let id = scalar_i64(
                db,
                "SELECT id FROM plots WHERE designation = 'Delad tomt B'",
            )
            .await;
            let version = scalar_i64(
                db,
                &format!("SELECT version::bigint FROM plots WHERE id = {id}"),
            )
            .await;
            *value = format!("{id}:{version}");
        }
    }
    fields
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// What every refusal must be: a 4xx, nothing stored, no payload echoed as markup.
async fn refused(
    db: &TestDb,
    what: &str,
    response: Response,
    before: &str,
) -> (StatusCode, String) {
    let status = response.status();
    let body = body_text(response).await;
    assert!(
        status.is_client_error(),
        "{what}: {status}\n{}",
        &body[..body.len().min(2000)]
    );
    if let Some(at) = body
        .find("<script>alert(")
        .or_else(|| body.find("<img src=x"))
    {
        panic!(
            "{what}: the payload is echoed as markup: …{}…",
            &body[at.saturating_sub(300)..(at + 100).min(body.len())]
        );
    }
    assert_eq!(digest(db).await, before, "{what}: the database changed");
    (status, body)
}

async fn free_outline(db: &TestDb, template: i64, skip: usize) -> String {
    sqlx::query_scalar(
        "SELECT ST_AsGeoJSON(moved, 2) FROM plots p,
                LATERAL (SELECT ST_Translate(p.geom, dx, dy) AS moved
                           FROM generate_series(-3000, 3000, 500) dx,
                                generate_series(-3000, 3000, 500) dy) m
          WHERE p.id = $1
            AND ST_CoveredBy(moved, (SELECT ST_Union(geom) FROM municipality))
            AND NOT EXISTS (SELECT 1 FROM plots o WHERE ST_DWithin(o.geom, moved, 50))
          ORDER BY ST_X(ST_Centroid(moved)), ST_Y(ST_Centroid(moved))
          OFFSET $2 LIMIT 1",
    )
    .bind(template)
    .bind(skip as i64)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

async fn scalar_i64(db: &TestDb, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn every_hostile_value_in_every_form_field_is_refused_naming_the_field() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let (admin, viewer) = session(&db, Role::Admin).await;
    let csrf = viewer.csrf_token.clone();
    // Three plots, one per form that changes a plot, so each form's own save is accepted.
    let plots: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM plots WHERE status = 'available' AND published ORDER BY designation LIMIT 3",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let [available, reshaped, split] = plots[..] else {
        panic!("three available plots in the sample")
    };
    let area = scalar_i64(&db, "SELECT id FROM business_areas ORDER BY id LIMIT 1").await;
    let contact = scalar_i64(&db, "SELECT id FROM contact_persons ORDER BY id LIMIT 1").await;
    let outline: String =
        sqlx::query_scalar("SELECT ST_AsGeoJSON(geom, 2) FROM plots WHERE id = $1")
            .bind(reshaped)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let split_line: String = sqlx::query_scalar(
        "SELECT ST_AsGeoJSON(ST_MakeLine(ST_Translate(ST_Centroid(geom), -400, -1),
                                         ST_Translate(ST_Centroid(geom), 400, 1)), 2)
           FROM plots WHERE id = $1",
    )
    .bind(split)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let free = free_outline(&db, available, 0).await;
    let interest = crate::common::interest_in(&db, "Görla 9:11", "Kim Andersson").await;
    let other_account = markkartan_server::auth::create_account(
        &db.pool,
        "kollega@kommun.example",
        "Kollega",
        Role::Staff,
        crate::common::PASSWORD,
    )
    .await
    .unwrap();
    let geojson = include_str!("../fixtures/import/good_3011.geojson");
    let upload = send_multipart(
        &router,
        "/personal/import",
        Some(&admin),
        &[("csrf", &csrf)],
        Some(("fil", "tomter.geojson", geojson.as_bytes())),
    )
    .await;
    assert_eq!(
        upload.status(),
        StatusCode::SEE_OTHER,
        "an import draft to review"
    );
    let draft = scalar_i64(&db, "SELECT id FROM plot_imports").await;

    // Placeholders filled in when a form is sent: the plot's version then, and the plot the
    // split made (the merge's neighbour).
    let v = VERSION.to_string();
    let token = Some(admin.clone());
    use Kind::{Free, Id, Structured};
    let forms = vec![
        FormCase {
            what: "the interest form",
            path: "/intresse".into(),
            token: None,
            base: pairs(&[
                ("tomt", &available.to_string()),
                ("omrade", ""),
                ("lang", "sv"),
                ("foretag", "Exempelbolaget AB"),
                ("orgnr", "556677-8899"),
                ("kontaktperson", "Kim Andersson"),
                ("epost", "kim@exempelbolaget.example"),
                ("telefon", "070-123 45 67"),
                ("yta", "12000"),
                ("start", "2027-04"),
                ("meddelande", "Verkstad med lager."),
                ("samtycke", "ja"),
            ]),
            fields: vec![
                ("tomt", Id, Names::Summary("interest-")),
                ("omrade", Structured, Names::Summary("interest-")),
                ("foretag", Free, Names::Summary("interest-")),
                ("orgnr", Structured, Names::Summary("interest-")),
                ("kontaktperson", Free, Names::Summary("interest-")),
                ("epost", Structured, Names::Summary("interest-")),
                ("telefon", Structured, Names::Summary("interest-")),
                ("yta", Structured, Names::Summary("interest-")),
                ("start", Structured, Names::Summary("interest-")),
                ("meddelande", Free, Names::Summary("interest-")),
            ],
        },
        FormCase {
            what: "signing in",
            path: "/personal/logga-in".into(),
            token: None,
            base: pairs(&[
                ("epost", "admin@kommun.example"),
                ("losenord", crate::common::PASSWORD),
            ]),
            fields: vec![
                ("epost", Free, Names::Message("e-postadressen")),
                ("losenord", Free, Names::Message("lösenordet")),
            ],
        },
        FormCase {
            what: "the plot editor",
            path: format!("/personal/tomt/{available}"),
            token: token.clone(),
            base: pairs(&[
                ("csrf", &csrf),
                ("version", &v),
                ("status", "reserved"),
                ("reserverad_till", "2027-06-30"),
                ("reserverad_for", "Hamnlogistik AB"),
                ("pris", "450"),
                ("anvandning", "J"),
                ("va", "connected"),
                ("effekt", "500"),
                ("beskrivning", "Plan tomt nära E18."),
                ("anteckningar", "Ring före besök."),
                ("kontakt", &contact.to_string()),
            ]),
            fields: vec![
                ("version", Structured, Names::Summary("plot-")),
                ("status", Structured, Names::Summary("plot-")),
                ("reserverad_till", Structured, Names::Summary("plot-")),
                ("reserverad_for", Free, Names::Summary("plot-")),
                ("pris", Structured, Names::Summary("plot-")),
                ("anvandning", Structured, Names::Summary("plot-")),
                ("va", Structured, Names::Summary("plot-")),
                ("effekt", Structured, Names::Summary("plot-")),
                ("beskrivning", Free, Names::Summary("plot-")),
                ("anteckningar", Free, Names::Summary("plot-")),
                ("kontakt", Id, Names::Summary("plot-")),
            ],
        },
        FormCase {
            what: "reshaping a plot",
            path: format!("/personal/tomt/{reshaped}/geometri"),
            token: token.clone(),
            base: pairs(&[("csrf", &csrf), ("version", &v), ("geometri", &outline)]),
            fields: vec![
                ("version", Structured, Names::Message("version")),
                ("geometri", Structured, Names::Message("geometrin")),
            ],
        },
        FormCase {
            what: "splitting a plot",
            path: format!("/personal/tomt/{split}/dela"),
            token: token.clone(),
            base: pairs(&[
                ("csrf", &csrf),
                ("version", &v),
                ("geometri", &split_line),
                ("beteckning", "Delad tomt B"),
            ]),
            fields: vec![
                ("beteckning", Free, Names::Message("beteckningen")),
                ("geometri", Structured, Names::Message("geometrin")),
            ],
        },
        FormCase {
            what: "merging plots",
            path: format!("/personal/tomt/{split}/sla-ihop"),
            token: token.clone(),
            base: pairs(&[("csrf", &csrf), ("version", &v), ("med", NEIGHBOUR)]),
            fields: vec![("med", Id, Names::Message("gränsar inte"))],
        },
        FormCase {
            what: "drawing a new plot",
            path: "/personal/tomter/ny".into(),
            token: token.clone(),
            base: pairs(&[
                ("csrf", &csrf),
                ("omrade", &area.to_string()),
                ("beteckning", "Ritad tomt 1"),
                ("geometri", &free),
            ]),
            fields: vec![
                ("omrade", Id, Names::Message("verksamhetsområde")),
                ("beteckning", Free, Names::Message("beteckningen")),
                ("geometri", Structured, Names::Message("geometrin")),
            ],
        },
        FormCase {
            what: "handling an interest",
            path: format!("/personal/intresse/{interest}"),
            token: token.clone(),
            base: pairs(&[
                ("csrf", &csrf),
                ("status", "contacted"),
                ("handlaggare", &viewer.account_id.to_string()),
                ("anteckning", "Ringde, skickar karta."),
            ]),
            fields: vec![
                ("status", Structured, Names::Problem),
                ("handlaggare", Id, Names::Problem),
                ("anteckning", Free, Names::Problem),
            ],
        },
        FormCase {
            what: "creating an account",
            path: "/personal/konton".into(),
            token: token.clone(),
            base: pairs(&[
                ("csrf", &csrf),
                ("epost", "ny.planerare@kommun.example"),
                ("namn", "Ny Planerare"),
                ("roll", "planner"),
                ("losenord", "ett nytt långt lösenord"),
            ]),
            fields: vec![
                ("epost", Structured, Names::Message("e-post")),
                ("namn", Free, Names::Message("namnet")),
                ("roll", Structured, Names::Message("roll")),
                ("losenord", Free, Names::Message("lösenordet")),
            ],
        },
        FormCase {
            what: "changing an account",
            path: format!("/personal/konton/{other_account}"),
            token: token.clone(),
            base: pairs(&[("csrf", &csrf), ("roll", "planner"), ("aktivt", "ja")]),
            fields: vec![("roll", Structured, Names::Problem)],
        },
        FormCase {
            what: "reviewing an import",
            path: format!("/personal/import/{draft}"),
            token: token.clone(),
            base: pairs(&[
                ("csrf", &csrf),
                ("steg", "granska"),
                ("koordinatsystem", "3011"),
                ("omrade", &area.to_string()),
            ]),
            fields: vec![
                ("koordinatsystem", Structured, Names::Problem),
                ("omrade", Id, Names::Problem),
            ],
        },
    ];

    let mut cases = 0;
    for form in &forms {
        let before = digest(&db).await;
        let base = filled(&db, &form.path, &form.base).await;
        for (field, kind, names) in &form.fields {
            for (value_name, value) in hostile(*kind) {
                let what = format!("{}: {field} = {value_name}", form.what);
                let response = send(
                    &router,
                    "POST",
                    &form.path,
                    form.token.as_deref(),
                    Some(with(&base, field, &value)),
                )
                .await;
                let (_, body) = refused(&db, &what, response, &before).await;
                assert!(
                    names_field(&body, field, *names),
                    "{what}: the refusal does not name {field} ({names:?})\n{}",
                    &body[..body.len().min(3000)]
                );
                cases += 1;
            }
        }
        // The same form without a hostile value is accepted: the refusals were the values'.
        let response = send(
            &router,
            "POST",
            &form.path,
            form.token.as_deref(),
            Some(base),
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{} as sent without hostile values: {}",
            form.what,
            body_text(response).await
        );
    }
    assert!(cases > 100, "{cases} cases");
    db.drop_database().await;
}

#[tokio::test]
async fn bad_input_to_pages_server_functions_and_paths_is_a_4xx_naming_it() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let (staff, _) = session(&db, Role::Staff).await;
    let before = digest(&db).await;
    let long = "x".repeat(100_000);
    let nul_filter = serde_json::json!({
        "filter": PlotFilter { locality: Some("Rimbo\u{0}".into()), ..PlotFilter::default() }
    })
    .to_string();
    let long_filter = serde_json::json!({
        "filter": PlotFilter { business_area: Some(long.clone()), ..PlotFilter::default() }
    })
    .to_string();
    let inbox_filter = serde_json::json!({
        "filter": { "status": null, "business_area": "Görla\u{0}" }
    })
    .to_string();
    enum Sent<'a> {
        Get(&'a str),
        Form(&'a str, &'a str),
        Json(&'a str, &'a str),
    }
    // (what, request, signed in, the status, the field named or a text the answer holds)
    let nul = "%00";
    let search_nul = format!("text=G{nul}");
    let subject_nul = format!("business_area=G{nul}");
    // A URI holds at most 64 KiB; 20 kB is a hundred times what a name may be.
    let long_query = format!("/tomter?omrade={}", "x".repeat(20_000));
    let cases: Vec<(&str, Sent, bool, StatusCode, &str)> = vec![
        (
            "a NUL in the list's locality",
            Sent::Get("/tomter?ort=Rimbo%00"),
            false,
            StatusCode::BAD_REQUEST,
            "Namnet går inte att söka på",
        ),
        (
            "100 kB as the list's business area",
            Sent::Get(&long_query),
            false,
            StatusCode::BAD_REQUEST,
            "Namnet går inte att söka på",
        ),
        (
            "a NUL in the map's filter",
            Sent::Get("/?ort=%00"),
            false,
            StatusCode::BAD_REQUEST,
            "Namnet går inte att söka på",
        ),
        (
            "a word as the list's minimum area",
            Sent::Get("/tomter?min_yta=fem"),
            false,
            StatusCode::BAD_REQUEST,
            "min_yta",
        ),
        (
            "a NUL in the search",
            Sent::Get("/sok?q=G%C3%B6rla%00"),
            false,
            StatusCode::BAD_REQUEST,
            "kontrolltecken",
        ),
        (
            "a negative area to the finder",
            Sent::Get("/sammanhangande?yta=-5"),
            false,
            StatusCode::BAD_REQUEST,
            "error-yta",
        ),
        (
            "a NUL in the inbox export's filter",
            Sent::Get("/personal/intresse.csv?omrade=G%00"),
            true,
            StatusCode::BAD_REQUEST,
            "<code>omrade</code>",
        ),
        (
            "a word as a preview picture's id",
            Sent::Get("/tomt/abc/bild.png"),
            false,
            StatusCode::BAD_REQUEST,
            "<code>id</code>",
        ),
        (
            "a word as a plot's id in a save",
            Sent::Form("/personal/tomt/abc", "csrf=x"),
            true,
            StatusCode::BAD_REQUEST,
            "<code>id</code>",
        ),
        (
            "a word as an interest's id",
            Sent::Form("/personal/intresse/abc", "csrf=x"),
            true,
            StatusCode::BAD_REQUEST,
            "<code>id</code>",
        ),
        (
            "a word as an account's id",
            Sent::Form("/personal/konton/abc", "csrf=x"),
            true,
            StatusCode::BAD_REQUEST,
            "<code>id</code>",
        ),
        (
            "a word as an import's id",
            Sent::Form("/personal/import/abc", "csrf=x"),
            true,
            StatusCode::BAD_REQUEST,
            "<code>id</code>",
        ),
        (
            "a word as the fact sheet's id",
            Sent::Form("/api/fact-sheet", "id=abc"),
            false,
            StatusCode::BAD_REQUEST,
            "\"kind\":\"bad_request\"",
        ),
        (
            "no id for the fact sheet",
            Sent::Form("/api/fact-sheet", ""),
            false,
            StatusCode::BAD_REQUEST,
            "\"kind\":\"bad_request\"",
        ),
        (
            "a negative area to the finder's function",
            Sent::Form("/api/contiguous-sites", "min_area_m2=-5"),
            false,
            StatusCode::BAD_REQUEST,
            "\"kind\":\"bad_request\"",
        ),
        (
            "a NUL to the search function",
            Sent::Form("/api/search", &search_nul),
            false,
            StatusCode::BAD_REQUEST,
            "\"field\":\"q\"",
        ),
        (
            "a NUL as an interest's business area",
            Sent::Form("/api/interest-subject", &subject_nul),
            false,
            StatusCode::BAD_REQUEST,
            "\"field\":\"business_area\"",
        ),
        (
            "a word as the plot editor's id",
            Sent::Form("/api/plot-editor", "id=abc"),
            true,
            StatusCode::BAD_REQUEST,
            "\"kind\":\"bad_request\"",
        ),
        (
            "a NUL in the list function's filter",
            Sent::Json("/api/search-plots", &nul_filter),
            false,
            StatusCode::BAD_REQUEST,
            "\"field\":\"ort\"",
        ),
        (
            "100 kB in the map function's filter",
            Sent::Json("/api/matching-plot-ids", &long_filter),
            false,
            StatusCode::BAD_REQUEST,
            "\"field\":\"omrade\"",
        ),
        (
            "malformed JSON",
            Sent::Json("/api/search-plots", "{\"filter\": {"),
            false,
            StatusCode::BAD_REQUEST,
            "\"kind\":\"bad_request\"",
        ),
        (
            "the wrong type in JSON",
            Sent::Json("/api/search-plots", "{\"filter\": 7}"),
            false,
            StatusCode::BAD_REQUEST,
            "\"kind\":\"bad_request\"",
        ),
        (
            "a NUL in the inbox function's filter",
            Sent::Json("/api/inbox", &inbox_filter),
            true,
            StatusCode::BAD_REQUEST,
            "\"field\":\"omrade\"",
        ),
    ];
    for (what, sent, signed_in, expected, names) in cases {
        let token = signed_in.then_some(staff.as_str());
        let response = match sent {
            Sent::Get(path) => send(&router, "GET", path, token, None).await,
            Sent::Form(path, body) => {
                let mut request = Request::post(path)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                if let Some(token) = token {
                    request = request.header(
                        header::COOKIE,
                        format!("{}={token}", markkartan_server::auth::SESSION_COOKIE),
                    );
                }
                router
                    .clone()
                    .oneshot(request.body(Body::from(body.to_string())).unwrap())
                    .await
                    .unwrap()
            }
            Sent::Json(path, json) => send_json(&router, path, token, json).await,
        };
        assert_eq!(response.status(), expected, "{what}");
        let (_, body) = refused(&db, what, response, &before).await;
        assert!(
            body.contains(names),
            "{what}: no {names:?} in\n{}",
            &body[..body.len().min(3000)]
        );
    }

    // Bodies too large for what they are: 413, read no further than the limit.
    let huge = format!("text={}", "x".repeat(30 * 1024 * 1024));
    let response = router
        .clone()
        .oneshot(
            Request::post("/api/search")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(huge))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "30 MB to a server function"
    );
    refused(&db, "30 MB to a server function", response, &before).await;
    let three_mb = format!("foretag=AB&meddelande={}", "x".repeat(3 * 1024 * 1024));
    let response = router
        .clone()
        .oneshot(
            Request::post("/intresse")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(three_mb))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "3 MB to a form"
    );
    let (_, body) = refused(&db, "3 MB to a form", response, &before).await;
    assert!(
        body.contains("<main") && body.contains("för stor"),
        "a page saying so"
    );

    db.drop_database().await;
}

#[tokio::test]
async fn an_import_file_name_that_cannot_be_stored_is_refused() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let (admin, viewer) = session(&db, Role::Admin).await;
    let before = digest(&db).await;
    let geojson = include_str!("../fixtures/import/good_3011.geojson");
    let long_name = format!("{}.geojson", "t".repeat(300));
    for (name, says) in [
        (long_name.as_str(), "Filens namn"),
        ("tom\u{1}ter.geojson", "Uppladdningen gick inte att läsa"),
    ] {
        let response = send_multipart(
            &router,
            "/personal/import",
            Some(&admin),
            &[("csrf", &viewer.csrf_token)],
            Some(("fil", name, geojson.as_bytes())),
        )
        .await;
        let (status, body) = refused(&db, "a file name", response, &before).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains(says), "{body}");
    }
    db.drop_database().await;
}

#[tokio::test]
async fn refusals_are_pages_for_browsers_and_problems_for_programs() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let (staff, _) = session(&db, Role::Staff).await;
    let post = |accept: &'static str| {
        Request::post("/personal/tomt/abc")
            .header(header::ACCEPT, accept)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(
                header::COOKIE,
                format!("{}={staff}", markkartan_server::auth::SESSION_COOKIE),
            )
            .body(Body::from("csrf=x"))
            .unwrap()
    };
    // A browser: a page in the app's look, in Swedish, not hydrated (it is complete as it is).
    let response = router.clone().oneshot(post("text/html,*/*")).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = body_text(response).await;
    assert!(page.contains("<html lang=\"sv\""), "{page}");
    assert!(
        page.contains("class=\"site-header\"")
            && page.contains("<h1 class=\"page-title\">Det gick inte</h1>")
    );
    assert!(page.contains("<code>id</code>"));
    assert!(!page.contains("/pkg/markkartan.js"), "not hydrated");
    // A program: RFC 9457 problem details, with the field.
    let response = router
        .clone()
        .oneshot(post("application/json"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let problem: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(problem["status"], 400);
    assert_eq!(problem["field"], "id");
    assert!(problem["detail"].as_str().unwrap().contains("heltal"));

    // No error is ever an empty body: a method the route does not take, a missing file.
    for (method, path) in [
        ("DELETE", "/intresse"),
        ("GET", "/pkg/finns-inte.js"),
        ("GET", "/finns/inte"),
    ] {
        let response = send(&router, method, path, None, None).await;
        assert!(response.status().is_client_error(), "{method} {path}");
        let body = body_text(response).await;
        assert!(body.contains("<main"), "{method} {path}: {body}");
    }
    // English where the visitor reads English.
    let response = send(&router, "GET", "/finns/inte?lang=en", None, None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(body_text(response).await.contains("lang=\"en\""));
    db.drop_database().await;
}

#[tokio::test]
async fn every_constraint_of_the_schema_answers_a_message_naming_its_rule() {
    let db = TestDb::migrated().await;
    // Every check, unique and exclusion constraint and unique index of the application's
    // tables (PostGIS's own table is not ours).
    let names: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.conname::text, c.contype::text FROM pg_constraint c
           JOIN pg_class t ON t.oid = c.conrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = 'public' AND t.relname <> 'spatial_ref_sys'
            AND c.contype IN ('c', 'u', 'x', 'f')
         UNION
         SELECT i.relname::text, 'i' FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
           JOIN pg_class t ON t.oid = x.indrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = 'public' AND x.indisunique AND NOT x.indisprimary
            AND t.relname <> 'spatial_ref_sys'
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
         ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(names.len() > 40, "{names:?}");
    let generic = [
        "Det finns redan något med samma namn.",
        "Det valda finns inte (längre).",
        "Värdet bryter mot en regel för vad som får sparas.",
    ];
    let mut missing = Vec::new();
    for (name, kind) in &names {
        let problem = constraint_problem(name, None);
        assert!(
            matches!(problem.kind, ProblemKind::Conflict | ProblemKind::Invalid),
            "{name}: {problem:?}"
        );
        // Foreign keys only the server itself fills in may share a message; every rule a
        // person's input can break names its own.
        if kind != "f" && generic.contains(&problem.message.as_str()) {
            missing.push(name.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "constraints without a message: {missing:?}"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_taken_designation_is_a_409_naming_it_also_when_two_staff_draw_at_once() {
    let db = TestDb::with_sample().await;
    let router = router(&db);
    let template = db.plot_id("Görla 9:11").await;
    let (token_a, viewer_a) = session(&db, Role::Staff).await;
    let (token_b, viewer_b) = session(&db, Role::Admin).await;
    let area = scalar_i64(&db, "SELECT id FROM business_areas ORDER BY id LIMIT 1").await;
    let (spot_a, spot_b) = (
        free_outline(&db, template, 0).await,
        free_outline(&db, template, 3).await,
    );
    let form = |csrf: &str, geometry: &str| {
        pairs(&[
            ("csrf", csrf),
            ("omrade", &area.to_string()),
            ("beteckning", "Görla 10:1"),
            ("geometri", geometry),
        ])
    };
    let (a, b) = tokio::join!(
        send(
            &router,
            "POST",
            "/personal/tomter/ny",
            Some(&token_a),
            Some(form(&viewer_a.csrf_token, &spot_a))
        ),
        send(
            &router,
            "POST",
            "/personal/tomter/ny",
            Some(&token_b),
            Some(form(&viewer_b.csrf_token, &spot_b))
        ),
    );
    let mut statuses = vec![a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let loser = if a.status() == StatusCode::CONFLICT {
        a
    } else {
        b
    };
    assert!(
        body_text(loser)
            .await
            .contains("Det finns redan en tomt som heter Görla 10:1")
    );
    assert_eq!(
        scalar_i64(
            &db,
            "SELECT count(*) FROM plots WHERE designation = 'Görla 10:1'"
        )
        .await,
        1
    );

    // Whatever path meets the unique constraint itself hears the same, never a 5xx.
    let error = sqlx::query("UPDATE plots SET designation = 'Görla 10:1' WHERE id = $1")
        .bind(template)
        .execute(&db.pool)
        .await
        .unwrap_err();
    let problem = on_constraint(&error).expect("a named constraint");
    assert_eq!(problem.kind, ProblemKind::Conflict);
    assert_eq!(problem.field.as_deref(), Some("beteckning"));
    assert!(problem.message.contains("Görla 10:1"), "{problem:?}");
    // A NUL byte reaching PostgreSQL is the request's problem too.
    let error = sqlx::query("UPDATE plots SET public_description = $1 WHERE id = $2")
        .bind("a\u{0}b")
        .bind(template)
        .execute(&db.pool)
        .await
        .unwrap_err();
    assert_eq!(on_constraint(&error).unwrap().kind, ProblemKind::BadRequest);
    db.drop_database().await;
}
