//! What the map draws and where it looks: the layers' content, the view box in Web Mercator
//! metres, and the base map's tiles.

use serde::{Deserialize, Serialize};

use super::{Lang, MapPlot, PlanStage};

/// A main road as an SVG path, and the places its number can be written, the middle of its
/// longest stretch first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NamedPath {
    /// The road number as in the data: "E18", "Rv 76".
    pub name: String,
    /// What its sign says: "E18", "76" (SQL `road_sign`).
    pub sign: String,
    pub svg_path: String,
    pub label_x: Vec<f64>,
    pub label_y: Vec<f64>,
}

/// A local street that leads to plots, and the places its name can be written: along each of
/// its stretches, longest first, turned along it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StreetView {
    pub name: String,
    /// A main road (E18, 76, 77), named by its sign, rather than a local street (the workspace's
    /// and small maps draw both; the public map has them as two layers).
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub main_road: bool,
    pub svg_path: String,
    pub label_x: Vec<f64>,
    pub label_y: Vec<f64>,
    /// Degrees clockwise from east, on the map as drawn (y down).
    pub label_angle: Vec<f64>,
}

impl StreetView {
    /// The places for the name, (x, y, turn), the turn kept between -90° and 90° so the name
    /// never reads upside down.
    pub fn label_places(&self) -> Vec<(f64, f64, f64)> {
        self.label_x
            .iter()
            .zip(&self.label_y)
            .zip(&self.label_angle)
            .map(|((x, y), angle)| (*x, *y, upright(*angle)))
            .collect()
    }
}

fn upright(angle: f64) -> f64 {
    let a = angle.rem_euclid(360.0);
    if a > 270.0 {
        a - 360.0
    } else if a > 90.0 {
        a - 180.0
    } else {
        a
    }
}

/// The land under the interactive maps: XYZ tiles of SVG served by Markkartan itself, from
/// OpenStreetMap's land polygons (the sea is the map's background).
pub const LAND_TILES: &str = "/tiles/land/{z}/{x}/{y}.svg";

/// The colours of the municipality's land and of the sea around it, where no style sheet
/// reaches (tiles, preview pictures); the style sheet's `--land` and `--sea` are the same.
pub const SEA_COLOUR: &str = "#cfe1ec";
pub const LAND_COLOUR: &str = "#f7f5ee";

/// Units across one land tile: twice the 256 pixels a tile is drawn at, so a corner is placed
/// to half a pixel.
pub const LAND_TILE_UNITS: u32 = 512;

/// How far (in tile units) a land tile reaches past its edges. Neighbouring tiles overlap by
/// this much, so no hairline of sea shows where two tiles meet.
pub const LAND_TILE_BLEED: u32 = 2;

impl PlacedTile {
    /// The tile grown by [`LAND_TILE_BLEED`] on every side, as a land tile is drawn.
    pub fn with_land_bleed(self) -> PlacedTile {
        let bleed = self.size * f64::from(LAND_TILE_BLEED) / f64::from(LAND_TILE_UNITS);
        PlacedTile {
            x: self.x - bleed,
            y: self.y - bleed,
            size: self.size + 2.0 * bleed,
            ..self
        }
    }
}

/// A business area and the part of the map its published plots cover, with what its marker
/// says where the plots are too many to draw: how many plots, how many available and their land.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusinessAreaView {
    pub id: i64,
    pub name: String,
    pub locality: String,
    pub extent: ViewBox,
    pub plots: u32,
    pub available: u32,
    pub available_m2: f64,
}

impl BusinessAreaView {
    /// What its marker says: "120 tomter, 45 tillgängliga (12,30 ha)".
    pub fn summary(&self, lang: Lang) -> String {
        let available = super::format_hectares(self.available_m2, lang);
        let (plots, free) = (i64::from(self.plots), i64::from(self.available));
        match lang {
            Lang::Sv => format!(
                "{} {}, {} tillgängliga ({available})",
                super::format_integer(plots, lang),
                if plots == 1 { "tomt" } else { "tomter" },
                super::format_integer(free, lang),
            ),
            Lang::En => format!(
                "{} {}, {} available ({available})",
                super::format_integer(plots, lang),
                if plots == 1 { "plot" } else { "plots" },
                super::format_integer(free, lang),
            ),
        }
    }
}

/// Wider than this (map units, about metres at the equator; half that on the ground here) the
/// plots are specks: business areas get markers, and with many plots only the markers are sent.
pub const OVERVIEW_WIDTH_M: f64 = 20_000.0;

