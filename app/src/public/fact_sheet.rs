//! A plot's facts as the panel beside the map and its own page (`fact_sheet_page`) show them.

use leptos::prelude::*;

use crate::domain::{
    FactSheet, LandUse, Lang, PlotStatus, WrittenText, format_area_m2, format_date,
    format_distance, format_hectares, format_integer, format_sek,
};

/// The facts, grouped under headings of the given level (2 on the page, 3 in the map's panel).
#[component]
pub fn FactSheetDetails(sheet: FactSheet, lang: Lang, level: u8) -> impl IntoView {
    let t = lang.texts();
    let heading = move |text: &'static str| match level {
        2 => view! { <h2>{text}</h2> }.into_any(),
        _ => view! { <h3>{text}</h3> }.into_any(),
    };
    let or_not_stated = |value: Option<String>| value.unwrap_or_else(|| t.not_stated.to_string());
    let yes_no = |value: bool| if value { t.yes } else { t.no };

    let status = {
        // "reserverad till 31 mars 2027": the status said once, with its end.
        match sheet.reserved_until {
            Some(until) => format!("{} {}", t.reserved_until, format_date(until, lang)),
            None => sheet.status.label(lang).to_string(),
        }
    };
    // A plan on its way (samråd, granskning, antagen): the land can be built on once it is in
    // force; say so, with the date it is expected if that is still ahead.
    let not_in_force = sheet
        .plan
        .as_ref()
        .filter(|plan| !plan.in_force() && sheet.status != PlotStatus::Sold)
        .map(|plan| {
            let expected = plan
                .in_force_expected
                .map(|date| format!(", {} {}", t.plan_in_force_expected, format_date(date, lang)))
                .unwrap_or_default();
            view! { <span class="plan-pending" data-field="plan-pending">{format!("{}{expected}.", t.plan_not_in_force)}</span> }
        });
    let price_per_m2 = sheet
        .price_sek_per_m2
        .map(|p| format!("{}/m²", format_sek(i64::from(p), lang)));
    let total = sheet.total_price_sek().map(|total| format_sek(total, lang));
    let plan = sheet.plan.clone().map(|plan| {
        view! {
            <dt>{t.plan}</dt>
            <dd data-field="plan"><a href=lang.href(&format!("/plan/{}", plan.id)) rel="external">{plan.plan_id} " " {plan.name}</a></dd>
            <dt>{t.plan_stage}</dt>
            <dd data-field="plan-stage">{plan.stage.label(lang)}</dd>
            <dt>{t.permitted_use}</dt>
            <dd data-field="plan-use">{LandUse::describe_all(&plan.permitted_uses, lang)}</dd>
        }
    });
    let no_plan = sheet.plan.is_none().then(|| view! { <p>{t.no_plan}</p> });
    let future_area = sheet.future_area.clone().map(|(id, name)| {
        view! {
            <p data-field="future-area">
                {t.future_area_of_plot} " "
                <a href=lang.href(&format!("/framtida-omrade/{id}")) rel="external">{name}</a>
            </p>
        }
    });
    let suitable = (!sheet.suitable_uses.is_empty()).then(|| {
        view! {
            <dt>{t.suitable_for}</dt>
            <dd data-field="suitable-use">{LandUse::describe_all(&sheet.suitable_uses, lang)}</dd>
        }
    });
    let distances = &sheet.distances;
    let e18 = distances.e18_m.map(|m| format_distance(m, lang));
    let centre = distances
        .nearest_locality
        .as_ref()
        .map(|(name, m)| format!("{name}, {}", format_distance(*m, lang)));
    let port = distances
        .nearest_port
        .as_ref()
        .map(|(name, m)| format!("{name}, {}", format_distance(*m, lang)));
    let contact = sheet.contact.clone().map(|c| {
        let tel = format!("tel:{}", c.phone.replace([' ', '-'], ""));
        let mailto = format!("mailto:{}", c.email);
        view! {
            <p class="contact-name">{c.name} <br /> <ContactTitle title=c.title lang /></p>
            <dl class="facts">
                <dt>{t.phone}</dt>
                <dd><a href=tel>{c.phone}</a></dd>
                <dt>{t.email}</dt>
                <dd><a href=mailto>{c.email}</a></dd>
            </dl>
        }
    });
    let description = (!sheet.description.is_empty()).then(|| {
        let (text, marked) = sheet.description.for_page(lang);
        view! { <p class="fact-sheet-description" lang=marked>{text.to_string()}</p> }
    });
    view! {
        <div class="fact-sheet-details">
            {description}
            <section class="fact-group">
                {heading(t.location)}
                <dl class="facts">
                    <dt>{t.business_area}</dt>
                    <dd data-field="business-area">{sheet.business_area.clone()}</dd>
                    <dt>{t.locality}</dt>
                    <dd data-field="locality">{sheet.locality.clone()}</dd>
                    {sheet.property_designation.clone().map(|p| view! { <dt>{t.property}</dt><dd>{p}</dd> })}
                    <dt>{t.to_e18}</dt>
                    <dd data-field="distance-e18">{or_not_stated(e18)}</dd>
                    <dt>{t.nearest_centre}</dt>
                    <dd data-field="distance-centre">{or_not_stated(centre)}</dd>
                    <dt>{t.nearest_port}</dt>
                    <dd data-field="distance-port">{or_not_stated(port)}</dd>
                </dl>
            </section>
            <section class="fact-group">
                {heading(t.size_and_price)}
                <dl class="facts">
                    <dt>{t.status}</dt>
                    <dd data-field="status">
                        <span class=format!("status-badge status-{}", sheet.status.key())>{status}</span>
                        {not_in_force}
                    </dd>
                    <dt>{t.area}</dt>
                    <dd data-field="area">
                        {format_area_m2(sheet.area_m2, lang)} " (" {format_hectares(sheet.area_m2, lang)} ")"
                    </dd>
                    <dt>{t.price_per_m2}</dt>
                    <dd data-field="price">{price_per_m2.unwrap_or_else(|| t.price_on_request.to_string())}</dd>
                    {total.map(|total| view! { <dt>{t.total_price}</dt><dd data-field="total-price">{total}</dd> })}
                </dl>
            </section>
            <section class="fact-group">
                {heading(t.plan_and_building_rights)}
                {no_plan}
                {future_area}
                <dl class="facts">
                    {plan}
                    {suitable}
                    <dt>{t.site_coverage}</dt>
                    <dd data-field="site-coverage">
                        {or_not_stated(sheet.max_site_coverage_percent.map(|p| format!("{p} % {}", t.of_the_plot)))}
                    </dd>
                    <dt>{t.building_height}</dt>
                    <dd data-field="building-height">
                        {or_not_stated(sheet.max_building_height_m.map(|h| format_metres(h, lang)))}
                    </dd>
                </dl>
            </section>
            <section class="fact-group">
                {heading(t.infrastructure)}
                <dl class="facts">
                    <dt>{t.water_sewage}</dt>
                    <dd data-field="water-sewage">{sheet.water_sewage.label(lang)}</dd>
                    <dt>{t.electrical_capacity}</dt>
                    <dd data-field="electrical-capacity">
                        {or_not_stated(sheet.electrical_capacity_kw.map(|kw| format!("{} kW", format_integer(i64::from(kw), lang))))}
                    </dd>
                    <dt>{t.district_heating}</dt>
                    <dd data-field="district-heating">{yes_no(sheet.district_heating)}</dd>
                    <dt>{t.fiber}</dt>
                    <dd data-field="fiber">{yes_no(sheet.fiber)}</dd>
                </dl>
            </section>
            <section class="fact-group">
                {heading(t.contact)}
                {contact}
                <p class="fact-sheet-updated">
                    {t.updated} ": "
                    <time datetime=sheet.updated_at.to_rfc3339() data-field="updated">
                        {format_date(sheet.updated_at.date_naive(), lang)}
                    </time>
                </p>
            </section>
        </div>
    }
    .into_any()
}

