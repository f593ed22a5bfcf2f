//! The value that fills existing rows of a column made to hold one: a
//! column added `NOT NULL`, or made `NOT NULL` where rows hold `NULL`.

use model_runtime::schema::{Column, ColumnType, DefaultValue, Name};
use model_runtime::Backend;

use super::super::Operation;

/// What fills the rows of `old` (`None` when the column is new) as it
/// becomes `new` by way of `operation`, if anything must.
///
/// The operation's own default comes first, whether the model keeps it or
/// it is a one-off. A column added `NOT NULL` with no default at all,
/// which is how undoing `RemoveField` brings a column back, gets its type's
/// zero value, as Django's `effective_default` does; a column made
/// `NOT NULL` without one gets nothing, so rows holding `NULL` refuse the
/// change rather than have a value invented for them.
pub(super) fn fill_value(
    operation: &Operation,
    old: Option<&Column>,
    new: &Column,
    backend: Backend,
) -> Option<DefaultValue> {
    match (operation, old) {
        (Operation::AddField { field, .. }, None) if field.field == new.field => field
            .default
            .clone()
            .or_else(|| (!new.nullable).then(|| zero(new, backend))),
        (Operation::AlterField { field, .. }, Some(old))
            if field.field == new.field && old.nullable && !new.nullable =>
        {
            field.default.clone()
        }
        _ => None,
    }
}

/// The type's "nothing": 0, false, the empty string, the epoch, the nil
/// UUID, JSON `null`, each spelled as the backend stores it.
fn zero(column: &Column, backend: Backend) -> DefaultValue {
    let text = |s: &'static str| DefaultValue::Text(Name::Borrowed(s));
    match column.ty {
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => DefaultValue::Int(0),
        ColumnType::Float | ColumnType::Double => DefaultValue::Float(0.0),
        ColumnType::Bool => DefaultValue::Bool(false),
        ColumnType::Decimal => text("0"),
        ColumnType::Text | ColumnType::Binary => text(""),
        ColumnType::Date => text("1970-01-01"),
        ColumnType::DateTime => text(match backend {
            Backend::Sqlite => "1970-01-01 00:00:00.000000",
            _ => "1970-01-01 00:00:00",
        }),
        ColumnType::DateTimeUtc => text(match backend {
            Backend::Sqlite => "1970-01-01 00:00:00.000000+00:00",
            Backend::Postgres => "1970-01-01 00:00:00+00",
            Backend::Mysql => "1970-01-01 00:00:00",
        }),
        ColumnType::Uuid => text("00000000-0000-0000-0000-000000000000"),
        ColumnType::Json => text("null"),
    }
}
