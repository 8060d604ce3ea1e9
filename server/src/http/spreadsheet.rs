//! Tables as text for spreadsheets, one way for every export (the interest inbox, the plots'
//! open data): CSV with `;` between cells (what a Swedish spreadsheet opens), a byte-order mark
//! so it reads UTF-8, every cell quoted where it must be and a formula neutralised.

/// The CSV text of a table: its header, then its rows.
pub fn csv_text<R>(header: &[&str], rows: impl IntoIterator<Item = R>) -> Result<String, csv::Error>
where
    R: IntoIterator,
    R::Item: AsRef<str>,
{
    let mut csv = String::from("\u{FEFF}");
    let mut line = |cells: Vec<String>| {
        csv.push_str(&cells.join(";"));
        csv.push_str("\r\n");
    };
    line(header.iter().map(|c| cell(c)).collect::<Result<_, _>>()?);
    for row in rows {
        line(
            row.into_iter()
                .map(|c| cell(c.as_ref()))
                .collect::<Result<_, _>>()?,
        );
    }
    Ok(csv)
}

/// One cell as CSV text, quoted (RFC 4180) by the `csv` crate where it holds the separator, a
/// quote or a line break, and also where it holds a tab or a comma: a program that splits on
/// those (a spreadsheet guessing the separator) then still reads the cell whole. A formula is
/// neutralised first ([`as_text`]).
fn cell(text: &str) -> Result<String, csv::Error> {
    let text = as_text(text);
    if text.is_empty() {
        return Ok(String::new());
    }
    let style = if text.contains(['\t', ',']) {
        csv::QuoteStyle::Always
    } else {
        csv::QuoteStyle::Necessary
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .quote_style(style)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record([text.as_bytes()])?;
    let mut bytes = writer.into_inner().map_err(|error| error.into_error())?;
    // The record's end: the row goes on with the next cell.
    bytes.pop();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, as a company name sent through the public form can) gets a leading `'`, as
/// OWASP recommends, so it is shown as the text it is. A telephone number (`+46 176 71 10 00`)
/// is no formula and is left as it is.
fn as_text(cell: &str) -> String {
    let phone = cell.strip_prefix('+').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_digit())
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
    });
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !phone {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
