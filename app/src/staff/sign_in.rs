//! `/personal/logga-in`: the sign-in form. It posts to the server (server/src/http/staff/
//! session.rs), which answers a refused sign-in with this page again, the e-mail kept and why.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::PageTitle;
use crate::domain::{EMAIL_MAX_CHARS, PASSWORD_MAX_CHARS, RejectedSignIn};
use crate::staff::texts::SV as T;
use crate::ui::forms::server_context;

/// `/personal/logga-in`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let rejected = server_context::<RejectedSignIn>();
    view! {
        <PageTitle text=T.sign_in_title />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{T.sign_in}</h1>
        <p class="page-intro">{T.sign_in_intro}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let rejected = rejected.await.unwrap_or_default();
                let error = (!rejected.message.is_empty()).then(|| rejected.message.clone());
                view! {
                    <form method="post" action="/personal/logga-in" class="sign-in-form">
                        {error.clone().map(|message| view! {
                            <div class="error-summary" role="alert"><p>{message}</p></div>
                        })}
                        <div class="field">
                            <label for="sign-in-epost">{T.sign_in_email}</label>
                            <input id="sign-in-epost" name="epost" type="email" autocomplete="username" maxlength=EMAIL_MAX_CHARS
                                required value=rejected.email.clone()
                                aria-invalid=error.as_ref().map(|_| "true") />
                        </div>
                        <div class="field">
                            <label for="sign-in-losenord">{T.sign_in_password}</label>
                            <input id="sign-in-losenord" name="losenord" type="password" maxlength=PASSWORD_MAX_CHARS
                                autocomplete="current-password" required />
                        </div>
                        <button type="submit" class="button button-primary">{T.sign_in}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}
