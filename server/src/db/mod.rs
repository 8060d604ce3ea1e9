//! The database layer: every SQL statement of the server lives in this module's files.

pub mod accounts;
pub mod context;
pub mod feed;
pub mod geometry;
pub mod import;
pub mod inbox;
pub mod interests;
pub mod planning;
pub mod plans;
pub mod plots;
pub mod sample;
pub mod search;
pub mod staff_plots;

use std::time::Duration;

use sqlx::{PgPool, postgres::PgPoolOptions};

pub async fn connect(database_url: &str) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(10)
        // A request waits at most this long for a connection; then /healthz reports 503.
        .acquire_timeout(Duration::from_secs(3))
        .connect(database_url)
        .await
}

/// Applies the numbered migrations in data/migrations that the database has not seen yet.
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("../data/migrations").run(pool).await
}

/// Whether the database answers a trivial query.
pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}
