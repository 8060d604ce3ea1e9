//! The public map's gestures: a drag with the mouse, the wheel, and two fingers that pan and
//! pinch. Each moves the drawn map as one picture (a CSS transform) until it ends, when the
//! camera commits it to the view box (`map_camera.rs`). One finger scrolls the page, as on any
//! page with a map in it, and the browser's own zoom is never blocked.

use std::time::Duration;

use leptos::{prelude::*, web_sys};

use crate::domain::{MAX_VIEW_WIDTH, MIN_VIEW_WIDTH, ViewBox};
use crate::public::map_camera::MapCamera;
use crate::public::map_hint::PlotPointing;
use crate::ui::map_drawing::screen_to_map;

/// How far a pointer must move before a press becomes a pan rather than a click.
const DRAG_THRESHOLD_PX: f64 = 4.0;

#[derive(Clone, Copy)]
struct DragState {
    start_x: f64,
    start_y: f64,
    moved: bool,
}

/// How long the wheel must rest before its zoom is committed to the view box.
const WHEEL_SETTLE_MS: u64 = 200;

/// The map's gestures as they happen: the SVG's pointer, wheel and touch events call these.
#[derive(Clone, Copy)]
pub(super) struct MapGestures {
    camera: MapCamera,
    /// A gesture hides the tooltip of the plot it started on.
    pointing: PlotPointing,
    drag: StoredValue<Option<DragState>>,
    pinch: StoredValue<Option<Pinch>>,
    /// Set while a drag moved the map, so the click that ends it does not select a plot.
    suppress_click: StoredValue<bool>,
}

impl MapGestures {
    pub fn new(camera: MapCamera, pointing: PlotPointing) -> MapGestures {
        MapGestures {
            camera,
            pointing,
            drag: StoredValue::new(None),
            pinch: StoredValue::new(None),
            suppress_click: StoredValue::new(false),
        }
    }

    /// Whether a click ends a gesture rather than choosing what it is on; asked once per click.
    pub fn swallows_click(self) -> bool {
        let swallow = self.suppress_click.get_value();
        if swallow {
            self.suppress_click.set_value(false);
        }
        swallow
    }

    /// The wheel zooms about the pointer; the zoom range of the view box holds.
    pub fn wheel(self, ev: web_sys::WheelEvent) {
        ev.prevent_default();
        let Some(rect) = self.camera.rest_rect() else {
            return;
        };
        let current = self.camera.gesture().unwrap_or(Gesture::NONE);
        let step = if ev.delta_y() > 0.0 { 0.8 } else { 1.25 };
        let width = self.camera.view_box.get_untracked().width;
        let scale = (current.scale * step).clamp(width / MAX_VIEW_WIDTH, width / MIN_VIEW_WIDTH);
        let zoomed = current.zoomed_about(
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
            scale / current.scale,
        );
        self.camera.show_gesture(Some(zoomed));
        self.camera
            .commit_when_resting(Duration::from_millis(WHEEL_SETTLE_MS));
    }

    pub fn pointer_down(self, ev: web_sys::PointerEvent) {
        // One finger scrolls the page, as on any page with a map in it; two pan and pinch
        // (the touch handlers below). The mouse and a pen drag.
        if ev.button() != 0 || ev.pointer_type() == "touch" {
            return;
        }
        self.pointing.hovered.set(None);
        self.camera.commit_gesture();
        self.drag.set_value(Some(DragState {
            start_x: f64::from(ev.client_x()),
            start_y: f64::from(ev.client_y()),
            moved: false,
        }));
        self.suppress_click.set_value(false);
    }

    pub fn pointer_move(self, ev: web_sys::PointerEvent) {
        let Some(mut state) = self.drag.get_value() else {
            return;
        };
        let Some(svg) = self.camera.svg.get_untracked() else {
            return;
        };
        let dx_px = f64::from(ev.client_x()) - state.start_x;
        let dy_px = f64::from(ev.client_y()) - state.start_y;
        if !state.moved && dx_px.hypot(dy_px) < DRAG_THRESHOLD_PX {
            return;
        }
        if !state.moved {
            state.moved = true;
            // Capture only once it is a real drag: capturing at once would steal plot clicks.
            let _ = svg.set_pointer_capture(ev.pointer_id());
            self.drag.set_value(Some(state));
        }
        self.camera.show_gesture(Some(Gesture {
            tx: dx_px,
            ty: dy_px,
            scale: 1.0,
        }));
    }

    /// Also for `pointercancel`.
    pub fn pointer_up(self) {
        if let Some(state) = self.drag.get_value() {
            self.suppress_click.set_value(state.moved);
            if state.moved {
                self.camera.commit_gesture();
            }
        }
        self.drag.set_value(None);
    }

    /// Two fingers: the map follows their midpoint and scales with their spread.
    pub fn touch_start(self, ev: web_sys::TouchEvent) {
        if ev.touches().length() == 1 && self.pinch.get_value().is_none() {
            // A new tap: a pinch that ended before it does not swallow its click.
            self.suppress_click.set_value(false);
        }
        if ev.touches().length() != 2 {
            return;
        }
        ev.prevent_default();
        self.camera.commit_gesture();
        self.drag.set_value(None);
        self.pointing.hovered.set(None);
        self.pinch
            .set_value(self.touch_points(&ev).map(|(mid, distance)| Pinch {
                start_mid: mid,
                start_distance: distance,
            }));
    }

    pub fn touch_move(self, ev: web_sys::TouchEvent) {
        let Some(start) = self.pinch.get_value() else {
            return;
        };
        // Not the page's scroll or zoom: the map's.
        ev.prevent_default();
        if let Some((mid, distance)) = self.touch_points(&ev) {
            let width = self.camera.view_box.get_untracked().width;
            let range = (width / MAX_VIEW_WIDTH, width / MIN_VIEW_WIDTH);
            self.camera
                .show_gesture(Some(start.gesture(mid, distance, range)));
        }
    }

    /// Also for `touchcancel`.
    pub fn touch_end(self, ev: web_sys::TouchEvent) {
        if self.pinch.get_value().is_some() && ev.touches().length() < 2 {
            self.pinch.set_value(None);
            self.suppress_click.set_value(true);
            self.camera.commit_gesture();
        }
    }

    /// The two fingers' midpoint and distance, in pixels from the drawing's top-left corner.
    fn touch_points(self, ev: &web_sys::TouchEvent) -> Option<((f64, f64), f64)> {
        let touches = ev.touches();
        let rect = self.camera.rest_rect()?;
        let (a, b) = (touches.get(0)?, touches.get(1)?);
        let (ax, ay) = (
            f64::from(a.client_x()) - rect.left(),
            f64::from(a.client_y()) - rect.top(),
        );
        let (bx, by) = (
            f64::from(b.client_x()) - rect.left(),
            f64::from(b.client_y()) - rect.top(),
        );
        Some((((ax + bx) / 2.0, (ay + by) / 2.0), (ax - bx).hypot(ay - by)))
    }
}

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
struct Pinch {
    start_mid: (f64, f64),
    start_distance: f64,
}

impl Pinch {
    /// The gesture that keeps the map point first under the fingers' midpoint under it now, and
    /// scales the map by how much farther apart they are, within `scale_range`.
    fn gesture(self, mid: (f64, f64), distance: f64, scale_range: (f64, f64)) -> Gesture {
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
