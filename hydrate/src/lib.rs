//! The browser half: takes over the server-rendered page so the map becomes interactive.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    markkartan_app::restore_rendered_address();
    leptos::mount::hydrate_body(markkartan_app::App);
}
