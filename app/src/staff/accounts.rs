//! `/personal/konton`: the accounts, for admins: create one, change a role, deactivate. The
//! forms post to the server (server/src/http/staff/accounts.rs), which answers a refused new
//! account with this page again, what was typed kept and why.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::PageTitle;
#[cfg(feature = "ssr")]
use crate::domain::Permission;
use crate::domain::{
    API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, AccountView, AccountsPage, ApiTokenAnswer,
    ApiTokenView, EMAIL_MAX_CHARS, NAME_MAX_CHARS, PASSWORD_MAX_CHARS, Problem, RejectedAccount,
    Role,
};
use crate::staff::refused::Refused;
#[cfg(feature = "ssr")]
use crate::staff::service::{SharedWorkspace, authorise, unavailable};
use crate::staff::texts::{self, SV as T};
use crate::staff::workspace_bar::WorkspaceBar;
use crate::ui::forms::server_context;

#[server(endpoint = "accounts", output = crate::ui::codec::JsonAnswer)]
pub async fn get_accounts() -> Result<AccountsPage, Problem> {
    let viewer = authorise(Some(Permission::ManageAccounts))?;
    expect_context::<SharedWorkspace>()
        .accounts(viewer)
        .await
        .map_err(unavailable)
}

/// `/personal/konton`: accounts, for admins: create one, change a role, deactivate.
#[component]
pub fn AccountsPageView() -> impl IntoView {
    let page = Resource::new(|| (), |_| get_accounts());
    let rejected = server_context::<RejectedAccount>();
    let token_answer = server_context::<ApiTokenAnswer>();
    view! {
        <PageTitle text=T.accounts_title />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{T.accounts_heading}</h1>
        <Suspense fallback=|| view! { <p>{T.loading}</p> }>
            {move || Suspend::new(async move {
                let rejected = rejected.await.unwrap_or_default();
                let token_answer = token_answer.await.unwrap_or_default();
                match page.await {
                    Ok(page) => view! { <Accounts page rejected token_answer /> }.into_any(),
                    Err(error) => view! { <Refused problem=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Accounts(
    page: AccountsPage,
    rejected: RejectedAccount,
    token_answer: ApiTokenAnswer,
) -> impl IntoView {
    let tokens = view! {
        <ApiTokens
            tokens=page.api_tokens.clone()
            accounts=page.accounts.clone()
            csrf=page.viewer.csrf_token.clone()
            answer=token_answer
        />
    };
    let csrf = page.viewer.csrf_token.clone();
    let own_id = page.viewer.account_id;
    let role_options = move |selected: &str| {
        Role::ALL
            .into_iter()
            .map(|r| view! { <option value=r.key() selected=selected == r.key()>{r.label()}</option> })
            .collect_view()
    };
    let error = (!rejected.message.is_empty()).then(|| {
        view! { <div class="error-summary" role="alert"><p>{rejected.message.clone()}</p></div> }
    });
    let rows = page
        .accounts
        .into_iter()
        .map(|account: AccountView| {
            let csrf = csrf.clone();
            let is_self = account.id == own_id;
            let label = texts::role_for(&account.name);
            view! {
                <tr data-account-id=account.id>
                    <th scope="row">{account.name.clone()}</th>
                    <td>{account.email.clone()}</td>
                    <td>
                        <form method="post" action=format!("/personal/konton/{}", account.id) class="account-form">
                            <input type="hidden" name="csrf" value=csrf />
                            <select name="roll" aria-label=label>{role_options(account.role.key())}</select>
                            <label class="check">
                                <input type="checkbox" name="aktivt" value="ja" checked=account.active disabled=is_self />
                                {T.accounts_active}
                            </label>
                            {is_self.then(|| view! { <input type="hidden" name="aktivt" value="ja" /> })}
                            <button type="submit" class="button">{T.accounts_save} {account.name.clone()}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <WorkspaceBar viewer=page.viewer.clone() />
        <div class="table-scroll">
            <table class="plot-table">
                <thead>
                    <tr>
                        <th scope="col">{T.accounts_col_name}</th>
                        <th scope="col">{T.accounts_col_email}</th>
                        <th scope="col">{T.accounts_col_role_status}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2>{T.accounts_new}</h2>
        {error}
        <form method="post" action="/personal/konton" class="sign-in-form">
            <input type="hidden" name="csrf" value=csrf.clone() />
            <div class="field">
                <label for="account-namn">{T.accounts_name}</label>
                <input id="account-namn" name="namn" type="text" autocomplete="off" maxlength=NAME_MAX_CHARS value=rejected.name.clone() />
            </div>
            <div class="field">
                <label for="account-epost">{T.accounts_email}</label>
                <input id="account-epost" name="epost" type="email" autocomplete="off" maxlength=EMAIL_MAX_CHARS value=rejected.email.clone() />
            </div>
            <div class="field">
                <label for="account-roll">{T.accounts_role}</label>
                <select id="account-roll" name="roll">{role_options(if rejected.role.is_empty() { "staff" } else { rejected.role.as_str() })}</select>
            </div>
            <div class="field">
                <label for="account-losenord">{T.accounts_first_password}</label>
                <input id="account-losenord" name="losenord" type="password" autocomplete="new-password" maxlength=PASSWORD_MAX_CHARS />
            </div>
            <button type="submit" class="button button-primary">{T.accounts_create}</button>
        </form>
        {tokens}
    }
}

/// The API tokens: each with its account, expiry and last use, revocable; a form for a new one,
/// and the new token itself, shown this once after it was issued.
#[component]
fn ApiTokens(
    tokens: Vec<ApiTokenView>,
    accounts: Vec<AccountView>,
    csrf: String,
    answer: ApiTokenAnswer,
) -> impl IntoView {
    let when = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
    let empty = tokens.is_empty();
    let rows = tokens
        .into_iter()
        .map(|token| {
            let state = if token.revoked {
                Some(T.tokens_revoked)
            } else if token.expired {
                Some(T.tokens_expired)
            } else {
                None
            };
            let revoke = state.is_none().then(|| {
                view! {
                    <form method="post" action=format!("/personal/api-nycklar/{}/aterkalla", token.id)>
                        <input type="hidden" name="csrf" value=csrf.clone() />
                        <button type="submit" class="button">{T.tokens_revoke} {token.name.clone()}</button>
                    </form>
                }
            });
            view! {
                <tr data-token-id=token.id>
                    <th scope="row">{token.name.clone()}</th>
                    <td>{token.account.clone()}</td>
                    <td>{when(token.expires_at)}</td>
                    <td>{token.last_used_at.map_or_else(|| T.tokens_never_used.to_string(), when)}</td>
                    <td>{state}{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    let issued = answer.issued.clone().map(|token| {
        view! {
            <div class="api-token-issued" role="status" id="api-token-issued" tabindex="-1">
                <h3>{T.tokens_issued}</h3>
                <p>{T.tokens_issued_once}</p>
                <p><code class="api-token">{token}</code></p>
            </div>
        }
    });
    let error = (!answer.message.is_empty()).then(|| {
        view! { <div class="error-summary" role="alert"><p>{answer.message.clone()}</p></div> }
    });
    let days = if answer.days.is_empty() {
        API_TOKEN_DEFAULT_DAYS.to_string()
    } else {
        answer.days.clone()
    };
    let options = accounts
        .into_iter()
        .filter(|a| a.active)
        .map(|a| {
            let selected = answer.account == a.id.to_string();
            view! { <option value=a.id.to_string() selected=selected>{format!("{} ({})", a.name, a.email)}</option> }
        })
        .collect_view();
    view! {
        <h2 id="api-nycklar">{T.tokens_heading}</h2>
        <p>{T.tokens_intro}</p>
        {issued}
        {if empty {
            view! { <p>{T.tokens_none}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="plot-table">
                        <thead>
                            <tr>
                                <th scope="col">{T.tokens_col_name}</th>
                                <th scope="col">{T.tokens_col_account}</th>
                                <th scope="col">{T.tokens_col_valid}</th>
                                <th scope="col">{T.tokens_col_used}</th>
                                <th scope="col">{T.tokens_col_state}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <h3>{T.tokens_new}</h3>
        {error}
        <form method="post" action="/personal/api-nycklar" class="sign-in-form">
            <input type="hidden" name="csrf" value=csrf.clone() />
            <div class="field">
                <label for="token-namn">{T.tokens_name}</label>
                <input id="token-namn" name="namn" type="text" autocomplete="off" maxlength=NAME_MAX_CHARS value=answer.name.clone() />
            </div>
            <div class="field">
                <label for="token-konto">{T.tokens_account}</label>
                <select id="token-konto" name="konto">{options}</select>
            </div>
            <div class="field">
                <label for="token-dagar">{T.tokens_days}</label>
                <input id="token-dagar" name="dagar" type="number" inputmode="numeric" min="1" max=API_TOKEN_MAX_DAYS value=days />
            </div>
            <button type="submit" class="button button-primary">{T.tokens_issue}</button>
        </form>
    }
}
