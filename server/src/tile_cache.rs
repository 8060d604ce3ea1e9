//! The vector tiles a server has made (and the map's overlays drawn as SVG tiles, land use and
//! riksintressen), kept in memory until an edit touches them, and the pages of items of the
//! same layers and their features, kept until any change is announced
//! ([`ItemPages`], [`ItemFeatures`]). Every change to a tiled layer is announced by the database
//! (migration 0025: `NOTIFY markkartan_tiles` with the layers and a bounding box in Web
//! Mercator), so every server on the same database drops exactly the tiles whose area the change
//! reaches, whichever server made the edit.
//!
//! A tile is kept only while this server is listening, and only if no change was announced
//! while it was being made (a generation counter): otherwise a tile read just before an edit
//! committed could outlive the edit.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderValue;
use serde::Deserialize;
use sqlx::PgPool;
use sqlx::postgres::PgListener;

use crate::db::ogc::{Crs, TILE_BUFFER, TILE_EXTENT};

pub const CHANNEL: &str = "markkartan_tiles";

/// Enough for the tiles of every layer a town's worth of visitors looks at; a street's tile is a
/// few KB.
const KEPT_TILES: usize = 4096;

/// And at most this many bytes of tiles: an overview's tile of a municipality's 100,000 plots
/// or 2,500 detaljplaner is 50–170 KB, and four thousand of those would take half a gigabyte.
/// A tile counts twice its bytes, for the compressed copies it may come to carry (each smaller
/// than the tile). The oldest go first.
const KEPT_TILE_BYTES: usize = 48 << 20;

/// A layer and a tile of WebMercatorQuad: (collection, zoom, column, row), and the site's
/// address the tile's links were made for.
pub type TileKey = (&'static str, u32, u32, u32, std::sync::Arc<str>);

/// A tile as served: its bytes (empty: nothing there) and its ETags, and the same bytes
/// compressed for clients that take brotli or gzip (every browser), made when first asked for
/// and kept with the tile: a kept tile is not compressed again for every request. The ETag of
/// each representation is made once, as the header it is sent in.
#[derive(Clone)]
pub struct Tile {
    pub body: Bytes,
    etags: Arc<[HeaderValue; 3]>,
    compressed: Arc<[OnceLock<Bytes>; 2]>,
}

/// How a tile's bytes can be sent compressed (`Content-Encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TileEncoding {
    Brotli,
    Gzip,
}

impl TileEncoding {
    /// The encoding to send to a client with this `Accept-Encoding`: brotli where it takes it,
    /// else gzip, else none (a coding with `q=0` is refused, `*` takes any).
    pub fn accepted(accept_encoding: &str) -> Option<Self> {
        // A coding's weight: its own item's, else that of `*`, else none.
        let weight = |name: &str| {
            let (mut own, mut any) = (None, None);
            for item in accept_encoding.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or("").trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
                if coding.eq_ignore_ascii_case(name) {
                    own = Some(q);
                } else if coding == "*" {
                    any = Some(q);
                }
            }
            own.or(any)
        };
        [Self::Brotli, Self::Gzip]
            .into_iter()
            .find(|encoding| weight(encoding.name()).is_some_and(|q| q > 0.0))
    }

    /// Its name in `Content-Encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    fn compress(self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Self::Brotli => markkartan_precompress::brotli_quick(bytes),
            Self::Gzip => markkartan_precompress::gzip_quick(bytes),
        }
    }
}

impl Tile {
    /// A tile of `body`, its ETag made from its content (the first half of its SHA-256).
    pub fn of(body: Bytes) -> Self {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(&body);
        let tag: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Self::new(body, &tag)
    }

    /// A tile of `body` whose ETag is the quoted `tag` (hexadecimal digits: a header value).
    pub fn new(body: Bytes, tag: &str) -> Self {
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
                .unwrap_or(HeaderValue::from_static("\"\""))
        };
        Self {
            body,
            etags: Arc::new([etag(""), etag("-br"), etag("-gzip")]),
            compressed: Arc::default(),
        }
    }

    /// The ETag of the tile sent in `encoding`: each representation has its own.
    pub fn etag_in(&self, encoding: Option<TileEncoding>) -> &HeaderValue {
        match encoding {
            None => &self.etags[0],
            Some(TileEncoding::Brotli) => &self.etags[1],
            Some(TileEncoding::Gzip) => &self.etags[2],
        }
    }

    /// The tile's bytes in `encoding`: compressed off the async threads the first time, then
    /// kept. `None` if compressing failed, and the tile is sent as it is.
    pub async fn encoded(&self, encoding: TileEncoding) -> Option<Bytes> {
        let slot = &self.compressed[encoding as usize];
        if let Some(bytes) = slot.get() {
            return Some(bytes.clone());
        }
        let body = self.body.clone();
        let bytes = tokio::task::spawn_blocking(move || encoding.compress(&body))
            .await
            .ok()?
            .ok()?;
        Some(slot.get_or_init(|| Bytes::from(bytes)).clone())
    }
}

