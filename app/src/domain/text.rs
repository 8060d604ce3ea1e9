//! What any text a person types may hold: a length the form states, and no control characters
//! (a NUL byte cannot be stored in PostgreSQL, and the others have no place in a name or a
//! message). Every form's validation checks its texts with [`check_text`], so a hostile value is
//! refused naming its field before anything is stored.

use super::Lang;

/// Names of people and companies, a reservation's holder, a business area or locality name.
pub const NAME_MAX_CHARS: usize = 200;
/// An e-mail address (RFC 5321's limit).
pub const EMAIL_MAX_CHARS: usize = 254;
pub const PHONE_MAX_CHARS: usize = 40;
/// A plot's designation, e.g. "Görla 9:41" or "Rimbo Västra tomt 4".
pub const DESIGNATION_MAX_CHARS: usize = 100;
/// Free texts: a message, a description, internal notes, a note on an interest.
pub const LONG_TEXT_MAX_CHARS: usize = 4_000;
/// What the search box takes.
pub const SEARCH_MAX_CHARS: usize = 200;
/// Passwords: long passphrases are welcome, megabytes are not.
pub const PASSWORD_MAX_CHARS: usize = 1_024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// A control character (NUL, say) other than tab and line breaks.
    ControlCharacter,
    TooLong {
        max_chars: usize,
    },
}

impl TextProblem {
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (TextProblem::ControlCharacter, Lang::Sv) => {
                "Texten innehåller ett tecken som inte kan sparas (ett kontrolltecken).".into()
            }
            (TextProblem::ControlCharacter, Lang::En) => {
                "The text holds a character that cannot be stored (a control character).".into()
            }
            (TextProblem::TooLong { max_chars }, Lang::Sv) => format!(
                "Texten får vara högst {} tecken.",
                super::format_integer(max_chars as i64, Lang::Sv)
            ),
            (TextProblem::TooLong { max_chars }, Lang::En) => format!(
                "The text may be at most {} characters.",
                super::format_integer(max_chars as i64, Lang::En)
            ),
        }
    }
}

/// Whether `value` may be stored as a text of at most `max_chars` characters (counted as
/// people count them, not in bytes).
pub fn check_text(value: &str, max_chars: usize) -> Result<(), TextProblem> {
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(TextProblem::ControlCharacter);
    }
    // Counting stops as soon as the limit is passed: a megabyte costs no more than the limit.
    if value.chars().nth(max_chars).is_some() {
        return Err(TextProblem::TooLong { max_chars });
    }
    Ok(())
}

/// The hint a form shows beside a text field: "högst 200 tecken".
pub fn limit_hint(max_chars: usize, lang: Lang) -> String {
    let n = super::format_integer(max_chars as i64, lang);
    match lang {
        Lang::Sv => format!("högst {n} tecken"),
        Lang::En => format!("at most {n} characters"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_but_line_breaks_are_text() {
        assert_eq!(check_text("a\0b", 10), Err(TextProblem::ControlCharacter));
        assert_eq!(
            check_text("a\u{1b}b", 10),
            Err(TextProblem::ControlCharacter)
        );
        assert_eq!(check_text("rad ett\r\nrad två\tslut", 100), Ok(()));
        assert_eq!(check_text("<script>alert(1)</script>", 100), Ok(()));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(check_text("åäö", 3), Ok(()));
        assert_eq!(
            check_text("åäöå", 3),
            Err(TextProblem::TooLong { max_chars: 3 })
        );
        assert_eq!(
            TextProblem::TooLong { max_chars: 4000 }.message(Lang::Sv),
            "Texten får vara högst 4\u{202F}000 tecken."
        );
    }
}
