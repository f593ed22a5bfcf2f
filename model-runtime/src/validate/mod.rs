//! What `validate()` checks before any SQL runs: Django's `full_clean()`.
//!
//! Every field is checked, and every refusal reported at once:
//!
//! - **blank**: an empty `String` is refused ("This field cannot be
//!   blank.") unless the field is `#[field(blank)]`; an `Option` field may
//!   always be `None` or empty;
//! - **`max_length`**, counted in characters, and **decimal digits**
//!   (`max_digits`, `decimal_places`);
//! - **choices**: a [`ModelEnum`](crate::field::ModelEnum) field holds a
//!   variant by its type; text typed in the shell or the admin, and a
//!   row's stored value, are checked against the variants;
//! - **custom validators**, `#[field(validate = path)]` (see [`Validator`]).
//!
//! As in Django, a blank value is not checked further, and a field's other
//! checks all run: it may have several refusals. One refusal in all is an
//! [`Error::Validation`](crate::Error::Validation), several an
//! [`Error::ValidationErrors`](crate::Error::ValidationErrors); both list
//! their pairs through [`Error::field_errors`](crate::Error::field_errors).
//! `create`, `save`, `bulk_create`, `get_or_create` and `update_or_create`
//! validate first, and write nothing when it fails.

pub(crate) mod checks;
pub(crate) mod errors;
pub(crate) mod validator;

pub use errors::FieldError;
#[doc(hidden)]
pub use validator::form;
pub use validator::Validator;
