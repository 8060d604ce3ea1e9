//! HTTP: the Leptos pages and server functions, the JSON API, health, and static files.

mod api;
mod downloads;
mod edge;
mod endpoints;
mod error;
mod extract;
mod feed;
mod form_again;
mod interest;
mod meetings;
mod ogc;
mod ogc_openapi;
mod ogc_tiles;
mod ogc_write;
mod outage;
mod preview;
mod proposals;
mod revalidate;
mod security;
mod sitemap;
pub(crate) mod spreadsheet;
mod staff;
mod surveys;
mod tiles;

use std::{net::SocketAddr, sync::Arc};

use axum::Router;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use markkartan_app::{
    App, SiteAssets,
    domain::Viewer,
    public::catalog::{SharedCatalog, SiteOrigin},
    shell,
    staff::service::SharedWorkspace,
};
use sqlx::PgPool;
use tower_http::{
    compression::CompressionLayer, services::ServeDir, set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use crate::{catalog::DbCatalog, config::Config, db::health::Reachability, workspace::DbWorkspace};

pub use error::{Error, constraint_problem, on_constraint};
pub use extract::client_address;
pub(crate) use form_again::form_again;
pub use security::Site;

/// What every handler can reach: one allocation shared by every request, so that handing it to
/// each middleware and handler (axum clones the state for each) is one reference count, not a
/// dozen (cloning the fields one by one took an eighth of a cached tile's time).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of the state that extractors and Leptos's routes take on their own.
macro_rules! state_part {
    ($($part:ty => $field:ident),* $(,)?) => {$(
        impl axum::extract::FromRef<AppState> for $part {
            fn from_ref(state: &AppState) -> Self {
                state.$field.clone()
            }
        }
    )*};
}
state_part!(LeptosOptions => leptos_options, PgPool => pool, Reachability => database);

pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub catalog: SharedCatalog,
    pub workspace: SharedWorkspace,
    pub interest_limit_per_hour: i64,
    /// Months after closing when an interest's personal data is deleted (its e-mail says so).
    pub interest_retention_months: u32,
    /// Whether a planner may approve their own revision (`MARKKARTAN_PLANNER_SELF_APPROVAL`).
    pub planner_self_approval: bool,
    /// The time workflow steps are taken at (a test's own clock in tests).
    pub clock: Arc<dyn crate::planning::Clock>,
    pub site: Arc<Site>,
    pub assets: Arc<SiteAssets>,
    /// The link-preview pictures drawn so far (`/tomt/{id}/bild.png`).
    pub previews: Arc<preview::PreviewCache>,
    /// Whether the database can be reached (503 at once while it cannot).
    pub database: Reachability,
    /// The vector tiles made so far (`/ogc/collections/{id}/tiles`), until an edit touches them.
    pub tiles: Arc<crate::tile_cache::TileCache>,
    /// The pages of items of the tiled layers read so far, until a change is announced.
    pub item_pages: Arc<crate::tile_cache::ItemPages>,
    /// The features of those layers read so far, until a change is announced.
    pub item_features: Arc<crate::tile_cache::ItemFeatures>,
    /// The land tiles drawn so far (`/tiles/land/…`), a day each.
    pub land_tiles: Arc<crate::tile_cache::LandTiles>,
}

/// Builds the whole application router; `serve` and the integration tests both use this.
pub fn router(config: &Config, pool: PgPool) -> Router {
    router_with_clock(config, pool, Arc::new(crate::planning::SystemClock))
}

/// The router, with the clock workflow steps are taken at.
pub fn router_with_clock(
    config: &Config,
    pool: PgPool,
    clock: Arc<dyn crate::planning::Clock>,
) -> Router {
    router_watching(config, pool, clock, Reachability::assumed())
}

/// The router, told by `database` whether the database can be reached.
fn router_watching(
    config: &Config,
    pool: PgPool,
    clock: Arc<dyn crate::planning::Clock>,
    database: Reachability,
) -> Router {
    let site_root = std::path::Path::new(&config.site_root);
    let assets = crate::assets::read(site_root);
    let leptos_options = LeptosOptions::builder()
        .output_name(assets.public_bundle.clone())
        .site_root(config.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let tiles: Arc<crate::tile_cache::TileCache> = Arc::default();
    let catalog: SharedCatalog = Arc::new(DbCatalog {
        changes: tiles.clone(),
        summaries: Default::default(),
        pool: pool.clone(),
        basemap: config.basemap(),
        interest_retention_months: config.interest_retention_months,
    });
    let state = AppState(Arc::new(Shared {
        leptos_options: leptos_options.clone(),
        pool: pool.clone(),
        catalog: catalog.clone(),
        workspace: Arc::new(DbWorkspace {
            pool: pool.clone(),
            planner_self_approval: config.planner_self_approval,
            mail_configured: config
                .smtp_url
                .as_deref()
                .is_some_and(|url| !url.trim().is_empty()),
        }),
        interest_limit_per_hour: config.interest_limit_per_hour,
        interest_retention_months: config.interest_retention_months,
        planner_self_approval: config.planner_self_approval,
        clock,
        site: Arc::new(Site::from_config(config)),
        assets: Arc::new(assets),
        previews: Arc::default(),
        database,
        tiles,
        item_pages: Arc::default(),
        item_features: Arc::default(),
        land_tiles: Arc::default(),
    }));
    let routes = route_list();
    let provide_catalog = page_context(&state);
    // Outages, who is signed in, problems shown as the request reads them, the security
    // headers and pages' tags, in that order (`edge`).
    let edge = axum::middleware::from_fn_with_state(state.clone(), edge::edge);

    Router::new()
        .merge(endpoints::routes())
        .merge(ogc::routes())
        .merge(ogc_write::routes())
        .merge(ogc_tiles::routes())
        .leptos_routes_with_context(&state, routes, provide_catalog.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .nest("/pkg", static_files(site_root, "pkg", state.assets.hashed))
        .nest(
            "/style",
            static_files(site_root, "style", state.assets.hashed),
        )
        // Unknown paths get the app's 404 page, whose header needs the catalog too.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_catalog, shell))
        // The edge inside compression, so a page is tagged as rendered.
        .layer(edge.clone())
        // Brotli (at the quality NGINX uses on the fly) or gzip for pages and server
        // functions; the static files come compressed already.
        .layer(CompressionLayer::new())
        // The map's tiles pass the same edge; they come compressed too (`ogc_tiles`). The
        // compression layer cost a kept tile a tenth of its instructions (README, Measured).
        .merge(ogc_tiles::tile_routes().layer(edge))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A folder of the site's files, each sent as its precompressed `.br` or `.gz` when the browser
/// takes that. Hashed names never change content, so browsers keep them a year without asking;
/// plain names (a site folder not prepared) are revalidated each time.
fn static_files<S: Clone + Send + Sync + 'static>(
    site_root: &std::path::Path,
    folder: &str,
    hashed: bool,
) -> Router<S> {
    let cache = axum::http::HeaderValue::from_static(if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    });
    Router::new()
        .fallback_service(
            ServeDir::new(site_root.join(folder))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            axum::http::header::CACHE_CONTROL,
            move |response: &axum::response::Response| {
                response.status().is_success().then(|| cache.clone())
            },
        ))
}

