//! Test support: a fresh database on the real PostGIS that `./dev test` starts.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use axum::{Router, body::Body, http::Request, response::Response};
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
        let name = format!(
            "mk_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let mut admin = admin_connection().await;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        let url = url_for(&name);
        let pool = db::connect(&url).await.expect("connect to test database");
        TestDb { pool, name, url }
    }

    /// A migrated database.
    pub async fn migrated() -> TestDb {
        let test_db = TestDb::empty().await;
        db::migrate(&test_db.pool).await.expect("migrations apply");
        test_db
    }

    /// A migrated database with the sample data of data/sample.
    pub async fn with_sample() -> TestDb {
        let test_db = TestDb::migrated().await;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
        markkartan_server::sample::load(&test_db.pool, &dir, false)
            .await
            .expect("sample data loads");
        test_db
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

    /// Closes the pool and drops the database.
    pub async fn drop_database(self) {
        self.pool.close().await;
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

pub fn test_config(database_url: &str) -> Config {
    Config {
        database_url: database_url.to_string(),
        addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        basemap_url: None,
        basemap_attribution: String::new(),
        interest_limit_per_hour: 3,
        public_url: None,
        log_json: false,
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
