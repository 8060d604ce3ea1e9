//! On a phone the panel (a plot's or a place's) is a bottom sheet over the lower part of the
//! map: the map moves the selected plot or the place's pin into the part still seen above it.

use leptos::prelude::*;

use crate::public::map_camera::MapCamera;
use crate::public::map_hint::PlotHints;
use crate::public::plot_panel::PanelFocus;

/// How far inside the map, above the phone's sheet, a selected plot must be (pixels).
const SHEET_MARGIN_PX: f64 = 24.0;

/// Each time the panel shows a plot or a place: if the panel lies over the map's whole width
/// (a sheet), and the plot or place is under it or off the map, pan it to the middle of what
/// shows above it.
pub(super) fn keep_plot_above_sheet(
    camera: MapCamera,
    hints: StoredValue<PlotHints>,
    panel: PanelFocus,
) {
    Effect::new(move |_| {
        let Some(id) = panel.shown.get() else {
            return;
        };
        if let Some(hint) = hints.with_value(|hints| hints.get(id).cloned()) {
            keep_above_sheet(camera, hint.x, hint.y);
        }
    });
    Effect::new(move |_| {
        if let Some(place) = panel.place_shown.get() {
            let (x, y) = place.to_map();
            keep_above_sheet(camera, x, y);
        }
    });
}

/// Pans the map so that the map point (`x`, `y`) shows above the panel where the panel is a
/// sheet over the map.
fn keep_above_sheet(camera: MapCamera, x: f64, y: f64) {
    let (Some(rect), Some(sheet)) = (
        camera.rest_rect(),
        document().query_selector(".plot-panel").ok().flatten(),
    ) else {
        return;
    };
    let sheet = sheet.get_bounding_client_rect();
    let covers_map = sheet.top() < rect.bottom()
        && sheet.left() <= rect.left() + 1.0
        && sheet.right() >= rect.right() - 1.0;
    if !covers_map {
        return;
    }
    let top = rect.top().max(0.0);
    let bottom = sheet.top();
    // No room above the sheet (a phone on its side): nowhere to move it to.
    if bottom - top <= 2.0 * SHEET_MARGIN_PX {
        return;
    }
    let vb = camera.view_box.get_untracked();
    let (sx, sy) = vb.screen_point(camera.screen_px.get_untracked(), x, y);
    let sy = rect.top() + sy;
    if sy > top + SHEET_MARGIN_PX && sy < bottom - SHEET_MARGIN_PX && sx > 0.0 && sx < rect.width()
    {
        return;
    }
    // Read without tracking: this runs when the panel shows something, not on every view.
    let units = untrack(move || camera.per_px());
    let dx = (sx - rect.width() / 2.0) * units;
    let dy = (sy - (top + bottom) / 2.0) * units;
    camera.go_to(vb.panned(dx, dy));
}