/// The paths of every page the app renders (`/tomt/:id`, …), for tests that walk them all.
pub fn page_paths() -> Vec<String> {
    route_list().iter().map(|r| r.path().to_string()).collect()
}

/// The app's routes, found by running the app once. While that runs, leptos_server holds a
/// process-global flag that leaves any resource first polled meanwhile pending forever
/// (leptos-rs/leptos#4773), so it runs once per process, before any router exists to render a
/// page; every router after that (the integration tests build many, in parallel) reuses it.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// What every rendered page gets as context: the catalog, and the site's origin for absolute
/// links (read from the request, which Leptos provides before this runs). It also gives the
/// page its Content-Security-Policy, with the nonce Leptos put on this page's inline script.
pub(crate) fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let catalog = state.catalog.clone();
    let workspace = state.workspace.clone();
    let site = state.site.clone();
    let assets = state.assets.clone();
    move || {
        provide_context(catalog.clone());
        provide_context(SiteAssets::clone(&assets));
        provide_context(workspace.clone());
        let parts = use_context::<axum::http::request::Parts>();
        // The signed-in person, found by the session middleware, with the CSRF token masked
        // afresh for this response (the forms on the page carry it).
        if let Some(viewer) = parts.as_ref().and_then(|p| p.extensions.get::<Viewer>()) {
            provide_context(Viewer {
                csrf_token: crate::auth::masked(&viewer.csrf_token),
                ..viewer.clone()
            });
        }
        let headers = parts.map(|parts| parts.headers).unwrap_or_default();
        provide_context(SiteOrigin(site.origin(&headers)));
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            let nonce = leptos::nonce::use_nonce();
            let policy = site.content_security_policy(nonce.as_deref());
            if let Ok(policy) = axum::http::HeaderValue::from_str(&policy) {
                response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, policy);
            }
        }
    }
}

/// Renders the page at `path` as the app does for a GET, with extra context (a refused form,
/// say) and the given status: how a refused POST answers with the form as typed.
pub(crate) async fn render_page(
    state: &AppState,
    path: &str,
    status: axum::http::StatusCode,
    viewer: Option<Viewer>,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> axum::response::Response {
    let page_context = page_context(state);
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            page_context();
            extra();
        },
        move || shell(options.clone()),
    );
    // A path that is no URI (a query too long for one, say) renders its page without the query.
    let uri = path
        .parse::<axum::http::Uri>()
        .or_else(|_| path.split('?').next().unwrap_or("/").parse())
        .unwrap_or_else(|_| axum::http::Uri::from_static("/"));
    let mut request = axum::http::Request::new(axum::body::Body::empty());
    *request.uri_mut() = uri;
    if let Some(viewer) = viewer {
        request.extensions_mut().insert(viewer);
    }
    let mut response = render(request).await;
    *response.status_mut() = status;
    response
}

/// Serves until SIGINT or SIGTERM, then lets requests in flight finish.
pub async fn serve(config: Config, pool: PgPool) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    serve_on(listener, config, pool, shutdown_signal()).await
}

/// Serves on `listener` until `shutdown`, whether or not the database is up: the probe that
/// watches it migrates it when it first answers, and the server answers 503 while it does not.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    config: Config,
    pool: PgPool,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let database = crate::db::health::watch(pool.clone()).await?;
    let app = router_watching(
        &config,
        pool.clone(),
        Arc::new(crate::planning::SystemClock),
        database,
    );
    crate::workspace::spawn_retention(pool.clone(), config.interest_retention_months);
    match config.mail_sender()? {
        Some(sender) => crate::mail::spawn_sender(
            pool.clone(),
            sender,
            std::time::Duration::from_secs(config.mail_seconds.max(1)),
        ),
        None => tracing::info!("no SMTP server (MARKKARTAN_SMTP_URL): e-mail is queued, not sent"),
    }
    crate::planning::spawn_scheduler(
        pool.clone(),
        Arc::new(crate::planning::SystemClock),
        std::time::Duration::from_secs(config.scheduler_seconds.max(1)),
    );
    tracing::info!(addr = %listener.local_addr()?, "Markkartan is serving on http://{}", listener.local_addr()?);
    // The client address feeds the interest form's rate limit.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