#[derive(Default)]
pub struct TileCache {
    tiles: Mutex<KeptTiles>,
    /// Counts the announcements of changes (and lost connections) so far.
    generation: AtomicU64,
    listening: AtomicBool,
    /// Held while the listener runs; dropped with the cache, it ends the listener and gives its
    /// connection back to the pool (a notification may never come to tell it).
    watching: std::sync::OnceLock<tokio::sync::oneshot::Sender<()>>,
}

#[derive(Default)]
struct KeptTiles {
    by_key: HashMap<TileKey, Tile>,
    order: VecDeque<TileKey>,
    /// What the tiles kept count for against [`KEPT_TILE_BYTES`].
    bytes: usize,
}

impl Tile {
    /// What a kept tile counts for against [`KEPT_TILE_BYTES`].
    fn charge(&self) -> usize {
        2 * self.body.len()
    }
}

/// What the database announces.
#[derive(Deserialize)]
struct Change {
    layers: Vec<String>,
    bbox: [f64; 4],
}

impl TileCache {
    pub fn get(&self, key: &TileKey) -> Option<Tile> {
        self.tiles.lock().ok()?.by_key.get(key).cloned()
    }

    /// Whether this server hears every change announced (else nothing may be kept).
    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::SeqCst)
    }

    /// The generation to give [`TileCache::keep`] for a tile about to be read.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Keeps a tile read at `generation`, unless a change was announced since or this server
    /// is not listening.
    pub fn keep(&self, key: TileKey, tile: Tile, generation: u64) {
        let Ok(mut tiles) = self.tiles.lock() else {
            return;
        };
        // Checked under the lock that `forget` takes too.
        if !self.listening.load(Ordering::SeqCst) || self.generation() != generation {
            return;
        }
        let KeptTiles {
            by_key,
            order,
            bytes,
        } = &mut *tiles;
        *bytes += tile.charge();
        match by_key.insert(key.clone(), tile) {
            Some(older) => *bytes -= older.charge(),
            None => order.push_back(key),
        }
        while order.len() > KEPT_TILES || *bytes > KEPT_TILE_BYTES {
            let Some(oldest) = order.pop_front() else {
                break;
            };
            if let Some(tile) = by_key.remove(&oldest) {
                *bytes -= tile.charge();
            }
        }
    }

    /// Drops the tiles of these layers that reach into `bbox` (Web Mercator metres).
    fn forget(&self, change: &Change) {
        let Ok(mut tiles) = self.tiles.lock() else {
            return;
        };
        self.generation.fetch_add(1, Ordering::SeqCst);
        let KeptTiles {
            by_key,
            order,
            bytes,
        } = &mut *tiles;
        by_key.retain(|key, tile| {
            let reached = change.layers.iter().any(|l| l == key.0) && reaches(key, &change.bbox);
            if reached {
                *bytes -= tile.charge();
            }
            !reached
        });
        order.retain(|key| by_key.contains_key(key));
    }

    fn forget_all(&self) {
        if let Ok(mut tiles) = self.tiles.lock() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            *tiles = KeptTiles::default();
        }
    }

    /// The tile at `key` as kept (and `true`), else the one `make` makes, kept unless a change
    /// was announced while it was being made. Listening starts first: until this server hears
    /// every change, nothing is kept.
    pub async fn kept_or_made<E, Made>(
        self: &Arc<Self>,
        pool: &PgPool,
        key: TileKey,
        make: impl FnOnce() -> Made,
    ) -> Result<(Tile, bool), E>
    where
        Made: Future<Output = Result<Bytes, E>>,
    {
        self.watch(pool);
        if let Some(tile) = self.get(&key) {
            return Ok((tile, true));
        }
        let generation = self.generation();
        let tile = Tile::of(make().await?);
        self.keep(key, tile.clone(), generation);
        Ok((tile, false))
    }

    /// Starts listening for changes, once, for as long as this cache is in use.
    pub fn watch(self: &Arc<Self>, pool: &PgPool) {
        self.watching.get_or_init(|| {
            let (watching, dropped) = tokio::sync::oneshot::channel();
            let listening = listen(Arc::downgrade(self), pool.clone());
            tokio::spawn(async move {
                tokio::select! {
                    () = listening => {},
                    _ = dropped => {},
                }
            });
            watching
        });
    }
}

