//! Rows in the text format of PostgreSQL's `COPY ... FROM STDIN`, which
//! `bulk_create` streams to the server in one statement: a line a row,
//! values separated by tabs, `\N` for `NULL`, and a backslash before each
//! character that would end a value or a line.

use std::fmt::Write as _;

use crate::{NewModel, Value};

/// Writes each row as one line of `COPY`'s text format, its values in the
/// order of [`NewModel::fields`].
pub fn write_rows<N: NewModel>(rows: &[N], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let columns: Vec<&str> = N::fields().map(|column| &*column.field).collect();
    let mut line = String::new();
    for row in rows {
        line.clear();
        for (index, field) in columns.iter().enumerate() {
            if index > 0 {
                line.push('\t');
            }
            push_value(&mut line, &row.field_value(field).unwrap_or(Value::Null));
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Appends `value` as `COPY`'s text format spells it.
pub fn push_value(line: &mut String, value: &Value) {
    // `write!` into a `String` cannot fail.
    let _ = match value {
        Value::Null => {
            line.push_str("\\N");
            Ok(())
        }
        Value::Bool(flag) => {
            line.push(if *flag { 't' } else { 'f' });
            Ok(())
        }
        Value::Int(number) => write!(line, "{number}"),
        Value::Float(number) if number.is_nan() => write!(line, "NaN"),
        Value::Float(number) if number.is_infinite() => {
            write!(line, "{}Infinity", if *number < 0.0 { "-" } else { "" })
        }
        Value::Float(number) => write!(line, "{number}"),
        Value::Text(text) => {
            push_escaped(line, text);
            Ok(())
        }
        // bytea's hex input, its backslash doubled for COPY.
        Value::Bytes(bytes) => {
            line.push_str("\\\\x");
            bytes.iter().try_for_each(|byte| write!(line, "{byte:02x}"))
        }
        Value::Decimal(number) => write!(line, "{number}"),
        Value::Date(date) => write!(line, "{}", date.format("%Y-%m-%d")),
        Value::DateTime(at) => write!(line, "{}", at.format("%Y-%m-%d %H:%M:%S%.f")),
        Value::DateTimeUtc(at) => write!(line, "{}", at.format("%Y-%m-%d %H:%M:%S%.f+00")),
        Value::Uuid(uuid) => write!(line, "{uuid}"),
        Value::Json(json) => {
            push_escaped(line, &json.to_string());
            Ok(())
        }
    };
}

/// Text with the characters `COPY` reads specially escaped: the
/// backslash, and the tab, newline and carriage return that would end a
/// value or a row.
fn push_escaped(line: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => line.push_str("\\\\"),
            '\t' => line.push_str("\\t"),
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            other => line.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: Value) -> String {
        let mut line = String::new();
        push_value(&mut line, &value);
        line
    }

    #[test]
    fn characters_that_end_a_value_or_a_row_are_escaped() {
        assert_eq!(
            text(Value::Text("a\tb\nc\rd\\e \\N".into())),
            "a\\tb\\nc\\rd\\\\e \\\\N"
        );
        assert_eq!(text(Value::Null), "\\N");
        assert_eq!(
            text(Value::Json(serde_json::json!({"k": "a\nb"}))),
            "{\"k\":\"a\\\\nb\"}"
        );
    }

    #[test]
    fn each_kind_of_value_is_spelled_as_postgres_reads_it() {
        assert_eq!(text(Value::Bool(true)), "t");
        assert_eq!(text(Value::Int(-42)), "-42");
        assert_eq!(text(Value::Float(f64::NEG_INFINITY)), "-Infinity");
        assert_eq!(text(Value::Float(0.1)), "0.1");
        assert_eq!(text(Value::Bytes(vec![0, 0xab, b'\\'])), "\\\\x00ab5c");
        assert_eq!(text(Value::Decimal("12.50".parse().unwrap())), "12.50");
        let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 2)
            .unwrap()
            .and_hms_micro_opt(3, 4, 5, 6)
            .unwrap();
        assert_eq!(text(Value::DateTime(at)), "2026-01-02 03:04:05.000006");
        assert_eq!(
            text(Value::DateTimeUtc(at.and_utc())),
            "2026-01-02 03:04:05.000006+00"
        );
    }
}
