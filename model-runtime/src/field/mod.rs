//! How a Rust type becomes a column.
//!
//! The derive never guesses a column from the spelling of a type: it asks
//! [`FieldType`], so type aliases work and your own types can be stored.
//! The marker traits next to it say which field options a type accepts
//! (`max_length` needs [`TextField`], a foreign key a [`KeyField`], ...);
//! the derive checks them, and the compiler points at the option at fault.

mod auto_now;
pub(crate) mod choice_checks;
pub(crate) mod choices;
mod defaults;
mod impls;
mod markers;

use crate::schema::{Choice, ColumnType};
use crate::Value;

pub(crate) use auto_now::now_value;
pub use auto_now::AutoNow;
pub use choices::ModelEnum;
pub use defaults::{DefaultFromBool, DefaultFromFloat, DefaultFromInt, DefaultFromStr};
pub use markers::{
    AutoIncrement, BlankField, DecimalField, ForeignKeyField, KeyField, NullableField, PrimaryKeyField,
    TextField,
};

/// A Rust type that a model field may have.
///
/// Implemented for `i16`, `i32`, `i64`, `f32`, `f64`, `bool`, `String`,
/// `Vec<u8>`, [`Decimal`](crate::Decimal), `chrono::NaiveDate`,
/// `chrono::NaiveDateTime`, `chrono::DateTime<Utc>`, `uuid::Uuid`,
/// `serde_json::Value`, and `Option` of each (a nullable column); a
/// fieldless enum gets it from `#[derive(ModelEnum)]` (see [`ModelEnum`]).
///
/// Implement it for a newtype to store it like the type it wraps; the type
/// also needs Diesel's `ToSql` and `FromSql` for [`FieldType::SqlType`] on
/// each backend:
///
/// ```
/// use model_runtime::field::FieldType;
/// use model_runtime::schema::ColumnType;
/// use model_runtime::Value;
///
/// assert_eq!(<Option<String> as FieldType>::COLUMN_TYPE, ColumnType::Text);
/// assert!(<Option<String> as FieldType>::NULLABLE);
/// assert_eq!(Some(3_i32).to_value(), Value::Int(3));
/// assert_eq!(<i16 as FieldType>::from_value(Value::Int(70_000)).unwrap_err(),
///            "70000 does not fit in i16");
/// assert!(String::new().is_blank() && !Some(String::new()).is_blank());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a model field",
    label = "unsupported field type",
    note = "model fields are i16, i32, i64, f32, f64, bool, String, Vec<u8>, Decimal, NaiveDate, NaiveDateTime, DateTime<Utc>, Uuid, serde_json::Value, a `#[derive(ModelEnum)]` enum, or an Option of one",
    note = "to store a type of your own, implement `model_runtime::field::FieldType` for it"
)]
pub trait FieldType: Sized + Clone + PartialEq + std::fmt::Debug + 'static {
    /// The Diesel SQL type of the column (`Nullable<_>` for an `Option`).
    type SqlType: diesel::sql_types::SqlType
        + diesel::sql_types::SingleValue
        + diesel::expression::TypedExpressionType
        + diesel::query_builder::QueryId
        + 'static;
    /// What a row holds for this field, before [`FieldType::from_load`]:
    /// `Self` for most types.
    type Load;
    /// The backend-neutral column type.
    const COLUMN_TYPE: ColumnType;
    /// Whether the column accepts `NULL`.
    const NULLABLE: bool = false;
    /// The values the field may hold, with their labels (Django's
    /// `choices`): a [`ModelEnum`]'s variants, none for other types.
    const CHOICES: &'static [Choice] = &[];

    /// The field's value from what the row held, or why the row's value
    /// cannot be one (a text no variant of a [`ModelEnum`] is stored as).
    fn from_load(load: Self::Load) -> Result<Self, String>;

    /// This value as a dynamic [`Value`].
    fn to_value(&self) -> Value;

    /// A value of this type from a dynamic [`Value`], or why not.
    fn from_value(value: Value) -> Result<Self, String>;

    /// Whether the value is blank, which `validate()` refuses unless the
    /// field is `#[field(blank)]`: an empty `String`. Nothing else is ever
    /// blank (an `Option` field may always be `None`, or `Some("")`).
    fn is_blank(&self) -> bool {
        false
    }
}
