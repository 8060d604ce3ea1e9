//! Which names the map writes, and where, so that no two overlap: localities first, then
//! business areas (at the overview), future areas, streets and plots, each placed only where
//! it fits. The same placement runs on the server and in the browser, from the view and the
//! drawing's size, so the hydrated map writes what the server wrote.

use super::{Lang, MapData, MapFutureArea, MapPlot, PlotStatus, ViewBox, format_area_m2};

/// What a label names; earlier kinds win a place first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LabelKind {
    Locality,
    /// Shown only when asked for (a layer the user turns on), so before business areas.
    FutureArea,
    BusinessArea,
    /// A main road's number, as on its sign.
    Road,
    Street,
    Plot,
}

impl LabelKind {
    pub fn key(self) -> &'static str {
        match self {
            LabelKind::Locality => "locality",
            LabelKind::BusinessArea => "business-area",
            LabelKind::FutureArea => "future-area",
            LabelKind::Road => "road",
            LabelKind::Street => "street",
            LabelKind::Plot => "plot",
        }
    }

    /// Text size in screen pixels.
    pub fn font_px(self) -> f64 {
        match self {
            LabelKind::Locality => 13.0,
            LabelKind::Plot => 11.0,
            _ => 12.0,
        }
    }
}

/// How the text sits on its point: beside it (a locality's dot), or centred on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelAnchor {
    /// Starts 6 px right of the point, its baseline 5 px above it.
    Beside,
    /// Centred on the point.
    Centred,
    /// Centred 18 px below the point (under a business area's marker).
    Below,
}

/// A name the map could write at a map point.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelCandidate {
    pub kind: LabelKind,
    /// Unique among the candidates (the page keys its labels by it).
    pub key: String,
    pub lines: Vec<String>,
    pub x: f64,
    pub y: f64,
    pub anchor: LabelAnchor,
    /// Degrees clockwise, about the point (streets run along their line).
    pub angle: f64,
    /// Other places (x, y, turn) to try, in order, when the label does not fit at the first:
    /// a street's name anywhere along it.
    pub elsewhere: Vec<(f64, f64, f64)>,
    /// The room (width, height, in map units) the label must fit in to be written: a plot's
    /// name goes inside the plot. Lines that do not fit are dropped from the end.
    pub needs_room: Option<(f64, f64)>,
    /// The plot a plot's label names (the map hides the plots a filter or layer leaves out,
    /// and their names with them).
    pub plot: Option<(i64, PlotStatus)>,
}

/// A label given its place: its box on screen, in pixels from the drawing's top left.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedLabel {
    pub candidate: LabelCandidate,
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// A character's advance, as a share of the text size: generous for the bold and the wide
/// letters (å, ä, ö, m), so an estimated box holds the drawn text.
const CHAR_WIDTH_EM: f64 = 0.64;
const LINE_HEIGHT_EM: f64 = 1.25;
/// Room kept free around every label, in pixels.
const GAP_PX: f64 = 3.0;

impl LabelCandidate {
    /// The text's size on screen in pixels, before turning: (width, height).
    pub fn text_size_px(&self) -> (f64, f64) {
        let font = self.kind.font_px();
        let longest = self
            .lines
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        // A road's number stands on a sign of its colour (a wide halo) in bold digits.
        let sign = if self.kind == LabelKind::Road {
            8.0
        } else {
            0.0
        };
        (
            longest as f64 * font * CHAR_WIDTH_EM + sign,
            self.lines.len() as f64 * font * LINE_HEIGHT_EM + sign / 2.0,
        )
    }

    /// The box the label covers on screen (left, top, width, height), turned and anchored.
    /// Where the text's centre is, relative to the label's point, in screen pixels (see
    /// [`LabelAnchor`]).
    pub fn centre_offset_px(&self) -> (f64, f64) {
        let (w, h) = self.text_size_px();
        match self.anchor {
            LabelAnchor::Beside => (6.0 + w / 2.0, -5.0 - h / 2.0 + self.kind.font_px() * 0.3),
            LabelAnchor::Centred => (0.0, 0.0),
            LabelAnchor::Below => (0.0, 18.0),
        }
    }

