//! Configuration, read from the environment (and the same names as command-line flags).

use std::net::SocketAddr;

use clap::Args;
use markkartan_app::domain::BaseMap;

#[derive(Args, Clone, Debug)]
pub struct Config {
    /// PostgreSQL with PostGIS. `./dev run` sets this to its private cluster when unset.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,

    /// Address to serve on.
    #[arg(long, env = "MARKKARTAN_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Folder with the built browser files (`pkg/`) and styles (`style/`).
    #[arg(long, env = "MARKKARTAN_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Raster base map as an XYZ URL template, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    /// Without one the map draws the municipality, roads and localities on its own.
    #[arg(long, env = "MARKKARTAN_BASEMAP_URL")]
    pub basemap_url: Option<String>,

    /// Attribution the base map's licence requires, e.g. `© OpenStreetMap contributors`.
    #[arg(long, env = "MARKKARTAN_BASEMAP_ATTRIBUTION", default_value = "")]
    pub basemap_attribution: String,

    /// The public address of the site, e.g. `https://markkartan.norrtalje.se`, for absolute links
    /// in the Atom feed. Without it the request's Host header is used, over http.
    #[arg(long, env = "MARKKARTAN_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Interest forms accepted from one client address per hour; more are turned away (429).
    #[arg(long, env = "MARKKARTAN_INTEREST_LIMIT_PER_HOUR", default_value_t = 5)]
    pub interest_limit_per_hour: i64,

    /// Months after an interest is closed when its personal data is deleted (the public notice
    /// on the interest form states this number).
    #[arg(
        long,
        env = "MARKKARTAN_INTEREST_RETENTION_MONTHS",
        default_value_t = 24
    )]
    pub interest_retention_months: u32,

    /// Log as JSON lines (for log collectors) instead of human-readable text.
    #[arg(long, env = "MARKKARTAN_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
}

impl Config {
    pub fn basemap(&self) -> Option<BaseMap> {
        self.basemap_url
            .as_ref()
            .filter(|url| !url.trim().is_empty())
            .map(|url| BaseMap {
                url_template: url.clone(),
                attribution: self.basemap_attribution.clone(),
            })
    }
}
