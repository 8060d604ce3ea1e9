//! The bar at the top of every workspace page: who is signed in, the workspace's sections the
//! role may open, and signing out.

use leptos::prelude::*;

use crate::domain::{Permission, Viewer};
use crate::staff::texts::SV as T;

/// The signed-in person, and the sign-out button (a POST with the CSRF token).
#[component]
pub(crate) fn WorkspaceBar(viewer: Viewer) -> impl IntoView {
    let inbox = viewer
        .role
        .may(Permission::HandleInterests)
        .then(|| view! { <a href="/personal/intresse">{T.nav_inbox}</a> });
    let meetings = viewer
        .role
        .may(Permission::HandleInterests)
        .then(|| view! { <a href="/personal/moten">{T.nav_meetings}</a> });
    let accounts = viewer
        .role
        .may(Permission::ManageAccounts)
        .then(|| view! { <a href="/personal/konton">{T.nav_accounts}</a> });
    let contacts = viewer
        .role
        .may(Permission::ManageContacts)
        .then(|| view! { <a href="/personal/kontakter">{T.nav_contacts}</a> });
    let insights = viewer
        .role
        .may(Permission::ReadInsights)
        // The server renders the page (it is not in this bundle): a full page load.
        .then(|| view! { <a href="/personal/insikter" rel="external">{T.nav_insights}</a> });
    let import = viewer
        .role
        .may(Permission::EditPlots)
        .then(|| view! { <a href="/personal/import">{T.nav_import}</a> });
    view! {
        <div class="workspace-bar">
            <p>{T.signed_in_as} <strong>{viewer.name.clone()}</strong> " (" {viewer.role.label()} ")"</p>
            <nav class="workspace-nav" aria-label=T.nav_label>
                <a href="/personal">{T.nav_plots}</a>
                {viewer.role.may(Permission::ReadPlans).then(|| view! {
                    <a href="/personal/planer">"Planer och områden"</a>
                })}
                {import}
                {inbox}
                {meetings}
                {accounts}
                {contacts}
                {insights}
            </nav>
            <form method="post" action="/personal/logga-ut">
                <input type="hidden" name="csrf" value=viewer.csrf_token.clone() />
                <button type="submit" class="button">{T.sign_out}</button>
            </form>
        </div>
    }
}
