//! Spelling and shape shared by the backends: catalogs differ in case,
//! spacing and how they say "no default"; [`TableInfo`](super::TableInfo)
//! does not. Each backend's type spelling is here, not behind its feature,
//! because [`expected_table`](super::expected_table) reads a declared type
//! the way that backend would, whichever backends are compiled in.

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

/// `format_type`'s SQL-standard names in the short spelling the renderer
/// writes: `character varying(255)` reads `varchar(255)`, `timestamp
/// without time zone` reads `timestamp`.
pub(super) fn postgres_type(raw: &str) -> String {
    let tidy = tidy_type(raw).replace(" without time zone", "");
    if let Some(rest) = tidy.strip_prefix("character varying") {
        format!("varchar{rest}")
    } else if let Some(rest) = tidy.strip_prefix("character") {
        format!("char{rest}")
    } else {
        tidy
    }
}

/// `COLUMN_TYPE` without the display width MySQL 8.0.19 stopped showing
/// (`int(11)` reads `int`), so MariaDB and MySQL agree; `tinyint(1)`, the
/// spelling of `bool` on both, keeps it.
pub(super) fn mysql_type(raw: &str) -> String {
    let tidy = tidy_type(raw);
    let integers = ["tinyint", "smallint", "mediumint", "int", "bigint"];
    let Some((word, rest)) = tidy.split_once('(') else {
        return tidy;
    };
    let Some((width, after)) = rest.split_once(')') else {
        return tidy;
    };
    if !integers.contains(&word) || (word == "tinyint" && width == "1") {
        return tidy;
    }
    format!("{word}{after}")
}

/// A default's text, or `None` when it is absent, empty or `NULL`: a
/// column whose default is `NULL` behaves as one with no default, and
/// catalogs disagree on which of the two they report.
pub(super) fn tidy_default(raw: Option<String>) -> Option<String> {
    let text = raw?.trim().to_owned();
    (!text.is_empty() && !text.eq_ignore_ascii_case("null")).then_some(text)
}

/// A MySQL or MariaDB text default in the spelling every backend's
/// introspection reports one, [`string_literal`](model_runtime::sql::string_literal)'s
/// (`'...'`, quotes doubled, nothing escaped), so that defaults compare
/// alike whichever way they were written; `None` for anything else (a
/// number, an expression).
///
/// The catalogs spell a text as a quoted literal with backslash escapes
/// (MariaDB's `'C:\\'`, MySQL's expressions `_utf8mb4\'it\'s\'`), in
/// hexadecimal (`X'5c27'`, `0x5c27`), or converted
/// (`convert(X'5c27' using utf8mb4)`).
// Read only by the MySQL introspection.
#[cfg_attr(not(feature = "mysql"), allow(dead_code))]
pub(super) fn mysql_text_default(sql: &str) -> Option<String> {
    let sql = sql.trim();
    let lower = sql.to_ascii_lowercase();
    if let Some(inner) = lower
        .strip_prefix("convert(")
        .and_then(|rest| rest.strip_suffix(" using utf8mb4)"))
    {
        return hexadecimal(inner.trim()).map(|text| model_runtime::sql::string_literal(&text));
    }
    if let Some(text) = hexadecimal(&lower) {
        return Some(model_runtime::sql::string_literal(&text));
    }
    // An introducer, `_utf8mb4'...'`, names the character set.
    let unintroduced = match sql.strip_prefix('_') {
        Some(rest) => rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric()),
        None => sql,
    };
    let inner = match unintroduced.strip_prefix("\\'") {
        // MySQL escapes the quotes of an expression's literal.
        Some(rest) => rest.strip_suffix("\\'")?,
        None => unintroduced.strip_prefix('\'')?.strip_suffix('\'')?,
    };
    backslash_unescaped(inner).map(|text| model_runtime::sql::string_literal(&text))
}

