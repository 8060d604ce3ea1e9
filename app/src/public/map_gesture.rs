//! The public map's gestures: a drag with the mouse, the wheel, and two fingers that pan and
//! pinch. Each moves the drawn map as one picture (a CSS transform) until it ends.

use leptos::web_sys;

use crate::domain::ViewBox;
use crate::ui::map_drawing::screen_to_map;

/// How far a pointer must move before a press becomes a pan rather than a click.
pub(super) const DRAG_THRESHOLD_PX: f64 = 4.0;

#[derive(Clone, Copy)]
pub(super) struct DragState {
    pub start_x: f64,
    pub start_y: f64,
    pub moved: bool,
}

/// How long the wheel must rest before its zoom is committed to the view box.
pub(super) const WHEEL_SETTLE_MS: u64 = 200;

/// A gesture in progress: the drawn map moved by (`tx`, `ty`) CSS pixels and scaled by `scale`
/// about the drawing's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Gesture {
    pub tx: f64,
    pub ty: f64,
    pub scale: f64,
}

impl Gesture {
    pub const NONE: Gesture = Gesture {
        tx: 0.0,
        ty: 0.0,
        scale: 1.0,
    };

    pub fn css(self) -> String {
        format!(
            "translate({:.1}px, {:.1}px) scale({:.5})",
            self.tx, self.ty, self.scale
        )
    }

    /// This gesture followed by a zoom by `factor` about the screen point (`x`, `y`), in pixels
    /// from the drawing's top-left corner.
    pub fn zoomed_about(self, x: f64, y: f64, factor: f64) -> Gesture {
        Gesture {
            tx: x + factor * (self.tx - x),
            ty: y + factor * (self.ty - y),
            scale: self.scale * factor,
        }
    }

    /// The view box that shows what this gesture shows: the map point drawn at the centre of the
    /// screen becomes the centre, and the box shrinks by the gesture's scale.
    pub fn committed(self, rect: &web_sys::DomRect, vb: ViewBox) -> ViewBox {
        let centre_x = (rect.width() / 2.0 - self.tx) / self.scale;
        let centre_y = (rect.height() / 2.0 - self.ty) / self.scale;
        let (cx, cy) = screen_to_map(rect, vb, rect.left() + centre_x, rect.top() + centre_y);
        let (vx, vy) = vb.center();
        vb.zoomed(1.0 / self.scale, vx, vy).centred_on(cx, cy)
    }
}

/// Two fingers on the map: where they started (their midpoint and distance, in pixels from the
/// drawing's top-left corner). As they move, the map follows the midpoint and scales with the
/// distance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Pinch {
    pub start_mid: (f64, f64),
    pub start_distance: f64,
}

impl Pinch {
    /// The gesture that keeps the map point first under the fingers' midpoint under it now, and
    /// scales the map by how much farther apart they are, within `scale_range`.
    pub fn gesture(self, mid: (f64, f64), distance: f64, scale_range: (f64, f64)) -> Gesture {
        let scale = if self.start_distance > 0.0 {
            (distance / self.start_distance).clamp(scale_range.0, scale_range.1)
        } else {
            1.0
        };
        Gesture {
            tx: mid.0 - scale * self.start_mid.0,
            ty: mid.1 - scale * self.start_mid.1,
            scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Gesture, Pinch};

    #[test]
    fn a_zoom_keeps_the_point_under_the_pointer_in_place() {
        let g = Gesture::NONE.zoomed_about(100.0, 50.0, 2.0);
        assert_eq!(g.scale, 2.0);
        // The drawing's point (100, 50) is still drawn at (100, 50).
        assert_eq!(
            (g.tx + g.scale * 100.0, g.ty + g.scale * 50.0),
            (100.0, 50.0)
        );
        // A second zoom elsewhere composes with the first.
        let g2 = g.zoomed_about(300.0, 200.0, 0.5);
        let drawn_at = |g: Gesture, x: f64| g.tx + g.scale * x;
        let content_x = (300.0 - g.tx) / g.scale;
        assert!((drawn_at(g2, content_x) - 300.0).abs() < 1e-9);
        assert_eq!(g2.scale, 1.0);
    }

    #[test]
    fn a_gesture_is_written_as_a_css_transform() {
        let g = Gesture {
            tx: 12.0,
            ty: -3.0,
            scale: 1.5,
        };
        assert_eq!(g.css(), "translate(12.0px, -3.0px) scale(1.50000)");
    }

    #[test]
    fn two_fingers_pan_with_their_midpoint_and_zoom_with_their_spread() {
        let pinch = Pinch {
            start_mid: (100.0, 100.0),
            start_distance: 50.0,
        };
        // Apart to twice the distance: twice the scale, the start point still under the midpoint.
        let g = pinch.gesture((100.0, 100.0), 100.0, (0.1, 10.0));
        assert_eq!(g.scale, 2.0);
        assert_eq!((g.tx + 2.0 * 100.0, g.ty + 2.0 * 100.0), (100.0, 100.0));
        // Moved together by (30, -20): a pan.
        let g = pinch.gesture((130.0, 80.0), 50.0, (0.1, 10.0));
        assert_eq!(
            g,
            Gesture {
                tx: 30.0,
                ty: -20.0,
                scale: 1.0
            }
        );
        // The zoom range holds.
        assert_eq!(pinch.gesture((100.0, 100.0), 5000.0, (0.1, 4.0)).scale, 4.0);
    }
}
