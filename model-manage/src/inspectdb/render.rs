//! The drafted models as Rust source: one `#[derive(Model)]` struct each.

use std::fmt::Write as _;

use model_runtime::schema::{Column, ColumnType, DefaultValue, Index, ModelSchema};

use super::model::Draft;

/// The source of one model, notes first.
pub(super) fn model_source(draft: &Draft) -> String {
    let schema = &draft.schema;
    let mut out = String::new();
    for note in &draft.notes {
        let _ = writeln!(out, "// {}", comment(note));
    }
    let _ = writeln!(out, "#[derive(Model, Debug, Clone, PartialEq)]");
    let _ = writeln!(out, "#[model({})]", model_options(schema).join(", "));
    let _ = writeln!(out, "pub struct {} {{", schema.name);
    for column in schema.columns.iter() {
        for note in draft.field_notes.get(column.name.as_ref()).into_iter().flatten() {
            let _ = writeln!(out, "    // {}", comment(note));
        }
        let options = field_options(schema, column);
        if !options.is_empty() {
            let _ = writeln!(out, "    #[field({})]", options.join(", "));
        }
        let _ = writeln!(out, "    pub {}: {},", column.field, rust_type(column));
    }
    out.push_str("}\n");
    out
}

/// A note as the text of one `//` comment: a name from the database may
/// hold a line break, which would end the comment and leave the rest of
/// the name as code, so control characters (and Unicode's line and
/// paragraph separators) are written escaped, as Rust writes them.
pub(super) fn comment(note: &str) -> String {
    note.chars()
        .map(|c| match c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            true => c.escape_debug().to_string(),
            false => c.to_string(),
        })
        .collect()
}

fn model_options(schema: &ModelSchema) -> Vec<String> {
    let mut options = Vec::new();
    if !schema.app.is_empty() {
        options.push(format!("app = {:?}", schema.app));
    }
    options.push(format!("table = {:?}", schema.table));
    for (key, unique) in [("unique_together", true), ("indexes", false)] {
        let groups: Vec<String> = schema
            .indexes
            .iter()
            .filter(|i| i.unique == unique)
            .map(|i| field_group(schema, i))
            .collect();
        if !groups.is_empty() {
            options.push(format!("{key} = [{}]", groups.join(", ")));
        }
    }
    options
}

/// `["first_name", "last_name"]`: the derive names an index's fields, not
/// its columns.
fn field_group(schema: &ModelSchema, index: &Index) -> String {
    let fields: Vec<String> = index
        .columns
        .iter()
        .map(|column| {
            let field = schema
                .column(column)
                .map_or(column.as_ref(), |c| c.field.as_ref());
            format!("{field:?}")
        })
        .collect();
    format!("[{}]", fields.join(", "))
}

fn field_options(schema: &ModelSchema, column: &Column) -> Vec<String> {
    let mut options = Vec::new();
    if column.primary_key {
        options.push("primary_key".to_owned());
        if !column.auto_increment {
            options.push("auto_increment = false".to_owned());
        }
    }
    if let Some(n) = column.max_length {
        options.push(format!("max_length = {n}"));
    }
    if let (Some(digits), Some(places)) = (column.max_digits, column.decimal_places) {
        options.push(format!("max_digits = {digits}, decimal_places = {places}"));
    }
    if let Some(default) = &column.default {
        options.push(format!("default = {}", default_literal(default)));
    }
    if column.unique {
        options.push("unique".to_owned());
    }
    // The derive indexes a foreign key by itself.
    if column.index && !column.unique && column.foreign_key.is_none() {
        options.push("index".to_owned());
    }
    if column.name != column.field {
        options.push(format!("column = {:?}", column.name));
    }
    if let Some(key) = &column.foreign_key {
        let target = if key.table == schema.table {
            "Self"
        } else {
            key.model.as_ref()
        };
        options.push(format!(
            "foreign_key = {target}, on_delete = {:?}",
            key.on_delete.name()
        ));
        // A second key to the same table needs a reverse accessor of its
        // own: Django's inspectdb names it the same way.
        let earlier = schema
            .columns
            .iter()
            .take_while(|c| c.name != column.name)
            .any(|c| c.foreign_key.as_ref().is_some_and(|k| k.table == key.table));
        if earlier {
            let model = super::names::snake_case(&schema.name);
            options.push(format!("related_name = \"{model}_{}_set\"", column.field));
        }
    }
    options
}

/// A Rust literal the derive reads back as the same default.
fn default_literal(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Int(v) => v.to_string(),
        // `{:?}` keeps the point (`2.0`), so the literal stays a float.
        DefaultValue::Float(v) => format!("{v:?}"),
        DefaultValue::Bool(v) => v.to_string(),
        DefaultValue::Text(text) => format!("{text:?}"),
    }
}

fn rust_type(column: &Column) -> String {
    let inner = match column.ty {
        ColumnType::SmallInt => "i16",
        ColumnType::Integer => "i32",
        ColumnType::BigInt => "i64",
        ColumnType::Float => "f32",
        ColumnType::Double => "f64",
        ColumnType::Bool => "bool",
        ColumnType::Text => "String",
        ColumnType::Binary => "Vec<u8>",
        ColumnType::Decimal => "Decimal",
        ColumnType::Date => "NaiveDate",
        ColumnType::DateTime => "NaiveDateTime",
        ColumnType::DateTimeUtc => "DateTime<Utc>",
        ColumnType::Uuid => "Uuid",
        ColumnType::Json => "JsonValue",
    };
    if column.nullable {
        format!("Option<{inner}>")
    } else {
        inner.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_stays_on_its_line() {
        assert_eq!(
            comment("Table a\nb */ \"c\" is left out"),
            "Table a\\nb */ \"c\" is left out"
        );
        assert_eq!(comment("x\r\u{2028}\0é"), "x\\r\\u{2028}\\0é");
    }
}
