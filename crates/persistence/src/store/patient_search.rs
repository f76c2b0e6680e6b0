//! The staff's patient search: a substring of name, email or phone, newest first.

use super::patient_rows::PatientSummaryRow;
use crate::db::DbError;
use crate::schema::patients;
use consulta_domain::ports::PatientPage;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;
use diesel::SqliteConnection;

const MAX_PAGE: i64 = 500;

/// Makes `%`, `_` and the escape character itself match literally.
pub(super) fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Phones are stored without separators, so "+880 1711-23" must match
/// "+880171123…": a query that reads like a phone number is searched with
/// its separators dropped.
fn phone_pattern(query: &str) -> Option<String> {
    let looks_like_phone = query.chars().any(|c| c.is_ascii_digit())
        && query
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    looks_like_phone.then(|| {
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        let plus = if query.starts_with('+') { "+" } else { "" };
        format!("%{plus}{digits}%")
    })
}

fn matching(query: &str) -> patients::BoxedQuery<'static, Sqlite> {
    let query = query.trim();
    if query.is_empty() {
        return patients::table.into_boxed();
    }
    let pattern = format!("%{}%", escape_like(query));
    let phone = phone_pattern(query).unwrap_or_else(|| pattern.clone());
    patients::table.into_boxed().filter(
        patients::name
            .like(pattern.clone())
            .escape('\\')
            .or(patients::email.like(pattern.clone()).escape('\\'))
            .or(patients::phone.like(pattern).escape('\\'))
            .or(patients::phone.like(phone)),
    )
}

pub(super) fn search(
    conn: &mut SqliteConnection,
    query: &str,
    limit: i64,
    offset: i64,
) -> Result<PatientPage, DbError> {
    let total = matching(query).count().get_result::<i64>(conn)?;
    let rows = matching(query)
        .order((patients::created_at.desc(), patients::id.desc()))
        .limit(limit.clamp(0, MAX_PAGE))
        .offset(offset.max(0))
        .select(PatientSummaryRow::as_select())
        .load(conn)?;
    let patients = rows
        .into_iter()
        .map(PatientSummaryRow::into_summary)
        .collect::<Result<_, _>>()?;
    Ok(PatientPage { patients, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }

    #[test]
    fn phone_like_queries_lose_their_separators() {
        assert_eq!(
            phone_pattern("+880 1711-23").as_deref(),
            Some("%+880171123%")
        );
        assert_eq!(phone_pattern("(017) 11").as_deref(), Some("%01711%"));
        assert_eq!(phone_pattern("rahim"), None);
        assert_eq!(phone_pattern("- ."), None);
    }
}
