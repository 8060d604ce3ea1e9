//! The staff workspace's HTTP side: who is signed in (a middleware), signing in and out, and
//! the workspace's forms. The forms are plain HTML POSTs; a refused one comes back as its page
//! rendered again with what was typed (422), the reason a save conflicted (409), or the sign-in
//! refusal (401, 429). Every state-changing request needs the session's CSRF token (the
//! [`Sent`] extractor); every other refusal is the boundary's [`Error`].

/// Every workspace form carries the session's CSRF token in its `csrf` field.
macro_rules! csrf_forms {
    ($($form:ty),*) => {
        $(impl crate::http::extract::CsrfForm for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })*
    };
}

/// A workspace form that only confirms a step (remove, cancel, send, revoke): its CSRF token.
#[derive(serde::Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
}

csrf_forms!(ConfirmForm);

mod accounts;
mod contacts;
pub mod import;
mod inbox;
mod insights;
mod meetings;
pub mod planning;
mod plots;
mod proposals;
mod session;

pub use accounts::{create_account, issue_api_token, revoke_api_token, update_account};
pub use contacts::{create_contact, set_responsibility, update_contact};
pub use inbox::{inbox_export, update_interest};
pub use insights::insights_export;
pub use meetings::{cancel_booking, publish_slots, remove_slot};
pub use plots::{change_plot_geometry, create_plot, save_plot};
pub use proposals::{
    add_proposal_item, create_proposal, remove_proposal_item, revoke_proposal,
    save_proposal_letter, send_proposal,
};
pub use session::{resolve_viewer, sign_in, sign_out};
