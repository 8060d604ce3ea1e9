//! The server's answer to the app's [`Catalog`]: published content from the database.

use chrono::{DateTime, Utc};
use markkartan_app::domain::{
    BaseMap, BusinessAreaView, Comparison, ContiguousSite, FactSheet, FutureAreaView, InView,
    InterestSubject, ListPage, MAX_COMPARE_CHOICES, MapData, MapOpening, PlacePoint, PlaceReport,
    PlanView, PlanningKind, PlotFilter, SearchHits, ViewBox,
};
use markkartan_app::public::catalog::Catalog;
use markkartan_app::service::ServiceUnavailable;
use sqlx::PgPool;
use std::sync::{Arc, Mutex};

use crate::db;
use crate::tile_cache::TileCache;

pub struct DbCatalog {
    pub pool: PgPool,
    pub basemap: Option<BaseMap>,
    /// Stated in the interest form's personal-data notice.
    pub interest_retention_months: u32,
    /// What the database announces as changed (the tile cache hears every change to plots,
    /// business areas and localities, from any server on the database).
    pub changes: Arc<TileCache>,
    /// The business areas' markers and the map's extent, kept until a change is announced.
    pub summaries: Mutex<Option<(u64, Summaries)>>,
}

/// Every business area's marker (its box, plots and free area) and the box around everything:
/// sums over every published plot (90 ms at 100,000 plots), the same for every map page until
/// a plot changes.
#[derive(Clone)]
pub struct Summaries {
    business_areas: Vec<BusinessAreaView>,
    extent: Option<ViewBox>,
}

/// Shown when the database has nothing yet: Norrtälje kommun in Web Mercator metres.
const NORRTALJE_VIEW: ViewBox = ViewBox {
    x: 2_020_000.0,
    y: -8_480_000.0,
    width: 120_000.0,
    height: 160_000.0,
};

impl DbCatalog {
    /// The map's summaries, made again only after a change was announced; kept only while
    /// this server hears the announcements, and only if none came while they were made.
    async fn summaries(&self) -> Result<Summaries, sqlx::Error> {
        self.changes.watch(&self.pool);
        let generation = self.changes.generation();
        if let Ok(kept) = self.summaries.lock()
            && let Some((made_at, summaries)) = kept.as_ref()
            && *made_at == generation
        {
            return Ok(summaries.clone());
        }
        let (business_areas, extent) = tokio::try_join!(
            db::context::business_area_views(&self.pool),
            db::context::map_extent(&self.pool),
        )?;
        let summaries = Summaries {
            business_areas,
            extent,
        };
        if let Ok(mut kept) = self.summaries.lock()
            && self.changes.is_listening()
            && self.changes.generation() == generation
        {
            *kept = Some((generation, summaries.clone()));
        }
        Ok(summaries)
    }

    /// What the map draws around a visible box (see [`InView`]): the parts are independent,
    /// each on its own connection.
    async fn load_in_view(
        &self,
        visible: ViewBox,
        units_per_px: f64,
        with_plans: bool,
    ) -> Result<InView, sqlx::Error> {
        let region = InView::region_for(visible);
        // A pixel: a corner that close to the simplified line moves it by a pixel at most.
        let tolerance = units_per_px;
        let plots = async {
            let aggregated = visible.is_overview()
                && InView::too_many_for_overview(
                    db::plots::published_count_in(
                        &self.pool,
                        region,
                        markkartan_app::domain::MAX_OVERVIEW_PLOTS + 1,
                    )
                    .await?,
                );
            if aggregated {
                Ok::<_, sqlx::Error>((true, Vec::new()))
            } else {
                Ok((
                    false,
                    db::plots::published_for_map(&self.pool, region).await?,
                ))
            }
        };
        let ((aggregated, plots), future_areas, plans) = tokio::try_join!(
            plots,
            db::plans::future_areas_for_map(&self.pool, region, tolerance),
            async {
                if with_plans {
                    db::plans::published_for_map(&self.pool, region, tolerance)
                        .await
                        .map(Some)
                } else {
                    Ok(None)
                }
            },
        )?;
        Ok(InView {
            region,
            units_per_px,
            aggregated,
            plots,
            future_areas,
            plans,
        })
    }
}

#[async_trait::async_trait]
impl Catalog for DbCatalog {
    async fn map_data(
        &self,
        opening: &MapOpening,
        with_plans: bool,
    ) -> Result<MapData, ServiceUnavailable> {
        // The layers are independent: fetch them concurrently, each on its own connection.
        let load = async {
            let (summaries, roads, streets, localities, land_extent, plot) = tokio::try_join!(
                self.summaries(),
                db::context::roads(&self.pool),
                db::context::streets(&self.pool),
                db::context::localities(&self.pool),
                db::context::land_extent(&self.pool),
                async {
                    match opening.plot {
                        Some(id) => db::plots::published_place(&self.pool, id).await,
                        None => Ok(None),
                    }
                },
            )?;
            let Summaries {
                business_areas,
                extent,
            } = summaries;
            let extent = extent
                .map(|extent| extent.padded(0.03))
                .unwrap_or(NORRTALJE_VIEW);
            let plot = plot
                .as_ref()
                .map(|(area, plot_box)| (area.as_str(), *plot_box));
            let view = opening.view(&business_areas, plot, extent);
            // What the first screen shows of the view, however the browser is shaped: the
            // browser asks for more if its screen shows more.
            let (screen, units_per_px) = MapOpening::first_screen(view);
            let in_view = self.load_in_view(screen, units_per_px, with_plans).await?;
            Ok::<_, sqlx::Error>(MapData {
                view,
                in_view,
                business_areas,
                roads,
                streets,
                localities,
                extent,
                land_extent,
                basemap: self.basemap.clone(),
            })
        };
        load.await
            .map_err(|error| unavailable(error, "loading the map data"))
    }

