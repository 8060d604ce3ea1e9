//! What the pages ask of the server, as Leptos server functions.
//!
//! The bodies call a [`Catalog`] that the server crate provides as context: the app says what it
//! needs, the server decides how (SQL lives in `server/src/db`, never here).

use crate::domain::MapData;
use leptos::prelude::*;

/// The server-side source of published map content.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Catalog: Send + Sync + 'static {
    /// Published plots and the context layers, ready to draw. Errors are logged by the
    /// implementation with their full context; the caller only learns that it failed.
    async fn map_data(&self) -> Result<MapData, CatalogUnavailable>;
}

/// The catalog could not answer (the database is down, say). Details are in the server log.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the catalog is unavailable")]
pub struct CatalogUnavailable;

#[cfg(feature = "ssr")]
pub type SharedCatalog = std::sync::Arc<dyn Catalog>;

/// Everything the public map draws.
#[server(endpoint = "map-data")]
pub async fn get_map_data() -> Result<MapData, ServerFnError> {
    let catalog = expect_context::<SharedCatalog>();
    catalog
        .map_data()
        .await
        .map_err(|_| ServerFnError::new("Kartan kan inte visas just nu. Försök igen om en stund."))
}
