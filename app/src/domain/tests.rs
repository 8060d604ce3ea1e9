//! Tests of the shared domain types.

use super::*;

#[test]
fn a_box_fitted_to_an_aspect_grows_about_its_centre() {
    let tall = ViewBox {
        x: 0.0,
        y: 0.0,
        width: 100.0,
        height: 200.0,
    };
    assert_eq!(
        tall.fitted_to(2.0),
        ViewBox {
            x: -150.0,
            y: 0.0,
            width: 400.0,
            height: 200.0
        }
    );
    let wide = ViewBox {
        x: 0.0,
        y: 0.0,
        width: 400.0,
        height: 100.0,
    };
    assert_eq!(
        wide.fitted_to(2.0),
        ViewBox {
            x: 0.0,
            y: -50.0,
            width: 400.0,
            height: 200.0
        }
    );
}

#[test]
fn whole_numbers_are_read_as_people_write_them() {
    assert_eq!(parse_whole_number::<u32>("12 000"), Some(12_000));
    assert_eq!(parse_whole_number::<u32>(" 12\u{202F}000 "), Some(12_000));
    assert_eq!(
        parse_whole_number::<u32>(&format_integer(20_000, Lang::Sv)),
        Some(20_000)
    );
    assert_eq!(parse_whole_number::<u32>("12,5"), None);
    assert_eq!(parse_whole_number::<u32>("-3"), None);
    assert_eq!(parse_whole_number::<i32>("-3"), Some(-3));
    assert_eq!(parse_whole_number::<u32>("mycket"), None);
}

#[test]
fn swedish_and_english_number_formats_differ() {
    assert_eq!(format_area_m2(12_499.6, Lang::Sv), "12\u{202F}500 m²");
    assert_eq!(format_area_m2(12_499.6, Lang::En), "12,500 m²");
    assert_eq!(format_integer(999, Lang::En), "999");
    assert_eq!(format_integer(1_000_000, Lang::En), "1,000,000");
    assert_eq!(format_integer(-4_500, Lang::Sv), "-4\u{202F}500");
    assert_eq!(format_hectares(12_500.0, Lang::Sv), "1,25 ha");
    assert_eq!(format_sek(450, Lang::Sv), "450 kr");
    assert_eq!(format_sek(5_625_000, Lang::En), "SEK 5,625,000");
}

/// An available plot of 12,500 m² at 450 kr/m², its name's room 30 × 80 m.
fn map_plot() -> MapPlot {
    MapPlot {
        id: 1,
        designation: "Görla 9:41".into(),
        business_area: "Görla".into(),
        status: PlotStatus::Available,
        area_m2: 12_500.2,
        price_sek_per_m2: Some(450),
        svg_path: String::new(),
        label_x: 0.0,
        label_y: 0.0,
        label_width: 30.0,
        label_height: 80.0,
    }
}

#[test]
fn accessible_name_says_designation_status_and_area() {
    let plot = map_plot();
    assert_eq!(
        plot.accessible_name(Lang::Sv),
        "Görla 9:41, tillgänglig, 12\u{202F}500 m²"
    );
    assert_eq!(plot.total_price_sek(), Some(5_625_000));
}

#[test]
fn every_status_and_stage_has_distinct_labels_in_both_languages() {
    for lang in [Lang::Sv, Lang::En] {
        let mut labels: Vec<_> = PlotStatus::ALL.iter().map(|s| s.label(lang)).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), PlotStatus::ALL.len());
        let mut stages: Vec<_> = PlanStage::ALL.iter().map(|s| s.label(lang)).collect();
        stages.sort();
        stages.dedup();
        assert_eq!(stages.len(), PlanStage::ALL.len());
    }
}

#[test]
fn land_use_codes_round_trip() {
    for u in LandUse::ALL {
        assert_eq!(LandUse::from_code(u.code()), Some(u));
    }
    assert_eq!(LandUse::from_code("X"), None);
}

#[test]
fn organisationsnummer_checks_format_and_check_digit() {
    // Skatteverket's own organisationsnummer.
    assert_eq!(
        OrgNumber::parse("202100-5448").unwrap().as_str(),
        "202100-5448"
    );
    assert_eq!(
        OrgNumber::parse("2021005448").unwrap().as_str(),
        "202100-5448"
    );
    assert_eq!(
        OrgNumber::parse("202100-5449"),
        Err(OrgNumberError::CheckDigit)
    );
    assert_eq!(OrgNumber::parse("20210-05448"), Err(OrgNumberError::Format));
    assert_eq!(OrgNumber::parse("2021OO-5448"), Err(OrgNumberError::Format));
    assert_eq!(OrgNumber::parse(""), Err(OrgNumberError::Format));
}

