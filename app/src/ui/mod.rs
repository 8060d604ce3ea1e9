//! What every page shares: the language and its texts (`i18n`) and form helpers (`forms`).
//! The document around every page (`shell`) and its frame are in `lib.rs`.

pub(crate) mod forms;
pub mod i18n;
