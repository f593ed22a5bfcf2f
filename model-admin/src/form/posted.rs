//! A submitted change form: its fields as the model takes them, its token,
//! and which button sent it.

use model_runtime::schema::{ColumnType, ModelSchema};

use super::{editable_columns, FormErrors};
use crate::ModelAdmin;

/// Which submit button sent a change form, by Django's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Button {
    /// `_save`, or none: back to the change list.
    Save,
    /// `_addanother`: to an empty add form.
    AddAnother,
    /// `_continue`: back to the object's change form.
    Continue,
}

/// A form body, every pair in order (a name may repeat).
#[derive(Debug, Default)]
pub(crate) struct Posted {
    pairs: Vec<(String, String)>,
}

impl Posted {
    pub fn new(pairs: Vec<(String, String)>) -> Posted {
        Posted { pairs }
    }

    /// The first value sent under `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value sent under `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The CSRF token sent.
    pub fn token(&self) -> Option<&str> {
        self.get("csrfmiddlewaretoken")
    }

    pub fn button(&self) -> Button {
        if self.get("_addanother").is_some() {
            Button::AddAnother
        } else if self.get("_continue").is_some() {
            Button::Continue
        } else {
            Button::Save
        }
    }

    /// The `(field, text)` inputs for the model from the form's editable,
    /// writable fields: a checkbox absent is `false`; a field left out of
    /// the form is left out (it keeps its value, or takes its default).
    /// An empty required field is an error here, in Django's words, before
    /// the model's own checks.
    pub fn inputs(
        &self,
        schema: &'static ModelSchema,
        options: &ModelAdmin,
    ) -> (Vec<(&'static str, String)>, FormErrors) {
        let mut inputs = Vec::new();
        let mut errors = FormErrors::new();
        for column in editable_columns(schema) {
            if options.readonly_fields.iter().any(|f| *f == *column.field) {
                continue;
            }
            let field: &'static str = &column.field;
            if column.ty == ColumnType::Bool && !column.nullable && column.choices.is_empty() {
                let checked = self.get(field).is_some_and(|v| v != "false");
                inputs.push((field, checked.to_string()));
                continue;
            }
            let Some(text) = self.get(field) else {
                continue;
            };
            let empty_not_allowed =
                !column.nullable && (column.ty != ColumnType::Text || !column.choices.is_empty());
            if text.trim().is_empty() && empty_not_allowed {
                errors.field(field, "This field is required.");
                continue;
            }
            if !text.trim().is_empty()
                && column.choices.is_empty()
                && model_runtime::Value::parse(column.ty, text).is_err()
            {
                errors.field(field, not_a_value(column.ty));
                continue;
            }
            inputs.push((field, text.to_owned()));
        }
        (inputs, errors)
    }
}

/// Django's words for text that is not a value of the field's type.
fn not_a_value(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => "Enter a whole number.",
        ColumnType::Float | ColumnType::Double | ColumnType::Decimal => "Enter a number.",
        ColumnType::Date => "Enter a valid date.",
        ColumnType::DateTime | ColumnType::DateTimeUtc => "Enter a valid date/time.",
        ColumnType::Uuid => "Enter a valid UUID.",
        ColumnType::Json => "Enter a valid JSON.",
        ColumnType::Binary => "Enter hexadecimal bytes.",
        _ => "Enter a valid value.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_button_is_read_by_djangos_names() {
        let posted = |name: &str| Posted::new(vec![(name.to_owned(), "x".to_owned())]);
        assert_eq!(posted("_save").button(), Button::Save);
        assert_eq!(posted("_addanother").button(), Button::AddAnother);
        assert_eq!(posted("_continue").button(), Button::Continue);
        assert_eq!(Posted::default().button(), Button::Save);
    }
}
