//! What the site's GET forms share: they keep the URL parameters other forms own, and once
//! hydrated they apply each change at once.

use leptos::{prelude::*, web_sys};
use leptos_router::{
    hooks::{use_params_map, use_query_map},
    params::ParamsMap,
};

use crate::domain::{FilterError, PlotFilter, Problem};

/// A value the server provided for this render only (a refused form with its errors, say), as a
/// resource: it travels in the page's serialized state, so hydration sees the same value.
pub fn server_context<T>() -> Resource<Option<T>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    let value = use_context::<T>();
    Resource::new(
        || (),
        move |_| {
            let value = value.clone();
            async move { value }
        },
    )
}

/// What the URL's `:id` names, loaded by `load`; `Ok(None)` when the id is not a number or
/// names nothing. (The public bundle has no page that loads by id: they are the server's.)
#[cfg_attr(not(any(feature = "ssr", feature = "staff")), allow(dead_code))]
pub fn resource_by_id<T, Fut>(load: fn(i64) -> Fut) -> Resource<Result<Option<T>, Problem>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<Option<T>, Problem>> + Send + 'static,
{
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    Resource::new(id, move |id| async move {
        match id {
            Some(id) => load(id).await,
            None => Ok(None),
        }
    })
}

/// A `<textarea>`'s text, as its child. Leptos (tachys 0.2) writes a textarea's children into
/// the server's HTML without escaping them, as it does for `<script>` and `<style>`, so a typed
/// or stored `</textarea><script>…` would end the element and run. On the server the text is
/// escaped here, with the escaper Leptos uses for every other text node; the browser parses it
/// back into the same text, which is what the hydrated view holds. Every textarea's text goes
/// through this function.
pub fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    let text = html_escape::encode_text(&text).into_owned();
    text
}

/// The plot filter in the URL, and what in it could not be understood.
pub fn filter_from_query(q: &ParamsMap) -> (PlotFilter, Vec<FilterError>) {
    PlotFilter::from_params(q.into_iter().map(|(k, v)| (k.as_ref(), v)))
}

/// The plot list's page from the URL's query (`sida`), or the error naming it.
pub fn list_page_from_query(q: &ParamsMap) -> Result<u32, FilterError> {
    crate::domain::list_page_from_params(q.into_iter().map(|(k, v)| (k.as_ref(), v)))
}

/// Submits the form a field belongs to: an `on:change` handler on the form. Without
/// JavaScript the form's own button does the same.
pub fn submit_on_change(ev: web_sys::Event) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(form) = ev
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok())
    {
        let _ = form.request_submit();
    }
}

/// Hidden fields for every URL parameter this form does not own, so that submitting it keeps
/// the rest of what the URL holds (language, selected plot, map view, layers, filters).
#[component]
pub fn KeepOtherParams(own: &'static [&'static str]) -> impl IntoView {
    let query = use_query_map();
    move || {
        query.with(|q| {
            others(q, own)
                .map(|(name, value)| {
                    view! { <input type="hidden" name=name.to_string() value=value.to_string() /> }
                })
                .collect_view()
        })
    }
}

/// `?…` with only the parameters the form does not own (empty when there are none): where a
/// "clear" link goes.
pub fn other_params_query(q: &ParamsMap, own: &[&str]) -> String {
    let mut kept = q.clone();
    for name in own {
        kept.remove(name);
    }
    kept.to_query_string()
}

fn others<'a>(
    q: &'a ParamsMap,
    own: &'a [&str],
) -> impl Iterator<Item = (&'a std::borrow::Cow<'static, str>, &'a str)> {
    q.into_iter()
        .filter(move |(name, _)| !own.contains(&name.as_ref()))
}
