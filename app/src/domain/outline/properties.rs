//! The editors' ring math ([`super::ring_area_m2`], [`super::rings_overlap`] and the edge and
//! point tests under it) held against the `geo` crate on random simple polygons where the
//! municipality's plots lie: star-shaped around a centre, corners at sorted angles, rounded to the
//! centimetre as the editors store them.

use geo::{
    Area, BooleanOps, Contains, Coord, Distance, Euclidean, Intersects, Length, Line, LineString,
    Point, Polygon, Validation,
    line_intersection::{LineIntersection, line_intersection},
};
use proptest::prelude::*;

use super::*;

/// A centre inside the municipality's part of SWEREF 99 18 00: the large coordinates are where
/// floating point loses the most.
fn centre() -> impl Strategy<Value = MapPoint> {
    (140_000.0..190_000.0f64, 6_600_000.0..6_660_000.0f64)
}

/// A simple polygon of 3 to 12 corners around `centre`, 2 to 200 m from it: each corner's
/// angle step is between one and two parts of the turn, so no step reaches half of it and
/// joining the corners in angle order never crosses an edge.
fn star_around(centre: MapPoint, max_radius: f64) -> impl Strategy<Value = Vec<MapPoint>> {
    (3usize..=12)
        .prop_flat_map(move |n| {
            (
                proptest::collection::vec(1.0..2.0f64, n),
                proptest::collection::vec(2.0..max_radius, n),
                0.0..std::f64::consts::TAU,
            )
        })
        .prop_map(move |(steps, radii, turn)| {
            let total: f64 = steps.iter().sum();
            let mut angle = turn;
            steps
                .iter()
                .zip(&radii)
                .map(|(step, radius)| {
                    angle += step / total * std::f64::consts::TAU;
                    to_cm((
                        centre.0 + radius * angle.cos(),
                        centre.1 + radius * angle.sin(),
                    ))
                })
                .collect()
        })
}

fn star() -> impl Strategy<Value = Vec<MapPoint>> {
    centre().prop_flat_map(|c| star_around(c, 200.0))
}

fn polygon(ring: &[MapPoint]) -> Polygon {
    let mut coords: Vec<Coord> = ring.iter().map(|&(x, y)| Coord { x, y }).collect();
    coords.push(coords[0]);
    Polygon::new(LineString::new(coords), vec![])
}

fn point((x, y): MapPoint) -> Point {
    Point::new(x, y)
}

