use crate::schema::{Column, DefaultValue, ModelSchema};
use crate::{Error, Result};

/// The questions makemigrations cannot answer from the models alone.
pub trait Questioner {
    /// Was `old` renamed to `new` (same fields), rather than one deleted and
    /// the other created?
    fn ask_rename_model(&mut self, app: &str, old: &ModelSchema, new: &ModelSchema) -> Result<bool>;

    /// Was field `old` of `model` renamed to `new` (same definition)?
    fn ask_rename_field(&mut self, app: &str, model: &str, old: &Column, new: &Column) -> Result<bool>;

    /// A one-off default for the rows already in the table, when `field`
    /// becomes NOT NULL without a default: added (`adding`) or altered.
    fn ask_not_null_default(
        &mut self,
        app: &str,
        model: &str,
        field: &Column,
        adding: bool,
    ) -> Result<DefaultValue>;
}

/// `--no-input`: renames are not assumed, and a needed default is an error
/// that says how to avoid the question.
pub struct NonInteractive;

impl Questioner for NonInteractive {
    fn ask_rename_model(&mut self, _app: &str, _old: &ModelSchema, _new: &ModelSchema) -> Result<bool> {
        Ok(false)
    }

    fn ask_rename_field(&mut self, _app: &str, _model: &str, _old: &Column, _new: &Column) -> Result<bool> {
        Ok(false)
    }

    fn ask_not_null_default(
        &mut self,
        app: &str,
        model: &str,
        field: &Column,
        adding: bool,
    ) -> Result<DefaultValue> {
        let what = if adding {
            "a new NOT NULL field"
        } else {
            "now NOT NULL"
        };
        Err(Error::NeedsInput(format!(
            "{app}.{model}.{} is {what} without a default, and the table may have rows: \
             give it #[field(default = ...)], make it an Option, or run makemigrations without \
             --no-input to give a one-off default",
            field.field
        )))
    }
}
