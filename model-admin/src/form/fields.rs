//! Building the fields of a change form from a model's columns.

use model_runtime::dynamic::DynQuery;
use model_runtime::schema::{Column, ColumnType, ModelSchema};
use model_runtime::{Connection, Row, Value};
use serde::Serialize;

use crate::{AdminError, ModelAdmin};

/// A foreign key offers a select of its target's rows up to this many;
/// beyond, a box for the key and a link to look it up, as Django's
/// `raw_id_fields`.
const MAX_SELECT_OPTIONS: usize = 100;

/// One field of a change form, as the template draws it.
#[derive(Debug, Serialize)]
pub(crate) struct FormField {
    /// The input's name: the model's field name.
    pub name: String,
    /// Its label: `Booking date`.
    pub label: String,
    /// `text`, `textarea`, `number`, `decimal`, `checkbox`, `nullbool`,
    /// `date`, `datetime`, `select` or `raw_id`.
    pub widget: &'static str,
    /// The value shown: typed, stored, or the default.
    pub value: String,
    /// For `select`: `(value, label)` pairs, the empty choice first when
    /// the field may be empty.
    pub options: Vec<(String, String)>,
    /// For `text`: the most characters it takes.
    pub max_length: Option<u32>,
    /// It has no default and may not be empty: its label says so. (No
    /// HTML `required`: the server's check, with its message, is the one
    /// that counts, and a blank-allowed text field would be refused.)
    pub required: bool,
    /// It is shown, never taken from a form.
    pub readonly: bool,
    /// What is wrong with what was typed.
    pub error: Option<String>,
    /// For `raw_id`: the target's change list.
    pub lookup: Option<String>,
    /// For `multiple`: the values chosen.
    pub selected: Vec<String>,
}