/// The text of `X'...'` or `0x...`, when its bytes are UTF-8.
// Read only by the MySQL introspection.
#[cfg_attr(not(feature = "mysql"), allow(dead_code))]
fn hexadecimal(sql: &str) -> Option<String> {
    let digits = match sql.strip_prefix("0x") {
        Some(digits) => digits,
        None => sql
            .strip_prefix(['x', 'X'])?
            .strip_prefix('\'')?
            .strip_suffix('\'')?,
    };
    if digits.len() % 2 != 0 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes = (0..digits.len())
        .step_by(2)
        .map(|i| {
            digits
                .get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

/// The text inside a MySQL quoted literal, read with backslash escapes on
/// (as the catalogs write it); `None` when a lone quote ends it early.
// Read only by the MySQL introspection.
#[cfg_attr(not(feature = "mysql"), allow(dead_code))]
fn backslash_unescaped(inner: &str) -> Option<String> {
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                '0' => text.push('\0'),
                'b' => text.push('\u{8}'),
                'n' => text.push('\n'),
                'r' => text.push('\r'),
                't' => text.push('\t'),
                'Z' => text.push('\u{1a}'),
                // Kept with their backslash, for `LIKE`.
                escaped @ ('%' | '_') => text.extend(['\\', escaped]),
                other => text.push(other),
            },
            '\'' => match chars.next()? {
                '\'' => text.push('\''),
                _ => return None,
            },
            other => text.push(other),
        }
    }
    Some(text)
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
    fn standard_type_names_read_short() {
        assert_eq!(postgres_type("character varying(255)"), "varchar(255)");
        assert_eq!(postgres_type("character(36)"), "char(36)");
        assert_eq!(postgres_type("timestamp without time zone"), "timestamp");
        assert_eq!(postgres_type("timestamp(3) without time zone"), "timestamp(3)");
        assert_eq!(
            postgres_type("timestamp with time zone"),
            "timestamp with time zone"
        );
        assert_eq!(postgres_type("numeric(6,2)"), "numeric(6,2)");
    }

    #[test]
    fn display_widths_go_but_bool_stays() {
        assert_eq!(mysql_type("int(11)"), "int");
        assert_eq!(mysql_type("bigint(20) unsigned"), "bigint unsigned");
        assert_eq!(mysql_type("tinyint(1)"), "tinyint(1)");
        assert_eq!(mysql_type("tinyint(4)"), "tinyint");
        assert_eq!(mysql_type("decimal(6,2)"), "decimal(6,2)");
        assert_eq!(mysql_type("varchar(255)"), "varchar(255)");
        assert_eq!(mysql_type("double"), "double");
    }

    #[test]
    fn null_defaults_read_as_none() {
        assert_eq!(tidy_default(Some("NULL".into())), None);
        assert_eq!(tidy_default(Some("".into())), None);
        assert_eq!(tidy_default(None), None);
        assert_eq!(tidy_default(Some("'NULL'".into())).as_deref(), Some("'NULL'"));
    }

    #[test]
    fn mysql_text_defaults_read_in_one_spelling() {
        let read = |sql: &str| mysql_text_default(sql);
        assert_eq!(read(r"'C:\\'").as_deref(), Some(r"'C:\'"));
        assert_eq!(read(r"'it''s\''").as_deref(), Some("'it''s'''"));
        assert_eq!(read(r"'a\0b'").as_deref(), Some("'a\0b'"));
        assert_eq!(read("X'5c27'").as_deref(), Some(r"'\'''"));
        assert_eq!(read("convert(X'5c27' using utf8mb4)").as_deref(), Some(r"'\'''"));
        assert_eq!(read("convert(0x5C27 using utf8mb4)").as_deref(), Some(r"'\'''"));
        assert_eq!(read(r"_utf8mb4\'it\'s\'").as_deref(), Some("'it''s'"));
        assert_eq!(read("_utf8mb4'%_'").as_deref(), Some("'%_'"));
        assert_eq!(read(r"'\%'").as_deref(), Some(r"'\%'"));
        assert_eq!(read("current_timestamp()"), None);
        assert_eq!(read("0"), None);
        assert_eq!(read("X'c3'"), None);
        assert_eq!(read("X'+f'"), None);
        assert_eq!(read("'a'b'"), None);
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
