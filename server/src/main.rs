//! The `markkartan` command: serves the app, loads the sample data, generates synthetic plots.

use clap::{Parser, Subcommand};
use markkartan_server::{config::Config, db, generate, http, sample};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "markkartan",
    about = "Markkartan: verksamhetsmark i Norrtälje kommun"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the app (the default).
    Serve,
    /// Load the sample data in data/sample into an empty database (all or nothing).
    LoadSample {
        /// Replace whatever content the database has with the sample.
        #[arg(long)]
        replace: bool,
        #[arg(long, default_value = "data/sample")]
        dir: String,
    },
    /// Add N synthetic, valid, non-overlapping plots (for scale tests and benchmarks).
    GeneratePlots {
        #[arg(long)]
        count: u32,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing(cli.config.log_json);
    let pool = db::connect(&cli.config.database_url).await?;
    db::migrate(&pool).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => http::serve(cli.config, pool).await?,
        Command::LoadSample { replace, dir } => {
            let outcome = sample::load(&pool, std::path::Path::new(&dir), replace).await?;
            tracing::info!(?outcome, "sample data");
        }
        Command::GeneratePlots { count } => {
            let added = generate::synthetic_plots(&pool, count).await?;
            tracing::info!(added, "synthetic plots generated");
        }
    }
    Ok(())
}

fn init_tracing(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