/// Pages of items (`/ogc/collections/{id}/items` of a tiled layer) as the database wrote them,
/// by the address of the page: kept while no change has been announced since they were read.
/// Any change empties them all: a page's features can lie anywhere in its layer, and edits are
/// rare beside the requests of a map or a GIS tool panning over the same ground.
#[derive(Default)]
pub struct ItemPages {
    pages: Mutex<KeptPages>,
}

#[derive(Default)]
struct KeptPages {
    by_address: HashMap<Arc<str>, (u64, Arc<ItemPage>)>,
    order: VecDeque<Arc<str>>,
    bytes: usize,
}

/// A page of items: the features as a GeoJSON array, how many it has, how many match in all.
pub type ItemPage = (String, i64, i64);

/// What the pages kept may come to in all (some two hundred default pages of a hundred plots;
/// with the tiles and the features kept, a server stays within 150 MB at 100,000 plots), and
/// the largest page kept (a few hundred KB for a thousand plots); pages over it are read each
/// time.
const KEPT_PAGE_BYTES: usize = 16 * 1024 * 1024;
const LARGEST_KEPT_PAGE: usize = 2 * 1024 * 1024;

impl ItemPages {
    /// The page at `address`, if it was read since the last change `changes` heard of.
    pub fn get(&self, changes: &TileCache, address: &str) -> Option<Arc<ItemPage>> {
        let pages = self.pages.lock().ok()?;
        let (generation, page) = pages.by_address.get(address)?;
        (changes.is_listening() && *generation == changes.generation()).then(|| page.clone())
    }

    /// Keeps a page read at `generation` (see [`TileCache::generation`]), unless a change was
    /// announced since or this server is not listening. Pages read before the last change are
    /// dropped first, then the oldest, until the pages fit in [`KEPT_PAGE_BYTES`].
    pub fn keep(&self, changes: &TileCache, address: &str, page: Arc<ItemPage>, generation: u64) {
        if page.0.len() > LARGEST_KEPT_PAGE {
            return;
        }
        let Ok(mut pages) = self.pages.lock() else {
            return;
        };
        let current = changes.generation();
        if !changes.is_listening() || current != generation {
            return;
        }
        let KeptPages {
            by_address,
            order,
            bytes,
        } = &mut *pages;
        if by_address.values().any(|(kept_at, _)| *kept_at != current) {
            by_address.retain(|_, (kept_at, _)| *kept_at == current);
            order.retain(|address| by_address.contains_key(address));
            *bytes = by_address.values().map(|(_, p)| p.0.len()).sum();
        }
        let address: Arc<str> = Arc::from(address);
        *bytes += page.0.len();
        if let Some((_, old)) = by_address.insert(address.clone(), (generation, page)) {
            *bytes -= old.0.len();
        } else {
            order.push_back(address);
        }
        while *bytes > KEPT_PAGE_BYTES {
            let Some(oldest) = order.pop_front() else {
                break;
            };
            if let Some((_, old)) = by_address.remove(&oldest) {
                *bytes -= old.0.len();
            }
        }
    }
}

/// The features of the tiled layers as the items write them (GeoJSON text), each by its layer,
/// id, CRS and the site's address its links carry: kept while no change has been announced
/// since they were read, like the pages. A page read anew then asks the database only which
/// features it holds, and reads only those it has not seen: most of a page's cost is writing
/// its features, and a map or GIS tool panning over the same ground asks for the same ones
/// again and again.
#[derive(Default)]
pub struct ItemFeatures {
    kept: Mutex<KeptFeatures>,
}

