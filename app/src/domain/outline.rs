//! Outlines as staff draw them on the workspace's maps. Points are (x east, y north) in metres,
//! SWEREF 99 18 00 (EPSG:3011), read from and written as the GeoJSON the geometry forms post.
//!
//! The maps draw in a [`LocalFrame`]: SVG coordinates measured from a corner near the plot, not
//! from the projection's origin. Browsers keep SVG coordinates in single precision, which at
//! 6.6 million metres north is half a metre; a few hundred metres from the corner it is far
//! below a centimetre, so a dragged vertex lands where the pointer is.

use geojson::{GeometryValue as Geometry, Position};
use serde::{Deserialize, Serialize};

use super::ViewBox;

/// A point in EPSG:3011: metres east, metres north.
pub type MapPoint = (f64, f64);

/// A polygon needs three corners; the editors never delete below this.
pub const MIN_VERTICES: usize = 3;

/// Another plot's outline, drawn for context on the workspace's maps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PlotOutline {
    pub id: i64,
    pub designation: String,
    pub business_area_id: i64,
    /// GeoJSON polygon in EPSG:3011.
    pub geojson: String,
}

impl PlotOutline {
    pub fn ring(&self) -> Option<Vec<MapPoint>> {
        polygon_ring(&self.geojson)
    }
}

/// The geometries the forms hold: GeoJSON, read as the server reads it.
fn parse(text: &str) -> Option<Geometry> {
    text.parse::<geojson::Geometry>().ok().map(|g| g.value)
}

fn points(coordinates: &[Position]) -> Option<Vec<MapPoint>> {
    coordinates
        .iter()
        .map(|c| match c.as_slice() {
            [x, y, ..] if x.is_finite() && y.is_finite() => Some((*x, *y)),
            _ => None,
        })
        .collect()
}

/// The ring of a GeoJSON polygon, without the closing repeat of the first point; `None` for
/// anything else, a ring of fewer than three corners, or a polygon with holes: the maps edit
/// one ring, and rewriting such a polygon from it would drop its holes (its field still works).
pub fn polygon_ring(geojson: &str) -> Option<Vec<MapPoint>> {
    let Some(Geometry::Polygon { coordinates }) = parse(geojson) else {
        return None;
    };
    let [ring] = &coordinates[..] else {
        return None;
    };
    let mut ring = points(ring)?;
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    (ring.len() >= MIN_VERTICES).then_some(ring)
}

/// The outer rings of a GeoJSON Polygon or MultiPolygon (a plan in parts), without their
/// closing points; empty for anything else. For drawing, not for editing.
pub fn outline_rings(geojson: &str) -> Vec<Vec<MapPoint>> {
    let outer = |polygon: &Vec<Vec<Position>>| {
        polygon
            .first()
            .and_then(|ring| points(ring))
            .map(|mut ring| {
                if ring.len() > 1 && ring.first() == ring.last() {
                    ring.pop();
                }
                ring
            })
    };
    match parse(geojson) {
        Some(Geometry::Polygon { coordinates }) => outer(&coordinates).into_iter().collect(),
        Some(Geometry::MultiPolygon { coordinates }) => {
            coordinates.iter().filter_map(outer).collect()
        }
        _ => Vec::new(),
    }
}

/// The points of a GeoJSON line string; `None` for anything else.
pub fn line_points(geojson: &str) -> Option<Vec<MapPoint>> {
    match parse(geojson)? {
        Geometry::LineString { coordinates } => points(&coordinates),
        _ => None,
    }
}

/// Rounded to the centimetre, the precision the editor stores.
pub fn to_cm((x, y): MapPoint) -> MapPoint {
    ((x * 100.0).round() / 100.0, (y * 100.0).round() / 100.0)
}

fn coordinates(points: &[MapPoint]) -> String {
    let pairs: Vec<String> = points
        .iter()
        .map(|&p| {
            let (x, y) = to_cm(p);
            format!("[{x},{y}]")
        })
        .collect();
    format!("[{}]", pairs.join(","))
}

