//! Synthetic plots for scale tests and benchmarks (`markkartan generate-plots --count N`).

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
