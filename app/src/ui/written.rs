//! A text staff wrote in Swedish and, where they wrote one, English.

use leptos::prelude::*;

use crate::domain::{Lang, WrittenText};

/// The text in the page's language where there is one, else the other, marked with its language
/// (`lang="sv"` on an English page), so a screen reader reads it as it is written.
#[component]
pub fn Written(text: WrittenText, lang: Lang) -> impl IntoView {
    let (shown, marked) = text.for_page(lang);
    view! { <span lang=marked>{shown.to_string()}</span> }
}