/// A GeoJSON polygon of `ring` (closed here), in centimetres.
pub fn polygon_geojson(ring: &[MapPoint]) -> String {
    let mut closed = ring.to_vec();
    if let Some(&first) = ring.first() {
        closed.push(first);
    }
    format!(
        r#"{{"type":"Polygon","coordinates":[{}]}}"#,
        coordinates(&closed)
    )
}

/// A GeoJSON MultiPolygon of these rings (one part each, no holes), in centimetres.
pub fn multipolygon_geojson(parts: &[Vec<MapPoint>]) -> String {
    let parts: Vec<String> = parts
        .iter()
        .map(|ring| {
            let mut closed = ring.clone();
            if let Some(&first) = ring.first() {
                closed.push(first);
            }
            format!("[{}]", coordinates(&closed))
        })
        .collect();
    format!(
        r#"{{"type":"MultiPolygon","coordinates":[{}]}}"#,
        parts.join(",")
    )
}

/// The parts of a GeoJSON MultiPolygon whose parts have no holes, each without its closing
/// point; `None` for anything else (the map edits parts only when rewriting them loses nothing).
pub fn multipolygon_parts(geojson: &str) -> Option<Vec<Vec<MapPoint>>> {
    let Some(Geometry::MultiPolygon { coordinates }) = parse(geojson) else {
        return None;
    };
    coordinates
        .iter()
        .map(|polygon| {
            let [ring] = &polygon[..] else {
                return None;
            };
            let mut ring = points(ring)?;
            if ring.len() > 1 && ring.first() == ring.last() {
                ring.pop();
            }
            (ring.len() >= MIN_VERTICES).then_some(ring)
        })
        .collect()
}

/// A GeoJSON line string through `points`, in centimetres.
pub fn line_geojson(points: &[MapPoint]) -> String {
    format!(
        r#"{{"type":"LineString","coordinates":{}}}"#,
        coordinates(points)
    )
}

/// The middle of the edge from `a` to `b`: where a new corner goes.
pub fn midpoint(a: MapPoint, b: MapPoint) -> MapPoint {
    to_cm(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0))
}

/// Where a workspace map draws: SVG coordinates run east and *down* from the north-west corner
/// (`west`, `north`) of the framed box, whose size is `view`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalFrame {
    pub west: f64,
    pub north: f64,
    pub view: ViewBox,
}

/// A named place on a workspace map (a locality), in EPSG:3011: its name is written at `at`,
/// and the planners' map goes to the box around it and the business land near it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalPlace {
    pub name: String,
    pub at: MapPoint,
    /// South-west and north-east corners of the locality and the plots within 5 km of it.
    pub around: (MapPoint, MapPoint),
}

/// The land under a workspace map, from the server: an SVG path in metres from `origin`
/// (EPSG:3011), north drawn downwards as SVG has it. Measured from a corner near the map rather
/// than from the projection's origin, for the same single precision as [`LocalFrame`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalLand {
    pub origin: MapPoint,
    pub svg_path: String,
    /// The main roads and streets over it, in the same metres, each named once.
    pub lines: Vec<super::StreetView>,
}

impl LocalFrame {
    /// The transform that draws `land` in this frame.
    pub fn land_transform(self, land: &LocalLand) -> String {
        format!(
            "translate({:.2} {:.2})",
            land.origin.0 - self.west,
            self.north - land.origin.1
        )
    }

