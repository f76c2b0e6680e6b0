//! Downloads as CSV that open correctly in a spreadsheet: UTF-8 with a header
//! row, and every cell that a spreadsheet would run as a formula neutralised.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A cell starting with one of these is read as a formula by spreadsheets
/// (CSV injection); a leading apostrophe makes it plain text.
fn neutralised(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// The CSV text of `rows` under `header`, every cell neutralised.
pub fn csv_text(header: &[&str], rows: &[Vec<String>]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| neutralised(cell)))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A download named `filename`.
pub fn csv_download(filename: &str, text: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        text,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quotes_escaped() {
        let text = csv_text(
            &["a", "b"],
            &[
                vec!["=SUM(A1)".into(), "plain, with comma".into()],
                vec!["+1".into(), "-2".into()],
                vec!["@cmd".into(), "\tx".into()],
                vec!["say \"hi\"".into(), "Ürün".into()],
            ],
        )
        .unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "a,b");
        assert_eq!(lines[1], "'=SUM(A1),\"plain, with comma\"");
        assert_eq!(lines[2], "'+1,'-2");
        assert!(lines[3].starts_with("'@cmd,"));
        assert!(text.contains("\"say \"\"hi\"\"\",Ürün"));
    }
}
