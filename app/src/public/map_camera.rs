//! Which part of the world the public map shows: the view box, the drawing's size on screen, and
//! the gesture in progress.
//!
//! A pan or zoom gesture moves the drawn map as one picture (a CSS transform, which the browser
//! composites without redrawing a single plot) and is committed to the view box, the one full
//! redraw, when the gesture ends. This keeps gestures smooth at 10,000 plots.

use leptos::{prelude::*, web_sys};

use crate::domain::ViewBox;
use crate::public::map_gesture::Gesture;
use crate::ui::map_drawing::{DEFAULT_HEIGHT_PX, DEFAULT_WIDTH_PX};

/// The map's view, shared by everything that moves it or draws by it. Copy, like the signals
/// it holds.
#[derive(Clone, Copy)]
pub(super) struct MapCamera {
    /// What the SVG shows, in Web Mercator metres (y down).
    pub view_box: RwSignal<ViewBox>,
    /// The drawing's size on screen, in pixels: assumed on the server, measured in the browser.
    pub screen_px: RwSignal<(f64, f64)>,
    pub svg: NodeRef<leptos::svg::Svg>,
    /// The frame's box is where the drawing sits at rest: a gesture's transform moves the SVG's
    /// own box, never the frame's.
    pub frame: NodeRef<leptos::html::Div>,
    gesture: StoredValue<Option<Gesture>>,
    /// The wheel's zoom is committed once the wheel has rested this long.
    wheel_timer: StoredValue<Option<TimeoutHandle>>,
}

impl MapCamera {
    /// A camera on `initial_view`. In the browser it measures the drawing once it is there and
    /// again when the window changes size, and marks the map as live (the browser tests wait
    /// for the mark).
    pub fn new(initial_view: ViewBox) -> MapCamera {
        let camera = MapCamera {
            view_box: RwSignal::new(initial_view),
            screen_px: RwSignal::new((DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX)),
            svg: NodeRef::new(),
            frame: NodeRef::new(),
            gesture: StoredValue::new(None),
            wheel_timer: StoredValue::new(None),
        };
        // Effects run only in the browser.
        Effect::new(move |_| {
            if let Some(svg) = camera.svg.get() {
                camera.measure();
                let _ = svg.set_attribute("data-hydrated", "true");
            }
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| camera.measure());
        on_cleanup(move || resize.remove());
        camera
    }

    /// Where the drawing sits at rest, on screen.
    pub fn rest_rect(self) -> Option<web_sys::DomRect> {
        self.frame
            .get_untracked()
            .map(|frame| frame.get_bounding_client_rect())
    }

    fn measure(self) {
        if let Some(rect) = self.rest_rect()
            && rect.width() > 0.0
            && rect.height() > 0.0
        {
            self.screen_px.set((rect.width(), rect.height()));
        }
    }

    /// Map units per screen pixel ("meet" fits the whole view box, so the tighter axis
    /// decides). Tracked: a view or a size change redraws what reads it.
    pub fn per_px(self) -> f64 {
        self.view_box.get().units_per_px(self.screen_px.get())
    }

    /// The gesture in progress, if any.
    pub fn gesture(self) -> Option<Gesture> {
        self.gesture.get_value()
    }

    /// Shows the map moved by `gesture` (or at rest, for `None`) without redrawing it.
    pub fn show_gesture(self, gesture: Option<Gesture>) {
        self.gesture.set_value(gesture);
        if let Some(svg) = self.svg.get_untracked() {
            let style = svg.style();
            let _ = match gesture {
                Some(g) => style.set_property("transform", &g.css()),
                None => style.remove_property("transform").map(|_| ()),
            };
        }
    }

    /// Commits the gesture in progress, if any, to the view box: the one redraw it costs.
    pub fn commit_gesture(self) {
        if let Some(timer) = self.wheel_timer.get_value() {
            timer.clear();
            self.wheel_timer.set_value(None);
        }
        let (Some(g), Some(rect)) = (self.gesture.get_value(), self.rest_rect()) else {
            return;
        };
        self.view_box.update(|vb| *vb = g.committed(&rect, *vb));
        self.show_gesture(None);
    }

    /// Commits the gesture in progress once the wheel rests for `settle`; each turn of the
    /// wheel starts the wait again.
    pub fn commit_when_resting(self, settle: std::time::Duration) {
        if let Some(timer) = self.wheel_timer.get_value() {
            timer.clear();
        }
        self.wheel_timer
            .set_value(set_timeout_with_handle(move || self.commit_gesture(), settle).ok());
    }

    /// Moves the map to `view` at once, after any gesture in progress.
    pub fn go_to(self, view: ViewBox) {
        self.commit_gesture();
        self.view_box.set(view);
    }

    /// Zooms about the view's centre by `factor` (below 1 closer), after any gesture in
    /// progress.
    pub fn zoom_by(self, factor: f64) {
        self.commit_gesture();
        self.view_box.update(|vb| {
            let (cx, cy) = vb.center();
            *vb = vb.zoomed(factor, cx, cy);
        });
    }
}
