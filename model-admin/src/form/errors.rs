//! What a form's submission did wrong, by field, in words for the page.

use std::collections::BTreeMap;

use model_runtime::Error;

/// The errors a form shows: beside each field, and above the form for
/// what belongs to no one field (a duplicate, a missing parent).
#[derive(Debug, Default)]
pub(crate) struct FormErrors {
    pub fields: BTreeMap<String, String>,
    pub general: Vec<String>,
}

impl FormErrors {
    /// No errors yet.
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// Records what is wrong with `field` (the first error of a field stays).
    pub fn field(&mut self, field: &str, message: impl Into<String>) {
        self.fields
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    /// Whether nothing was found wrong.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    /// The errors a refused write means to the person who typed it, or the
    /// error back when it is not about what was typed (the database down).
    pub fn from_refusal(error: Error) -> Result<FormErrors, Error> {
        let mut errors = FormErrors::new();
        match error {
            Error::Validation { field, message, .. } => errors.field(&field, message),
            Error::ValidationErrors { errors: found, .. } => {
                for found in found {
                    errors.field(&found.field, found.message);
                }
            }
            // A value another row has: the database's words name the column.
            Error::UniqueViolation { message } => {
                errors
                    .general
                    .push(format!("Another row already has this value: {message}"));
            }
            Error::ForeignKeyViolation { .. } | Error::NotNullViolation { .. } => {
                errors.general.push(error.to_string());
            }
            other => return Err(other),
        }
        Ok(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_land_on_their_fields_and_others_pass() {
        let refused = Error::ValidationErrors {
            model: "Dish".into(),
            errors: vec![
                model_runtime::validate::FieldError::new("price", "Enter a number."),
                model_runtime::validate::FieldError::new("price", "second"),
                model_runtime::validate::FieldError::new("title", "This field cannot be blank."),
            ],
        };
        let errors = FormErrors::from_refusal(refused).unwrap();
        assert_eq!(errors.fields["price"], "Enter a number.");
        assert_eq!(errors.fields["title"], "This field cannot be blank.");
        assert!(FormErrors::from_refusal(Error::Config("down".into())).is_err());
    }
}