    fn screen_box(&self, view: ViewBox, per_px: f64) -> (f64, f64, f64, f64) {
        let (w, h) = self.text_size_px();
        let (dx, dy) = self.centre_offset_px();
        let (cx, cy) = (
            (self.x - view.x) / per_px + dx,
            (self.y - view.y) / per_px + dy,
        );
        let (sin, cos) = self.angle.to_radians().sin_cos();
        let bw = (w * cos).abs() + (h * sin).abs();
        let bh = (w * sin).abs() + (h * cos).abs();
        (cx - bw / 2.0, cy - bh / 2.0, bw, bh)
    }
}

/// The labels to write for `view` drawn at `per_px` map units per pixel on a drawing
/// `screen_px` pixels large: by kind, then in the order given, each where it fits inside the
/// drawing, clear of every label placed before it.
pub fn place_labels<'a>(
    candidates: impl IntoIterator<Item = &'a LabelCandidate>,
    view: ViewBox,
    per_px: f64,
    screen_px: (f64, f64),
) -> Vec<PlacedLabel> {
    place_labels_clear_of(candidates, view, per_px, screen_px, &[])
}

/// As [`place_labels`], clear also of the drawing's own marks: `taken` boxes (left, top, width,
/// height) in pixels from its top left, such as a scale bar in its corner.
pub fn place_labels_clear_of<'a>(
    candidates: impl IntoIterator<Item = &'a LabelCandidate>,
    view: ViewBox,
    per_px: f64,
    screen_px: (f64, f64),
    taken: &[(f64, f64, f64, f64)],
) -> Vec<PlacedLabel> {
    if !(per_px.is_finite() && per_px > 0.0) {
        return Vec::new();
    }
    let mut order: Vec<&LabelCandidate> = candidates.into_iter().collect();
    order.sort_by_key(|c| c.kind);
    // The drawing shows the view centred in its box ("meet"): where the view's corner is.
    let shown = ViewBox {
        x: view.x + view.width / 2.0 - screen_px.0 * per_px / 2.0,
        y: view.y + view.height / 2.0 - screen_px.1 * per_px / 2.0,
        width: screen_px.0 * per_px,
        height: screen_px.1 * per_px,
    };
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for candidate in order {
        let Some(candidate) = fitted(candidate, per_px) else {
            continue;
        };
        let places = std::iter::once((candidate.x, candidate.y, candidate.angle))
            .chain(candidate.elsewhere.iter().copied());
        for (x, y, angle) in places {
            let here = LabelCandidate {
                x,
                y,
                angle,
                elsewhere: Vec::new(),
                ..candidate.clone()
            };
            let (left, top, width, height) = here.screen_box(shown, per_px);
            let inside = left >= 0.0
                && top >= 0.0
                && left + width <= screen_px.0
                && top + height <= screen_px.1;
            let clear = placed
                .iter()
                .map(|p| (p.left, p.top, p.width, p.height))
                .chain(taken.iter().copied())
                .all(|(l, t, w, h)| {
                    left + width + GAP_PX <= l
                        || l + w + GAP_PX <= left
                        || top + height + GAP_PX <= t
                        || t + h + GAP_PX <= top
                });
            if inside && clear {
                placed.push(PlacedLabel {
                    candidate: here,
                    left,
                    top,
                    width,
                    height,
                });
                break;
            }
        }
    }
    placed
}

/// The candidate with as many of its lines as fit in the room it needs (a plot's name without
/// its area when only the name fits), or `None` when not even the first line fits.
fn fitted(candidate: &LabelCandidate, per_px: f64) -> Option<LabelCandidate> {
    let Some((w, h)) = candidate.needs_room else {
        return Some(candidate.clone());
    };
    let mut label = candidate.clone();
    while !label.lines.is_empty() {
        let (tw, th) = label.text_size_px();
        if w / per_px >= tw + 2.0 * GAP_PX && h / per_px >= th + GAP_PX {
            return Some(label);
        }
        label.lines.pop();
    }
    None
}

