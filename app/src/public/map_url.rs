//! The public map's view in the URL: where the map opens, and the view written back as the user
//! pans and zooms (`vy=x,y,width,height`, replacing the history entry), so a copied link shows
//! the same part of the map.

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
    params::ParamsMap,
};

use crate::domain::{MapOpening, NAME_MAX_CHARS, ViewBox, check_text};

/// Where the map opens, as its address says (see [`MapOpening`]); the server resolves it to a
/// view, since the plots it sends depend on it. A name that cannot be searched for is left out
/// (the filter form says why, and the map opens as usual).
pub(super) fn opening_from_url(query: &ParamsMap) -> MapOpening {
    let name = |key: &str| {
        query
            .get(key)
            .filter(|name| check_text(name, NAME_MAX_CHARS).is_ok())
    };
    MapOpening {
        view: query.get("vy").and_then(|v| ViewBox::from_param(&v)),
        plot: query.get("tomt").and_then(|id| id.parse().ok()),
        business_area: name("omrade"),
        locality: name("ort"),
    }
}

/// Writes the view into the URL whenever it changes. Only changes are written: opening the page
/// leaves its URL alone.
pub(super) fn write_view_to_url(view_box: RwSignal<ViewBox>) {
    let query = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |previous: Option<ViewBox>| {
        let view = view_box.get();
        if previous.is_some_and(|previous| previous != view) {
            // The address as it is now: a plot selected in the same event (Enter zooms to it)
            // is in the address bar before the router's query follows.
            let mut params = address_bar_query().unwrap_or_else(|| query.get_untracked());
            params.replace("vy", view.to_param());
            navigate_map(&navigate, &params, true);
        }
        view
    });
}

/// Shows the map with these parameters (a plot or place selected or closed, the view moved)
/// in place: no scroll to the top as on a page load. `replace`: the history entry is replaced
/// (the view only), not added to.
pub(super) fn navigate_map(
    navigate: &impl Fn(&str, NavigateOptions),
    params: &ParamsMap,
    replace: bool,
) {
    navigate(
        &format!("/{}", params.to_query_string()),
        NavigateOptions {
            replace,
            scroll: false,
            ..Default::default()
        },
    );
}

/// The query in the browser's address bar, which a navigation changes at once (the router's
/// query memo follows a moment later).
fn address_bar_query() -> Option<ParamsMap> {
    let search = window().location().search().ok()?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(search.trim_start_matches('?')).ok()?;
    Some(pairs.into_iter().collect())
}