    /// The box around `points` with `margin` of its larger side on every side (at least
    /// `min_margin` metres), in whole metres; `None` without points.
    pub fn around(
        points: impl IntoIterator<Item = MapPoint>,
        margin: f64,
        min_margin: f64,
    ) -> Option<LocalFrame> {
        let mut points = points.into_iter();
        let (x0, y0) = points.next()?;
        let (min_x, min_y, max_x, max_y) = points.fold((x0, y0, x0, y0), |b, (x, y)| {
            (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y))
        });
        let pad = ((max_x - min_x).max(max_y - min_y) * margin).max(min_margin);
        let west = (min_x - pad).floor();
        let north = (max_y + pad).ceil();
        Some(LocalFrame {
            west,
            north,
            view: ViewBox {
                x: 0.0,
                y: 0.0,
                width: (max_x + pad - west).ceil(),
                height: (north - (min_y - pad)).ceil(),
            },
        })
    }

    pub fn to_svg(self, (x, y): MapPoint) -> (f64, f64) {
        (x - self.west, self.north - y)
    }

    pub fn to_map(self, (sx, sy): (f64, f64)) -> MapPoint {
        (self.west + sx, self.north - sy)
    }

    /// An SVG path through `points`, closed when `closed`.
    pub fn path(self, points: &[MapPoint], closed: bool) -> String {
        let mut d = String::new();
        for (i, &p) in points.iter().enumerate() {
            let (sx, sy) = self.to_svg(p);
            d.push_str(&format!(
                "{}{sx:.2} {sy:.2}",
                if i == 0 { "M" } else { " L" }
            ));
        }
        if closed && !d.is_empty() {
            d.push_str(" Z");
        }
        d
    }
}

/// The area of a ring (any orientation), in square metres: EPSG:3011 is a transverse Mercator
/// fitted to the municipality, so its plane area is the ground's within a few parts in ten
/// thousand. What the editors show while a corner is dragged; the server measures what is saved.
/// Measured from the first corner: products of coordinates millions of metres from the
/// projection's origin lose square decimetres (a 5 m² triangle came out 1 % too large).
pub fn ring_area_m2(ring: &[MapPoint]) -> f64 {
    let n = ring.len();
    if n < MIN_VERTICES {
        return 0.0;
    }
    let (x0, y0) = ring[0];
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            (a.0 - x0) * (b.1 - y0) - (b.0 - x0) * (a.1 - y0)
        })
        .sum();
    (twice / 2.0).abs()
}

/// Closer than this (metres) counts as on the line: neighbours that share a boundary touch, they
/// do not overlap (the editors' outlines come rounded to decimetres, so a corner on a
/// neighbour's edge may seem up to a decimetre off it).
const TOUCH_TOLERANCE_M: f64 = 0.15;

/// Whether two rings' insides overlap (sharing a boundary is not overlapping): an edge of one
/// crosses an edge of the other, or a corner of one lies inside the other. The editors warn with
/// it while a corner is dragged; the server's check (PostGIS) decides when the shape is saved.
pub fn rings_overlap(a: &[MapPoint], b: &[MapPoint]) -> bool {
    let edges = |ring: &[MapPoint]| {
        let n = ring.len();
        (0..n)
            .map(move |i| (ring[i], ring[(i + 1) % n]))
            .collect::<Vec<_>>()
    };
    let (ea, eb) = (edges(a), edges(b));
    let crossing = ea
        .iter()
        .any(|&(p, q)| eb.iter().any(|&(r, s)| segments_cross(p, q, r, s)));
    crossing
        || a.iter().any(|&p| strictly_inside(p, b))
        || b.iter().any(|&p| strictly_inside(p, a))
        // The same ring (or one whose corners all lie on the other's boundary).
        || (!a.is_empty() && strictly_inside(centroid(a), b) && strictly_inside(centroid(b), a))
}

fn centroid(ring: &[MapPoint]) -> MapPoint {
    let n = ring.len() as f64;
    let (x, y) = ring.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
    (x / n, y / n)
}

/// Signed distance-like orientation of `c` from the line through `a` and `b` (metres).
fn side(a: MapPoint, b: MapPoint, c: MapPoint) -> f64 {
    let length = (b.0 - a.0).hypot(b.1 - a.1);
    if length == 0.0 {
        return 0.0;
    }
    ((b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)) / length
}

