//! Test support: a fresh database on the real PostGIS that `./dev test` starts.

use std::net::{IpAddr, SocketAddr};

use axum::{
    Router,
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{Request, header},
    response::Response,
};
use markkartan_app::domain::{Role, Viewer};
use markkartan_server::auth;
use markkartan_server::{config::Config, db, http};
use sqlx::{Connection, PgConnection, PgPool};
use tower::ServiceExt;

/// A database of its own for one test, migrated, dropped again when the test ends.
pub struct TestDb {
    pub pool: PgPool,
    pub name: String,
    pub url: String,
}

fn admin_url() -> String {
    std::env::var("MARKKARTAN_TEST_ADMIN_URL").expect(
        "MARKKARTAN_TEST_ADMIN_URL is not set: run the tests with `./dev test`, which starts PostGIS",
    )
}

/// The URL of another database on the same server.
fn url_for(database: &str) -> String {
    let admin = admin_url();
    let (server, _) = admin
        .rsplit_once('/')
        .expect("a database URL ends in /name");
    format!("{server}/{database}")
}

pub async fn admin_connection() -> PgConnection {
    PgConnection::connect(&admin_url())
        .await
        .expect("connect as admin")
}

impl TestDb {
    /// An empty database, not yet migrated.
    pub async fn empty() -> TestDb {
        TestDb::create("").await
    }

    /// A new database: a copy of `template`, or empty.
    async fn create(template: &str) -> TestDb {
        let name = format!(
            "mk_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let mut admin = admin_connection().await;
        let from = if template.is_empty() {
            String::new()
        } else {
            format!(" TEMPLATE {template}")
        };
        sqlx::query(&format!("CREATE DATABASE {name}{from}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        let url = url_for(&name);
        let pool = db::connect(&url).await.expect("connect to test database");
        TestDb { pool, name, url }
    }

    /// A migrated database.
    pub async fn migrated() -> TestDb {
        static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        let template = TEMPLATE
            .get_or_init(|| template("migrated", |_| async {}))
            .await;
        TestDb::create(template).await
    }

    /// A migrated database with the sample data of data/sample.
    pub async fn with_sample() -> TestDb {
        static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        let template = TEMPLATE
            .get_or_init(|| {
                template("sample", |pool| async move {
                    markkartan_server::sample::load(&pool, &sample_dir(), &land_file(), false)
                        .await
                        .expect("sample data loads");
                })
            })
            .await;
        TestDb::create(template).await
    }

    /// The id of the sample plot with this designation.
    pub async fn plot_id(&self, designation: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM plots WHERE designation = $1")
            .bind(designation)
            .fetch_one(&self.pool)
            .await
            .unwrap_or_else(|error| panic!("{designation}: {error}"))
    }

    pub fn router(&self) -> Router {
        http::router(&test_config(&self.url), self.pool.clone())
    }

    /// The router with a configuration changed from the tests' one.
    pub fn router_with(&self, change: impl FnOnce(&mut Config)) -> Router {
        let mut config = test_config(&self.url);
        change(&mut config);
        http::router(&config, self.pool.clone())
    }

    /// Closes the pool and drops the database.
    pub async fn drop_database(self) {
        // The pool waits for connections still out; DROP ... WITH (FORCE) ends any anyway.
        if tokio::time::timeout(std::time::Duration::from_secs(5), self.pool.close())
            .await
            .is_err()
        {
            eprintln!(
                "warning: connections of {} were still out after 5 s",
                self.name
            );
        }
        let mut admin = admin_connection().await;
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&mut admin)
        .await
        .expect("drop test database");
    }
}

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn sample_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample")
}

/// OpenStreetMap's land around the municipality, which the sample is loaded with.
pub fn land_file() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/context/land.geojson")
}

/// A database migrated and filled by `fill`, made once per test run and copied for every test
/// that needs one (`CREATE DATABASE … TEMPLATE` copies files; migrating and loading the sample
/// for each of a hundred tests took most of their time). Its name carries a digest of the
/// migrations and the sample, so a changed one makes a new template; `./dev test` drops the
/// templates of earlier runs with the other `mk_test_` databases.
async fn template<F, Fut>(kind: &str, fill: F) -> String
where
    F: FnOnce(PgPool) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/migrations");
    let context = land_file().parent().unwrap().to_owned();
    for dir in [migrations, sample_dir(), context] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            digest.update(file.file_name().unwrap().as_encoded_bytes());
            digest.update(std::fs::read(&file).unwrap());
        }
    }
    let hex: String = digest.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = format!("mk_test_template_{kind}_{hex}_{}", std::process::id());
    let mut admin = admin_connection().await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create the template");
    let pool = db::connect(&url_for(&name)).await.unwrap();
    db::migrate(&pool).await.expect("migrations apply");
    fill(pool.clone()).await;
    // A template must have no connections when it is copied.
    pool.close().await;
    name
}

pub fn test_config(database_url: &str) -> Config {
    Config {
        database_url: database_url.to_string(),
        addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        basemap_url: None,
        basemap_attribution: String::new(),
        basemap_max_zoom: markkartan_app::domain::MAX_TILE_ZOOM,
        interest_limit_per_hour: 3,
        interest_retention_months: 24,
        public_url: None,
        allowed_hosts: Vec::new(),
        trusted_proxies: Vec::new(),
        log_json: false,
        planner_self_approval: false,
        scheduler_seconds: 30,
        smtp_url: None,
        mail_from: "Markkartan <markkartan@test.invalid>".into(),
        mail_seconds: 1,
    }
}

/// Sends one GET request through the whole application router.
pub async fn get(router: &Router, path: &str) -> Response {
    router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap()
}

/// The single number a counting query returns.
pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
}