/// The columns a form edits: not an automatic key, not set automatically.
pub(crate) fn editable_columns(schema: &'static ModelSchema) -> impl Iterator<Item = &'static Column> {
    schema
        .columns
        .iter()
        .filter(|c| !(c.auto_now || c.auto_now_add || c.primary_key && c.auto_increment))
}

impl FormField {
    /// The field for `column` showing `value` (a row's, or typed text).
    pub fn new(
        conn: &mut Connection,
        column: &'static Column,
        value: Shown<'_>,
        options: &ModelAdmin,
        read_only: bool,
    ) -> Result<FormField, AdminError> {
        let readonly = read_only || options.readonly_fields.iter().any(|f| *f == *column.field);
        let mut field = FormField {
            name: column.field.to_string(),
            // Django labels a foreign key by its relation: `Kitchen`, not `Kitchen id`.
            label: match column.foreign_key {
                Some(_) => crate::views::heading(column.field.strip_suffix("_id").unwrap_or(&column.field)),
                None => crate::views::heading(&column.field),
            },
            widget: widget(column),
            value: value.text(column),
            options: Vec::new(),
            max_length: column.max_length,
            required: !column.nullable && column.default.is_none() && column.ty != ColumnType::Bool,
            readonly,
            error: None,
            lookup: None,
            selected: Vec::new(),
        };
        if !column.choices.is_empty() {
            field.options = std::iter::once(empty_choice())
                .chain(
                    column
                        .choices
                        .iter()
                        .map(|c| (c.value.to_string(), c.label.to_string())),
                )
                .collect();
        } else if let Some(target) = column.foreign_key.as_ref() {
            let model = model_runtime::registry::foreign_key_target(target);
            if let Some(model) = model {
                // One query: a row past the limit says the select would be too long.
                let first = DynQuery {
                    limit: Some(MAX_SELECT_OPTIONS as u64 + 1),
                    ..DynQuery::default()
                };
                let rows = model.filter(conn, &first)?;
                if rows.len() <= MAX_SELECT_OPTIONS {
                    field.widget = "select";
                    field.options = std::iter::once(empty_choice())
                        .chain(rows.iter().map(|row| {
                            let key = row.get(&target.column).map(cell).unwrap_or_default();
                            (key, object_text(row))
                        }))
                        .collect();
                } else {
                    field.widget = "raw_id";
                    field.lookup = Some(format!(
                        "/admin/{}/{}/",
                        model.schema().app,
                        model.schema().name.to_lowercase()
                    ));
                }
            }
        }
        if readonly && field.widget == "select" {
            // A read-only select shows its label, not its stored value.
            if let Some((_, label)) = field.options.iter().find(|(v, _)| *v == field.value) {
                field.value = label.clone();
            }
        }
        Ok(field)
    }
}

impl FormField {
    /// A many-to-many field: a select of several of `options`, `selected`
    /// chosen; read-only, the chosen ones' text.
    pub fn many(
        name: &str,
        options: Vec<(String, String)>,
        selected: Vec<String>,
        readonly: bool,
    ) -> FormField {
        let value = options
            .iter()
            .filter(|(key, _)| selected.contains(key))
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        FormField {
            name: name.to_owned(),
            label: crate::views::heading(name),
            widget: "multiple",
            value,
            options,
            max_length: None,
            required: false,
            readonly,
            error: None,
            lookup: None,
            selected,
        }
    }
}

/// What a field shows: a stored value, or what was typed.
pub(crate) enum Shown<'a> {
    Stored(Option<&'a Value>),
    Typed(Option<&'a str>),
}

impl Shown<'_> {
    fn text(&self, column: &Column) -> String {
        match self {
            Shown::Typed(text) => text.unwrap_or_default().to_owned(),
            Shown::Stored(None) => default_text(column),
            Shown::Stored(Some(value)) => match (column.ty, value) {
                // What `<input type="datetime-local">` shows.
                (ColumnType::DateTime, Value::DateTime(at)) => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                (ColumnType::DateTimeUtc, Value::DateTimeUtc(at)) => {
                    at.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string()
                }
                (_, value) => cell(value),
            },
        }
    }
}

/// The text of a column's default for an empty add form.
fn default_text(column: &Column) -> String {
    use model_runtime::schema::DefaultValue;
    match &column.default {
        Some(DefaultValue::Int(v)) => v.to_string(),
        Some(DefaultValue::Float(v)) => v.to_string(),
        Some(DefaultValue::Bool(v)) => v.to_string(),
        Some(DefaultValue::Text(v)) => v.to_string(),
        None => String::new(),
    }
}

/// The empty choice of a select, `---------`: a field that may be
/// empty, or one a new row has no value for yet.
fn empty_choice() -> (String, String) {
    (String::new(), "---------".to_owned())
}

fn widget(column: &Column) -> &'static str {
    if !column.choices.is_empty() {
        return "select";
    }
    match column.ty {
        ColumnType::Bool if column.nullable => "nullbool",
        ColumnType::Bool => "checkbox",
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => "number",
        // Text, so that a wrong number reaches the server and comes back
        // with its error, as typed.
        ColumnType::Float | ColumnType::Double | ColumnType::Decimal => "decimal",
        ColumnType::Date => "date",
        ColumnType::DateTime | ColumnType::DateTimeUtc => "datetime",
        ColumnType::Text if column.max_length.is_none() => "textarea",
        ColumnType::Json => "textarea",
        _ => "text",
    }
}

/// A value as a form or a cell shows it: empty for `NULL`.
pub(crate) fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        value => value.to_string(),
    }
}

/// An object's text, Django's `str(obj)`: its first text field's value,
/// or `Menu object (1)` when it has none (or it is empty).
pub(crate) fn object_text(row: &Row) -> String {
    let text = row
        .iter()
        .find(|(column, _)| column.ty == ColumnType::Text && !column.primary_key)
        .map(|(_, value)| cell(value))
        .filter(|text| !text.trim().is_empty());
    text.unwrap_or_else(|| format!("{} object ({})", row.schema().name, cell(row.primary_key())))
}
