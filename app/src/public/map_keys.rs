//! The public map from the keyboard. The map itself is a Tab stop: the arrow keys pan a quarter
//! of the view and + and − zoom, and Enter asks what applies at the centre marker. Enter on a plot (a link) zooms the map to it and gives the
//! focus to the panel's heading, so "Anmäl intresse" is one Tab away.

use leptos::{prelude::*, web_sys};

use crate::domain::ViewBox;
use crate::public::map_camera::MapCamera;
use crate::public::map_hint::PlotHints;
use crate::public::place_panel::ask_about_place;
use crate::public::plot_panel::PanelFocus;

/// A plot opened from the keyboard is shown at least this wide a view (metres).
const KEYBOARD_ZOOM_MIN_WIDTH_M: f64 = 600.0;

/// How far an arrow key pans, as a share of the view.
const PAN_STEP: f64 = 0.25;

/// A key pressed with the focus on the map or a plot: the arrows pan, + and − zoom, and Enter
/// on the map itself asks what applies at its centre (the marker there); any other key (and
/// any with Alt, Ctrl or Meta) is left to the browser.
pub(super) fn pan_or_zoom(camera: MapCamera, ev: web_sys::KeyboardEvent, panel: PanelFocus) {
    if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
        return;
    }
    let vb = camera.view_box.get_untracked();
    let (cx, cy) = vb.center();
    let on_map = ev.target() == ev.current_target();
    let moved = match ev.key().as_str() {
        "Enter" if on_map => {
            ev.prevent_default();
            panel.focus_heading.set(true);
            ask_about_place(cx, cy);
            return;
        }
        "ArrowLeft" => vb.panned(-vb.width * PAN_STEP, 0.0),
        "ArrowRight" => vb.panned(vb.width * PAN_STEP, 0.0),
        "ArrowUp" => vb.panned(0.0, -vb.height * PAN_STEP),
        "ArrowDown" => vb.panned(0.0, vb.height * PAN_STEP),
        "+" | "=" | "Add" => vb.zoomed(0.5, cx, cy),
        "-" | "−" | "_" | "Subtract" => vb.zoomed(2.0, cx, cy),
        _ => return,
    };
    ev.prevent_default();
    camera.go_to(moved);
}

/// A plot opened from the keyboard: the map zooms to it, and the panel's heading takes the
/// focus once it shows the plot.
pub(super) fn open_from_keyboard(
    camera: MapCamera,
    hints: StoredValue<PlotHints>,
    panel: PanelFocus,
) -> Callback<i64> {
    Callback::new(move |id: i64| {
        if let Some(hint) = hints.with_value(|hints| hints.get(id).cloned()) {
            let (w, h) = camera.screen_px.get_untracked();
            let width = (hint.size_m * 8.0).max(KEYBOARD_ZOOM_MIN_WIDTH_M);
            let target = ViewBox {
                x: 0.0,
                y: 0.0,
                width,
                height: width * h / w,
            }
            .centred_on(hint.x, hint.y);
            camera.go_to(target);
        }
        panel.focus_heading.set(true);
        panel.from_keyboard.set(true);
    })
}