#[test]
fn zoom_keeps_the_point_under_the_cursor() {
    let view = ViewBox {
        x: 0.0,
        y: 0.0,
        width: 1000.0,
        height: 500.0,
    };
    let zoomed = view.zoomed(0.5, 250.0, 100.0);
    assert_eq!(
        zoomed,
        ViewBox {
            x: 125.0,
            y: 50.0,
            width: 500.0,
            height: 250.0
        }
    );
    // The cursor point keeps its relative position in the box.
    assert!(((250.0 - zoomed.x) / zoomed.width - 0.25).abs() < 1e-12);
    // Zoom is bounded so the map can never collapse to nothing.
    let tiny = view.zoomed(1e-9, 0.0, 0.0);
    assert_eq!(tiny.width, MIN_VIEW_WIDTH);
}

#[test]
fn a_view_survives_the_url() {
    let view = ViewBox {
        x: 2_077_301.0,
        y: -8_349_517.0,
        width: 961.0,
        height: 956.0,
    };
    assert_eq!(view.to_param(), "2077301,-8349517,961,956");
    assert_eq!(ViewBox::from_param(&view.to_param()), Some(view));
    assert_eq!(ViewBox::from_param("1,2,3"), None);
    assert_eq!(ViewBox::from_param("1,2,nan,4"), None);
    assert_eq!(
        ViewBox::from_param("0,0,1,1"),
        None,
        "closer than the zoom allows"
    );
}

#[test]
fn a_covering_box_holds_every_box() {
    let a = ViewBox {
        x: 0.0,
        y: 0.0,
        width: 10.0,
        height: 10.0,
    };
    let b = ViewBox {
        x: 20.0,
        y: -5.0,
        width: 5.0,
        height: 5.0,
    };
    assert_eq!(
        ViewBox::covering(&[a, b]),
        Some(ViewBox {
            x: 0.0,
            y: -5.0,
            width: 25.0,
            height: 15.0
        })
    );
    assert_eq!(ViewBox::covering(&[]), None);
}

#[test]
fn centring_keeps_the_size() {
    let view = ViewBox {
        x: 10.0,
        y: 20.0,
        width: 100.0,
        height: 60.0,
    };
    let centred = view.centred_on(0.0, 0.0);
    assert_eq!(centred.center(), (0.0, 0.0));
    assert_eq!((centred.width, centred.height), (100.0, 60.0));
}

#[test]
fn base_map_tiles_cover_the_view_at_a_sensible_zoom() {
    // Norrtälje town, about 10 km across drawn 1000 px wide: ~10 m/px is zoom 14.
    let view = ViewBox {
        x: 2_077_000.0,
        y: -8_349_000.0,
        width: 10_000.0,
        height: 6_000.0,
    };
    let tiles = tiles_for_view(view, 1000.0, "https://t/{z}/{x}/{y}.png", MAX_TILE_ZOOM);
    assert!(!tiles.is_empty());
    assert!(tiles[0].url.starts_with("https://t/14/"));
    // Norrtälje lies in tile x = 9043, y = 4779 at zoom 14 (lon 18.705 E, lat 59.758 N).
    assert!(
        tiles.iter().any(|t| t.url == "https://t/14/9043/4779.png"),
        "{tiles:?}"
    );
    // Together the tiles cover the whole view.
    let min_x = tiles.iter().map(|t| t.x).fold(f64::INFINITY, f64::min);
    let max_x = tiles
        .iter()
        .map(|t| t.x + t.size)
        .fold(f64::NEG_INFINITY, f64::max);
    let min_y = tiles.iter().map(|t| t.y).fold(f64::INFINITY, f64::min);
    let max_y = tiles
        .iter()
        .map(|t| t.y + t.size)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(min_x <= view.x && max_x >= view.x + view.width);
    assert!(min_y <= view.y && max_y >= view.y + view.height);
}

#[test]
fn closer_than_the_base_maps_last_zoom_its_tiles_are_drawn_larger() {
    // A plot-scale view (500 m across, 1000 px) would take zoom 18; a provider that stops at
    // 15 gives its zoom-15 tiles, still covering the whole view.
    let view = ViewBox {
        x: 2_077_000.0,
        y: -8_349_000.0,
        width: 500.0,
        height: 300.0,
    };
    assert!(
        tiles_for_view(view, 1000.0, "{z}/{x}/{y}", MAX_TILE_ZOOM)[0]
            .url
            .starts_with("18/")
    );
    let tiles = tiles_for_view(view, 1000.0, "{z}/{x}/{y}", 15);
    assert!(tiles.iter().all(|t| t.url.starts_with("15/")), "{tiles:?}");
    let west = tiles.iter().map(|t| t.x).fold(f64::INFINITY, f64::min);
    let east = tiles
        .iter()
        .map(|t| t.x + t.size)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(west <= view.x && east >= view.x + view.width);
}

