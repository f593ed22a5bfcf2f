//! Any text, read as a value of any column type (what the shell and the
//! admin do with what a person types), is read or refused without a
//! panic; and a value read renders as text that reads back as the same
//! value (NaN as NaN), so that what the admin shows can be submitted
//! again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model_runtime::schema::ColumnType;
use model_runtime::Value;

const TYPES: [ColumnType; 14] = [
    ColumnType::SmallInt,
    ColumnType::Integer,
    ColumnType::BigInt,
    ColumnType::Float,
    ColumnType::Double,
    ColumnType::Bool,
    ColumnType::Text,
    ColumnType::Binary,
    ColumnType::Decimal,
    ColumnType::Date,
    ColumnType::DateTime,
    ColumnType::DateTimeUtc,
    ColumnType::Uuid,
    ColumnType::Json,
];

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        _ => a == b,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let ty = TYPES[usize::from(first) % TYPES.len()];
    let Ok(value) = Value::parse(ty, text) else {
        return;
    };
    let shown = value.to_string();
    match Value::parse(ty, &shown) {
        Ok(again) => assert!(
            same(&again, &value),
            "{ty:?} `{text}` read as {value:?}, shown as `{shown}`, read back as {again:?}"
        ),
        Err(error) => panic!("{ty:?} `{text}` read as {value:?}, shown as `{shown}`, refused: {error}"),
    }
});
