//! The types `#[field(auto_now)]` and `#[field(auto_now_add)]` accept.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, Utc};

use super::FieldType;
use crate::schema::ColumnType;
use crate::Value;

/// A date or time field the runtime can set to "now": it accepts
/// `#[field(auto_now_add)]` (set when the row is created) and
/// `#[field(auto_now)]` (set when it is created and each time it is saved).
///
/// The time is UTC, to the microsecond, the precision every backend keeps,
/// so a row saved and read back compares equal; a `NaiveDate` gets today's
/// date in UTC.
///
/// ```
/// use model_runtime::field::AutoNow;
/// use model_runtime::prelude::*;
///
/// let now = <DateTime<Utc> as AutoNow>::now();
/// assert_eq!(now.timestamp_subsec_nanos() % 1000, 0);
/// assert!(<Option<NaiveDateTime> as AutoNow>::now().is_some());
/// ```
#[diagnostic::on_unimplemented(
    message = "`auto_now` and `auto_now_add` apply to date and time fields, and this field is `{Self}`",
    label = "not a date or time",
    note = "make the field a `NaiveDateTime`, a `DateTime<Utc>`, a `NaiveDate`, or an `Option` of one"
)]
pub trait AutoNow: FieldType {
    /// The current time, as this field holds it.
    fn now() -> Self;
}

/// The current instant, cut to the microsecond.
fn utc_now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

#[diagnostic::do_not_recommend]
impl AutoNow for DateTime<Utc> {
    fn now() -> Self {
        utc_now()
    }
}

#[diagnostic::do_not_recommend]
impl AutoNow for NaiveDateTime {
    fn now() -> Self {
        utc_now().naive_utc()
    }
}

#[diagnostic::do_not_recommend]
impl AutoNow for NaiveDate {
    fn now() -> Self {
        utc_now().date_naive()
    }
}

#[diagnostic::do_not_recommend]
impl<T: AutoNow> AutoNow for Option<T>
where
    Option<T>: FieldType,
{
    fn now() -> Self {
        Some(T::now())
    }
}

/// The current time as a dynamic value of a column of type `ty`, for code
/// that writes an `auto_now` column without its Rust type.
pub(crate) fn now_value(ty: ColumnType) -> Option<Value> {
    match ty {
        ColumnType::DateTimeUtc => Some(Value::DateTimeUtc(utc_now())),
        ColumnType::DateTime => Some(Value::DateTime(utc_now().naive_utc())),
        ColumnType::Date => Some(Value::Date(utc_now().date_naive())),
        _ => None,
    }
}
