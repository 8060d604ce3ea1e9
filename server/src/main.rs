//! The `markkartan` command: serves the app, loads the sample data, generates synthetic plots.

use clap::{Parser, Subcommand};
use markkartan_app::domain::Role;
use markkartan_server::{assets, auth, config::Config, db, generate, http, sample};
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
    /// Load the sample data in data/sample, and the land the maps draw, into an empty
    /// database (all or nothing).
    LoadSample {
        /// Replace whatever content the database has with the sample.
        #[arg(long)]
        replace: bool,
        #[arg(long, default_value = "data/sample")]
        dir: String,
        /// OpenStreetMap's land around the municipality (GeoJSON, WGS 84).
        #[arg(long, default_value = "data/context/land.geojson")]
        land: String,
    },
    /// Add N synthetic, valid, non-overlapping plots (for scale tests and benchmarks).
    GeneratePlots {
        #[arg(long)]
        count: u32,
    },
    /// Add a municipality-sized set: detaljplaner of 50–500 corners around the towns (some with
    /// a revision in review), future areas and plots, all on the municipality's land.
    Generate {
        #[arg(long, default_value_t = 2_500)]
        plans: u32,
        #[arg(long, default_value_t = 300)]
        future_areas: u32,
        #[arg(long, default_value_t = 10_000)]
        plots: u32,
    },
    /// Create a staff account, e.g. the first admin. The password is read from
    /// MARKKARTAN_PASSWORD, or else asked for on the terminal.
    CreateAccount {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// staff (mark- och exploatering), planner or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Create the demo accounts listed in the README (for the embedded default database only).
    DemoAccounts,
    /// Give a freshly built site folder's browser files hashed names and write their brotli
    /// and gzip versions beside them (no database needed).
    PrepareSite { dir: String },
    /// Print, as JSON, the SQL a tiled collection's vector tiles are made with (`tile`, its
    /// parameters as the server binds them) and its rows with the tiles' columns (`columns`):
    /// what `./dev bench` times bare and gives Martin and tipg (no database needed).
    #[command(hide = true)]
    TileSql { collection: String },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_key(text).ok_or_else(|| "one of: staff, planner, admin, insights".to_string())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing(cli.config.log_json);
    let command = match cli.command.unwrap_or(Command::Serve) {
        Command::PrepareSite { dir } => {
            let prepared = assets::prepare(std::path::Path::new(&dir))?;
            tracing::info!(public = %prepared.public_bundle, staff = %prepared.staff_bundle, "site prepared");
            return Ok(());
        }
        Command::TileSql { collection } => {
            let source = db::ogc::source(&collection)
                .filter(|s| s.tiles)
                .ok_or_else(|| anyhow::anyhow!("no tiled collection {collection}"))?;
            let sql = serde_json::json!({
                "tile": source.tile_sql(),
                "columns": source.select_columns(),
                "properties": source.property_names().collect::<Vec<_>>(),
                "tolerance_at_zoom_0": db::ogc::tile_tolerance(0),
            });
            println!("{sql}");
            return Ok(());
        }
        command => command,
    };
    anyhow::ensure!(
        !cli.config.database_url.is_empty(),
        "DATABASE_URL is not set: the PostgreSQL with PostGIS to use"
    );
    if let Command::Serve = command {
        // The server starts whether or not the database is up (503 until it is), and migrates
        // it when it first reaches it.
        let pool = db::connect_lazy(&cli.config.database_url)?;
        return http::serve(cli.config, pool).await;
    }
    let pool = db::connect(&cli.config.database_url).await?;
    db::migrate(&pool).await?;
    match command {
        // Done above, on a pool that may wait for the database.
        Command::Serve => {}
        Command::LoadSample { replace, dir, land } => {
            let (dir, land) = (std::path::Path::new(&dir), std::path::Path::new(&land));
            let outcome = sample::load(&pool, dir, land, replace).await?;
            tracing::info!(?outcome, "sample data");
        }
        Command::GeneratePlots { count } => {
            let added = generate::synthetic_plots(&pool, count).await?;
            tracing::info!(added, "synthetic plots generated");
        }
        Command::Generate {
            plans,
            future_areas,
            plots,
        } => {
            let added = generate::municipality(&pool, plans, future_areas, plots).await?;
            tracing::info!(?added, "municipality-sized set generated");
        }
        Command::CreateAccount { email, name, role } => {
            let password = match std::env::var("MARKKARTAN_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    eprint!(
                        "Lösenord för {email} (minst {} tecken): ",
                        auth::MIN_PASSWORD_CHARS
                    );
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let id = auth::create_account(&pool, &email, &name, role, &password)
                .await
                .map_err(|refused| anyhow::anyhow!("{refused}"))?;
            tracing::info!(id, %email, role = role.key(), "account created");
        }
        Command::DemoAccounts => {
            let created = auth::create_demo_accounts(&pool)
                .await
                .map_err(|refused| anyhow::anyhow!("{refused}"))?;
            tracing::info!(created, "demo accounts");
        }
        // Done above, without a database.
        Command::PrepareSite { .. } | Command::TileSql { .. } => {}
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
