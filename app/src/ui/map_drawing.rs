//! What the public map and the staff workspace's drawing maps share: where a map point is drawn
//! and which map point a pointer is over, for an SVG drawn with `preserveAspectRatio="xMidYMid
//! meet"`.

use leptos::{prelude::*, web_sys};

use crate::domain::{PlacedLabel, ViewBox, round_distance, scale_label};

/// Assumed drawing width before the browser reports the real one (server rendering).
pub(crate) const DEFAULT_WIDTH_PX: f64 = 1000.0;
pub(crate) const DEFAULT_HEIGHT_PX: f64 = 700.0;

/// A transform that puts the origin at a map point and makes one unit one screen pixel, so
/// markers and labels keep their size whatever the zoom. (Drawing text directly at Web Mercator
/// coordinates, millions of units from the origin, also loses glyphs in Chromium.)
pub(crate) fn screen_units_at(x: f64, y: f64, per_px: f64) -> String {
    format!("translate({x:.1} {y:.1}) scale({per_px:.4})")
}

/// The unit for text and marks in a picture that scales with its frame (a small map, an
/// overview): a 250th of the view's shorter side, about a pixel whichever side the frame fits.
/// Used with [`screen_units_at`] in place of a measured pixel.
// Pictures the public bundle does not draw: its pages with one are the server's.
#[cfg(any(feature = "ssr", feature = "staff"))]
pub(crate) fn picture_unit(view: ViewBox) -> f64 {
    view.width.min(view.height) / 250.0
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

/// The room [`ScaleBar`] takes in its map's lower left corner (left, top, width, height, in
/// pixels from the drawing's top left): names are placed clear of it.
#[cfg(feature = "staff")]
pub(crate) fn scale_bar_room((_, height): (f64, f64)) -> (f64, f64, f64, f64) {
    (0.0, height - 40.0, SCALE_BAR_MAX_PX + 30.0, 40.0)
}

/// The longest a scale bar is drawn, in screen pixels.
const SCALE_BAR_MAX_PX: f64 = 120.0;

/// A scale bar over an interactive map (in its frame's corner, style sheet): the longest round
/// distance that fits in [`SCALE_BAR_MAX_PX`], for `metres_per_px` on the ground.
#[component]
pub(crate) fn ScaleBar(#[prop(into)] metres_per_px: Signal<f64>) -> impl IntoView {
    let bar = Memo::new(move |_| {
        let per_px = metres_per_px.get();
        let metres = round_distance(SCALE_BAR_MAX_PX * per_px);
        ((metres / per_px).round(), scale_label(metres))
    });
    view! {
        <svg class="scale-bar" aria-hidden="true" height="24" width=move || bar.get().0 + 8.0>
            <path d=move || format!("M2 14V21H{}V14", bar.get().0 + 2.0) />
            <text x="2" y="11">{move || bar.get().1}</text>
        </svg>
    }
    .into_any()
}

/// A scale bar drawn inside a small map's picture (no script: it scales with the picture), at
/// the view's lower left, at most a quarter of its width; `ground_per_unit` is metres on the
/// ground per map unit.
// Pictures the public bundle does not draw: its pages with one are the server's.
#[cfg(any(feature = "ssr", feature = "staff"))]
#[component]
pub(crate) fn PictureScaleBar(view: ViewBox, ground_per_unit: f64) -> impl IntoView {
    let unit = picture_unit(view);
    let metres = round_distance(0.25 * view.width * ground_per_unit);
    let length = metres / ground_per_unit / unit;
    let at = screen_units_at(
        view.x + 12.0 * unit,
        view.y + view.height - 10.0 * unit,
        unit,
    );
    view! {
        <g class="scale-bar" transform=at aria-hidden="true">
            <path d=format!("M0 -6V0H{length:.1}V-6") />
            <text x="0" y="-10">{scale_label(metres)}</text>
        </g>
    }
    .into_any()
}

/// One placed name (`domain/labels.rs`): its lines centred in the box placement gave it,
/// turned as it runs, in screen pixels at `per_px` map units a pixel.
#[component]
pub(crate) fn MapLabel(label: PlacedLabel, #[prop(into)] per_px: Signal<f64>) -> impl IntoView {
    let c = label.candidate;
    let font = c.kind.font_px();
    let (_, text_height) = c.text_size_px();
    let (dx, dy) = c.centre_offset_px();
    let (x, y, angle) = (c.x, c.y, c.angle);
    let first_baseline = -text_height / 2.0 + font * 0.95;
    let lines = c
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let baseline = first_baseline + i as f64 * font * 1.25;
            view! { <tspan x="0" y=format!("{baseline:.1}")>{line}</tspan> }
        })
        .collect_view();
    view! {
        <g
            class=format!("map-label label-{}", c.kind.key())
            transform=move || {
                format!("{} translate({dx:.1} {dy:.1}) rotate({angle:.1})", screen_units_at(x, y, per_px.get()))
            }
        >
            <text text-anchor="middle" font-size=font>{lines}</text>
        </g>
    }
}