pub async fn body_text(response: Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

// Staff sessions, for the workspace tests.

pub const PASSWORD: &str = "ett långt lösenord 2026";
pub const CLIENT: [u8; 4] = [192, 0, 2, 9];

pub fn router(db: &TestDb) -> Router {
    db.router()
        .layer(MockConnectInfo(SocketAddr::from((CLIENT, 40_000))))
}

/// A signed-in session for a new account with this role: (cookie token, viewer). The first
/// of a role in a database is `{role}@kommun.example`; each further call makes another account
/// ("Test {role}" too), so a test may have several of one role.
pub async fn session(db: &TestDb, role: Role) -> (String, Viewer) {
    let mut n = 0;
    let email = loop {
        let email = match n {
            0 => format!("{}@kommun.example", role.key()),
            n => format!("{}-{n}@kommun.example", role.key()),
        };
        match auth::create_account(
            &db.pool,
            &email,
            &format!("Test {}", role.key()),
            role,
            PASSWORD,
        )
        .await
        {
            Ok(_) => break email,
            Err(auth::AccountRefused::Taken) => n += 1,
            Err(error) => panic!("a {role:?} account: {error}"),
        }
    };
    let signed_in = auth::sign_in(&db.pool, &email, PASSWORD, IpAddr::from(CLIENT))
        .await
        .unwrap_or_else(|e| panic!("{role:?} signs in: {e}"));
    (signed_in.token, signed_in.viewer)
}

pub async fn send(
    router: &Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    form: Option<Vec<(String, String)>>,
) -> Response {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::COOKIE, format!("{}={token}", auth::SESSION_COOKIE));
    }
    let body = match form {
        Some(fields) => {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(serde_urlencoded::to_string(fields).unwrap())
        }
        None => Body::empty(),
    };
    router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap()
}

/// A server function call with a JSON body (the functions declared with `input = Json`).
pub async fn send_json(router: &Router, path: &str, token: Option<&str>, json: &str) -> Response {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::COOKIE, format!("{}={token}", auth::SESSION_COOKIE));
    }
    router
        .clone()
        .oneshot(request.body(Body::from(json.to_string())).unwrap())
        .await
        .unwrap()
}

/// Stores an interest in a plot the way the public form does, returning its id.
pub async fn interest_in(db: &TestDb, designation: &str, contact_name: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO interests (plot_id, business_area_id, company_name, org_number,
                                contact_name, email, phone, message, language, consent_at)
         SELECT id, business_area_id, 'Testbolaget AB', '556677-8899', $2,
                'kontakt@testbolaget.example', '070-000 00 00', 'Vi vill bygga ett lager.',
                'sv', now()
           FROM plots WHERE designation = $1
         RETURNING id",
    )
    .bind(designation)
    .bind(contact_name)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// A multipart/form-data POST, as a browser sends a form with a file: the text fields, then
/// the file (field name, file name, bytes).
pub async fn send_multipart(
    router: &Router,
    path: &str,
    token: Option<&str>,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> Response {
    const BOUNDARY: &str = "----markkartan-test-boundary-7d1f";
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((name, file_name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let mut request = Request::post(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    if let Some(token) = token {
        request = request.header(header::COOKIE, format!("{}={token}", auth::SESSION_COOKIE));
    }
    router
        .clone()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap()
}

/// An authorisation matrix: the same request as anonymous, staff, planner and admin, each
/// status compared with the one expected, every mismatch collected for one assertion.
pub struct Matrix {
    sessions: Vec<(Role, (String, Viewer))>,
    pub failures: Vec<String>,
}

pub const VIEWERS: [(&str, Option<Role>); 4] = [
    ("anonymous", None),
    ("staff", Some(Role::Staff)),
    ("planner", Some(Role::Planner)),
    ("admin", Some(Role::Admin)),
];

impl Matrix {
    /// Signs in one account of each role.
    pub async fn new(db: &TestDb) -> Matrix {
        let mut sessions = Vec::new();
        for role in Role::ALL {
            sessions.push((role, session(db, role).await));
        }
        Matrix {
            sessions,
            failures: Vec::new(),
        }
    }

    /// The signed-in session (cookie token, viewer) of this role.
    pub fn session(&self, role: Role) -> &(String, Viewer) {
        &self.sessions.iter().find(|(r, _)| *r == role).unwrap().1
    }

    /// Runs `request` as each viewer, given who it is, the cookie token (none for anonymous)
    /// and the CSRF token (empty for anonymous), and records each unexpected status.
    pub async fn expect(
        &mut self,
        what: &str,
        expected: [axum::http::StatusCode; 4],
        mut request: impl AsyncFnMut(&str, Option<&str>, &str) -> axum::http::StatusCode,
    ) {
        for ((who, role), expected) in VIEWERS.into_iter().zip(expected) {
            let (token, csrf) = match role.map(|role| self.session(role).clone()) {
                Some((token, viewer)) => (Some(token), viewer.csrf_token),
                None => (None, String::new()),
            };
            let status = request(who, token.as_deref(), &csrf).await;
            if status != expected {
                self.failures
                    .push(format!("{what} as {who}: {status}, expected {expected}"));
            }
        }
    }

    pub fn assert_all_as_expected(&self) {
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n"));
    }
}

/// The WebMercatorQuad tile (column, row) at zoom `z` under the middle of the plot with this id.
pub async fn tile_of_plot(db: &TestDb, id: i64, z: u32) -> (i64, i64) {
    sqlx::query_as(
        "SELECT floor((ST_X(c) + 20037508.342789244) / s)::bigint,
                floor((20037508.342789244 - ST_Y(c)) / s)::bigint
           FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS c,
                        2 * 20037508.342789244 / 2 ^ $2 AS s
                   FROM plots WHERE id = $1) p",
    )
    .bind(id)
    .bind(z as i32)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}
