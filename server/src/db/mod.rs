//! The database layer: every SQL statement of the server lives in this module's files.

pub mod accounts;
pub mod api_tokens;
pub mod contacts;
pub mod context;
pub mod downloads;
pub mod feed;
pub mod geometry;
pub mod health;
pub mod import;
pub mod inbox;
pub mod insights;
pub mod interests;
pub mod mail;
pub mod meetings;
pub mod ogc;
pub mod ogc_filter;
pub mod place;
pub mod planning;
pub mod plans;
pub mod plots;
pub mod proposals;
pub mod sample;
pub mod search;
pub mod staff_plots;
pub mod surveys;
pub mod synthetic;

use std::time::Duration;

use sqlx::{
    PgPool,
    postgres::{PgConnectOptions, PgPoolOptions},
};

/// How long a request waits for a connection before it is answered 503: short, so that while
/// the database cannot be reached nobody waits long to be told (once the probe in [`health`]
/// has seen it gone, nobody waits at all).
const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(750);

/// A connection that waited in the pool this long is tested before it is used: the database
/// may have restarted meanwhile.
const IDLE_BEFORE_TEST: Duration = Duration::from_secs(1);

fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // sqlx tests every connection as it goes back to the pool; testing it again as it is
        // taken (its default) cost every query a round trip to the database. Only one that has
        // waited is tested, and one that does not answer is closed and another taken.
        .test_before_acquire(false)
        .before_acquire(|connection, waited| {
            Box::pin(async move {
                if waited.idle_for < IDLE_BEFORE_TEST {
                    return Ok(true);
                }
                Ok(sqlx::Connection::ping(connection).await.is_ok())
            })
        })
}

/// The connection settings of `database_url`, with PostgreSQL's JIT compilation off: its
/// estimates of PostGIS functions trip it on queries of a few rows, and compiling took 170 ms
/// each (the map page's roads, streets and the detaljplaner's tiles) to save nothing.
fn connect_options(database_url: &str) -> Result<PgConnectOptions, sqlx::Error> {
    Ok(database_url
        .parse::<PgConnectOptions>()?
        .options([("jit", "off")]))
}

/// How long [`connect`] keeps trying to make its first connection. A request waits at most
/// [`ACQUIRE_TIMEOUT`] for one, but a command or a test starting on a busy machine (a CI run's
/// tests creating databases side by side on 2 cores) may take longer than that to be let in.
const FIRST_CONNECTION_PATIENCE: Duration = Duration::from_secs(20);

/// A pool with one connection made, or the reason none could be (the commands and the tests).
pub async fn connect(database_url: &str) -> Result<PgPool, sqlx::Error> {
    let pool = pool_options().connect_lazy_with(connect_options(database_url)?);
    let deadline = std::time::Instant::now() + FIRST_CONNECTION_PATIENCE;
    loop {
        match pool.acquire().await {
            Ok(_) => return Ok(pool),
            Err(sqlx::Error::PoolTimedOut) if std::time::Instant::now() < deadline => {}
            Err(error) => return Err(error),
        }
    }
}

/// A pool that connects when it is first used: the server starts whether or not the database
/// is up, and [`health::watch`] tells it when it is.
pub fn connect_lazy(database_url: &str) -> Result<PgPool, sqlx::Error> {
    Ok(pool_options().connect_lazy_with(connect_options(database_url)?))
}

/// Applies the numbered migrations in data/migrations that the database has not seen yet.
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("../data/migrations").run(pool).await
}

/// Whether the database answers a trivial query.
pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}