impl MapData {
    /// Every name the map could write but those of what it fetches as it moves (plots and
    /// future areas: [`plot_label_candidates`], [`future_area_label_candidates`]): localities,
    /// business areas, main roads' numbers and streets.
    pub fn label_candidates(&self) -> Vec<LabelCandidate> {
        let data = self;
        let candidate =
            |kind: LabelKind, key: String, lines: Vec<String>, (x, y): (f64, f64)| LabelCandidate {
                kind,
                key,
                lines,
                x,
                y,
                anchor: LabelAnchor::Centred,
                angle: 0.0,
                needs_room: None,
                plot: None,
                elsewhere: Vec::new(),
            };
        let localities = data.localities.iter().map(|l| LabelCandidate {
            anchor: LabelAnchor::Beside,
            ..candidate(
                LabelKind::Locality,
                format!("locality-{}", l.name),
                vec![l.name.clone()],
                (l.x, l.y),
            )
        });
        let areas = data.business_areas.iter().map(|a| LabelCandidate {
            anchor: LabelAnchor::Below,
            ..candidate(
                LabelKind::BusinessArea,
                format!("area-{}", a.id),
                vec![a.name.clone()],
                a.extent.center(),
            )
        });
        let roads = data.roads.iter().filter_map(|r| {
            let mut places = r.label_x.iter().zip(&r.label_y).map(|(x, y)| (*x, *y, 0.0));
            let (x, y, _) = places.next()?;
            Some(LabelCandidate {
                elsewhere: places.collect(),
                ..candidate(
                    LabelKind::Road,
                    format!("road-{}", r.name),
                    vec![r.sign.clone()],
                    (x, y),
                )
            })
        });
        let streets = data.streets.iter().filter_map(|s| {
            let mut places = s.label_places().into_iter();
            let (x, y, angle) = places.next()?;
            Some(LabelCandidate {
                angle,
                elsewhere: places.collect(),
                ..candidate(
                    LabelKind::Street,
                    format!("street-{}", s.name),
                    vec![s.name.clone()],
                    (x, y),
                )
            })
        });
        localities
            .chain(areas)
            .chain(roads)
            .chain(streets)
            .collect()
    }
}

/// The names of the future areas the map has, each with its horizon.
pub fn future_area_label_candidates(areas: &[MapFutureArea]) -> Vec<LabelCandidate> {
    areas
        .iter()
        .map(|f| LabelCandidate {
            kind: LabelKind::FutureArea,
            key: format!("future-{}", f.id),
            lines: vec![format!("{} {}", f.name, f.horizon())],
            x: f.label_x,
            y: f.label_y,
            anchor: LabelAnchor::Centred,
            angle: 0.0,
            needs_room: None,
            plot: None,
            elsewhere: Vec::new(),
        })
        .collect()
}

