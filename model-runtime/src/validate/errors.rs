//! What `validate()` reports: every refused value, field by field.

use std::fmt;

use crate::{Error, Result};

/// One value `validate()` refused: the field at fault and what is wrong,
/// in Django's words (or the custom validator's).
///
/// ```
/// use model_runtime::validate::FieldError;
///
/// let error = FieldError::new("title", "This field cannot be blank.");
/// assert_eq!(error.to_string(), "title: This field cannot be blank.");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldError {
    /// The Rust field's name.
    pub field: String,
    /// What is wrong with its value.
    pub message: String,
}

impl FieldError {
    /// The error of `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Gathers the refusals of one `validate()` run, for the generated code.
#[doc(hidden)]
pub struct Collector {
    model: &'static str,
    errors: Vec<FieldError>,
}

impl Collector {
    pub fn new(model: &'static str) -> Collector {
        Collector {
            model,
            errors: Vec::new(),
        }
    }

    /// Records the outcome of one check of `field`.
    pub fn check(&mut self, field: &str, outcome: std::result::Result<(), String>) {
        if let Err(message) = outcome {
            self.errors.push(FieldError::new(field, message));
        }
    }

    /// `Ok` when every check passed; one refusal is [`Error::Validation`],
    /// several are [`Error::ValidationErrors`].
    pub fn finish(self) -> Result<()> {
        let mut errors = self.errors;
        match errors.len() {
            0 => Ok(()),
            1 => {
                let FieldError { field, message } = errors.remove(0);
                Err(Error::Validation {
                    model: self.model.to_owned(),
                    field,
                    message,
                })
            }
            _ => Err(Error::ValidationErrors {
                model: self.model.to_owned(),
                errors,
            }),
        }
    }
}

/// `Menu.title: ...; Menu.price: ...`, as [`Error::ValidationErrors`] reads.
pub(crate) fn describe(model: &str, errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{model}.{e}"))
        .collect::<Vec<_>>()
        .join("; ")
}