/// The distance from `p` to the straight line through `a` and `b` (the segment stretched a
/// thousand times its length both ways), measured by geo.
fn distance_to_line(p: MapPoint, a: MapPoint, b: MapPoint) -> f64 {
    let (dx, dy) = ((b.0 - a.0) * 1000.0, (b.1 - a.1) * 1000.0);
    let stretched = Line::new(
        Coord {
            x: a.0 - dx,
            y: a.1 - dy,
        },
        Coord {
            x: b.0 + dx,
            y: b.1 + dy,
        },
    );
    Euclidean.distance(&point(p), &stretched)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// The generator makes what the editors draw: valid, simple polygons.
    #[test]
    fn the_generated_outlines_are_simple(ring in star()) {
        prop_assert!(polygon(&ring).is_valid(), "{ring:?}");
    }

    /// The drawn area is geo's, to a ten-thousandth of a square metre per square kilometre,
    /// either way round.
    #[test]
    fn the_area_is_geos(ring in star()) {
        let geos = polygon(&ring).unsigned_area();
        let reversed: Vec<MapPoint> = ring.iter().rev().copied().collect();
        for ours in [ring_area_m2(&ring), ring_area_m2(&reversed)] {
            prop_assert!((ours - geos).abs() <= geos * 1e-10, "{ours} m² against geo's {geos} m²: {ring:?}");
        }
    }

    /// Inside or outside as geo says, wherever a point is farther than the tolerance from the
    /// outline; within it, on the boundary, which is never inside. The points are anywhere
    /// around the polygon, near its corners, and level with a corner (where a ray meets it).
    #[test]
    fn a_point_is_inside_where_geo_says_so(
        ring in star(),
        around in (-250.0..250.0f64, -250.0..250.0f64),
        corner in any::<prop::sample::Index>(),
        near in (-1.0..1.0f64, -1.0..1.0f64),
        kind in 0..3u8,
    ) {
        let c = ring[corner.index(ring.len())];
        let p = match kind {
            0 => (ring[0].0 + around.0, ring[0].1 + around.1),
            1 => (c.0 + near.0, c.1 + near.1),
            _ => (c.0 + around.0, c.1),
        };
        let polygon = polygon(&ring);
        let to_outline = Euclidean.distance(&point(p), polygon.exterior());
        let ours = strictly_inside(p, &ring);
        if to_outline > TOUCH_TOLERANCE_M + 1e-6 {
            prop_assert_eq!(ours, polygon.contains(&point(p)), "{:?} at {} m from {:?}", p, to_outline, ring);
        } else if to_outline < TOUCH_TOLERANCE_M - 1e-6 {
            prop_assert!(!ours, "{p:?} is {to_outline} m from the outline, on it: {ring:?}");
        }
    }

    /// Two edges cross only where geo finds them crossing inside both; and where geo does, with
    /// every end farther than the tolerance from the other edge's line, they cross.
    #[test]
    fn edges_cross_where_geo_says_so(
        c in centre(),
        ends in proptest::collection::vec((-60.0..60.0f64, -60.0..60.0f64), 4),
    ) {
        let [p, q, r, s] = [0, 1, 2, 3].map(|i| to_cm((c.0 + ends[i].0, c.1 + ends[i].1)));
        let ours = segments_cross(p, q, r, s);
        let line = |a: MapPoint, b: MapPoint| Line::new(Coord { x: a.0, y: a.1 }, Coord { x: b.0, y: b.1 });
        let geos = line_intersection(line(p, q), line(r, s));
        let proper = matches!(geos, Some(LineIntersection::SinglePoint { is_proper: true, .. }));
        if ours {
            prop_assert!(proper, "{p:?}–{q:?} and {r:?}–{s:?}: geo finds {geos:?}");
        }
        let clear = [
            distance_to_line(p, r, s),
            distance_to_line(q, r, s),
            distance_to_line(r, p, q),
            distance_to_line(s, p, q),
        ]
        .into_iter()
        .all(|d| d > TOUCH_TOLERANCE_M + 1e-6);
        if proper && clear {
            prop_assert!(ours, "{p:?}–{q:?} and {r:?}–{s:?} cross at {geos:?}");
        }
    }

    /// The overlap warning against geo's intersection and the server's rule (more than half a
    /// square metre in common): a warning always means a shared inside, and an overlap of more
    /// than half a square metre that is not a sliver thinner than the tolerance is warned of.
    #[test]
    fn an_overlap_is_warned_of_as_geo_measures_it(
        (a, b) in centre().prop_flat_map(|c| {
            (star_around(c, 200.0), (-300.0..300.0f64, -300.0..300.0f64))
                .prop_flat_map(move |(a, (dx, dy))| {
                    (Just(a), star_around((c.0 + dx, c.1 + dy), 200.0))
                })
        }),
    ) {
        overlap_agrees_with_geo(&a, &b)?;
    }

    /// The same for a neighbour drawn against one of the outline's edges, outside it: sharing
    /// the edge is no overlap (unless the outline reaches round into the neighbour elsewhere,
    /// which geo measures).
    #[test]
    fn a_neighbour_along_an_edge_is_no_overlap(
        a in star(),
        edge in any::<prop::sample::Index>(),
        depth in 1.0..80.0f64,
        along in 0.1..0.9f64,
    ) {
        let i = edge.index(a.len());
        let (p, q) = (a[i], a[(i + 1) % a.len()]);
        let length = (q.0 - p.0).hypot(q.1 - p.1);
        // The outside of a counter-clockwise ring is to the right of its edges.
        let clockwise = polygon(&a).signed_area() < 0.0;
        let out = if clockwise { -1.0 } else { 1.0 };
        let normal = (out * (q.1 - p.1) / length, -out * (q.0 - p.0) / length);
        let apex = to_cm((
            p.0 + (q.0 - p.0) * along + normal.0 * depth,
            p.1 + (q.1 - p.1) * along + normal.1 * depth,
        ));
        let neighbour = vec![q, p, apex];
        prop_assume!(polygon(&neighbour).is_valid());
        overlap_agrees_with_geo(&a, &neighbour)?;
    }
}

fn overlap_agrees_with_geo(a: &[MapPoint], b: &[MapPoint]) -> Result<(), TestCaseError> {
    let (pa, pb) = (polygon(a), polygon(b));
    let ours = rings_overlap(a, b);
    prop_assert_eq!(ours, rings_overlap(b, a), "symmetric: {:?} {:?}", a, b);
    let common = pa.intersection(&pb);
    let area = common.unsigned_area();
    if !pa.intersects(&pb) {
        prop_assert!(!ours, "apart, yet warned: {a:?} {b:?}");
    }
    if ours {
        prop_assert!(area > 1e-6, "warned of {area} m² in common: {a:?} {b:?}");
    }
    // A region of which every point lies within the tolerance of its boundary has at most its
    // perimeter times the tolerance as area; more, and some point of it is clear of both
    // outlines by more than the tolerance.
    let perimeter: f64 = common
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| Euclidean.length(ring))
        .sum();
    if area > 0.5 && area > perimeter * TOUCH_TOLERANCE_M * 1.01 {
        prop_assert!(
            ours,
            "{area} m² in common (perimeter {perimeter} m), no warning: {a:?} {b:?}"
        );
    }
    Ok(())
}
