//! What every page shares: the language and its texts (`i18n`), form helpers (`forms`), the
//! SVG maps' drawing (`map_drawing`), long static parts kept as the server sent them
//! (`sent_html`) and texts staff wrote in two languages (`written`).
//! The document around every page (`shell`) and its frame are in `lib.rs`.

pub(crate) mod codec;
pub(crate) mod focus;
pub(crate) mod forms;
pub mod i18n;
pub(crate) mod map_drawing;
pub(crate) mod sent_html;
/// Only the pages the server renders alone show staff's texts in either language this way.
#[cfg(feature = "ssr")]
pub(crate) mod written;