/// At most this many plots are sent for an overview; with more in view the map shows each
/// business area as a marker with its counts, and fetches the plots when it is zoomed in.
pub const MAX_OVERVIEW_PLOTS: i64 = 400;

/// The widest drawing of the map a screen has, in CSS pixels (an 8K display).
pub const MAX_SCREEN_PX: f64 = 8192.0;

/// What the map draws of a part of it, fetched as it is panned and zoomed: the published plots
/// that touch `region` (none when `aggregated`: too many to draw at this scale, the business
/// areas' markers stand for them), and the future areas and, when their layer is on, the
/// detaljplaner there, their outlines simplified to a pixel (`units_per_px`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InView {
    pub region: ViewBox,
    pub units_per_px: f64,
    pub aggregated: bool,
    pub plots: Vec<MapPlot>,
    pub future_areas: Vec<MapFutureArea>,
    /// `None` unless asked for (their layer is off unless switched on).
    pub plans: Option<Vec<MapPlan>>,
}

impl InView {
    /// What the map fetches for a visible box: the box and a quarter of it on every side, so a
    /// pan of up to that much shows plots at once, with no gap while the next part arrives.
    pub fn region_for(visible: ViewBox) -> ViewBox {
        visible.padded(0.25)
    }

    /// Whether a region's plots are too many to send for an overview (asked only of an
    /// overview, [`ViewBox::is_overview`]; closer in, every plot in view is drawn).
    pub fn too_many_for_overview(plots_in_region: i64) -> bool {
        plots_in_region > MAX_OVERVIEW_PLOTS
    }

    /// Whether what the map has is enough for the `visible` box drawn at `units_per_px`: the
    /// box lies inside the region, the outlines are at most two pixels coarse, the plots are
    /// there unless the view is still an overview, and the plans if they are wanted.
    pub fn covers(&self, visible: ViewBox, units_per_px: f64, with_plans: bool) -> bool {
        self.region.contains(visible)
            && units_per_px >= self.units_per_px / 2.0
            && (!self.aggregated || visible.is_overview())
            && (self.plans.is_some() || !with_plans)
    }

    /// Is a request's `px` (map units per pixel) one the map could have for the `visible` box?
    /// No screen is wider than [`MAX_SCREEN_PX`], so finer is refused: it would only ask for
    /// outlines in more detail than any screen shows (and megabytes of them).
    pub fn px_in_range(visible: ViewBox, units_per_px: f64) -> bool {
        let finest = visible.width.max(visible.height) / MAX_SCREEN_PX;
        (finest..=MAX_VIEW_WIDTH / 100.0).contains(&units_per_px)
    }
}

/// A published detaljplan as the map draws it: a link to its page, coloured by its stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MapPlan {
    pub id: i64,
    /// The registered plan id, e.g. "0188-P2024/1".
    pub plan_id: String,
    pub name: String,
    pub stage: PlanStage,
    pub svg_path: String,
}

/// A published future area as the map draws it: a link to its page, named with its horizon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MapFutureArea {
    pub id: i64,
    pub name: String,
    pub horizon_from_year: i16,
    pub horizon_to_year: i16,
    pub svg_path: String,
    /// Where the label goes: a point inside the area, in map coordinates.
    pub label_x: f64,
    pub label_y: f64,
}

impl MapFutureArea {
    /// "2030–2040".
    pub fn horizon(&self) -> String {
        format!("{}–{}", self.horizon_from_year, self.horizon_to_year)
    }
}

/// Where the map opens, from its address: a shared view (`vy`), a plot (`tomt`), a business
/// area (`omrade`) or a locality (`ort`), in that order; else the whole map.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapOpening {
    pub view: Option<ViewBox>,
    pub plot: Option<i64>,
    pub business_area: Option<String>,
    pub locality: Option<String>,
}