#[test]
fn what_a_frame_shows_is_the_box_grown_to_the_frames_shape() {
    // A 3:2 box in a 1366 × 600 frame: the frame is wider, so it shows more east and west.
    let view = ViewBox {
        x: 0.0,
        y: 0.0,
        width: 3000.0,
        height: 2000.0,
    };
    let shown = view.visible_in((1366.0, 600.0));
    assert!((shown.height - 2000.0).abs() < 1e-9);
    assert!((shown.width / shown.height - 1366.0 / 600.0).abs() < 1e-9);
    assert!((shown.center().0 - 1500.0).abs() < 1e-9 && (shown.center().1 - 1000.0).abs() < 1e-9);
    // Its corners are the frame's corners, as `map_point` has them.
    let (x, y) = view.map_point((1366.0, 600.0), 0.0, 0.0);
    assert!((x - shown.x).abs() < 1e-6 && (y - shown.y).abs() < 1e-6);
    // A phone's tall frame shows more north and south.
    let tall = view.visible_in((360.0, 780.0));
    assert!((tall.width - 3000.0).abs() < 1e-9 && tall.height > 6000.0);
    // The tiles chosen for it cover all of it.
    let tiles = tiles_for_view(shown, 1366.0, "t/{z}/{x}/{y}", MAX_TILE_ZOOM);
    let west = tiles.iter().map(|t| t.x).fold(f64::INFINITY, f64::min);
    let east = tiles
        .iter()
        .map(|t| t.x + t.size)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(west <= shown.x && east >= shown.x + shown.width);
}

#[test]
fn a_map_point_is_drawn_where_the_view_box_puts_it() {
    // A square box in a drawing twice as wide as tall: fitted to the height, centred.
    let view = ViewBox {
        x: 1000.0,
        y: 2000.0,
        width: 100.0,
        height: 100.0,
    };
    assert_eq!(
        view.screen_point((200.0, 100.0), 1000.0, 2000.0),
        (50.0, 0.0)
    );
    assert_eq!(
        view.screen_point((200.0, 100.0), 1050.0, 2050.0),
        (100.0, 50.0)
    );
    assert_eq!(
        view.screen_point((200.0, 100.0), 1100.0, 2100.0),
        (150.0, 100.0)
    );
    // And back: the map point under a screen position.
    assert_eq!(
        view.map_point((200.0, 100.0), 100.0, 50.0),
        (1050.0, 2050.0)
    );
    assert_eq!(view.units_per_px((200.0, 100.0)), 1.0);
}

#[test]
fn the_tooltip_says_designation_status_area_and_price() {
    let mut plot = map_plot();
    assert_eq!(
        plot.hint(Lang::Sv),
        (
            "Görla 9:41".to_string(),
            "tillgänglig · 12\u{202F}500 m² · 450 kr/m²".to_string()
        )
    );
    plot.price_sek_per_m2 = None;
    assert_eq!(
        plot.hint(Lang::En).1,
        "available · 12,500 m² · price on request"
    );
    assert_eq!(plot.size_m(), 80.0);
}

#[test]
fn the_editor_measures_a_ring_and_tells_an_overlap_from_a_shared_boundary() {
    let square = |x: f64, y: f64, side: f64| {
        vec![(x, y), (x + side, y), (x + side, y + side), (x, y + side)]
    };
    let plot = square(674_000.0, 6_620_000.0, 100.0);
    assert_eq!(ring_area_m2(&plot), 10_000.0);
    // Beside it, sharing an edge: no overlap.
    assert!(!rings_overlap(
        &plot,
        &square(674_100.0, 6_620_000.0, 100.0)
    ));
    // Sharing a corner only, or far apart: none.
    assert!(!rings_overlap(&plot, &square(674_100.0, 6_620_100.0, 50.0)));
    assert!(!rings_overlap(&plot, &square(675_000.0, 6_620_000.0, 50.0)));
    // A metre into it: overlap, by crossing edges.
    assert!(rings_overlap(&plot, &square(674_099.0, 6_620_010.0, 50.0)));
    // Wholly inside, and the same plot twice: overlap.
    assert!(rings_overlap(&plot, &square(674_010.0, 6_620_010.0, 10.0)));
    assert!(rings_overlap(&plot, &plot));
}