/// What a kept feature is known by: its layer, the CRS its coordinates are in, the site's
/// address in its links, and its id.
type FeatureKey = (&'static str, Crs, Arc<str>, i64);

#[derive(Default)]
struct KeptFeatures {
    /// The generation (see [`TileCache::generation`]) the features were read at.
    generation: u64,
    by_key: HashMap<FeatureKey, Arc<str>>,
    order: VecDeque<FeatureKey>,
    bytes: usize,
}

/// What the features kept may come to in all: every plot of a municipality of 10,000 (about
/// 800 bytes each), or the detaljplaner of a town.
const KEPT_FEATURE_BYTES: usize = 16 * 1024 * 1024;

impl ItemFeatures {
    /// The features with these ids that were read since the last change `changes` heard of,
    /// in the ids' order (`None` where one was not).
    pub fn get(
        &self,
        changes: &TileCache,
        (layer, crs, origin): (&'static str, Crs, &Arc<str>),
        ids: &[i64],
    ) -> Vec<Option<Arc<str>>> {
        let Ok(mut kept) = self.kept.lock() else {
            return vec![None; ids.len()];
        };
        if !changes.is_listening() {
            return vec![None; ids.len()];
        }
        kept.forget_before(changes.generation());
        ids.iter()
            .map(|&id| kept.by_key.get(&(layer, crs, origin.clone(), id)).cloned())
            .collect()
    }

    /// Keeps features read at `generation`, unless a change was announced since or this
    /// server is not listening; the oldest go first when they outgrow [`KEPT_FEATURE_BYTES`].
    pub fn keep(
        &self,
        changes: &TileCache,
        (layer, crs, origin): (&'static str, Crs, &Arc<str>),
        features: &[(i64, Arc<str>)],
        generation: u64,
    ) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if !changes.is_listening() || changes.generation() != generation {
            return;
        }
        kept.forget_before(generation);
        let KeptFeatures {
            by_key,
            order,
            bytes,
            ..
        } = &mut *kept;
        for (id, feature) in features {
            let key = (layer, crs, origin.clone(), *id);
            *bytes += feature.len();
            match by_key.insert(key.clone(), feature.clone()) {
                Some(old) => *bytes -= old.len(),
                None => order.push_back(key),
            }
        }
        while *bytes > KEPT_FEATURE_BYTES {
            let Some(oldest) = order.pop_front() else {
                break;
            };
            if let Some(old) = by_key.remove(&oldest) {
                *bytes -= old.len();
            }
        }
    }
}

impl KeptFeatures {
    /// Forgets every feature read before `generation`, once a change has been announced.
    fn forget_before(&mut self, generation: u64) {
        if self.generation != generation {
            self.by_key.clear();
            self.order.clear();
            self.bytes = 0;
            self.generation = generation;
        }
    }
}

/// Whether a tile, with the margin it carries past its edges, reaches into `bbox`.
fn reaches((_, z, x, y, _): &TileKey, bbox: &[f64; 4]) -> bool {
    const WORLD: f64 = 20_037_508.342_789_244;
    let size = 2.0 * WORLD / 2f64.powi(*z as i32);
    let margin = size * f64::from(TILE_BUFFER) / f64::from(TILE_EXTENT);
    let (west, north) = (-WORLD + f64::from(*x) * size, WORLD - f64::from(*y) * size);
    let (east, south) = (west + size, north - size);
    west - margin <= bbox[2]
        && east + margin >= bbox[0]
        && south - margin <= bbox[3]
        && north + margin >= bbox[1]
}

/// Listens on [`CHANNEL`] while the cache lives; whenever the connection is lost (changes may
/// have gone unheard), forgets every tile and keeps none until it listens again.
async fn listen(cache: Weak<TileCache>, pool: PgPool) {
    loop {
        let Some(current) = cache.upgrade() else {
            return;
        };
        current.listening.store(false, Ordering::SeqCst);
        current.forget_all();
        drop(current);
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::debug!(%error, "tile changes: cannot listen yet");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(CHANNEL).await {
            tracing::debug!(%error, "tile changes: LISTEN failed");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        match cache.upgrade() {
            Some(current) => {
                current.forget_all();
                current.listening.store(true, Ordering::SeqCst);
            }
            None => return,
        }
        // Until the connection is lost (`Ok(None)` or an error): then listen anew.
        while let Ok(Some(notification)) = listener.try_recv().await {
            let Some(current) = cache.upgrade() else {
                return;
            };
            match serde_json::from_str::<Change>(notification.payload()) {
                Ok(change) => current.forget(&change),
                Err(_) => current.forget_all(),
            }
        }
    }
}

/// The land under every interactive map (`/tiles/land/{z}/{x}/{y}.svg`) as drawn, kept a day.
/// It changes only when the land data is loaded again, which browsers already take a day to see
/// (the tiles' `Cache-Control`), and an overview's tile takes PostGIS a seventh of a second to
/// cut: without this, a dozen new visitors a second opening the map kept a server busy. Kept as
/// a [`Tile`], so that it is compressed once, not for every visitor.
#[derive(Default)]
pub struct LandTiles {
    kept: Mutex<KeptLand>,
}

#[derive(Default)]
struct KeptLand {
    by_tile: HashMap<(u32, u32, u32), (std::time::Instant, Tile)>,
    order: VecDeque<(u32, u32, u32)>,
    bytes: usize,
}

/// At most this much land is kept (an overview's tile is some 30 KB, a street's a few hundred
/// bytes; each counts twice, for its compressed copies); the oldest go first.
const LAND_KEPT_BYTES: usize = 16 << 20;
/// As long as browsers keep a land tile.
const LAND_KEPT_FOR: Duration = Duration::from_secs(86_400);

impl LandTiles {
    pub fn get(&self, tile: (u32, u32, u32)) -> Option<Tile> {
        let kept = self.kept.lock().ok()?;
        let (drawn, land) = kept.by_tile.get(&tile)?;
        (drawn.elapsed() < LAND_KEPT_FOR).then(|| land.clone())
    }

    pub fn keep(&self, tile: (u32, u32, u32), land: Tile) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        let charge = land.charge();
        match kept.by_tile.insert(tile, (std::time::Instant::now(), land)) {
            Some((_, older)) => kept.bytes -= older.charge(),
            None => kept.order.push_back(tile),
        }
        kept.bytes += charge;
        while kept.bytes > LAND_KEPT_BYTES {
            let Some(oldest) = kept.order.pop_front() else {
                break;
            };
            if let Some((_, land)) = kept.by_tile.remove(&oldest) {
                kept.bytes -= land.charge();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn land_is_kept_up_to_its_bytes_the_oldest_going_first() {
        let land = LandTiles::default();
        // Half the budget each, counted twice with its compressed copies.
        let half = Tile::new(Bytes::from(vec![b'x'; LAND_KEPT_BYTES / 4]), "a");
        land.keep((8, 1, 1), half.clone());
        land.keep((8, 1, 2), half.clone());
        assert!(land.get((8, 1, 1)).is_some() && land.get((8, 1, 2)).is_some());
        // Drawn again: counted once.
        land.keep((8, 1, 2), half.clone());
        assert!(land.get((8, 1, 1)).is_some());
        land.keep((8, 1, 3), Tile::new(Bytes::from_static(b"<svg/>"), "b"));
        assert!(land.get((8, 1, 1)).is_none(), "the oldest goes");
        assert_eq!(
            land.get((8, 1, 3)).map(|tile| tile.body),
            Some(Bytes::from_static(b"<svg/>"))
        );
        assert!(land.get((8, 1, 2)).is_some());
    }

    #[test]
    fn tiles_are_kept_up_to_their_bytes_the_oldest_going_first() {
        let cache = TileCache::default();
        cache.listening.store(true, Ordering::SeqCst);
        let key = |x: u32| -> TileKey { ("plots", 13, x, 1, Arc::from("https://x")) };
        // Overviews' tiles of a large municipality: a quarter of the budget each, counted twice.
        let large = Tile::new(Bytes::from(vec![b'x'; KEPT_TILE_BYTES / 8]), "a");
        for x in 0..4 {
            cache.keep(key(x), large.clone(), cache.generation());
        }
        assert!((0..4).all(|x| cache.get(&key(x)).is_some()));
        // Made again: counted once.
        cache.keep(key(3), large.clone(), cache.generation());
        assert!(cache.get(&key(0)).is_some());
        cache.keep(
            key(4),
            Tile::new(Bytes::from_static(b"small"), "b"),
            cache.generation(),
        );
        assert!(cache.get(&key(0)).is_none(), "the oldest goes");
        assert!((1..5).all(|x| cache.get(&key(x)).is_some()));
        // Dropped by a change: its bytes are free again.
        let everywhere = Change {
            layers: vec!["plots".into()],
            bbox: [-1e8, -1e8, 1e8, 1e8],
        };
        cache.forget(&everywhere);
        assert_eq!(cache.tiles.lock().unwrap().bytes, 0);
    }

    #[test]
    fn tiles_kept_by_twenty_requests_at_once_stay_within_their_bytes() {
        let cache = TileCache::default();
        cache.listening.store(true, Ordering::SeqCst);
        // A quarter of the budget each, counted twice: four fit.
        let large = Tile::new(Bytes::from(vec![b'x'; KEPT_TILE_BYTES / 8]), "a");
        std::thread::scope(|scope| {
            for x in 0..20 {
                let (cache, large) = (&cache, large.clone());
                scope.spawn(move || {
                    let key: TileKey = ("plots", 13, x, 1, Arc::from("https://x"));
                    cache.keep(key, large, cache.generation());
                });
            }
        });
        let kept = cache.tiles.lock().unwrap();
        let counted: usize = kept.by_key.values().map(Tile::charge).sum();
        assert_eq!(kept.bytes, counted, "the count is the tiles kept");
        assert!(kept.bytes <= KEPT_TILE_BYTES);
        assert_eq!((kept.by_key.len(), kept.order.len()), (4, 4));
    }

    #[test]
    fn tiles_are_compressed_as_the_client_takes_them() {
        use TileEncoding::{Brotli, Gzip};
        for (accept, expected) in [
            ("gzip, deflate, br, zstd", Some(Brotli)),
            ("gzip, deflate", Some(Gzip)),
            ("GZIP", Some(Gzip)),
            ("br;q=0, gzip;q=0.5", Some(Gzip)),
            ("br; q=0.0, gzip ;q=0", None),
            ("*", Some(Brotli)),
            ("*;q=0", None),
            ("br;q=0, *", Some(Gzip)),
            ("gzip;q=0.1, br;q=0.9", Some(Brotli)),
            ("identity", None),
            ("", None),
            ("brotli, gzipx", None),
        ] {
            assert_eq!(TileEncoding::accepted(accept), expected, "{accept}");
        }
        let tile = Tile::new(Bytes::from_static(b"tile"), "abc");
        assert_eq!(tile.etag_in(None), "\"abc\"");
        assert_eq!(tile.etag_in(Some(Brotli)), "\"abc-br\"");
        assert_eq!(tile.etag_in(Some(Gzip)), "\"abc-gzip\"");
    }

    #[test]
    fn features_are_kept_within_their_budget_and_forgotten_at_a_change() {
        let changes = TileCache::default();
        let features = ItemFeatures::default();
        let origin: Arc<str> = Arc::from("https://x");
        let crs = Crs {
            srid: 4326,
            northing_first: false,
            decimals: 7,
        };
        let form = ("plots", crs, &origin);
        let megabyte: Arc<str> = Arc::from("x".repeat(1024 * 1024));
        let read: Vec<(i64, Arc<str>)> = (0..20).map(|id| (id, megabyte.clone())).collect();
        // Not listening: nothing is kept.
        features.keep(&changes, form, &read, changes.generation());
        assert_eq!(features.get(&changes, form, &[19]), vec![None]);
        changes.listening.store(true, Ordering::SeqCst);
        // Read before a change: not kept either.
        let before = changes.generation();
        changes.forget_all();
        features.keep(&changes, form, &read, before);
        assert_eq!(features.get(&changes, form, &[19]), vec![None]);
        // Twenty megabytes: the oldest go, the newest sixteen stay.
        features.keep(&changes, form, &read, changes.generation());
        let ids: Vec<i64> = (0..20).collect();
        let kept = features.get(&changes, form, &ids);
        assert!(kept[..4].iter().all(Option::is_none));
        assert!(kept[4..].iter().all(Option::is_some));
        // Another CRS or site is other text.
        let other = Crs { srid: 3011, ..crs };
        assert_eq!(
            features.get(&changes, ("plots", other, &origin), &[19]),
            vec![None]
        );
        // A change forgets them all.
        changes.forget_all();
        assert_eq!(features.get(&changes, form, &[19]), vec![None]);
    }

    #[test]
    fn a_change_reaches_the_tiles_over_it_and_their_margins_only() {
        // Görla, Norrtälje, at zoom 14: x 8892, y 4733 or so.
        let (x, y) = (2_078_000.0, 8_349_000.0);
        let change = [x - 100.0, y - 100.0, x + 100.0, y + 100.0];
        let z = 14;
        let size = 2.0 * 20_037_508.342_789_244 / 2f64.powi(z);
        let column = ((x + 20_037_508.342_789_244) / size) as u32;
        let row = ((20_037_508.342_789_244 - y) / size) as u32;
        let at = |z: u32, x: u32, y: u32| ("plots", z, x, y, std::sync::Arc::from("https://x"));
        assert!(reaches(&at(z as u32, column, row), &change));
        assert!(!reaches(&at(z as u32, column + 2, row), &change));
        assert!(!reaches(&at(z as u32, column, row + 2), &change));
        // At zoom 0 the one tile has everything.
        assert!(reaches(&at(0, 0, 0), &change));
    }
}