/// "12,5 m" / "12.5 m"; whole metres without decimals.
pub(crate) fn format_metres(metres: f32, lang: Lang) -> String {
    let text = if metres.fract() == 0.0 {
        format!("{metres:.0}")
    } else {
        format!("{metres:.1}")
    };
    match lang {
        Lang::Sv => format!("{} m", text.replace('.', ",")),
        Lang::En => format!("{text} m"),
    }
}

/// A contact person's title, in the page's language where staff wrote one (else the Swedish,
/// marked as Swedish).
#[component]
pub(crate) fn ContactTitle(title: WrittenText, lang: Lang) -> impl IntoView {
    let (text, marked) = title.for_page(lang);
    view! { <span class="contact-title" lang=marked>{text.to_string()}</span> }
}

/// Whom to ask, under its heading: name, title, e-mail and phone (a plan's page, a place's:
/// the server's pages alone).
#[cfg(feature = "ssr")]
#[component]
pub(crate) fn ContactSection(
    contact: crate::domain::Contact,
    heading: &'static str,
    lang: Lang,
) -> impl IntoView {
    view! {
        <h2>{heading}</h2>
        <ContactLines contact lang />
    }
}

/// A contact's name, title, e-mail and phone.
#[cfg(feature = "ssr")]
#[component]
pub(crate) fn ContactLines(contact: crate::domain::Contact, lang: Lang) -> impl IntoView {
    view! {
        <p>
            <strong>{contact.name.clone()}</strong> ", " <ContactTitle title=contact.title.clone() lang />
            <br />
            <a href=format!("mailto:{}", contact.email)>{contact.email.clone()}</a> " · " {contact.phone.clone()}
        </p>
    }
}
