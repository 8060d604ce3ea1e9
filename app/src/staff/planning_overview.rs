//! The planners' overview (`/personal/planer`): every plan and future area with its public
//! state and the draft under way, and where each one's page is.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::PageTitle;
use crate::domain::{
    Permission, PlanningItem, PlanningKind, PlanningOverview, Problem, RevisionState,
};
use crate::staff::refused::{Missing, found_or_refused};
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;

#[server(endpoint = "planning-overview", output = crate::ui::codec::JsonAnswer)]
pub async fn get_planning_overview() -> Result<PlanningOverview, Problem> {
    let viewer = authorise(Some(Permission::ReadPlans))?;
    expect_context::<SharedWorkspace>()
        .planning_overview(viewer)
        .await
        .map_err(unavailable)
}

/// `/personal/planer`.
#[component]
pub fn PlanningOverviewPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_planning_overview());
    view! {
        <PageTitle text=texts::page_title("Planer och områden") />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let missing = Missing {
                    page: "Planer och områden",
                    not_found: "Planer och områden",
                    back_href: "/personal",
                    back_text: T.editor_back,
                };
                found_or_refused(overview.await.map(Some), missing, |overview| {
                    view! { <OverviewView overview /> }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn OverviewView(overview: PlanningOverview) -> impl IntoView {
    let may_edit = overview.viewer.role.may(Permission::EditPlans);
    let list = |items: Vec<&PlanningItem>, empty: &'static str| {
        if items.is_empty() {
            return view! { <p class="empty">{empty}</p> }.into_any();
        }
        let rows = items
            .into_iter()
            .map(|item| view! { <ItemRow item=item.clone() /> })
            .collect_view();
        view! { <ul class="planning-list">{rows}</ul> }.into_any()
    };
    let waiting = list(overview.waiting_for_me(), "Inget väntar på din granskning.");
    let mine = list(
        overview.mine_waiting(),
        "Inget du skrivit väntar på granskning.",
    );
    let scheduled = list(overview.scheduled(), "Inget är schemalagt.");
    let recent = list(
        overview.recently_changed(),
        "Inga planer eller områden ännu.",
    );
    let rows = overview
        .items
        .iter()
        .map(|item| {
            let state = item.open_state.map(RevisionState::label).unwrap_or("–");
            view! {
                <tr data-planning-item=format!("{}-{}", item.kind.segment(), item.id)>
                    <td>{item.kind.label(crate::domain::Lang::Sv)}</td>
                    <th scope="row"><a href=item.kind.staff_path(item.id)>{item.name.clone()}</a></th>
                    <td>{if item.public { "Ja" } else { "Nej" }}</td>
                    <td>{state}</td>
                    <td>{item.interest_count}</td>
                </tr>
            }
        })
        .collect_view();
    let new_links = may_edit.then(|| {
        view! {
            <p class="planning-new">
                {PlanningKind::ALL
                    .map(|kind| {
                        view! {
                            <a class="button" href=format!("/personal/{}/ny", kind.segment())>{kind.new_label()}</a>
                        }
                    })
                    .collect_view()}
            </p>
        }
    });
    let self_approval = overview
        .self_approval
        .then(|| view! { <p class="field-hint">"Inställning: en planerare får godkänna sina egna revisioner."</p> });
    view! {
        <WorkspaceBar viewer=overview.viewer.clone() />
        <h1 class="page-title">"Planer och områden"</h1>
        {new_links}
        {self_approval}
        <div class="planning-queues">
            <section aria-labelledby="waiting-heading">
                <h2 id="waiting-heading">"Väntar på min granskning"</h2>
                {waiting}
            </section>
            <section aria-labelledby="mine-heading">
                <h2 id="mine-heading">"Mina, väntar på någon annan"</h2>
                {mine}
            </section>
            <section aria-labelledby="scheduled-heading">
                <h2 id="scheduled-heading">"Schemalagda"</h2>
                {scheduled}
            </section>
            <section aria-labelledby="recent-heading">
                <h2 id="recent-heading">"Nyligen ändrade"</h2>
                {recent}
            </section>
        </div>
        <section aria-labelledby="all-planning-heading">
            <h2 id="all-planning-heading">"Alla planer och områden"</h2>
            <div class="table-scroll">
                <table class="plot-table">
                    <thead>
                        <tr>
                            <th scope="col">"Typ"</th>
                            <th scope="col">"Namn"</th>
                            <th scope="col">"Publik"</th>
                            <th scope="col">"Revision på väg"</th>
                            <th scope="col">"Intresseanmälningar"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn ItemRow(item: PlanningItem) -> impl IntoView {
    let state = item.open_state.map(|s| {
        let when = (s == RevisionState::Scheduled)
            .then(|| {
                item.publish_at
                    .map(|at| format!(" {}", at.format("%Y-%m-%d %H:%M")))
            })
            .flatten()
            .unwrap_or_default();
        format!("{}{when}", s.label())
    });
    let author = item.open_author.clone().map(|a| format!(", {a}"));
    view! {
        <li>
            <a href=item.kind.staff_path(item.id)>{item.name.clone()}</a>
            " (" {item.kind.label(crate::domain::Lang::Sv).to_lowercase()} {author} ")"
            {state.map(|s| view! { " – " <span class="revision-state">{s}</span> })}
        </li>
    }
}
