//! The planners' map of a plan's or future area's outline, on its draft form: the land and
//! every plot (grey, for orientation) under the outline. One polygon is drawn corner by corner
//! or has its corners moved; an outline in parts has one part at a time edited, the others
//! drawn beside it; an outline with holes is drawn, not edited. Each writes the outline to the
//! form's GeoJSON field, and typing in the field redraws the map.

use leptos::prelude::*;

use crate::domain::{
    LocalFrame, LocalLand, LocalPlace, MapPoint, PlotOutline, multipolygon_geojson,
    multipolygon_parts, outline_rings, polygon_geojson, polygon_ring,
};
use crate::staff::draw_outline::DrawOutline;
use crate::staff::edit_map::{Canvas, ContextPlot, EditMap, context_plots};
use crate::staff::texts::{self, SV as T};

/// Room around the outline: the plots and land around it show, and a part can be drawn beside
/// it. A new outline's map frames every plot the same way.
const OUTLINE_MARGIN: f64 = 0.6;
const OUTLINE_MIN_MARGIN_M: f64 = 100.0;

/// What every planning map draws under the outline, framed once around the outline as it was
/// loaded (every part of it), or around every plot for a new one. The server sent the land
/// around the same outline (`db::context::land_around_outline`).
#[derive(Clone)]
struct PlanningGround {
    plots: Vec<ContextPlot>,
    land: LocalLand,
    frame: LocalFrame,
    /// Localities, named on the map; a new outline's map opens at the first.
    places: Vec<LocalPlace>,
}

impl PlanningGround {
    fn around(
        outline: &[Vec<MapPoint>],
        plots: Vec<ContextPlot>,
        land: LocalLand,
        places: Vec<LocalPlace>,
    ) -> Option<Self> {
        let framed: Vec<MapPoint> = if outline.is_empty() {
            plots.iter().flat_map(|p| p.ring.iter().copied()).collect()
        } else {
            outline.iter().flatten().copied().collect()
        };
        let frame = LocalFrame::around(framed, OUTLINE_MARGIN, OUTLINE_MIN_MARGIN_M)?;
        Some(PlanningGround {
            plots,
            land,
            frame,
            places,
        })
    }

    /// The map on which one polygon, `geometry`, is drawn or has its corners moved, with
    /// `context` drawn beside it.
    fn drawing(self, context: Signal<Vec<ContextPlot>>, geometry: RwSignal<String>) -> AnyView {
        view! {
            <DrawOutline
                context
                frame=Signal::stored(self.frame)
                land=Signal::stored(self.land)
                geometry
                label=T.map_planning_label
                help_id="planning-map-help"
                help=T.map_planning_help
                overlap_warning=false
                finish="spara utkastet"
                places=self.places
            />
        }
        .into_any()
    }
}

/// A plan's or future area's map, for the outline in `geometry` as it is when the page opens.
#[component]
pub(super) fn PlanningOutlineMap(
    plots: Vec<PlotOutline>,
    land: LocalLand,
    places: Vec<LocalPlace>,
    geometry: RwSignal<String>,
) -> impl IntoView {
    let outline = geometry.with_untracked(|g| outline_rings(g));
    let Some(ground) = PlanningGround::around(&outline, context_plots(&plots), land, places) else {
        return ().into_any();
    };
    // An outline in parts: one part at a time is edited, the others drawn beside it.
    if geometry.with_untracked(|g| multipolygon_parts(g)).is_some() {
        return view! { <PartsMap ground geometry /> }.into_any();
    }
    // An outline with holes is drawn, not edited here: its field and the file upload change
    // it (rewriting it from its outer ring would drop the holes).
    if geometry.with_untracked(|g| polygon_ring(g)).is_none() && !outline.is_empty() {
        return view! { <OutlineWithHoles ground outline /> }.into_any();
    }
    let plots = Signal::stored(ground.plots.clone());
    ground.drawing(plots, geometry)
}

