//! The staff workspace's rules: access, transitions, the editor's validation and its changes.

use crate::domain::*;

#[test]
fn every_plot_field_has_its_own_name_that_reads_back() {
    let mut names: Vec<&str> = PlotField::ALL.iter().map(|f| f.name()).collect();
    for field in PlotField::ALL {
        assert_eq!(PlotField::from_name(field.name()), Some(field));
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), PlotField::ALL.len());
}

#[test]
fn transitions_follow_the_sales_process() {
    use PlotStatus::*;
    assert!(Available.may_become(Reserved));
    assert!(Reserved.may_become(Sold));
    assert!(Reserved.may_become(Available));
    assert!(Sold.may_become(NotForSale));
    assert!(NotForSale.may_become(Available));
    assert!(!Available.may_become(Sold), "a sale follows a reservation");
    assert!(
        !Sold.may_become(Available),
        "a sold plot is not for sale again"
    );
    for status in PlotStatus::ALL {
        assert!(status.may_become(status));
        assert!(status.may_become(NotForSale));
    }
}

#[test]
fn roles_decide_what_may_be_done() {
    assert!(Role::Staff.may(Permission::EditPlots));
    assert!(!Role::Planner.may(Permission::EditPlots));
    assert!(Role::Admin.may(Permission::ManageAccounts));
    assert!(!Role::Staff.may(Permission::ManageAccounts));
    assert!(Role::Planner.may(Permission::EditPlans));
    assert!(Role::Admin.may(Permission::EditPlans));
    assert!(!Role::Staff.may(Permission::EditPlans));
    assert!(Role::Staff.may(Permission::ReadPlans));
    // The insights role reads the insights and nothing else; admins read them too.
    assert!(Role::Insights.may(Permission::ReadInsights));
    assert!(Role::Admin.may(Permission::ReadInsights));
    assert!(!Role::Staff.may(Permission::ReadInsights));
    assert!(!Role::Planner.may(Permission::ReadInsights));
    for other in [
        Permission::EditPlots,
        Permission::HandleInterests,
        Permission::ManageAccounts,
        Permission::ManageContacts,
        Permission::ReadPlans,
        Permission::EditPlans,
    ] {
        assert!(!Role::Insights.may(other), "{other:?}");
    }
    assert_eq!(
        Viewer::require(None, Permission::EditPlots),
        Err(Denied::NotSignedIn)
    );
}

#[test]
fn a_reservation_needs_a_holder_and_an_end_date() {
    let form = PlotEditForm {
        version: "3".into(),
        status: "reserved".into(),
        water_sewage: "connected".into(),
        price: "12 x".into(),
        ..PlotEditForm::default()
    };
    let errors = form.validate(PlotStatus::Available).unwrap_err();
    let fields: Vec<PlotField> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        vec![
            PlotField::ReservedUntil,
            PlotField::ReservedFor,
            PlotField::Price
        ]
    );
    let form = PlotEditForm {
        reserved_until: "2027-06-30".into(),
        reserved_for: "Hamnlogistik AB".into(),
        price: "1 200".into(),
        ..form
    };
    let edit = form.validate(PlotStatus::Available).unwrap();
    assert_eq!(edit.based_on_version, 3);
    assert_eq!(edit.price_sek_per_m2, Some(1200));
    assert_eq!(edit.reserved_for.as_deref(), Some("Hamnlogistik AB"));
    let refused = PlotEditForm {
        status: "sold".into(),
        ..form
    }
    .validate(PlotStatus::Available)
    .unwrap_err();
    assert_eq!(refused[0].field, PlotField::Status);
    assert_eq!(refused[0].message, "En tillgänglig tomt kan inte bli såld.");
}

fn plan_form() -> PlanningForm {
    PlanningForm {
        version: "1".into(),
        name: "Görla etapp 4".into(),
        plan_id: "0188-P2027/1".into(),
        stage: "samrad".into(),
        date_planbesked: "2026-03-01".into(),
        date_samrad: "2026-11-15".into(),
        next_stage_date: "2027-04-01".into(),
        permitted_uses: vec!["J".into(), "Z".into(), "J".into()],
        documents_url: "https://www.norrtalje.se/planer/gorla4".into(),
        ..PlanningForm::default()
    }
}

#[test]
fn a_plan_form_reads_its_stages_and_the_expected_next_one() {
    let content = plan_form().validate(PlanningKind::DetailedPlan).unwrap();
    let KindFacts::Plan(plan) = &content.facts else {
        panic!("a plan")
    };
    assert_eq!(plan.stage, PlanStage::Samrad);
    assert_eq!(
        plan.permitted_uses,
        vec![LandUse::Industry, LandUse::Business]
    );
    let dates: Vec<(PlanStage, bool)> = plan
        .stage_dates
        .iter()
        .map(|s| (s.stage, s.expected))
        .collect();
    assert_eq!(
        dates,
        vec![
            (PlanStage::Planbesked, false),
            (PlanStage::Samrad, false),
            (PlanStage::Granskning, true)
        ]
    );
    // The form filled in from the content reads back as the same content.
    let again = PlanningForm::from_content(&content, String::new(), 1);
    assert_eq!(again.validate(PlanningKind::DetailedPlan).unwrap(), content);
}

#[test]
fn a_plan_form_names_each_wrong_field() {
    let form = PlanningForm {
        name: "Görla\0".into(),
        plan_id: String::new(),
        stage: "klar".into(),
        date_samrad: "15/11/2026".into(),
        documents_url: "javascript:alert(1)".into(),
        permitted_uses: vec!["X".into()],
        ..plan_form()
    };
    let errors = form.validate(PlanningKind::DetailedPlan).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "namn",
            "plan_id",
            "skede",
            "plandokument",
            "anvandning",
            "datum_samrad"
        ]
    );
}

#[test]
fn the_same_uses_and_dates_in_another_order_are_no_change() {
    let content = plan_form().validate(PlanningKind::DetailedPlan).unwrap();
    let mut reordered = content.clone();
    let KindFacts::Plan(plan) = &mut reordered.facts else {
        panic!("a plan")
    };
    assert!(plan.permitted_uses.len() > 1, "{:?}", plan.permitted_uses);
    plan.permitted_uses.reverse();
    plan.stage_dates.reverse();
    assert_eq!(content.fact_rows(&[]), reordered.fact_rows(&[]));
    // Another use is a change.
    if let KindFacts::Plan(plan) = &mut reordered.facts {
        plan.permitted_uses.push(LandUse::Office);
    }
    assert_ne!(content.fact_rows(&[]), reordered.fact_rows(&[]));
}
