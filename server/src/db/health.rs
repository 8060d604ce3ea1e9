//! Whether the database can be reached: one flag every request reads, kept current by a probe
//! with a connection of its own (a pool busy with slow requests is no outage). While the flag
//! says no, the server answers 503 at once (`http/outage.rs`) instead of letting each request
//! wait for a connection that will not come.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use sqlx::{ConnectOptions, Connection, PgConnection, PgPool, migrate::MigrateError};
use tokio::{sync::Notify, time::timeout};

/// How often the probe asks while the database answers, and while it does not.
const WHILE_REACHABLE: Duration = Duration::from_secs(2);
const WHILE_UNREACHABLE: Duration = Duration::from_millis(250);
/// How long to wait before trying migrations that failed again (they will not mend by
/// themselves; the log says why).
const MIGRATIONS_RETRY: Duration = Duration::from_secs(60);
/// How long one probe waits for a connection or an answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The shared flag: cheap to clone, read by every request.
#[derive(Clone)]
pub struct Reachability(Arc<Shared>);

struct Shared {
    reachable: AtomicBool,
    check_now: Notify,
}

impl Reachability {
    fn new(reachable: bool) -> Reachability {
        Reachability(Arc::new(Shared {
            reachable: AtomicBool::new(reachable),
            check_now: Notify::new(),
        }))
    }

    /// Reachable, with no probe to say otherwise: the routers the tests build around a pool.
    pub fn assumed() -> Reachability {
        Reachability::new(true)
    }

    pub fn is_reachable(&self) -> bool {
        self.0.reachable.load(Ordering::Relaxed)
    }

    /// Asks the probe to look now rather than at its next turn: a request just failed on the
    /// database.
    pub fn check_soon(&self) {
        self.0.check_now.notify_one();
    }
}

/// Probes the database once, then keeps probing in the background, and returns the flag it
/// keeps. The first time it reaches the database it applies the migrations (so a server started
/// while the database is down migrates when it comes back); when the database answers now and
/// the migrations fail, that is the error, as it was before the server could start without it.
pub async fn watch(pool: PgPool) -> Result<Reachability, MigrateError> {
    let mut probe = Probe {
        pool,
        connection: None,
        reached: false,
        migrated: false,
    };
    let reachable = probe.check().await?;
    if !reachable {
        tracing::warn!("the database cannot be reached: answering 503 until it can");
    }
    let flag = Reachability::new(reachable);
    let shared = flag.clone();
    tokio::spawn(async move {
        let mut migrations_failed = false;
        loop {
            let was = shared.is_reachable();
            let wait = match (was, migrations_failed) {
                (_, true) => MIGRATIONS_RETRY,
                (true, false) => WHILE_REACHABLE,
                (false, false) => WHILE_UNREACHABLE,
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {},
                () = shared.0.check_now.notified() => {},
            }
            let now = probe.check().await.unwrap_or_else(|error| {
                tracing::error!(%error, "the database is back, but its migrations failed");
                false
            });
            migrations_failed = !now && probe.reached;
            shared.0.reachable.store(now, Ordering::Relaxed);
            match (was, now) {
                (true, false) => tracing::warn!("the database cannot be reached: answering 503"),
                (false, true) => tracing::info!("the database is reachable again"),
                _ => {}
            }
        }
    });
    Ok(flag)
}

struct Probe {
    pool: PgPool,
    connection: Option<PgConnection>,
    /// Whether the last probe had an answer (whatever the migrations then did).
    reached: bool,
    migrated: bool,
}

impl Probe {
    /// Whether the database answers (migrated, the first time it does).
    async fn check(&mut self) -> Result<bool, MigrateError> {
        self.reached = false;
        if self.connection.is_none() {
            let options = self.pool.connect_options();
            self.connection = match timeout(PROBE_TIMEOUT, options.connect()).await {
                Ok(Ok(connection)) => Some(connection),
                _ => return Ok(false),
            };
        }
        let Some(connection) = self.connection.as_mut() else {
            return Ok(false);
        };
        if !matches!(timeout(PROBE_TIMEOUT, connection.ping()).await, Ok(Ok(()))) {
            self.connection = None;
            return Ok(false);
        }
        self.reached = true;
        if !self.migrated {
            super::migrate(&self.pool).await?;
            self.migrated = true;
        }
        Ok(true)
    }
}
