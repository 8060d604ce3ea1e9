//! Search by plot designation, business area, locality or road: the box in every page's header,
//! with the browser's own suggestions from a `<datalist>` (no script needed). The results at
//! `/sok?q=…` are `search_page`'s.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::domain::Lang;
use crate::public::catalog::get_search_suggestions;
use crate::ui::i18n::use_lang;

/// The search box of the header.
#[component]
pub fn SearchBox() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let suggestions = Resource::new(|| (), |_| get_search_suggestions());
    let typed = use_query_map().with_untracked(|q| q.get("q").unwrap_or_default());
    view! {
        <form role="search" method="get" action="/sok" class="site-search">
            <label for="site-search" class="visually-hidden">{t.search_label}</label>
            <input id="site-search" name="q" type="search" list="search-suggestions" maxlength=crate::domain::SEARCH_MAX_CHARS
                autocomplete="off" value=typed placeholder=t.search_placeholder />
            {(lang == Lang::En).then(|| view! { <input type="hidden" name="lang" value="en" /> })}
            <button type="submit" class="button">{t.search}</button>
            <datalist id="search-suggestions">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        suggestions
                            .await
                            .unwrap_or_default()
                            .into_iter()
                            .map(|name| view! { <option value=name /> })
                            .collect_view()
                    })}
                </Suspense>
            </datalist>
        </form>
    }
    .into_any()
}
