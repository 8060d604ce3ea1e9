//! On a phone the plot's panel is a bottom sheet over the lower part of the map: the map moves
//! the selected plot into the part still seen above it.

use leptos::prelude::*;

use crate::public::map_camera::MapCamera;
use crate::public::map_hint::PlotHints;
use crate::public::plot_panel::PanelFocus;

/// How far inside the map, above the phone's sheet, a selected plot must be (pixels).
const SHEET_MARGIN_PX: f64 = 24.0;

/// Each time the panel shows a plot: if the panel lies over the map's whole width (a sheet),
/// and the plot is under it or off the map, pan the plot to the middle of what shows above it.
pub(super) fn keep_plot_above_sheet(
    camera: MapCamera,
    hints: StoredValue<PlotHints>,
    panel: PanelFocus,
) {
    Effect::new(move |_| {
        let Some(id) = panel.shown.get() else {
            return;
        };
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
        let Some(hint) = hints.with_value(|hints| hints.get(id).cloned()) else {
            return;
        };
        if !covers_map {
            return;
        }
        let top = rect.top().max(0.0);
        let bottom = sheet.top();
        // No room above the sheet (a phone on its side): nowhere to move the plot to.
        if bottom - top <= 2.0 * SHEET_MARGIN_PX {
            return;
        }
        let vb = camera.view_box.get_untracked();
        let (x, y) = vb.screen_point(camera.screen_px.get_untracked(), hint.x, hint.y);
        let y = rect.top() + y;
        if y > top + SHEET_MARGIN_PX && y < bottom - SHEET_MARGIN_PX && x > 0.0 && x < rect.width()
        {
            return;
        }
        // Read without tracking: this runs when the panel shows a plot, not on every view.
        let units = untrack(move || camera.per_px());
        let dx = (x - rect.width() / 2.0) * units;
        let dy = (y - (top + bottom) / 2.0) * units;
        camera.go_to(vb.panned(dx, dy));
    });
}
