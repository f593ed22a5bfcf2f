use serde::{Deserialize, Serialize};

use super::{Choice, ForeignKeyTarget, List, Name};

/// The kind of value a column holds, before backend-specific spelling.
///
/// Text length and decimal precision live on the [`Column`]; the backends
/// turn `Text` with a `max_length` into `VARCHAR(n)` and `Decimal` into
/// `DECIMAL(p, s)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColumnType {
    /// 16-bit integer (`i16`).
    SmallInt,
    /// 32-bit integer (`i32`).
    Integer,
    /// 64-bit integer (`i64`).
    BigInt,
    /// 32-bit float (`f32`).
    Float,
    /// 64-bit float (`f64`).
    Double,
    /// Boolean (`bool`).
    Bool,
    /// Text (`String`); `VARCHAR(n)` when the column has a `max_length`.
    Text,
    /// Bytes (`Vec<u8>`).
    Binary,
    /// Exact decimal ([`Decimal`](crate::Decimal)) with `max_digits` and `decimal_places`.
    Decimal,
    /// Calendar date (`chrono::NaiveDate`).
    Date,
    /// Date and time without a time zone (`chrono::NaiveDateTime`).
    DateTime,
    /// An instant in UTC (`chrono::DateTime<Utc>`).
    DateTimeUtc,
    /// UUID (`uuid::Uuid`).
    Uuid,
    /// JSON document (`serde_json::Value`).
    Json,
}

impl ColumnType {
    /// Whether values of this type are integers.
    pub const fn is_integer(self) -> bool {
        matches!(
            self,
            ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt
        )
    }
}

/// A column's `DEFAULT`, as written in the model's `#[field(default = ...)]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DefaultValue {
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A boolean literal.
    Bool(bool),
    /// A string literal: text, or the text form of a decimal, date, UUID or JSON value.
    Text(Name),
}

/// One column of a model's table.
///
/// In a migration file it reads as a TOML table; options left at their
/// defaults are not written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Read from migration files: a misspelled key is an error, never a
// silently ignored option.
#[serde(deny_unknown_fields)]
pub struct Column {
    /// The Rust field the column stores.
    pub field: Name,
    /// The column's name in the database.
    #[serde(rename = "column")]
    pub name: Name,
    /// What the column holds.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// `NULL` allowed (the field is an `Option`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Longest text, in characters; `VARCHAR(n)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Total digits of a decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_digits: Option<u32>,
    /// Digits after the decimal point of a decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_places: Option<u32>,
    /// The table's primary key.
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary_key: bool,
    /// The database assigns the key (`AUTOINCREMENT`, identity, `AUTO_INCREMENT`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_increment: bool,
    /// A `UNIQUE` constraint on this column alone.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// An index on this column alone.
    #[serde(default, skip_serializing_if = "is_false")]
    pub index: bool,
    /// The column's `DEFAULT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// Set to the current time when the row is created
    /// (`#[field(auto_now_add)]`): absent from the `New…` struct. Changes
    /// no SQL: the column has no `DEFAULT`, as in Django.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_now_add: bool,
    /// Set to the current time when the row is created and each time it is
    /// saved (`#[field(auto_now)]`): absent from the `New…` struct. Changes
    /// no SQL.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_now: bool,
    /// The row of another table this column points at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_key: Option<ForeignKeyTarget>,
    /// The values the field may hold, with their labels: Django's
    /// `choices`, from a `#[derive(ModelEnum)]` field type. Empty for any
    /// other field. Changes no SQL.
    #[serde(default, skip_serializing_if = "<[Choice]>::is_empty")]
    pub choices: List<Choice>,
    /// The field's previous name, from `#[field(renamed_from = "...")]`: tells
    /// makemigrations that a field it no longer finds was renamed to this one.
    /// A hint for the autodetector only, never part of a migration file, and
    /// never a difference between two columns.
    #[serde(skip)]
    pub renamed_from: Option<Name>,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl Column {
    /// Whether the runtime, not the `New…` struct, gives the column its
    /// value on insert: an auto-increment key, an `auto_now` or an
    /// `auto_now_add` timestamp.
    pub fn is_automatic(&self) -> bool {
        self.auto_increment || self.auto_now || self.auto_now_add
    }

    /// A plain column of the given type: not null, no key, no constraint.
    pub const fn new(field: &'static str, name: &'static str, ty: ColumnType) -> Column {
        Column {
            field: Name::Borrowed(field),
            name: Name::Borrowed(name),
            ty,
            nullable: false,
            max_length: None,
            max_digits: None,
            decimal_places: None,
            primary_key: false,
            auto_increment: false,
            unique: false,
            index: false,
            default: None,
            auto_now_add: false,
            auto_now: false,
            foreign_key: None,
            choices: List::Borrowed(&[]),
            renamed_from: None,
        }
    }
}