impl MapOpening {
    /// The view: `plot` is the business area and the box of the plot in the address, when
    /// published. A plot opens on its business area, or on the plot itself where the area is
    /// wider than an overview (its plots would be specks).
    pub fn view(
        &self,
        areas: &[BusinessAreaView],
        plot: Option<(&str, ViewBox)>,
        whole_map: ViewBox,
    ) -> ViewBox {
        let extents = |keep: &dyn Fn(&BusinessAreaView) -> bool| {
            let extents: Vec<ViewBox> =
                areas.iter().filter(|a| keep(a)).map(|a| a.extent).collect();
            ViewBox::covering(&extents).map(|extent| extent.padded(AREA_MARGIN))
        };
        let plot_view = plot.map(|(area, plot_box)| {
            extents(&|a| a.name == area)
                .filter(|area| !area.is_overview())
                .unwrap_or_else(|| {
                    let (cx, cy) = plot_box.center();
                    let side = (plot_box.width.max(plot_box.height) * 5.0).max(PLOT_VIEW_MIN_WIDTH);
                    ViewBox {
                        x: 0.0,
                        y: 0.0,
                        width: side,
                        height: side * 0.6,
                    }
                    .centred_on(cx, cy)
                })
        });
        let place_view = self
            .business_area
            .as_deref()
            .map(|name| extents(&|a| a.name == name))
            .or_else(|| {
                self.locality
                    .as_deref()
                    .map(|locality| extents(&|a| a.locality == locality))
            })
            .flatten();
        self.view.or(plot_view).or(place_view).unwrap_or(whole_map)
    }

    /// What the server can assume the first screen shows of `view` before the browser says:
    /// the box grown to cover a wide screen and a phone held upright, and the map units a pixel
    /// covers on a laptop's map (a finer screen asks again).
    pub fn first_screen(view: ViewBox) -> (ViewBox, f64) {
        let (cx, cy) = view.center();
        let screen = ViewBox {
            width: view.width.max(view.height * 16.0 / 9.0),
            height: view.height.max(view.width * 16.0 / 9.0),
            ..view
        }
        .centred_on(cx, cy);
        (screen, view.units_per_px(FIRST_SCREEN_PX))
    }
}

/// The size of a laptop's map, in pixels, as the server assumes it for the first HTML (and the
/// map's camera until it has measured).
const FIRST_SCREEN_PX: (f64, f64) = (1000.0, 700.0);

/// The narrowest view a plot in the address opens on, when it does not open on its area.
const PLOT_VIEW_MIN_WIDTH: f64 = 1_500.0;

/// Margin around a business area when the map zooms to it.
pub const AREA_MARGIN: f64 = 0.15;

/// A point (a locality centre) in map coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NamedPoint {
    pub name: String,
    pub x: f64,
    pub y: f64,
}

/// Everything the public map draws. Coordinates are Web Mercator metres (EPSG:3857) with the
/// y axis pointing down, the way PostGIS's `ST_AsSVG` writes them, so the raster tiles of a
/// configured base map line up with the plots without any reprojection in the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    /// Where the map opens (from the address, see [`MapOpening`]).
    pub view: ViewBox,
    /// What is drawn around that view: plots (or the business areas' markers alone), future
    /// areas, and the detaljplaner when asked for (`get_map_data(with_plans)`).
    pub in_view: InView,
    pub business_areas: Vec<BusinessAreaView>,
    pub roads: Vec<NamedPath>,
    pub streets: Vec<StreetView>,
    pub localities: Vec<NamedPoint>,
    pub extent: ViewBox,
    /// The box the land data covers: inside it what is not land is sea; beyond it the map has
    /// no data, and says so by a neutral colour rather than drawing sea.
    pub land_extent: Option<ViewBox>,
    pub basemap: Option<BaseMap>,
}

/// A configured raster base map (XYZ tiles in Web Mercator, or a WMTS in its Google-compatible
/// tile matrix set, whose `{TileMatrix}`, `{TileCol}` and `{TileRow}` the server reads as `{z}`,
/// `{x}` and `{y}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseMap {
    /// A URL template with `{z}`, `{x}` and `{y}`, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    pub url_template: String,
    /// Shown on the map, as the tile provider's licence requires.
    pub attribution: String,
    /// The closest zoom level the provider serves; closer in, its tiles are drawn larger.
    pub max_zoom: u32,
}

/// The zoom levels Web Mercator tile services commonly serve.
pub const MAX_TILE_ZOOM: u32 = 19;

