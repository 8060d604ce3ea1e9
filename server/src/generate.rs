//! Synthetic data for scale tests and benchmarks: plots (`markkartan generate-plots --count N`)
//! and a municipality-sized set of plans, future areas and plots (`markkartan generate`).

use crate::db;

/// At most this many in one call: the benchmarks' largest scale.
pub const MAX_SYNTHETIC_PLOTS: u32 = 100_000;

pub async fn synthetic_plots(pool: &sqlx::PgPool, count: u32) -> anyhow::Result<u64> {
    anyhow::ensure!(
        (1..=MAX_SYNTHETIC_PLOTS).contains(&count),
        "--count must be between 1 and {MAX_SYNTHETIC_PLOTS}, got {count}"
    );
    let mut tx = pool.begin().await?;
    let added = db::sample::insert_synthetic_plots(&mut tx, count).await?;
    tx.commit().await?;
    Ok(added)
}

/// At most this many plans or future areas in one call.
pub const MAX_SYNTHETIC_SHAPES: u32 = 20_000;

/// What `municipality` added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    pub plans: u64,
    pub future_areas: u64,
    pub plots: u64,
}

/// Plans, future areas and plots, each in a transaction of its own (a large set takes minutes;
/// what is done stays done).
pub async fn municipality(
    pool: &sqlx::PgPool,
    plans: u32,
    future_areas: u32,
    plots: u32,
) -> anyhow::Result<Added> {
    for (name, n) in [("--plans", plans), ("--future-areas", future_areas)] {
        anyhow::ensure!(
            n <= MAX_SYNTHETIC_SHAPES,
            "{name} must be at most {MAX_SYNTHETIC_SHAPES}, got {n}"
        );
    }
    let mut added = Added {
        plans: 0,
        future_areas: 0,
        plots: 0,
    };
    if plans > 0 {
        let mut tx = pool.begin().await?;
        added.plans = db::synthetic::insert_plans(&mut tx, plans).await?;
        tx.commit().await?;
    }
    if future_areas > 0 {
        let mut tx = pool.begin().await?;
        added.future_areas = db::synthetic::insert_future_areas(&mut tx, future_areas).await?;
        tx.commit().await?;
    }
    if plots > 0 {
        added.plots = synthetic_plots(pool, plots).await?;
    }
    Ok(added)
}
