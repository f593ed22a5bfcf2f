//! Spelling and shape shared by the backends: catalogs differ in case,
//! spacing and how they say "no default"; [`TableInfo`](super::TableInfo)
//! does not.

/// A type name lower-cased, with runs of spaces made one and no space next
/// to a parenthesis or comma: `DECIMAL(15, 4)` reads `decimal(15,4)`.
pub(super) fn tidy_type(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        let tight = matches!(c, '(' | ')' | ',');
        if pending_space && !tight && !out.ends_with(['(', ',']) {
            out.push(' ');
        }
        pending_space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// A default's text, or `None` when it is absent, empty or `NULL`: a
/// column whose default is `NULL` behaves as one with no default, and
/// catalogs disagree on which of the two they report.
pub(super) fn tidy_default(raw: Option<String>) -> Option<String> {
    let text = raw?.trim().to_owned();
    (!text.is_empty() && !text.eq_ignore_ascii_case("null")).then_some(text)
}

/// Rows of `(group, member)` in member order, grouped by consecutive
/// `group`: how catalogs list the columns of each index or constraint.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(super) fn group<K: PartialEq>(rows: impl IntoIterator<Item = (K, String)>) -> Vec<(K, Vec<String>)> {
    let mut groups: Vec<(K, Vec<String>)> = Vec::new();
    for (key, member) in rows {
        match groups.last_mut() {
            Some((last, members)) if *last == key => members.push(member),
            _ => groups.push((key, vec![member])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_lose_case_and_inner_spaces() {
        assert_eq!(tidy_type("DECIMAL(15, 4)"), "decimal(15,4)");
        assert_eq!(tidy_type(" double   precision "), "double precision");
        assert_eq!(tidy_type("varchar ( 255 )"), "varchar(255)");
        assert_eq!(tidy_type("int(10) unsigned"), "int(10) unsigned");
    }

    #[test]
    fn null_defaults_read_as_none() {
        assert_eq!(tidy_default(Some("NULL".into())), None);
        assert_eq!(tidy_default(Some("".into())), None);
        assert_eq!(tidy_default(None), None);
        assert_eq!(tidy_default(Some("'NULL'".into())).as_deref(), Some("'NULL'"));
    }

    #[cfg(any(feature = "postgres", feature = "mysql"))]
    #[test]
    fn consecutive_rows_group_together() {
        let rows = [
            ("a", "x".to_owned()),
            ("a", "y".to_owned()),
            ("b", "z".to_owned()),
        ];
        assert_eq!(
            group(rows),
            [
                ("a", vec!["x".to_owned(), "y".to_owned()]),
                ("b", vec!["z".to_owned()])
            ]
        );
    }
}
