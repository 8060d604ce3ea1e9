//! What the public map and the staff workspace's drawing maps share: where a map point is drawn
//! and which map point a pointer is over, for an SVG drawn with `preserveAspectRatio="xMidYMid
//! meet"`.

use leptos::{prelude::*, web_sys};

use crate::domain::ViewBox;

/// Assumed drawing width before the browser reports the real one (server rendering).
pub(crate) const DEFAULT_WIDTH_PX: f64 = 1000.0;
pub(crate) const DEFAULT_HEIGHT_PX: f64 = 700.0;

/// A transform that puts the origin at a map point and makes one unit one screen pixel, so
/// markers and labels keep their size whatever the zoom. (Drawing text directly at Web Mercator
/// coordinates, millions of units from the origin, also loses glyphs in Chromium.)
pub(crate) fn screen_units_at(x: f64, y: f64, per_px: f64) -> String {
    format!("translate({x:.1} {y:.1}) scale({per_px:.4})")
}

/// The size a drawing has on screen (pixels), or the assumed size while it has none.
pub(crate) fn drawing_size(rect: &web_sys::DomRect) -> (f64, f64) {
    if rect.width() > 0.0 && rect.height() > 0.0 {
        (rect.width(), rect.height())
    } else {
        (DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX)
    }
}

/// The map point under a screen position, for the view box `vb` drawn into `rect`.
pub(crate) fn screen_to_map(
    rect: &web_sys::DomRect,
    vb: ViewBox,
    client_x: f64,
    client_y: f64,
) -> (f64, f64) {
    vb.map_point(
        drawing_size(rect),
        client_x - rect.left(),
        client_y - rect.top(),
    )
}

/// The hatching that marks reserved plots (with their colour, so that colour is not the only
/// sign), for a map's `<defs>`; the style sheet fills `.status-reserved` with it.
#[component]
pub(crate) fn HatchPattern(id: &'static str) -> impl IntoView {
    view! {
        <pattern id=id patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
            <rect width="8" height="8" class="hatch-background" />
            <line x1="0" y1="0" x2="0" y2="8" class="hatch-line" />
        </pattern>
    }
}
