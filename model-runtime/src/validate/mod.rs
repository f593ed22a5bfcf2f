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
//!
//! They also refuse, before any SQL runs, a value the connection's backend
//! cannot hold, as an [`Error::Validation`](crate::Error::Validation)
//! naming the model and the field: a NaN on SQLite (which would store
//! NULL) or MySQL, an infinity on MySQL, a date MySQL cannot hold (years
//! 1000 to 9999) or one before 4714-11-24 BC on PostgreSQL. PostgreSQL
//! keeps NaN and both infinities; SQLite keeps any date chrono has.

pub(crate) mod checks;
pub(crate) mod errors;
pub(crate) mod storable;
pub(crate) mod validator;

pub use errors::FieldError;
#[doc(hidden)]
pub use validator::form;
pub use validator::Validator;