/// A staff plot with every fact plain: available, published, version 3.
fn staff_plot() -> StaffPlot {
    StaffPlot {
        id: 1,
        designation: "Görla 9:41".into(),
        business_area: "Görla".into(),
        locality: "Norrtälje".into(),
        area_m2: 1000.0,
        status: PlotStatus::Available,
        reserved_until: None,
        reserved_for: None,
        price_sek_per_m2: Some(450),
        permitted_uses: vec!["Z".into(), "K".into()],
        water_sewage: WaterSewage::Connected,
        electrical_capacity_kw: None,
        district_heating: false,
        fiber: false,
        public_description: String::new(),
        public_description_en: String::new(),
        internal_notes: String::new(),
        contact_person_id: None,
        published: true,
        version: 3,
        updated_at: chrono::Utc::now().naive_utc(),
    }
}

#[test]
fn the_overview_finds_plots_by_designation_or_area_and_by_status() {
    let mut plot = staff_plot();
    plot.business_area = "Görla verksamhetsområde".into();
    plot.status = PlotStatus::Reserved;
    assert!(plot.matches("", None));
    assert!(plot.matches(" 9:4 ", None));
    assert!(plot.matches("GÖRLA VERK", Some(PlotStatus::Reserved)));
    assert!(!plot.matches("Rimbo", None));
    assert!(!plot.matches("", Some(PlotStatus::Available)));
}

#[test]
fn the_same_uses_in_another_order_are_no_change_in_the_history() {
    let plot = staff_plot();
    let mut edit = PlotEdit {
        based_on_version: 3,
        status: PlotStatus::Sold,
        reserved_until: None,
        reserved_for: None,
        price_sek_per_m2: Some(450),
        permitted_uses: vec!["K".into(), "Z".into()],
        water_sewage: WaterSewage::Connected,
        electrical_capacity_kw: None,
        district_heating: false,
        fiber: false,
        public_description: String::new(),
        public_description_en: String::new(),
        internal_notes: String::new(),
        contact_person_id: None,
    };
    let fields = |edit: &PlotEdit| {
        edit.changes_from(&plot)
            .into_iter()
            .map(|c| c.field)
            .collect::<Vec<_>>()
    };
    // Only the status changed: no "Användning: 'Z, K' → 'K, Z'".
    assert_eq!(fields(&edit), ["status"]);
    edit.permitted_uses = vec!["K".into()];
    assert_eq!(fields(&edit), ["status", "anvandning"]);
}

#[test]
fn an_english_description_with_a_nul_byte_is_refused_naming_its_field() {
    let plot = staff_plot();
    let mut form = PlotEditForm::from_plot(&plot, "csrf");
    form.public_description_en = "A level plot\0".into();
    let errors = form.validate(plot.status).unwrap_err();
    assert_eq!(
        errors.iter().map(|e| e.field).collect::<Vec<_>>(),
        [PlotField::PublicDescriptionEn]
    );
    assert!(
        errors[0]
            .message
            .starts_with("Den engelska beskrivningen: ")
    );
    // Markup is text like any other: kept as typed.
    form.public_description_en = "</title><script>alert(1)</script>".into();
    let edit = form.validate(plot.status).unwrap();
    assert_eq!(
        edit.public_description_en,
        "</title><script>alert(1)</script>"
    );
}

#[test]
fn a_multipolygon_reads_back_as_the_parts_it_was_written_from() {
    let parts = vec![
        vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)],
        vec![(20.0, 0.0), (30.0, 0.0), (30.0, 10.0), (20.0, 10.0)],
    ];
    let text = multipolygon_geojson(&parts);
    assert_eq!(multipolygon_parts(&text), Some(parts.clone()));
    assert_eq!(outline_rings(&text), parts);
    // A part with a hole is not for the map to rewrite.
    let holed = r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[9,0],[9,9],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]]}"#;
    assert_eq!(multipolygon_parts(holed), None);
    assert_eq!(multipolygon_parts(&polygon_geojson(&parts[0])), None);
}

#[test]
fn a_scale_bar_is_a_round_distance_measured_on_the_ground() {
    assert_eq!(round_distance(130.0), 100.0);
    assert_eq!(round_distance(240.0), 200.0);
    assert_eq!(round_distance(999.0), 500.0);
    assert_eq!(round_distance(7_300.0), 5_000.0);
    assert_eq!(scale_label(500.0), "500 m");
    assert_eq!(scale_label(2_000.0), "2 km");
    // At Norrtälje (59.76° N, y = -8,347,000 drawn down) a Web Mercator metre is half a metre
    // on the ground: cos(59.76°) = 0.503.
    let factor = ground_metres_per_mercator_unit(-8_347_000.0);
    assert!((factor - 0.5036).abs() < 0.001, "{factor}");
    assert!((ground_metres_per_mercator_unit(0.0) - 1.0).abs() < 1e-12);
}
