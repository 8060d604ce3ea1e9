//! An outline's corners as handles on an edit map: dragged with a pointer, moved with the arrow
//! keys, deleted with Delete; a handle in the middle of each edge adds a corner there. Each
//! handle is a button in the Tab order, named by its place on the outline, and every change is
//! said aloud through the map's status line.

use leptos::{prelude::*, wasm_bindgen::JsCast, web_sys};

use crate::domain::{MIN_VERTICES, MapPoint, midpoint, polygon_geojson, polygon_ring, to_cm};
use crate::staff::edit_map::{Canvas, HANDLE_DOT_PX, HANDLE_HIT_PX};
use crate::staff::texts::{self, SV as T};

/// The visible dot of an edge's middle (smaller than a corner's).
const MIDPOINT_DOT_PX: f64 = 5.0;

/// Arrow keys move a focused corner this far (metres); with Shift ten times as far.
const KEY_STEP_M: f64 = 1.0;

/// Draggable, keyboard-movable corners of the polygon in `outline` (GeoJSON text), with a
/// handle in the middle of each edge that adds a corner there. Every change rewrites the text.
#[component]
pub(super) fn VertexHandles(
    canvas: Canvas,
    outline: RwSignal<String>,
    status: RwSignal<String>,
    help_id: &'static str,
) -> impl IntoView {
    let ring = Memo::new(move |_| outline.with(|t| polygon_ring(t)).unwrap_or_default());
    let count = Memo::new(move |_| ring.with(Vec::len));
    let corner = move |i: usize| ring.with(|r| r.get(i).copied());
    let edit = move |change: &dyn Fn(&mut Vec<MapPoint>)| {
        let mut r = ring.get_untracked();
        change(&mut r);
        outline.set(polygon_geojson(&r));
    };
    let describe = move |i: usize| {
        ring.with_untracked(|r| {
            r.get(i)
                .map(|(x, y)| texts::corner_position(i + 1, r.len(), *x, *y))
        })
    };
    // The corner being dragged, and where the pointer held it (so it does not jump).
    let dragging = StoredValue::new(None::<(usize, MapPoint)>);
    let grab = move |ev: &web_sys::PointerEvent, i: usize| {
        let (Some(p), Some(pointer)) = (corner(i), canvas.point_at(ev.client_x(), ev.client_y()))
        else {
            return;
        };
        ev.stop_propagation();
        let _ = event_target::<web_sys::Element>(ev).set_pointer_capture(ev.pointer_id());
        dragging.set_value(Some((i, (p.0 - pointer.0, p.1 - pointer.1))));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some((i, (dx, dy))) = dragging.get_value() else {
            return;
        };
        if let Some((x, y)) = canvas.point_at(ev.client_x(), ev.client_y()) {
            edit(&|r| {
                if let Some(corner) = r.get_mut(i) {
                    *corner = to_cm((x + dx, y + dy));
                }
            });
        }
    };
    let on_release = move |_| {
        if let Some((i, _)) = dragging.get_value() {
            dragging.set_value(None);
            status.set(describe(i).unwrap_or_default());
        }
    };
    let add_after = move |i: usize| {
        let n = count.get_untracked();
        let (Some(a), Some(b)) = (corner(i), corner((i + 1) % n)) else {
            return;
        };
        edit(&|r| r.insert(i + 1, midpoint(a, b)));
        status.set(texts::corner_added(i + 2, n + 1));
    };
    // Keyboard focus to corner `i`, once the handles show the change: a deleted corner's
    // handle leaves the page, and focus with it, unless it is put somewhere.
    let focus_corner = move |i: usize| {
        request_animation_frame(move || {
            let handle = canvas.svg.try_get_untracked().flatten().and_then(|svg| {
                svg.query_selector(&format!(".vertex-handle[data-corner=\"{i}\"]"))
                    .ok()
                    .flatten()
            });
            if let Some(handle) = handle {
                let _ = handle.unchecked_into::<web_sys::SvgElement>().focus();
            }
        });
    };
    let on_key = move |ev: web_sys::KeyboardEvent, i: usize| {
        let step = if ev.shift_key() {
            10.0 * KEY_STEP_M
        } else {
            KEY_STEP_M
        };
        let (dx, dy) = match ev.key().as_str() {
            "ArrowUp" => (0.0, step),
            "ArrowDown" => (0.0, -step),
            "ArrowLeft" => (-step, 0.0),
            "ArrowRight" => (step, 0.0),
            "Delete" | "Backspace" => {
                ev.prevent_default();
                let n = count.get_untracked();
                if n > MIN_VERTICES {
                    edit(&|r| {
                        if i < r.len() {
                            r.remove(i);
                        }
                    });
                    // As when deleting from a list: on to the corner that took its place, or
                    // back to the one before when it was the last.
                    let left = n - 1;
                    let now = i.min(left - 1);
                    focus_corner(now);
                    status.set(texts::corner_deleted(i + 1, left, now + 1));
                } else {
                    status.set(T.map_too_few_corners.to_string());
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        edit(&|r| {
            if let Some(corner) = r.get_mut(i) {
                *corner = to_cm((corner.0 + dx, corner.1 + dy));
            }
        });
        status.set(describe(i).unwrap_or_default());
    };
    view! {
        // Along the ring: each corner, then the middle of the edge that follows it. The SVG order
        // is the Tab order, so a keyboard user meets the outline as it runs, corner 1 first.
        // Later handles are drawn on top; `midpoint_hit_px` keeps an edge's middle from
        // covering the corner before it.
        <g class="vertex-handles" on:pointermove=on_move on:pointerup=on_release on:pointercancel=on_release>
            <For each=move || 0..count.get() key=|i| *i children=move |i| {
                let next = move || (i + 1) % count.get().max(1);
                view! {
                    <g
                        class="vertex-handle"
                        data-corner=i
                        role="button"
                        tabindex="0"
                        aria-label=move || texts::corner_label(i + 1, count.get())
                        aria-describedby=help_id
                        transform=move || corner(i).map(|p| canvas.handle_at(p))
                        on:pointerdown=move |ev: web_sys::PointerEvent| {
                            if ev.button() == 0 {
                                grab(&ev, i);
                            }
                        }
                        on:keydown=move |ev| on_key(ev, i)
                    >
                        <circle class="handle-hit" r=HANDLE_HIT_PX />
                        <circle class="handle-dot" r=HANDLE_DOT_PX />
                    </g>
                    <g
                        class="midpoint-handle"
                        role="button"
                        tabindex="0"
                        aria-label=move || texts::midpoint_label(i + 1, next() + 1)
                        aria-describedby=help_id
                        transform=move || {
                            let (a, b) = (corner(i)?, corner(next())?);
                            Some(canvas.handle_at(midpoint(a, b)))
                        }
                        on:pointerdown=move |ev: web_sys::PointerEvent| {
                            if ev.button() == 0 {
                                add_after(i);
                                grab(&ev, i + 1);
                            }
                        }
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                add_after(i);
                            }
                        }
                    >
                        <circle
                            class="handle-hit"
                            r=move || {
                                let (a, b) = (corner(i)?, corner(next())?);
                                let edge_px = (b.0 - a.0).hypot(b.1 - a.1) / canvas.per_px.get();
                                Some(midpoint_hit_px(edge_px))
                            }
                        />
                        <circle class="handle-dot" r=MIDPOINT_DOT_PX />
                    </g>
                }
            } />
        </g>
    }
}

/// The touch target of an edge's middle, on an edge `edge_px` screen pixels long: full size
/// where it leaves room for the corners' targets at either end, else shrunk towards its dot,
/// so that a press near a corner always takes the corner.
fn midpoint_hit_px(edge_px: f64) -> f64 {
    (edge_px / 2.0 - HANDLE_HIT_PX).clamp(MIDPOINT_DOT_PX, HANDLE_HIT_PX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_middle_never_covers_its_corners_targets() {
        // Long edge: the full 44 px target, clear of both corners' targets.
        assert_eq!(midpoint_hit_px(400.0), HANDLE_HIT_PX);
        // 60 px: the two corner targets leave 8 px either side of the middle.
        assert_eq!(midpoint_hit_px(60.0), 8.0);
        // Shorter still: just the visible dot, which stays pressable.
        assert_eq!(midpoint_hit_px(20.0), MIDPOINT_DOT_PX);
    }
}