    async fn in_view(
        &self,
        visible: ViewBox,
        units_per_px: f64,
        with_plans: bool,
    ) -> Result<InView, ServiceUnavailable> {
        self.load_in_view(visible, units_per_px, with_plans)
            .await
            .map_err(|error| {
                unavailable(
                    error,
                    &format!("loading the map around {}", visible.to_param()),
                )
            })
    }

    async fn place(&self, point: PlacePoint) -> Result<PlaceReport, ServiceUnavailable> {
        let load = async {
            let mut report = db::place::at(&self.pool, point).await?;
            if report.in_municipality {
                report.map = Some(db::place::small_map(&self.pool, point).await?);
            }
            Ok::<_, sqlx::Error>(report)
        };
        load.await.map_err(|error| {
            unavailable(
                error,
                &format!("answering for the place {}, {}", point.lat, point.lon),
            )
        })
    }

    async fn fact_sheet(&self, id: i64) -> Result<Option<FactSheet>, ServiceUnavailable> {
        db::plots::fact_sheet(&self.pool, id)
            .await
            .map_err(|error| unavailable(error, &format!("loading fact sheet {id}")))
    }

    async fn comparison(&self, ids: &[i64]) -> Result<Comparison, ServiceUnavailable> {
        let load = async {
            let mut sheets = Vec::with_capacity(ids.len());
            let mut missing = Vec::new();
            for &id in ids {
                match db::plots::fact_sheet(&self.pool, id).await? {
                    Some(sheet) => sheets.push(sheet),
                    None => missing.push(id),
                }
            }
            let shown: Vec<i64> = sheets.iter().map(|s| s.id).collect();
            let choices =
                db::plots::compare_choices(&self.pool, &shown, MAX_COMPARE_CHOICES).await?;
            Ok(Comparison {
                sheets,
                missing,
                choices,
            })
        };
        load.await
            .map_err(|error| unavailable(error, &format!("comparing plots {ids:?}")))
    }

    async fn matching_plot_ids(&self, filter: &PlotFilter) -> Result<Vec<i64>, ServiceUnavailable> {
        db::search::plot_ids(&self.pool, filter)
            .await
            .map_err(|error| unavailable(error, &format!("matching plots ({filter:?})")))
    }

    async fn plot_list_page(
        &self,
        filter: &PlotFilter,
        page: u32,
    ) -> Result<ListPage, ServiceUnavailable> {
        db::search::plots_page(&self.pool, filter, page)
            .await
            .map_err(|error| unavailable(error, &format!("listing page {page} ({filter:?})")))
    }

    async fn places(&self) -> Result<Vec<(String, String)>, ServiceUnavailable> {
        db::search::places(&self.pool)
            .await
            .map_err(|error| unavailable(error, "listing places"))
    }

    async fn interest_subject(
        &self,
        plot_id: Option<i64>,
        business_area: Option<String>,
        plan: Option<i64>,
        future_area: Option<i64>,
        place: Option<PlacePoint>,
        question: markkartan_app::domain::QuestionKind,
    ) -> Result<InterestSubject, ServiceUnavailable> {
        db::interests::subject(
            &self.pool,
            plot_id,
            business_area.as_deref(),
            (plan, future_area),
            place,
            question,
            self.interest_retention_months,
        )
        .await
        .map(|routed| routed.subject)
        .map_err(|error| {
            unavailable(
                error,
                &format!("loading an interest subject ({plot_id:?}, {business_area:?})"),
            )
        })
    }

    async fn meeting_offer(
        &self,
        plot_id: Option<i64>,
        business_area: Option<String>,
        plan: Option<i64>,
        future_area: Option<i64>,
        question: markkartan_app::domain::QuestionKind,
    ) -> Result<markkartan_app::domain::MeetingOffer, ServiceUnavailable> {
        crate::meetings::offer(
            &self.pool,
            plot_id,
            business_area.as_deref(),
            (plan, future_area),
            question,
            self.interest_retention_months,
        )
        .await
        .map_err(|error| unavailable(error, "loading a meeting offer"))
    }

