//! `/personal/moten`, for those who handle interests: publishing a contact person's bookable
//! times (phone hours cut into slots, repeated weekly, or a single time) and the coming times
//! with their bookings, each free time removable and each booking cancellable. Every form posts
//! to the server (server/src/http/staff/meetings.rs).

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use crate::PageTitle;
#[cfg(feature = "ssr")]
use crate::domain::Permission;
use crate::domain::{
    Lang, MeetingKind, MeetingsPage, Problem, RejectedSlots, SlotForm, StaffSlot,
    format_meeting_day,
};
use crate::staff::refused::Refused;
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::server_context;

#[server(endpoint = "meetings", output = crate::ui::codec::JsonAnswer)]
pub async fn get_meetings() -> Result<MeetingsPage, Problem> {
    let viewer = authorise(Some(Permission::HandleInterests))?;
    expect_context::<SharedWorkspace>()
        .meetings(viewer)
        .await
        .map_err(unavailable)
}

#[component]
pub fn MeetingsPageView() -> impl IntoView {
    let page = Resource::new(|| (), |_| get_meetings());
    let rejected = server_context::<RejectedSlots>();
    let published = use_query_map().with_untracked(|q| q.get("publicerade"));
    view! {
        <PageTitle text="Möten – Markkartan personal" />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">"Möten"</h1>
        <Suspense fallback=|| view! { <p>"Laddar …"</p> }>
            {move || {
                let published = published.clone();
                Suspend::new(async move {
                    let rejected = rejected.await;
                    match page.await {
                        Ok(page) => view! { <Meetings page rejected published /> }.into_any(),
                        Err(error) => view! { <Refused problem=error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Meetings(
    page: MeetingsPage,
    rejected: Option<RejectedSlots>,
    published: Option<String>,
) -> impl IntoView {
    let csrf = page.viewer.csrf_token.clone();
    let saved = published.map(|count| {
        view! { <p class="saved" role="status">{format!("{count} tider publicerade.")}</p> }
    });
    let form = rejected
        .clone()
        .map(|r| r.form)
        .unwrap_or_else(|| SlotForm {
            veckor: "1".into(),
            langd: "20".into(),
            fran: "09:00".into(),
            till: "11:00".into(),
            ..SlotForm::default()
        });
    let problem = rejected.and_then(|r| r.problem);
    let invalid = problem
        .as_ref()
        .map(|p| p.field.clone())
        .unwrap_or_default();
    let error = problem.map(|p| {
        view! { <div class="error-summary" role="alert"><p>{p.message}</p></div> }
    });
    let field = |name: &'static str,
                 label: &'static str,
                 hint: Option<&'static str>,
                 value: String,
                 kind: &'static str| {
        let id = format!("moten-{name}");
        let hint_id = format!("hint-moten-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
                <input
                    id=id
                    name=name
                    type=kind
                    value=value
                    aria-describedby=hint.map(|_| hint_id.clone())
                    aria-invalid=(invalid == name).then_some("true")
                />
            </div>
        }
    };
    let contacts = page
        .contacts
        .iter()
        .map(|(id, name)| {
            view! { <option value=*id selected=form.kontakt == id.to_string()>{name.clone()}</option> }
        })
        .collect_view();
    let kinds = MeetingKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.key() selected=form.typ == k.key()>{k.label(Lang::Sv)}</option> })
        .collect_view();
    // The coming times by day.
    let mut days: Vec<(chrono::NaiveDate, Vec<StaffSlot>)> = Vec::new();
    for slot in page.slots {
        match days.last_mut() {
            Some((day, list)) if *day == slot.starts_at.date() => list.push(slot),
            _ => days.push((slot.starts_at.date(), vec![slot])),
        }
    }
    let empty = days
        .is_empty()
        .then(|| view! { <p>"Inga kommande tider. Publicera några ovan."</p> });
    let schedule = days
        .into_iter()
        .map(|(day, slots)| {
            let rows = slots
                .into_iter()
                .map(|slot| view! { <SlotRow time=slot csrf=csrf.clone() /> })
                .collect_view();
            view! {
                <section class="meeting-day">
                    <h3>{format_meeting_day(day, Lang::Sv)}</h3>
                    <ul class="meeting-slots">{rows}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <WorkspaceBar viewer=page.viewer.clone() />
        <p>"Här publiceras tider som företag kan boka från tomternas faktablad, planerna och områdena. Ett företag ser tiderna hos den som svarar på dess fråga (se Kontakter). Båda får ett mejl med en kalenderfil när en tid bokas eller avbokas."</p>
        {saved}
        <h2 id="publicera">"Publicera tider"</h2>
        {error}
        <form method="post" action="/personal/moten" class="meeting-publish">
            <input type="hidden" name="csrf" value=csrf.clone() />
            <div class="field">
                <label for="moten-kontakt">"Med"</label>
                <select id="moten-kontakt" name="kontakt" aria-invalid=(invalid == "kontakt").then_some("true")>{contacts}</select>
            </div>
            <div class="field">
                <label for="moten-typ">"Hur"</label>
                <select id="moten-typ" name="typ">{kinds}</select>
            </div>
            {field("datum", "Första dagen", None, form.datum.clone(), "date")}
            {field("fran", "Från", None, form.fran.clone(), "time")}
            {field("till", "Till", None, form.till.clone(), "time")}
            {field("langd", "Minuter per tid", Some("Till exempel 20. Lämna tomt för en enda tid från–till."), form.langd.clone(), "text")}
            {field("veckor", "Antal veckor", Some("1 för en gång, 4 för samma tid fyra veckor i rad (högst 26)."), form.veckor.clone(), "text")}
            <button type="submit" class="button button-primary">"Publicera"</button>
        </form>
        <h2>"Kommande tider"</h2>
        {empty}
        {schedule}
    }
    .into_any()
}

#[component]
fn SlotRow(time: StaffSlot, csrf: String) -> impl IntoView {
    let slot = time;
    let time = format!(
        "{}–{}",
        slot.starts_at.format("%H.%M"),
        slot.ends_at.format("%H.%M")
    );
    let head = format!("{time} · {} · {}", slot.kind.label(Lang::Sv), slot.contact);
    match slot.booking_id {
        Some(booking) => {
            let company = slot.company_name.clone().unwrap_or_default();
            let who = format!(
                "{}, {}{}",
                slot.booked_by.clone().unwrap_or_default(),
                slot.email.clone().unwrap_or_default(),
                slot.phone
                    .clone()
                    .filter(|p| !p.is_empty())
                    .map(|p| format!(", {p}"))
                    .unwrap_or_default()
            );
            let message = slot
                .message
                .clone()
                .filter(|m| !m.is_empty())
                .map(|m| view! { <p class="meeting-message">{m}</p> });
            view! {
                <li class="meeting-slot" data-state="booked" data-slot-id=slot.id>
                    <p><strong>{head}</strong></p>
                    <p>"Bokad av " <strong data-field="company">{company.clone()}</strong> ": " {who}</p>
                    <p>"Gäller: " {slot.subject.clone().unwrap_or_default()}</p>
                    {message}
                    <form method="post" action=format!("/personal/moten/bokning/{booking}/avboka")>
                        <input type="hidden" name="csrf" value=csrf />
                        <button type="submit" class="button">
                            "Avboka" <span class="visually-hidden">{format!(" {company} {time}")}</span>
                        </button>
                    </form>
                </li>
            }
            .into_any()
        }
        None => view! {
            <li class="meeting-slot" data-state="free" data-slot-id=slot.id>
                <p><strong>{head.clone()}</strong> " · ledig"</p>
                <form method="post" action=format!("/personal/moten/tid/{}/ta-bort", slot.id)>
                    <input type="hidden" name="csrf" value=csrf />
                    <button type="submit" class="button">
                        "Ta bort" <span class="visually-hidden">{format!(" {head}")}</span>
                    </button>
                </form>
            </li>
        }
        .into_any(),
    }
}
