use std::fmt;

use serde::{Deserialize, Serialize};

use super::Name;

/// One allowed value of a column and its human-readable label: an entry of
/// Django's `choices`, written by `#[derive(ModelEnum)]` for each variant.
///
/// In a migration file each choice of a column reads as a table of its
/// own, `[[operations.fields.choices]]` with its `value` and `label`. They
/// change no SQL; migrations record them, as Django's do, so that the
/// history says what the field accepted.
///
/// ```
/// use model_runtime::schema::{Choice, ChoiceValue};
///
/// const SIZES: &[Choice] = &[Choice::integer(1, "Small"), Choice::integer(2, "Large")];
/// assert_eq!(SIZES[1].value, ChoiceValue::Int(2));
/// assert_eq!(SIZES[1].label(), "Large");
/// assert_eq!(Choice::text("main", "Main course").value.to_string(), "main");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Read from migration files: a misspelled key is an error, never a
// silently ignored option.
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the column stores.
    pub value: ChoiceValue,
    /// What a person reads: Django's `get_FOO_display()`.
    pub label: Name,
}

/// The value a [`Choice`] stores: text or an integer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ChoiceValue {
    /// Stored in an integer column.
    Int(i64),
    /// Stored in a text column.
    Text(Name),
}

impl Choice {
    /// A choice stored as text.
    pub const fn text(value: &'static str, label: &'static str) -> Choice {
        Choice {
            value: ChoiceValue::Text(Name::Borrowed(value)),
            label: Name::Borrowed(label),
        }
    }

    /// A choice stored as an integer.
    pub const fn integer(value: i64, label: &'static str) -> Choice {
        Choice {
            value: ChoiceValue::Int(value),
            label: Name::Borrowed(label),
        }
    }

    /// The label.
    pub fn label(&self) -> &str {
        &self.label
    }
}

impl ChoiceValue {
    /// The text stored, for a text choice.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ChoiceValue::Text(text) => Some(text),
            ChoiceValue::Int(_) => None,
        }
    }

    /// The integer stored, for an integer choice.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            ChoiceValue::Int(value) => Some(*value),
            ChoiceValue::Text(_) => None,
        }
    }
}

impl fmt::Display for ChoiceValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChoiceValue::Int(value) => write!(f, "{value}"),
            ChoiceValue::Text(text) => f.write_str(text),
        }
    }
}
