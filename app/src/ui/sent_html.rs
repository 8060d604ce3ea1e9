//! Long static parts of a page (a page of results: links, text and a plain form's checkboxes)
//! that the browser keeps as the server sent them instead of hydrating them node by node.
//!
//! On the server such a part is rendered to HTML (escaped as every view is) and set as its
//! element's inner HTML; while the browser hydrates the page, hydration leaves an element's
//! inner HTML alone, so the part costs nothing there. A part built in the browser later (a new
//! page of results after a filter changed) is built as an ordinary view. Hydrating the list's
//! 100 cards and 100 rows node by node was most of its blocking time on a phone (Lighthouse: a
//! 390 ms task at 4× CPU).

use leptos::prelude::*;

/// Whether the part is to be sent as HTML: on the server, and in the browser while it hydrates
/// what the server sent.
pub fn as_sent() -> bool {
    cfg!(feature = "ssr")
        || Owner::current_shared_context().is_some_and(|context| context.during_hydration())
}

/// `view` as HTML where [`as_sent`] (the server renders it; the browser, which cannot render
/// HTML text and keeps what was sent, gets an empty string it does not use).
pub fn html_of(view: impl RenderHtml) -> String {
    #[cfg(feature = "ssr")]
    {
        view.to_html()
    }
    #[cfg(not(feature = "ssr"))]
    {
        drop(view);
        String::new()
    }
}
