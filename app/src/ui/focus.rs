//! Moving the keyboard's focus where the user's attention goes, in the browser.

/// How often and how long to look for a page's heading while its content loads.
#[cfg(feature = "hydrate")]
const LOOK_EVERY_MS: u64 = 50;
#[cfg(feature = "hydrate")]
const LOOK_TIMES: u32 = 60;

/// Folds the phone header's menu away (after a link in it led to another page, it would lie
/// over the new page).
pub fn close_menu() {
    #[cfg(feature = "hydrate")]
    if let Ok(Some(menu)) = leptos::prelude::document().query_selector(".site-menu[open]") {
        let _ = menu.remove_attribute("open");
    }
}

/// Focuses the main heading of the page just navigated to, once it is there: the first `<h1>`
/// in `<main>` that is not the one shown before the navigation.
pub fn focus_new_heading() {
    #[cfg(feature = "hydrate")]
    {
        let before = main_heading();
        look_for_heading(before, LOOK_TIMES);
    }
}

#[cfg(feature = "hydrate")]
fn main_heading() -> Option<leptos::web_sys::Element> {
    leptos::prelude::document()
        .query_selector("main h1")
        .ok()
        .flatten()
}

#[cfg(feature = "hydrate")]
fn look_for_heading(before: Option<leptos::web_sys::Element>, times_left: u32) {
    use leptos::wasm_bindgen::JsCast;
    let now = main_heading();
    if let Some(heading) = now.filter(|h| Some(h) != before.as_ref()) {
        let _ = heading.set_attribute("tabindex", "-1");
        if let Some(heading) = heading.dyn_ref::<leptos::web_sys::HtmlElement>() {
            let _ = heading.focus();
        }
        return;
    }
    if times_left > 0 {
        leptos::prelude::set_timeout(
            move || look_for_heading(before, times_left - 1),
            std::time::Duration::from_millis(LOOK_EVERY_MS),
        );
    }
}
