//! The public pages: the map, the list, the fact sheet, plans, contiguous sites (the finder),
//! search, what applies at any place, the interest form and the accessibility statement, with `catalog`, the server
//! functions they read through.

#[cfg(feature = "ssr")]
pub(crate) mod accessibility;
#[cfg(feature = "ssr")]
pub(crate) mod booking;
pub mod catalog;
#[cfg(feature = "ssr")]
pub(crate) mod compare;
pub(crate) mod fact_sheet;
#[cfg(feature = "ssr")]
pub(crate) mod fact_sheet_page;
pub(crate) mod interest;
pub(crate) mod map;
mod map_camera;
mod map_context;
mod map_gesture;
mod map_hint;
mod map_keys;
mod map_labels;
mod map_layers;
mod map_plots;
mod map_sheet;
mod map_tiles;
mod map_url;
mod map_zoom;
/// The open-data API's pages (`/ogc` as HTML): the server renders them, the bundles do not carry them.
#[cfg(feature = "ssr")]
pub mod open_data;
#[cfg(feature = "ssr")]
pub(crate) mod place;
#[cfg(feature = "ssr")]
pub(crate) mod proposal;
#[cfg(feature = "ssr")]
pub(crate) mod survey;
/// In the browser the pages that only read are not hydrated (`crate::is_server_page`): a link
/// or click that leads to one loads it from the server, and the bundles do not carry them.
#[cfg(not(feature = "ssr"))]
pub(crate) mod accessibility {
    use leptos::prelude::*;

    #[component]
    pub fn AccessibilityPage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod fact_sheet_page {
    use leptos::prelude::*;

    #[component]
    pub fn FactSheetPage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod plans {
    use leptos::prelude::*;

    #[component]
    pub fn PlansPage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod planning_page {
    use leptos::prelude::*;

    #[component]
    pub fn PlanningPublicPage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod search_page {
    use leptos::prelude::*;

    #[component]
    pub fn SearchPage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod sites {
    use leptos::prelude::*;

    #[component]
    pub fn SitesPage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod place {
    use leptos::prelude::*;

    #[component]
    pub fn PlacePage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod compare {
    use leptos::prelude::*;

    #[component]
    pub fn ComparePage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod booking {
    use leptos::prelude::*;

    #[component]
    pub fn BookingPage() -> impl IntoView {
        super::load_from_server();
    }

    #[component]
    pub fn BookedPage() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod proposal {
    use leptos::prelude::*;

    #[component]
    pub fn ProposalPageView() -> impl IntoView {
        super::load_from_server();
    }
}
#[cfg(not(feature = "ssr"))]
pub(crate) mod survey {
    use leptos::prelude::*;

    #[component]
    pub fn SurveyPage() -> impl IntoView {
        super::load_from_server();
    }
}
/// Loads the address the router has come to from the server: a page the bundle does not carry.
#[cfg(not(feature = "ssr"))]
pub(crate) fn load_from_server() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::window;
        let location = window().location();
        let here = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = location.assign(&here);
    }
}
mod place_panel;
#[cfg(feature = "ssr")]
pub(crate) mod planning_page;
#[cfg(feature = "ssr")]
pub(crate) mod plans;
pub(crate) mod plot_list;
pub(crate) mod plot_panel;
pub(crate) mod search;
#[cfg(feature = "ssr")]
pub(crate) mod search_page;
#[cfg(feature = "ssr")]
pub(crate) mod sites;
/// The public bundle has no page with a small map (they are the server's).
#[cfg(any(feature = "ssr", feature = "staff"))]
pub(crate) mod small_map;
