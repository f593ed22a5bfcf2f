use super::FieldType;
use crate::Decimal;

/// A text field: it accepts `max_length`, counted in characters.
#[diagnostic::on_unimplemented(
    message = "`max_length` applies to text fields, and `{Self}` is not text",
    label = "not a String",
    note = "use `max_length` on a `String` or `Option<String>` field"
)]
pub trait TextField: FieldType {
    /// The text, or `None` for `NULL`.
    fn text(&self) -> Option<&str>;
}

impl TextField for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl TextField for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// A decimal field: it takes `max_digits` and `decimal_places`.
#[diagnostic::on_unimplemented(
    message = "`max_digits` and `decimal_places` apply to decimal fields, and `{Self}` is not a decimal",
    label = "not a Decimal",
    note = "use them on a `Decimal` or `Option<Decimal>` field"
)]
pub trait DecimalField: FieldType {
    /// The decimal, or `None` for `NULL`.
    fn decimal(&self) -> Option<&Decimal>;
}

impl DecimalField for Decimal {
    fn decimal(&self) -> Option<&Decimal> {
        Some(self)
    }
}

impl DecimalField for Option<Decimal> {
    fn decimal(&self) -> Option<&Decimal> {
        self.as_ref()
    }
}

/// An integer key the database assigns (`#[field(primary_key)]`).
#[diagnostic::on_unimplemented(
    message = "an auto-increment primary key must be i16, i32 or i64, not `{Self}`",
    label = "not an integer",
    note = "for a key you assign yourself (a UUID, a code), write `#[field(primary_key, auto_increment = false)]`"
)]
pub trait AutoIncrement: FieldType + Clone {
    /// The key from the id the database reports for the inserted row
    /// (MySQL's `LAST_INSERT_ID()`), if it fits.
    fn from_insert_id(id: u64) -> Option<Self>;
}

macro_rules! auto_increment {
    ($($t:ty),*) => {$(
        impl AutoIncrement for $t {
            fn from_insert_id(id: u64) -> Option<Self> {
                <$t>::try_from(id).ok()
            }
        }
    )*};
}
auto_increment!(i16, i32, i64);

/// A type that can be a primary key: not nullable, compared by equality.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a primary key",
    label = "not a key type",
    note = "primary keys are i16, i32, i64, String or Uuid, and never an Option"
)]
pub trait PrimaryKeyField: FieldType + Clone + Eq + std::hash::Hash + std::fmt::Debug {}

impl PrimaryKeyField for i16 {}
impl PrimaryKeyField for i32 {}
impl PrimaryKeyField for i64 {}
impl PrimaryKeyField for String {}
impl PrimaryKeyField for uuid::Uuid {}

/// A field that can point at a primary key: the key's type, or an `Option` of it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a foreign key",
    label = "not a key type",
    note = "a foreign key field has the type of the target's primary key, or an Option of it"
)]
pub trait KeyField: FieldType {
    /// The key type pointed at.
    type Key: PrimaryKeyField;
    /// The key, or `None` for `NULL`.
    fn key(&self) -> Option<&Self::Key>;
}

macro_rules! key_field {
    ($($t:ty),*) => {$(
        impl KeyField for $t {
            type Key = $t;
            fn key(&self) -> Option<&$t> {
                Some(self)
            }
        }
        impl KeyField for Option<$t> {
            type Key = $t;
            fn key(&self) -> Option<&$t> {
                self.as_ref()
            }
        }
    )*};
}
key_field!(i16, i32, i64, String, uuid::Uuid);

/// A field that accepts `NULL`, as `on_delete = "set_null"` needs.
#[diagnostic::on_unimplemented(
    message = "`on_delete = \"set_null\"` needs a nullable field, and `{Self}` is not an Option",
    label = "not nullable",
    note = "make the field an `Option<_>`, or choose another on_delete"
)]
pub trait NullableField: FieldType {}

impl<T> NullableField for Option<T> where Option<T>: FieldType {}

/// A foreign key field whose type matches the key it points at.
#[diagnostic::on_unimplemented(
    message = "this foreign key field is `{Self}`, but the primary key it points at is `{K}`",
    label = "must be `{K}` or `Option<{K}>`"
)]
pub trait ForeignKeyField<K>: KeyField {}

impl<F: KeyField> ForeignKeyField<F::Key> for F {}
