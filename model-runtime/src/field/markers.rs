use super::FieldType;
use crate::Decimal;

/// A text field: it accepts `max_length`, counted in characters.
#[diagnostic::on_unimplemented(
    message = "`max_length` applies to text fields, and this field is `{Self}`",
    label = "only for `String` fields",
    note = "make the field a `String` or `Option<String>`, or remove `max_length`"
)]
pub trait TextField: FieldType {
    /// The text, or `None` for `NULL`.
    fn text(&self) -> Option<&str>;
}

// `do_not_recommend` on the built-in impls: the message already says which
// types fit, and the compiler's list of impls would only repeat it.
#[diagnostic::do_not_recommend]
impl TextField for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

// Any text field's `Option`: `Option<String>`, and an `Option` of a text
// `ModelEnum`, which the enum's crate could not implement itself.
#[diagnostic::do_not_recommend]
impl<T: TextField> TextField for Option<T>
where
    Option<T>: FieldType,
{
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(T::text)
    }
}

/// A field that may be left empty when `#[field(blank)]` says so: Django's
/// `blank=True` on a text field.
#[diagnostic::on_unimplemented(
    message = "`blank` applies to text fields, and this field is `{Self}`",
    label = "only for `String` fields",
    note = "only text can be blank: an empty `String`; remove `blank` (an `Option` field may be `None` already)"
)]
pub trait BlankField: FieldType {}

#[diagnostic::do_not_recommend]
impl BlankField for String {}

#[diagnostic::do_not_recommend]
impl BlankField for Option<String> {}

/// A decimal field: it takes `max_digits` and `decimal_places`.
#[diagnostic::on_unimplemented(
    message = "`max_digits` and `decimal_places` apply to decimal fields, and this field is `{Self}`",
    label = "only for `Decimal` fields",
    note = "make the field a `Decimal` or `Option<Decimal>`, or remove `max_digits` and `decimal_places`"
)]
pub trait DecimalField: FieldType {
    /// The decimal, or `None` for `NULL`.
    fn decimal(&self) -> Option<&Decimal>;

    /// The value with exactly `places` decimal places, as read back from a
    /// column: SQLite stores `12.50` as the double `12.5`, PostgreSQL and
    /// MySQL keep the scale; every backend then reads `12.50`, as Django does.
    fn with_decimal_places(self, places: u32) -> Self;
}

#[diagnostic::do_not_recommend]
impl DecimalField for Decimal {
    fn decimal(&self) -> Option<&Decimal> {
        Some(self)
    }

    fn with_decimal_places(self, places: u32) -> Self {
        self.with_scale_round(i64::from(places), bigdecimal::RoundingMode::HalfEven)
    }
}

#[diagnostic::do_not_recommend]
impl DecimalField for Option<Decimal> {
    fn decimal(&self) -> Option<&Decimal> {
        self.as_ref()
    }

    fn with_decimal_places(self, places: u32) -> Self {
        self.map(|value| value.with_decimal_places(places))
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
        #[diagnostic::do_not_recommend]
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

macro_rules! primary_key_field {
    ($($t:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl PrimaryKeyField for $t {}
    )*};
}
primary_key_field!(i16, i32, i64, String, uuid::Uuid);

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
        #[diagnostic::do_not_recommend]
        impl KeyField for $t {
            type Key = $t;
            fn key(&self) -> Option<&$t> {
                Some(self)
            }
        }
        #[diagnostic::do_not_recommend]
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
    message = "`on_delete = \"set_null\"` needs an `Option` field, and this field is `{Self}`",
    label = "the field cannot be NULL",
    note = "make the field an `Option<{Self}>`, or choose another `on_delete`"
)]
pub trait NullableField: FieldType {}

#[diagnostic::do_not_recommend]
impl<T> NullableField for Option<T> where Option<T>: FieldType {}

/// A foreign key field whose type matches the key it points at.
#[diagnostic::on_unimplemented(
    message = "this foreign key field is `{Self}`, but the primary key it points at is `{K}`",
    label = "must be `{K}` or `Option<{K}>`"
)]
pub trait ForeignKeyField<K>: KeyField {
    /// The key as the type pointed at: the same type, which generic code
    /// cannot see through `K` alone.
    #[doc(hidden)]
    fn same_key(key: &Self::Key) -> &K;
}

// Written with `K` as its own parameter so that a mismatch is reported as
// this trait not being implemented, in the words above, rather than as a
// type mismatch between two associated types.
#[diagnostic::do_not_recommend]
impl<F, K> ForeignKeyField<K> for F
where
    F: KeyField<Key = K>,
{
    fn same_key(key: &K) -> &K {
        key
    }
}