/// An outline with holes: the outer rings drawn over the land and plots, with a word on how to
/// change it.
#[component]
fn OutlineWithHoles(ground: PlanningGround, outline: Vec<Vec<MapPoint>>) -> impl IntoView {
    let PlanningGround {
        plots, land, frame, ..
    } = ground;
    let canvas = Canvas::new(Signal::stored(frame));
    let d = outline
        .iter()
        .map(|r| frame.path(r, true))
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="edit-map-panel">
            <p class="field-hint">{texts::outline_in_parts(outline.len())}</p>
            <EditMap
                canvas
                label=T.map_planning_label.to_string()
                context=Signal::stored(plots)
                land=Signal::stored(land)
                on_click=Callback::new(|_| ())
            >
                <path class="edited-outline" d=d />
            </EditMap>
        </div>
    }
}

/// A plan's outline in parts (a MultiPolygon): a choice of the part to edit, which the map
/// edits as it edits one polygon (corners dragged, moved with the keys, added, deleted), the
/// other parts drawn beside it; a part can be added (drawn) or removed. Every change rewrites
/// the whole MultiPolygon in `geometry`, and typing in the field redraws the map.
#[component]
fn PartsMap(ground: PlanningGround, geometry: RwSignal<String>) -> impl IntoView {
    let parts = Memo::new(move |_| geometry.with(|g| multipolygon_parts(g)).unwrap_or_default());
    let selected = RwSignal::new(0usize);
    // The part being edited, as a polygon the drawing map works on (empty: a new part).
    let part = RwSignal::new(String::new());
    let load_part = move |i: usize| {
        let text = parts
            .with_untracked(|p| p.get(i).map(|ring| polygon_geojson(ring)))
            .unwrap_or_default();
        part.set(text);
    };
    load_part(0);
    // The edited part back into the whole; a part drawn anew is added at the end.
    Effect::new(move |_| {
        let Some(ring) = part.with(|t| polygon_ring(t)) else {
            return;
        };
        let i = selected.get_untracked();
        let mut all = parts.get_untracked();
        if all.get(i) == Some(&ring) {
            return;
        }
        if i < all.len() {
            all[i] = ring;
        } else {
            all.push(ring);
        }
        geometry.set(multipolygon_geojson(&all));
    });
    // The whole typed anew in its field: the part on the map follows.
    Effect::new(move |_| {
        let i = selected.get_untracked();
        if let Some(ring) = parts.with(|p| p.get(i).cloned())
            && part.with_untracked(|t| polygon_ring(t)).as_ref() != Some(&ring)
        {
            part.set(polygon_geojson(&ring));
        }
    });
    // The other parts, grey and named, with the plots.
    let plots = ground.plots.clone();
    let context = Signal::derive(move || {
        let i = selected.get();
        let mut context = plots.clone();
        context.extend(
            parts
                .get()
                .into_iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(j, ring)| ContextPlot {
                    id: -1 - j as i64,
                    business_area_id: 0,
                    designation: texts::outline_part(j + 1),
                    ring,
                }),
        );
        context
    });
    let choose = move |i: usize| {
        selected.set(i);
        load_part(i);
    };
    let remove = move |_| {
        let i = selected.get_untracked();
        let mut all = parts.get_untracked();
        if all.len() > 1 && i < all.len() {
            all.remove(i);
            geometry.set(multipolygon_geojson(&all));
            choose(0);
        }
    };
    let choices = move || {
        let count = parts.with(Vec::len);
        (0..count)
            .map(|i| {
                let id = format!("outline-part-{}", i + 1);
                view! {
                    <span class="check">
                        <input type="radio" name="outline-part" id=id.clone()
                            prop:checked=move || selected.get() == i
                            on:change=move |_| choose(i) />
                        <label for=id>{texts::outline_part(i + 1)}</label>
                    </span>
                }
            })
            .collect_view()
    };
    let drawing_new = move || selected.get() >= parts.with(Vec::len);
    view! {
        <fieldset class="outline-parts">
            <legend>{texts::outline_in_parts_editable(parts.with(Vec::len))}</legend>
            {choices}
            <button type="button" class="button" on:click=move |_| { selected.set(parts.with_untracked(Vec::len)); part.set(String::new()); }>
                {T.map_new_part}
            </button>
            <button type="button" class="button" disabled=move || drawing_new() || parts.with(Vec::len) < 2 on:click=remove>
                {T.map_remove_part}
            </button>
        </fieldset>
        {ground.drawing(context, part)}
    }
    .into_any()
}