    async fn proposal(
        &self,
        token: String,
        record: bool,
    ) -> Result<markkartan_app::domain::ProposalLink, ServiceUnavailable> {
        use crate::proposals::ProposalRefused;
        use markkartan_app::domain::ProposalLink;
        match crate::proposals::open(&self.pool, &token, record).await {
            Ok(page) => Ok(ProposalLink::Open(Box::new(page))),
            Err(ProposalRefused::Gone { revoked }) => Ok(ProposalLink::Gone { revoked }),
            Err(ProposalRefused::Database(error)) => Err(unavailable(error, "opening a proposal")),
            Err(_) => Ok(ProposalLink::Unknown),
        }
    }

    async fn survey(
        &self,
        token: String,
    ) -> Result<markkartan_app::domain::SurveyLink, ServiceUnavailable> {
        crate::surveys::open(&self.pool, &token)
            .await
            .map_err(|error| unavailable(error, "opening a survey"))
    }

    async fn booked_meeting(
        &self,
        token: String,
    ) -> Result<Option<markkartan_app::domain::BookedMeeting>, ServiceUnavailable> {
        crate::meetings::booked(&self.pool, &token)
            .await
            .map_err(|error| unavailable(error, "loading a booked meeting"))
    }

    async fn plans(&self) -> Result<(Vec<PlanView>, Vec<FutureAreaView>), ServiceUnavailable> {
        let load = async {
            tokio::try_join!(
                db::plans::published(&self.pool),
                db::plans::future_areas(&self.pool)
            )
        };
        load.await
            .map_err(|error| unavailable(error, "loading the plans"))
    }

    async fn planning_page(
        &self,
        kind: markkartan_app::domain::PlanningKind,
        id: i64,
    ) -> Result<Option<markkartan_app::domain::PlanningPage>, ServiceUnavailable> {
        db::plans::planning_page(&self.pool, kind, id)
            .await
            .map_err(|error| unavailable(error, "loading a plan's or area's page"))
    }

    async fn contiguous_sites(
        &self,
        min_area_m2: u32,
    ) -> Result<Vec<ContiguousSite>, ServiceUnavailable> {
        db::search::contiguous_sites(&self.pool, f64::from(min_area_m2))
            .await
            .map_err(|error| {
                unavailable(
                    error,
                    &format!("finding contiguous sites of {min_area_m2} m²"),
                )
            })
    }

    async fn search(&self, text: String) -> Result<SearchHits, ServiceUnavailable> {
        db::search::by_name(&self.pool, &text)
            .await
            .map_err(|error| unavailable(error, "searching by name"))
    }

    async fn search_suggestions(&self) -> Result<Vec<String>, ServiceUnavailable> {
        db::search::suggestions(&self.pool)
            .await
            .map_err(|error| unavailable(error, "loading search suggestions"))
    }
}

/// Logs why the database could not answer; the visitor sees that the content is unavailable.
fn unavailable(error: sqlx::Error, what: &str) -> ServiceUnavailable {
    tracing::error!(%error, "{what} failed");
    ServiceUnavailable
}

// The public reads that are no page of the app: the Atom feeds, the sitemap, the land tiles
// and the GeoJSON API. Their handlers (server/src/http) read through these, as the pages read
// through [`DbCatalog`].

/// The newest `entries` public changes, of everything or of one published plan or area; `None`
/// when that plan or area is not public.
pub async fn feed(
    pool: &PgPool,
    entries: i64,
    about: Option<(PlanningKind, i64)>,
) -> Result<Option<Vec<db::feed::ChangeRow>>, sqlx::Error> {
    if let Some((kind, id)) = about
        && !db::planning::is_public(pool, kind, id).await?
    {
        return Ok(None);
    }
    db::feed::latest(pool, entries, about).await.map(Some)
}

/// Every published plot's fact sheet (by id) and plan's or area's page (by path), with when it
/// last changed.
pub struct SitemapPages {
    pub plots: Vec<(i64, DateTime<Utc>)>,
    pub plans: Vec<(String, DateTime<Utc>)>,
}

pub async fn sitemap_pages(pool: &PgPool) -> Result<SitemapPages, sqlx::Error> {
    let (plots, plans) = tokio::try_join!(
        db::plots::published_pages(pool),
        db::plans::published_pages(pool),
    )?;
    Ok(SitemapPages { plots, plans })
}

/// One tile of the land under the maps (XYZ, Web Mercator).
pub async fn land_tile(
    pool: &PgPool,
    z: u32,
    x: u32,
    y: u32,
) -> Result<db::context::LandTile, sqlx::Error> {
    db::context::land_tile(pool, z, x, y).await
}

/// One tile of a layer over the land: land use or riksintressen (XYZ, Web Mercator).
pub async fn overlay_tile(
    pool: &PgPool,
    layer: db::place::OverlayLayer,
    z: u32,
    x: u32,
    y: u32,
) -> Result<Vec<db::place::OverlayShapes>, sqlx::Error> {
    db::place::overlay_tile(pool, layer, z, x, y).await
}

/// The published plots as an RFC 7946 GeoJSON FeatureCollection.
pub async fn published_geojson(pool: &PgPool) -> Result<String, sqlx::Error> {
    db::plots::published_geojson(pool).await
}
