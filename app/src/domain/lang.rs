//! The languages a page is shown in.

use serde::{Deserialize, Serialize};

/// The language a page is shown in. Swedish is the default (see PRODUCT.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

/// A text staff write (a description, a title), in Swedish and, when they wrote one, English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenText {
    pub sv: String,
    /// Empty when there is no English version.
    pub en: String,
}

impl WrittenText {
    /// The text for a page in `lang`, and the language to mark it with when it is not the
    /// page's (an English page shows the Swedish text where there is no English one).
    pub fn for_page(&self, lang: Lang) -> (&str, Option<&'static str>) {
        match lang {
            Lang::En if !self.en.trim().is_empty() => (&self.en, None),
            Lang::En => (&self.sv, Some("sv")),
            // Written in English only: shown, marked as English.
            Lang::Sv if self.sv.trim().is_empty() && !self.en.trim().is_empty() => {
                (&self.en, Some("en"))
            }
            Lang::Sv => (&self.sv, None),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sv.trim().is_empty() && self.en.trim().is_empty()
    }
}