/// The names the map may write on plots: designation and area, where the plot has room.
pub fn plot_label_candidates(plots: &[MapPlot], lang: Lang) -> Vec<LabelCandidate> {
    plots
        .iter()
        .map(|p| LabelCandidate {
            kind: LabelKind::Plot,
            key: format!("plot-{}", p.id),
            lines: vec![p.designation.clone(), format_area_m2(p.area_m2, lang)],
            x: p.label_x,
            y: p.label_y,
            anchor: LabelAnchor::Centred,
            angle: 0.0,
            needs_room: Some((p.label_width, p.label_height)),
            plot: Some((p.id, p.status)),
            elsewhere: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(kind: LabelKind, key: &str, text: &str, x: f64, y: f64) -> LabelCandidate {
        LabelCandidate {
            kind,
            key: key.into(),
            lines: vec![text.into()],
            x,
            y,
            anchor: LabelAnchor::Centred,
            angle: 0.0,
            needs_room: None,
            plot: None,
            elsewhere: Vec::new(),
        }
    }

    const VIEW: ViewBox = ViewBox {
        x: 0.0,
        y: 0.0,
        width: 1000.0,
        height: 500.0,
    };

    #[test]
    fn labels_that_would_overlap_give_way_to_the_more_important() {
        let candidates = [
            label(
                LabelKind::FutureArea,
                "f",
                "Norrtälje södra vid E18 2030–2040",
                500.0,
                250.0,
            ),
            label(LabelKind::Locality, "l", "Norrtälje", 520.0, 250.0),
            label(
                LabelKind::FutureArea,
                "far",
                "Rimbo stationsområde",
                100.0,
                100.0,
            ),
        ];
        let placed = place_labels(&candidates, VIEW, 1.0, (1000.0, 500.0));
        let keys: Vec<&str> = placed.iter().map(|p| p.candidate.key.as_str()).collect();
        assert_eq!(keys, ["l", "far"]);
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(
                    a.left + a.width <= b.left
                        || b.left + b.width <= a.left
                        || a.top + a.height <= b.top
                        || b.top + b.height <= a.top
                );
            }
        }
    }

    #[test]
    fn a_plot_is_named_only_when_its_name_fits_inside_it() {
        let mut plot = label(LabelKind::Plot, "p", "Görla 9:11", 500.0, 250.0);
        plot.lines.push("2 400 m²".into());
        plot.needs_room = Some((60.0, 40.0));
        // 60 m across at 1 m a pixel: too narrow for ten characters of 11 px.
        assert!(place_labels(&[plot.clone()], VIEW, 1.0, (1000.0, 500.0)).is_empty());
        // At four pixels a metre it is 240 px across.
        let zoomed = ViewBox {
            x: 375.0,
            y: 187.5,
            width: 250.0,
            height: 125.0,
        };
        let placed = place_labels(&[plot.clone()], zoomed, 0.25, (1000.0, 500.0));
        assert_eq!(placed[0].candidate.lines.len(), 2, "name and area");
        // Flatter: the name fits, its area does not.
        plot.needs_room = Some((60.0, 7.0));
        let placed = place_labels(&[plot], zoomed, 0.25, (1000.0, 500.0));
        assert_eq!(placed[0].candidate.lines, ["Görla 9:11"]);
    }

    #[test]
    fn labels_outside_the_drawing_are_not_written() {
        let outside = label(LabelKind::Locality, "o", "Grisslehamn", 2_000.0, 250.0);
        let edge = label(LabelKind::Locality, "e", "Grisslehamn", 995.0, 250.0);
        assert!(place_labels(&[outside, edge], VIEW, 1.0, (1000.0, 500.0)).is_empty());
    }

    #[test]
    fn a_label_that_does_not_fit_at_its_first_place_goes_to_the_next() {
        let town = label(LabelKind::Locality, "l", "Norrtälje", 500.0, 250.0);
        let mut street = label(LabelKind::Street, "s", "Görla industriväg", 505.0, 250.0);
        street.elsewhere = vec![(2_000.0, 250.0, 0.0), (500.0, 400.0, 0.0)];
        let placed = place_labels(&[street, town], VIEW, 1.0, (1000.0, 500.0));
        assert_eq!(placed.len(), 2);
        assert_eq!(
            (placed[1].candidate.x, placed[1].candidate.y),
            (500.0, 400.0)
        );
    }

    #[test]
    fn a_turned_label_covers_its_turned_box() {
        let mut street = label(LabelKind::Street, "s", "Görla industriväg", 500.0, 250.0);
        street.angle = 90.0;
        let placed = place_labels(&[street], VIEW, 1.0, (1000.0, 500.0));
        assert!(placed[0].height > placed[0].width, "{placed:?}");
    }
}