/// Whether segments `pq` and `rs` cross at a point inside both (not at an end, not along a
/// shared line).
fn segments_cross(p: MapPoint, q: MapPoint, r: MapPoint, s: MapPoint) -> bool {
    let (d1, d2) = (side(r, s, p), side(r, s, q));
    let (d3, d4) = (side(p, q, r), side(p, q, s));
    let apart = |x: f64, y: f64| {
        (x > TOUCH_TOLERANCE_M && y < -TOUCH_TOLERANCE_M)
            || (x < -TOUCH_TOLERANCE_M && y > TOUCH_TOLERANCE_M)
    };
    apart(d1, d2) && apart(d3, d4)
}

fn distance_to_segment(p: MapPoint, a: MapPoint, b: MapPoint) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    };
    (p.0 - (a.0 + t * dx)).hypot(p.1 - (a.1 + t * dy))
}

/// Inside the ring and not on its boundary (even–odd rule).
fn strictly_inside(p: MapPoint, ring: &[MapPoint]) -> bool {
    let n = ring.len();
    if n < MIN_VERTICES {
        return false;
    }
    let mut inside = false;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        if distance_to_segment(p, a, b) <= TOUCH_TOLERANCE_M {
            return false;
        }
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) * (b.0 - a.0) / (b.1 - a.1) {
            inside = !inside;
        }
    }
    inside
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[164000.5,6621000],[164050,6621000],[164050,6621040.25],[164000.5,6621000]]]}"#;

    #[test]
    fn a_polygon_reads_and_writes_back_unchanged() {
        let ring = polygon_ring(SQUARE).unwrap();
        assert_eq!(ring.len(), 3, "the closing point is not a corner");
        assert_eq!(polygon_geojson(&ring), SQUARE);
    }

    #[test]
    fn only_polygons_of_three_corners_are_outlines() {
        assert_eq!(polygon_ring(""), None);
        assert_eq!(
            polygon_ring(r#"{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}"#),
            None
        );
        assert_eq!(
            polygon_ring(r#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#),
            None
        );
        let with_hole = r#"{"type":"Polygon","coordinates":[[[0,0],[9,0],[9,9],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}"#;
        assert_eq!(polygon_ring(with_hole), None, "its hole would be lost");
        assert_eq!(line_points(SQUARE), None);
        assert_eq!(
            line_points(r#"{"type":"LineString","coordinates":[[0,0],[1,1.5]]}"#),
            Some(vec![(0.0, 0.0), (1.0, 1.5)])
        );
    }

    #[test]
    fn written_coordinates_are_centimetres() {
        assert_eq!(
            line_geojson(&[(164000.123, 6621000.0), (164001.0 + 0.1 + 0.2, 1.006)]),
            r#"{"type":"LineString","coordinates":[[164000.12,6621000],[164001.3,1.01]]}"#
        );
        assert_eq!(midpoint((0.0, 0.0), (1.0, 0.015)), (0.5, 0.01));
    }

    #[test]
    fn the_frame_is_local_and_flips_north_up() {
        let ring = polygon_ring(SQUARE).unwrap();
        let frame = LocalFrame::around(ring.iter().copied(), 0.5, 10.0).unwrap();
        assert_eq!((frame.west, frame.north), (164_000.0 - 25.0, 6_621_065.0));
        assert_eq!((frame.view.width, frame.view.height), (100.0, 90.0));
        let (sx, sy) = frame.to_svg((164_050.0, 6_621_040.25));
        assert!(sx > 0.0 && sy > 0.0 && sx < 100.0 && sy < 90.0);
        assert_eq!(frame.to_map((sx, sy)), (164_050.0, 6_621_040.25));
        assert!(
            frame
                .path(&ring, true)
                .starts_with("M25.50 65.00 L75.00 65.00")
        );
        assert!(LocalFrame::around([], 0.5, 10.0).is_none());
    }
}
