//! `#[field(validate = path)]`: a function of the user's that checks a
//! field's value, as Django's `validators=[...]` do.

use std::fmt::Display;

/// A custom check of a field's value: any function that takes the value by
/// reference and returns `Result<(), E>`, `E` being the message (`String`,
/// `&str`, or any error type that displays one).
///
/// It takes the field's type, `&str` for a `String` field, or, for an
/// `Option<T>` field, the value inside, and is then not called for `None`.
/// As in Django, validators are not called on an empty text either (which
/// `blank` governs), and all of a field's validators run, each refusal
/// reported.
///
/// ```
/// use model_runtime::prelude::*;
///
/// fn no_digits(value: &str) -> Result<(), String> {
///     match value.chars().any(|c| c.is_ascii_digit()) {
///         true => Err(format!("'{value}' contains digits.")),
///         false => Ok(()),
///     }
/// }
///
/// fn even(value: &i32) -> Result<(), &'static str> {
///     if value % 2 == 0 { Ok(()) } else { Err("Give an even number.") }
/// }
///
/// #[derive(Model, Debug)]
/// #[model(app = "validator_doc")]
/// pub struct Table {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 20, validate = no_digits)]
///     pub name: String,
///     #[field(validate = [even])]
///     pub seats: Option<i32>,
/// }
///
/// let row = Table { id: 1, name: "Window 2".into(), seats: Some(3) };
/// let error = row.validate().unwrap_err();
/// assert_eq!(
///     error.field_errors(),
///     [("name", "'Window 2' contains digits."), ("seats", "Give an even number.")]
/// );
/// assert!(Table { id: 1, name: "Window".into(), seats: None }.validate().is_ok());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot validate a `{T}` field",
    label = "not a validator of this field",
    note = "a validator is a function like `fn(value: &{T}) -> Result<(), String>`; \
            for an `Option` field it may take the value inside, and is then not called for `None`"
)]
pub trait Validator<T, Form> {
    /// Checks `value`: the message when it is refused.
    fn check(&self, value: &T) -> Result<(), String>;
}

/// The forms a validator takes its value in; they let one function type
/// be a validator of a field in exactly one way.
#[doc(hidden)]
pub mod form {
    /// `fn(&T)` for a `T` field.
    pub enum Whole {}
    /// `fn(&T)` for an `Option<T>` field.
    pub enum Inner {}
    /// `fn(&str)` for a `String` field.
    pub enum Text {}
    /// `fn(&str)` for an `Option<String>` field.
    pub enum InnerText {}
}

impl<F, T, E> Validator<T, form::Whole> for F
where
    F: Fn(&T) -> Result<(), E>,
    E: Display,
{
    fn check(&self, value: &T) -> Result<(), String> {
        self(value).map_err(|e| e.to_string())
    }
}

impl<F, T, E> Validator<Option<T>, form::Inner> for F
where
    F: Fn(&T) -> Result<(), E>,
    E: Display,
{
    fn check(&self, value: &Option<T>) -> Result<(), String> {
        value
            .as_ref()
            .map_or(Ok(()), |v| self(v).map_err(|e| e.to_string()))
    }
}

impl<F, E> Validator<String, form::Text> for F
where
    F: Fn(&str) -> Result<(), E>,
    E: Display,
{
    fn check(&self, value: &String) -> Result<(), String> {
        self(value).map_err(|e| e.to_string())
    }
}

impl<F, E> Validator<Option<String>, form::InnerText> for F
where
    F: Fn(&str) -> Result<(), E>,
    E: Display,
{
    fn check(&self, value: &Option<String>) -> Result<(), String> {
        value
            .as_deref()
            .map_or(Ok(()), |v| self(v).map_err(|e| e.to_string()))
    }
}

/// Runs `validator` on `value`, for the generated `validate()`.
#[doc(hidden)]
pub fn run<T, Form, V: Validator<T, Form>>(value: &T, validator: V) -> Result<(), String> {
    validator.check(value)
}
