//! Markkartan's user interface (Leptos components rendered on the server and hydrated in the
//! browser) and the domain types both halves share.

pub mod catalog;
pub mod domain;
mod map;
mod plot_panel;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::map::MapPage;

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="sv">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href="/style/main.css" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Markkartan – verksamhetsmark i Norrtälje kommun" />
        <Router>
            <a class="skip-link" href="#main">"Hoppa till huvudinnehållet"</a>
            <header class="site-header">
                <p class="site-name">
                    <a href="/">"Markkartan"</a>
                    <span class="site-tagline">" – verksamhetsmark i Norrtälje kommun"</span>
                </p>
            </header>
            <main id="main" tabindex="-1">
                // Async: the whole map is in the first HTML, so it shows without JavaScript.
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=MapPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Exempeldata: tomterna på kartan är påhittade och visar hur tjänsten fungerar."</p>
            </footer>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Sidan finns inte – Markkartan" />
        <h1>"Sidan finns inte"</h1>
        <p><a href="/">"Till kartan"</a></p>
    }
}
