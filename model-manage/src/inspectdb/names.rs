//! Rust names for tables and columns: valid identifiers, distinct from
//! each other and from what the derive generates or the field types use.

/// Names a struct cannot take: the field types the printed models use, the
/// derive's traits, and `Self`. A struct so named would shadow the type.
const TAKEN_TYPE_NAMES: &[&str] = &[
    "Self",
    "String",
    "Option",
    "Vec",
    "Some",
    "None",
    "Result",
    "Box",
    "Decimal",
    "NaiveDate",
    "NaiveDateTime",
    "DateTime",
    "Utc",
    "Uuid",
    "JsonValue",
    "Model",
    "NewModel",
];

/// Names the derive's table module defines, which a field cannot take.
const TAKEN_FIELD_NAMES: &[&str] = &["table", "columns", "dsl", "star", "all_columns"];

/// Rust's keywords, strict and reserved: none can name a field, a crate
/// or an app.
pub(crate) const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static",
    "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield",
];

/// A struct name for each table, in order: the table name without the
/// `<app>_` prefix, in CamelCase (`littlelemon_menu_item` -> `MenuItem`).
/// Names stay distinct, also from the `New…` struct the derive adds to
/// each.
pub(super) fn struct_names(tables: &[&str], app: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(tables.len());
    for table in tables {
        let stripped = app
            .and_then(|app| table.strip_prefix(app)?.strip_prefix('_'))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(table);
        let mut base = camel_case(stripped);
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("Table{base}");
        }
        if TAKEN_TYPE_NAMES.contains(&base.as_str()) {
            base.push_str("Table");
        }
        let clashes = |name: &str| {
            names.iter().any(|taken| {
                taken == name
                    || taken.strip_prefix("New") == Some(name)
                    || name.strip_prefix("New") == Some(taken.as_str())
            })
        };
        let name = distinct(&base, "", clashes);
        names.push(name);
    }
    names
}

/// A field name for each column, in order: snake_case, valid, distinct,
/// and none the derive's table module `module` (or the module itself)
/// would clash with.
pub(super) fn field_names(columns: &[&str], module: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(columns.len());
    for column in columns {
        let mut base = snake_case(&column.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
        if base.is_empty() || base.chars().all(|c| c == '_') {
            base = "field".to_owned();
        } else if base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("field_{base}");
        }
        if KEYWORDS.contains(&base.as_str()) || TAKEN_FIELD_NAMES.contains(&base.as_str()) || base == module {
            base.push_str("_field");
        }
        let name = distinct(&base, "_", |name| names.iter().any(|taken| taken == name));
        names.push(name);
    }
    names
}

/// `MenuItem` -> `menu_item`: how the derive names a model's table module.
pub(super) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let after_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let before_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let acronym_end = i > 0 && chars[i - 1].is_uppercase() && before_lower;
            if after_lower || acronym_end {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `menu_item` -> `MenuItem`; anything but ASCII letters and digits
/// separates words.
fn camel_case(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}

/// `base`, or `base2`, `base3`, ... (after `separator`), the first that
/// `taken` refuses.
fn distinct(base: &str, separator: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{separator}{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_names_drop_the_app_prefix_and_stay_distinct() {
        let tables = [
            "littlelemon_menu_item",
            "ticket_codes",
            "uuid",
            "2024_sales",
            "item",
            "new_item",
        ];
        assert_eq!(
            struct_names(&tables, Some("littlelemon")),
            [
                "MenuItem",
                "TicketCodes",
                "UuidTable",
                "Table2024Sales",
                "Item",
                "NewItem2"
            ]
        );
        assert_eq!(
            struct_names(&["littlelemon"], Some("littlelemon")),
            ["Littlelemon"]
        );
    }

    #[test]
    fn field_names_are_valid_snake_case_identifiers() {
        let columns = [
            "FirstName",
            "type",
            "2fa",
            "first name",
            "first_name",
            "table",
            "menu",
            "_",
        ];
        assert_eq!(
            field_names(&columns, "menu"),
            [
                "first_name",
                "type_field",
                "field_2fa",
                "first_name_2",
                "first_name_3",
                "table_field",
                "menu_field",
                "field"
            ]
        );
    }
}
