//! The change form: a field a model column, with the widget its type
//! calls for, what was typed or stored, and the error found in it.

mod errors;
mod fields;
mod many;
mod posted;

pub(crate) use self::errors::FormErrors;
pub(crate) use self::fields::{cell, editable_columns, object_text, FormField, Shown};
pub(crate) use self::many::fields_of as many_to_many_fields;
pub(crate) use self::posted::{Button, Posted};
