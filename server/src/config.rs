//! Configuration, read from the environment (and the same names as command-line flags).

use std::net::SocketAddr;

use clap::Args;
use markkartan_app::domain::{BaseMap, MAX_TILE_ZOOM};

#[derive(Args, Clone, Debug)]
pub struct Config {
    /// PostgreSQL with PostGIS. `./dev run` sets this to its private cluster when unset.
    /// (Not needed by `prepare-site`.)
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "",
        hide_default_value = true
    )]
    pub database_url: String,

    /// Address to serve on.
    #[arg(long, env = "MARKKARTAN_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Folder with the built browser files (`pkg/`) and styles (`style/`).
    #[arg(long, env = "MARKKARTAN_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Raster base map as an XYZ URL template, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`,
    /// or a WMTS GetTile template in a Web Mercator (Google-compatible) tile matrix set with
    /// `{TileMatrix}`, `{TileCol}` and `{TileRow}`. Without one the map draws OpenStreetMap's
    /// land from its own tiles.
    #[arg(long, env = "MARKKARTAN_BASEMAP_URL")]
    pub basemap_url: Option<String>,

    /// The closest zoom level the base map serves (Lantmäteriet's open topographic map stops
    /// before the 19 most XYZ services reach); closer in, its tiles are drawn larger.
    #[arg(long, env = "MARKKARTAN_BASEMAP_MAX_ZOOM", default_value_t = MAX_TILE_ZOOM,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_TILE_ZOOM)))]
    pub basemap_max_zoom: u32,

    /// Attribution the base map's licence requires, e.g. `© OpenStreetMap contributors`.
    #[arg(long, env = "MARKKARTAN_BASEMAP_ATTRIBUTION", default_value = "")]
    pub basemap_attribution: String,

    /// The public address of the site, e.g. `https://markkartan.norrtalje.se`, for absolute links
    /// (the Atom feed, og:url, og:image) and the origin a sign-in must come from. Without it,
    /// links use the request's Host when it is one of `allowed_hosts`, else `addr`.
    #[arg(long, env = "MARKKARTAN_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Hosts (`host[:port]`, comma-separated) a request's Host header may name for absolute
    /// links and sign-in origins, when the site answers under several names. Any other Host is
    /// ignored: anyone can send one.
    #[arg(long, env = "MARKKARTAN_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,

    /// Reverse proxies (CIDRs or addresses, comma-separated, e.g. `10.0.0.0/8,::1`) whose
    /// `X-Forwarded-For` names the client. Only requests from them are read that way; the rate
    /// limits of others count the socket's address, whatever headers they send.
    #[arg(long, env = "MARKKARTAN_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_network)]
    pub trusted_proxies: Vec<ipnet::IpNet>,

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

    /// Whether a planner may approve their own revision of a plan or future area (for small
    /// teams). Without it another planner or an admin approves.
    #[arg(
        long,
        env = "MARKKARTAN_PLANNER_SELF_APPROVAL",
        default_value_t = false
    )]
    pub planner_self_approval: bool,

    /// How often the server publishes the scheduled revisions that are due, in seconds.
    #[arg(long, env = "MARKKARTAN_SCHEDULER_SECONDS", default_value_t = 30)]
    pub scheduler_seconds: u64,

    /// The SMTP server e-mail is sent through, as a URL: `smtp://user:password@host:587?tls=required`
    /// (STARTTLS), `smtps://user:password@host:465` (TLS), `smtp://host:25` (a relay on the
    /// local network, no TLS).
    /// Without one e-mail is queued, not sent, and the workspace shows what would have been.
    #[arg(long, env = "MARKKARTAN_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Whom e-mail is from: `Name <address>`.
    #[arg(
        long,
        env = "MARKKARTAN_MAIL_FROM",
        default_value = "Markkartan <markkartan@localhost>"
    )]
    pub mail_from: String,

    /// How often queued e-mail is sent, in seconds.
    #[arg(long, env = "MARKKARTAN_MAIL_SECONDS", default_value_t = 10)]
    pub mail_seconds: u64,

    /// Log as JSON lines (for log collectors) instead of human-readable text.
    #[arg(long, env = "MARKKARTAN_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
}

/// A network (`10.0.0.0/8`) or one address (`10.0.0.2`, a network of one).
fn parse_network(text: &str) -> Result<ipnet::IpNet, String> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{text:?} is not a network such as 10.0.0.0/8 or an address"))
}

impl Config {
    /// The SMTP server e-mail goes out through, when one is configured.
    pub fn mail_sender(&self) -> Result<Option<crate::mail::Sender>, crate::mail::SettingsError> {
        match self.smtp_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => {
                crate::mail::Sender::new(url, &self.mail_from).map(Some)
            }
            _ => Ok(None),
        }
    }

    pub fn basemap(&self) -> Option<BaseMap> {
        self.basemap_url
            .as_ref()
            .filter(|url| !url.trim().is_empty())
            .map(|url| BaseMap {
                url_template: xyz_template(url.trim()),
                attribution: self.basemap_attribution.clone(),
                max_zoom: self.basemap_max_zoom,
            })
    }
}

/// A WMTS template's tile matrix, column and row are an XYZ template's zoom, x and y (in the
/// Google-compatible tile matrix set, whose matrices are named by their zoom level).
fn xyz_template(url: &str) -> String {
    url.replace("{TileMatrix}", "{z}")
        .replace("{TileCol}", "{x}")
        .replace("{TileRow}", "{y}")
}
