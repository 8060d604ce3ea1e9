//! A plan's or future area's draft form (on its page, `/personal/plan/7`): the texts in Swedish
//! and English, the facts, the stage dates, the outline drawn on the map or uploaded as a file.
//! A plain POST to server/src/http/staff/planning.rs, which checks every field.

use leptos::prelude::*;

use crate::domain::{AreaUse, LandUse, LandUseCategory, PlanStage, PlanningForm, PlanningKind};
use crate::staff::planning_map::PlanningOutlineMap;
use crate::ui::forms::textarea_text;

/// The outline from a file: GeoJSON, GeoPackage or a zipped Shapefile, every polygon in it as
/// one outline (a plan in parts, hundreds of corners). It fills the draft's form; saving keeps it.
#[component]
pub(super) fn OutlineUpload(action: String, csrf: String) -> impl IntoView {
    let choices = crate::domain::Crs::ALL
        .into_iter()
        .map(|crs| view! { <option value=crs.srid().to_string()>{crs.label()}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="outline-file-heading">
            <h2 id="outline-file-heading">"Hämta ytterkanten från en fil"</h2>
            <form method="post" action=action enctype="multipart/form-data" class="planning-upload">
                <input type="hidden" name="csrf" value=csrf />
                <div class="field">
                    <label for="planning-fil">"Fil (GeoJSON, GeoPackage eller zippad Shapefile)"</label>
                    <input id="planning-fil" name="fil" type="file" accept=".geojson,.json,.gpkg,.zip" />
                </div>
                <div class="field">
                    <label for="planning-koordinatsystem">"Koordinatsystem"</label>
                    <select id="planning-koordinatsystem" name="koordinatsystem">
                        <option value="">"Det filen anger (annars SWEREF 99 18 00)"</option>
                        {choices}
                    </select>
                </div>
                <button type="submit" class="button">"Hämta ytterkanten"</button>
            </form>
        </section>
    }
}

/// The draft's fields and outline, posted as one form.
#[component]
pub(super) fn DraftForm(
    kind: PlanningKind,
    action: String,
    form: PlanningForm,
    errors: Vec<crate::domain::PlanningError>,
    csrf: String,
    contacts: Vec<crate::domain::ContactChoice>,
    plots: Vec<crate::domain::PlotOutline>,
    land: crate::domain::LocalLand,
    places: Vec<crate::domain::LocalPlace>,
) -> impl IntoView {
    let error_of = move |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let text = |field: &'static str,
                label: &'static str,
                value: String,
                kind: &'static str,
                error: Option<String>| {
        let id = format!("planning-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id name=field type=kind value=value aria-invalid=error.as_ref().map(|_| "true") />
                {error.map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        }
    };
    let area = |field: &'static str, label: &'static str, value: String, error: Option<String>| {
        let id = format!("planning-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <textarea id=id name=field rows="3" aria-invalid=error.as_ref().map(|_| "true")>{textarea_text(value)}</textarea>
                {error.map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        }
    };
    // The English version of a text, for the English pages (written in English: `lang="en"`).
    let english = |field: &'static str,
                   label: &'static str,
                   value: String,
                   error: Option<String>| {
        let id = format!("planning-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <textarea id=id name=field rows="3" lang="en" aria-invalid=error.as_ref().map(|_| "true")>{textarea_text(value)}</textarea>
                <p class="field-hint">"Visas på de engelska sidorna; tomt: den svenska texten."</p>
                {error.map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        }
    };
    let facts = match kind {
        PlanningKind::DetailedPlan => {
            let stages = PlanStage::ALL
                .into_iter()
                .map(|s| {
                    let selected = form.stage == s.key();
                    view! { <option value=s.key() selected=selected>{s.label(crate::domain::Lang::Sv)}</option> }
                })
                .collect_view();
            let dates = PlanStage::ALL
                .into_iter()
                .map(|s| {
                    let field: &'static str = match s {
                        PlanStage::Planbesked => "datum_planbesked",
                        PlanStage::Samrad => "datum_samrad",
                        PlanStage::Granskning => "datum_granskning",
                        PlanStage::Antagen => "datum_antagen",
                        PlanStage::LagaKraft => "datum_laga_kraft",
                        PlanStage::Upphavd => "datum_upphavd",
                    };
                    let label: &'static str = match s {
                        PlanStage::Planbesked => "Planbesked, datum",
                        PlanStage::Samrad => "Samråd, datum",
                        PlanStage::Granskning => "Granskning, datum",
                        PlanStage::Antagen => "Antagen, datum",
                        PlanStage::LagaKraft => "Laga kraft, datum",
                        PlanStage::Upphavd => "Upphävd, datum",
                    };
                    text(
                        field,
                        label,
                        form.stage_date(s).to_string(),
                        "date",
                        error_of(field),
                    )
                })
                .collect_view();
            let uses = LandUse::ALL
                .into_iter()
                .map(|u| {
                    let id = format!("planning-use-{}", u.code());
                    let checked = form.permitted_uses.iter().any(|c| c == u.code());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() name="anvandning" value=u.code() checked=checked />
                            <label for=id>{format!("{} – {}", u.code(), u.label(crate::domain::Lang::Sv))}</label>
                        </div>
                    }
                })
                .collect_view();
            let contact_options = contacts
                .iter()
                .map(|c| {
                    let selected = form.contact_person == c.id.to_string();
                    view! { <option value=c.id.to_string() selected=selected>{c.name.clone()}</option> }
                })
                .collect_view();
            view! {
                {text("plan_id", "Plan-id (t.ex. 0188-P2027/1)", form.plan_id.clone(), "text", error_of("plan_id"))}
                <div class="field">
                    <label for="planning-skede">"Skede"</label>
                    <select id="planning-skede" name="skede">{stages}</select>
                    {error_of("skede").map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <fieldset>
                    <legend>"Datum då skedena nåddes"</legend>
                    {dates}
                </fieldset>
                {text("nasta_skede_datum", "Väntat datum för nästa skede", form.next_stage_date.clone(), "date", error_of("nasta_skede_datum"))}
                <fieldset>
                    <legend>"Tillåten användning (planbestämmelser)"</legend>
                    {uses}
                    {error_of("anvandning").map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                {area("syfte", "Syfte", form.purpose.clone(), error_of("syfte"))}
                {english("syfte_en", "Syfte på engelska", form.purpose_en.clone(), error_of("syfte_en"))}
                {area("byggratt", "Byggrätt", form.building_rights.clone(), error_of("byggratt"))}
                {english("byggratt_en", "Byggrätt på engelska", form.building_rights_en.clone(), error_of("byggratt_en"))}
                <div class="check">
                    <input type="checkbox" id="planning-upphaver-strandskydd" name="upphaver_strandskydd" value="ja"
                        checked=!form.shore_protection_lifted.is_empty() />
                    <label for="planning-upphaver-strandskydd">"Planen upphäver strandskyddet inom planområdet"</label>
                </div>
                {text("plandokument", "Länk till plandokumenten", form.documents_url.clone(), "url", error_of("plandokument"))}
                <div class="field">
                    <label for="planning-kontakt">"Kontaktperson"</label>
                    <select id="planning-kontakt" name="kontakt">
                        <option value="">"Ingen"</option>
                        {contact_options}
                    </select>
                    {error_of("kontakt").map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
            }
            .into_any()
        }
        PlanningKind::FutureArea => {
            let uses = AreaUse::ALL
                .into_iter()
                .map(|u| {
                    let selected = form.land_use == u.key();
                    view! { <option value=u.key() selected=selected>{u.label(crate::domain::Lang::Sv)}</option> }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for="planning-markanvandning">"Markanvändning (översiktsplanens kategori)"</label>
                    <select id="planning-markanvandning" name="markanvandning">{uses}</select>
                    {error_of("markanvandning").map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                {text("avsedd_anvandning", "Avsedd användning i ord", form.intended_use.clone(), "text", error_of("avsedd_anvandning"))}
                {english("avsedd_anvandning_en", "Avsedd användning på engelska", form.intended_use_en.clone(), error_of("avsedd_anvandning_en"))}
                {text("horisont_fran", "Tidshorisont från år", form.horizon_from.clone(), "number", error_of("horisont_fran"))}
                {text("horisont_till", "Tidshorisont till år", form.horizon_to.clone(), "number", error_of("horisont_till"))}
            }
            .into_any()
        }
        PlanningKind::LandUseArea => {
            let categories = LandUseCategory::ALL
                .into_iter()
                .map(|c| {
                    let selected = form.category == c.key();
                    view! { <option value=c.key() selected=selected>{c.label(crate::domain::Lang::Sv)}</option> }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for="planning-kategori">"Översiktsplanens kategori"</label>
                    <select id="planning-kategori" name="kategori" aria-invalid=error_of("kategori").map(|_| "true")>{categories}</select>
                    {error_of("kategori").map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                {text("plandokument", "Länk till översiktsplanens avsnitt", form.documents_url.clone(), "url", error_of("plandokument"))}
                <p class="field-hint">
                    "När området publiceras ersätter det markanvändningen där det ligger: "
                    "de publicerade områden det täcker minskar med den delen, och varje plats har en markanvändning."
                </p>
            }
            .into_any()
        }
    };
    let geometry = RwSignal::new(form.geometry.clone());
    let geometry_error = error_of("geometri");
    view! {
        <section aria-labelledby="draft-heading">
            <h2 id="draft-heading">"Utkast"</h2>
            <form method="post" action=format!("{action}#planning-problem") class="planning-form">
                <input type="hidden" name="csrf" value=csrf />
                <input type="hidden" name="version" value=form.version.clone() />
                <input type="hidden" name="grund" value=form.base.clone() />
                {text("namn", "Namn", form.name.clone(), "text", error_of("namn"))}
                {area("beskrivning", "Beskrivning (publik)", form.description.clone(), error_of("beskrivning"))}
                {english("beskrivning_en", "Beskrivning på engelska (publik)", form.description_en.clone(), error_of("beskrivning_en"))}
                {facts}
                <PlanningOutlineMap plots land places geometry />
                <div class="field">
                    <label for="planning-geometri">"Ytterkant (GeoJSON-polygon eller multipolygon, SWEREF 99 18 00)"</label>
                    <textarea
                        id="planning-geometri"
                        name="geometri"
                        rows="4"
                        aria-invalid=geometry_error.as_ref().map(|_| "true")
                        prop:value=move || geometry.get()
                        on:input=move |ev| geometry.set(event_target_value(&ev))
                    >
                        {textarea_text(form.geometry.clone())}
                    </textarea>
                    {geometry_error.map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <button type="submit" class="button primary">"Spara utkast"</button>
            </form>
        </section>
    }
    .into_any()
}
