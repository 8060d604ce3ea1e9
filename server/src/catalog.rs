//! The server's answer to the app's [`Catalog`]: published content from the database.

use markkartan_app::catalog::{Catalog, CatalogUnavailable};
use markkartan_app::domain::{BaseMap, MapData, ViewBox};
use sqlx::PgPool;

use crate::db;

pub struct DbCatalog {
    pub pool: PgPool,
    pub basemap: Option<BaseMap>,
}

/// Shown when the database has nothing yet: Norrtälje kommun in Web Mercator metres.
const NORRTALJE_VIEW: ViewBox = ViewBox {
    x: 2_020_000.0,
    y: -8_480_000.0,
    width: 120_000.0,
    height: 160_000.0,
};

#[async_trait::async_trait]
impl Catalog for DbCatalog {
    async fn map_data(&self) -> Result<MapData, CatalogUnavailable> {
        let load = async {
            Ok::<_, sqlx::Error>(MapData {
                plots: db::plots::published_for_map(&self.pool).await?,
                business_areas: db::context::business_area_views(&self.pool).await?,
                municipality: db::context::municipality_outline(&self.pool).await?,
                roads: db::context::roads(&self.pool).await?,
                localities: db::context::localities(&self.pool).await?,
                extent: db::context::map_extent(&self.pool)
                    .await?
                    .map(|extent| extent.padded(0.03))
                    .unwrap_or(NORRTALJE_VIEW),
                basemap: self.basemap.clone(),
            })
        };
        load.await.map_err(|error| {
            tracing::error!(%error, "loading the map data failed");
            CatalogUnavailable
        })
    }
}