/// The visible part of the map, in map coordinates (Web Mercator metres, y down).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl ViewBox {
    pub fn to_attr(self) -> String {
        format!(
            "{:.0} {:.0} {:.0} {:.0}",
            self.x, self.y, self.width, self.height
        )
    }

    /// The box as a URL parameter value, `x,y,width,height` in whole metres.
    pub fn to_param(self) -> String {
        format!(
            "{:.0},{:.0},{:.0},{:.0}",
            self.x, self.y, self.width, self.height
        )
    }

    /// Reads [`ViewBox::to_param`]'s form; anything else (or a box outside the zoom range) is
    /// `None`, and the map falls back to its usual view.
    pub fn from_param(text: &str) -> Option<ViewBox> {
        let numbers: Vec<f64> = text
            .split(',')
            .map(|n| n.trim().parse::<f64>().ok().filter(|n| n.is_finite()))
            .collect::<Option<_>>()?;
        let [x, y, width, height] = numbers[..] else {
            return None;
        };
        let in_range = (MIN_VIEW_WIDTH..=MAX_VIEW_WIDTH).contains(&width)
            && height > 0.0
            && height <= MAX_VIEW_WIDTH;
        in_range.then_some(ViewBox {
            x,
            y,
            width,
            height,
        })
    }

    /// Whether the box is an overview: wider than [`OVERVIEW_WIDTH_M`], where plots are specks
    /// and business areas get markers.
    pub fn is_overview(self) -> bool {
        self.width > OVERVIEW_WIDTH_M
    }

    /// Whether `other` lies wholly inside this box.
    pub fn contains(self, other: ViewBox) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.x + other.width <= self.x + self.width
            && other.y + other.height <= self.y + self.height
    }

    /// Grows the box by `factor` (0.1 = 10 % on every side); used to leave a margin around data.
    pub fn padded(self, factor: f64) -> ViewBox {
        let dx = self.width * factor;
        let dy = self.height * factor;
        ViewBox {
            x: self.x - dx,
            y: self.y - dy,
            width: self.width + 2.0 * dx,
            height: self.height + 2.0 * dy,
        }
    }

    /// Zooms by `factor` (< 1 zooms in) keeping the map point (`cx`, `cy`) where it is on screen.
    pub fn zoomed(self, factor: f64, cx: f64, cy: f64) -> ViewBox {
        let width = (self.width * factor).clamp(MIN_VIEW_WIDTH, MAX_VIEW_WIDTH);
        let factor = width / self.width;
        ViewBox {
            x: cx - (cx - self.x) * factor,
            y: cy - (cy - self.y) * factor,
            width,
            height: self.height * factor,
        }
    }

    pub fn panned(self, dx: f64, dy: f64) -> ViewBox {
        ViewBox {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
    }

    pub fn center(self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// The smallest box around all of `boxes`; `None` for none.
    pub fn covering(boxes: &[ViewBox]) -> Option<ViewBox> {
        let first = boxes.first()?;
        let (mut x0, mut y0) = (first.x, first.y);
        let (mut x1, mut y1) = (first.x + first.width, first.y + first.height);
        for b in &boxes[1..] {
            x0 = x0.min(b.x);
            y0 = y0.min(b.y);
            x1 = x1.max(b.x + b.width);
            y1 = y1.max(b.y + b.height);
        }
        Some(ViewBox {
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        })
    }

    /// The smallest box around this one, on the same centre, whose width / height is `aspect`.
    pub fn fitted_to(self, aspect: f64) -> ViewBox {
        let (cx, cy) = (self.x + self.width / 2.0, self.y + self.height / 2.0);
        let (width, height) = if self.width / self.height < aspect {
            (self.height * aspect, self.height)
        } else {
            (self.width, self.width / aspect)
        };
        ViewBox {
            width,
            height,
            ..self
        }
        .centred_on(cx, cy)
    }

    /// What a drawing of `size_px` shows of this box with "meet": the box grown on its looser
    /// axis to the drawing's shape, centred. Whatever lies under the whole frame is chosen by
    /// this, not by the box alone (a wide screen shows more than a 3:2 box).
    pub fn visible_in(self, (w, h): (f64, f64)) -> ViewBox {
        if w > 0.0 && h > 0.0 {
            self.fitted_to(w / h)
        } else {
            self
        }
    }

    /// Where the map point (`x`, `y`) is drawn, in pixels from the drawing's top-left corner,
    /// when this box fills a drawing of `size_px` with `preserveAspectRatio="xMidYMid meet"`
    /// (the whole box shown, centred, the tighter axis deciding the scale).
    pub fn screen_point(self, size_px: (f64, f64), x: f64, y: f64) -> (f64, f64) {
        let per_px = self.units_per_px(size_px);
        let (offset_x, offset_y) = self.screen_offset(size_px, per_px);
        (
            offset_x + (x - self.x) / per_px,
            offset_y + (y - self.y) / per_px,
        )
    }

    /// The map point drawn at (`sx`, `sy`) pixels from the drawing's top-left corner: the
    /// inverse of [`ViewBox::screen_point`].
    pub fn map_point(self, size_px: (f64, f64), sx: f64, sy: f64) -> (f64, f64) {
        let per_px = self.units_per_px(size_px);
        let (offset_x, offset_y) = self.screen_offset(size_px, per_px);
        (
            self.x + (sx - offset_x) * per_px,
            self.y + (sy - offset_y) * per_px,
        )
    }

    /// Map units per screen pixel when this box fills a drawing of `size_px` with "meet": the
    /// whole box is shown, so the tighter axis decides.
    pub fn units_per_px(self, (w, h): (f64, f64)) -> f64 {
        f64::max(self.width / w, self.height / h)
    }

    /// With "meet" the drawing is centred: half the spare room is on each side.
    fn screen_offset(self, (w, h): (f64, f64), per_px: f64) -> (f64, f64) {
        (
            (w - self.width / per_px) / 2.0,
            (h - self.height / per_px) / 2.0,
        )
    }

    /// The same size of box, centred on (`cx`, `cy`).
    pub fn centred_on(self, cx: f64, cy: f64) -> ViewBox {
        ViewBox {
            x: cx - self.width / 2.0,
            y: cy - self.height / 2.0,
            ..self
        }
    }
}

/// Closest zoom: about 50 m across. Farthest: the whole of Sweden.
pub const MIN_VIEW_WIDTH: f64 = 50.0;

pub const MAX_VIEW_WIDTH: f64 = 2_000_000.0;

/// Half the width of the Web Mercator world, in metres.
const MERCATOR_HALF_WORLD: f64 = 20_037_508.342_789_244;

/// The sphere Web Mercator projects from (EPSG:3857), in metres.
pub(crate) const MERCATOR_RADIUS: f64 = 6_378_137.0;

/// Metres on the ground per Web Mercator unit at the map's `y`: the projection stretches every
/// distance by 1 / cos(latitude), about twice at Norrtälje.
pub fn ground_metres_per_mercator_unit(y: f64) -> f64 {
    1.0 / (y / MERCATOR_RADIUS).cosh()
}

/// The longest of 1, 2 or 5 × 10ⁿ metres that is no longer than `max_m`: a scale bar's length.
pub fn round_distance(max_m: f64) -> f64 {
    let power = 10f64.powf(max_m.max(1.0).log10().floor());
    [5.0, 2.0]
        .into_iter()
        .map(|f| f * power)
        .find(|d| *d <= max_m)
        .unwrap_or(power)
}

/// A scale bar's label: "500 m", "2 km".
pub fn scale_label(metres: f64) -> String {
    if metres >= 1000.0 {
        format!("{} km", metres / 1000.0)
    } else {
        format!("{metres} m")
    }
}

/// One raster tile of the base map placed in map coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedTile {
    pub url: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

/// The XYZ tiles that cover `view` when it is drawn `width_px` pixels wide, at the zoom level
/// whose tiles are closest to 256 screen pixels, and at most `max_zoom`.
pub fn tiles_for_view(
    view: ViewBox,
    width_px: f64,
    url_template: &str,
    max_zoom: u32,
) -> Vec<PlacedTile> {
    let metres_per_px = view.width / width_px.max(1.0);
    let zoom = ((2.0 * MERCATOR_HALF_WORLD) / (256.0 * metres_per_px))
        .log2()
        .round()
        .clamp(0.0, f64::from(max_zoom)) as u32;
    let tiles_across = 1u32 << zoom;
    let size = 2.0 * MERCATOR_HALF_WORLD / f64::from(tiles_across);
    let to_index = |v: f64| ((v + MERCATOR_HALF_WORLD) / size).floor();
    let max_index = f64::from(tiles_across - 1);
    let x0 = to_index(view.x).clamp(0.0, max_index) as u32;
    let x1 = to_index(view.x + view.width).clamp(0.0, max_index) as u32;
    let y0 = to_index(view.y).clamp(0.0, max_index) as u32;
    let y1 = to_index(view.y + view.height).clamp(0.0, max_index) as u32;
    let mut tiles = Vec::new();
    for ty in y0..=y1 {
        for tx in x0..=x1 {
            tiles.push(PlacedTile {
                url: url_template
                    .replace("{z}", &zoom.to_string())
                    .replace("{x}", &tx.to_string())
                    .replace("{y}", &ty.to_string()),
                x: -MERCATOR_HALF_WORLD + f64::from(tx) * size,
                y: -MERCATOR_HALF_WORLD + f64::from(ty) * size,
                size,
            });
        }
    }
    tiles
}
