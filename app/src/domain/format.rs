//! Numbers, areas and money as Swedish and English readers write them.

use super::Lang;

/// Reads a whole number as people write it, digits grouped by spaces or not: "12 000",
/// "12\u{202F}000" (the narrow no-break space [`format_integer`] writes) or "12000".
pub fn parse_whole_number<N: std::str::FromStr>(typed: &str) -> Option<N> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    digits.parse().ok()
}

/// A Swedish count with its noun in the right number: "1 tomt", "2 tomter", "2 000 tomter".
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", format_integer(n as i64, Lang::Sv))
}

/// Groups digits in threes with the language's separator: "12 500" in Swedish (a narrow
/// no-break space, as Språkrådet recommends), "12,500" in English.
pub fn format_integer(value: i64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Sv => '\u{202F}',
        Lang::En => ',',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    if value < 0 {
        out.insert(0, '-');
    }
    out
}

pub fn format_area_m2(area_m2: f64, lang: Lang) -> String {
    format!("{} m²", format_integer(area_m2.round() as i64, lang))
}

pub fn format_hectares(area_m2: f64, lang: Lang) -> String {
    let ha = area_m2 / 10_000.0;
    let text = format!("{ha:.2}");
    match lang {
        Lang::Sv => format!("{} ha", text.replace('.', ",")),
        Lang::En => format!("{text} ha"),
    }
}

pub fn format_sek(value: i64, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("{} kr", format_integer(value, lang)),
        Lang::En => format!("SEK {}", format_integer(value, lang)),
    }
}
