//! What the map says of the plot under the pointer or the keyboard's focus: a tooltip with its
//! designation, status, area and price, and, for a plot too small to see at this zoom, a ring
//! that shows where the focus is.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::{Lang, MapPlot, ViewBox};
use crate::public::map_camera::MapCamera;
use crate::ui::map_drawing::screen_units_at;

/// A plot smaller than this on screen (pixels) gets the focus ring.
const SMALL_PLOT_PX: f64 = 24.0;

/// What the tooltip and the ring need of each plot, by id.
#[derive(Clone, Debug, Default)]
pub(super) struct PlotHints(HashMap<i64, PlotHint>);

#[derive(Clone, Debug)]
pub(super) struct PlotHint {
    pub designation: String,
    pub facts: String,
    /// Where its name goes (inside the plot), in map coordinates.
    pub x: f64,
    pub y: f64,
    pub size_m: f64,
}

impl PlotHints {
    pub fn new(plots: &[MapPlot], lang: Lang) -> PlotHints {
        let mut hints = PlotHints::default();
        hints.add(plots, lang);
        hints
    }

    /// The hints of plots the map fetched.
    pub fn add(&mut self, plots: &[MapPlot], lang: Lang) {
        self.0.extend(plots.iter().map(|plot| {
            let (designation, facts) = plot.hint(lang);
            let hint = PlotHint {
                designation,
                facts,
                x: plot.label_x,
                y: plot.label_y,
                size_m: plot.size_m(),
            };
            (plot.id, hint)
        }));
    }

    pub fn get(&self, id: i64) -> Option<&PlotHint> {
        self.0.get(&id)
    }
}

/// The plot the pointer is over, or else the one the keyboard focused.
#[derive(Clone, Copy)]
pub(super) struct PlotPointing {
    pub hovered: RwSignal<Option<i64>>,
    pub focused: RwSignal<Option<i64>>,
}

impl PlotPointing {
    pub fn new() -> PlotPointing {
        PlotPointing {
            hovered: RwSignal::new(None),
            focused: RwSignal::new(None),
        }
    }

    pub fn shown(self) -> Option<i64> {
        self.hovered.get().or_else(|| self.focused.get())
    }
}

/// The tooltip, above the plot's name point; drawn in the browser only (it follows the pointer
/// and the focus), so its position is set through the CSS object model, which the page's
/// Content-Security-Policy allows.
#[component]
pub(super) fn PlotTooltip(
    hints: StoredValue<PlotHints>,
    pointing: PlotPointing,
    view_box: RwSignal<ViewBox>,
    screen_px: RwSignal<(f64, f64)>,
    /// The plot the panel shows: no tooltip over it (a tap on a phone both hovers and selects).
    selected: Memo<Option<i64>>,
) -> impl IntoView {
    move || {
        let id = pointing.shown().filter(|id| selected.get() != Some(*id))?;
        let hint = hints.with_value(|hints| hints.get(id).cloned())?;
        let (w, h) = screen_px.get();
        let (x, y) = view_box.get().screen_point((w, h), hint.x, hint.y);
        // Off the drawing: no tooltip floating over the page.
        if !(0.0..=w).contains(&x) || !(0.0..=h).contains(&y) {
            return None;
        }
        Some(view! {
            <div
                class="plot-tooltip"
                role="tooltip"
                id="plot-tooltip"
                data-plot-id=id
                style:left=format!("{x:.0}px")
                style:top=format!("{y:.0}px")
            >
                <strong>{hint.designation}</strong>
                <span>{hint.facts}</span>
            </div>
        })
    }
}

/// A ring around the focused plot's place, when the plot is too small to show its own focus
/// outline at this zoom.
#[component]
pub(super) fn FocusMarker(
    hints: StoredValue<PlotHints>,
    pointing: PlotPointing,
    camera: MapCamera,
) -> impl IntoView {
    move || {
        let id = pointing.focused.get()?;
        let hint = hints.with_value(|hints| hints.get(id).cloned())?;
        let per_px = camera.per_px();
        (hint.size_m / per_px < SMALL_PLOT_PX).then(|| {
            view! {
                <g class="focus-marker" data-plot-id=id transform=screen_units_at(hint.x, hint.y, per_px)>
                    <circle r="14" />
                    <circle r="3" class="focus-marker-dot" />
                </g>
            }
        })
    }
}
