//! How many rows one MySQL INSERT may carry. A prepared statement takes at
//! most 65,535 bind parameters, and its execution travels in one packet
//! that the server refuses past its `max_allowed_packet` (MariaDB closes
//! the connection: "Server has gone away"). `bulk_create` cuts a batch
//! into statements that respect both, so wide text rows are sent in more,
//! smaller statements instead of failing.

use std::io;
use std::ops::Range;

use crate::Value;

/// A packet size every supported server accepts without being asked:
/// 4 MiB, MySQL 5.7's default `max_allowed_packet` and the smallest default
/// of the servers supported (MariaDB's is 16 MiB, MySQL 8's 64 MiB). A
/// batch estimated under it is sent without reading the server's setting.
pub const UNASKED_PACKET_BYTES: usize = 4 << 20;

/// What a statement's packet holds besides its parameters: the command,
/// the statement id, flags and the iteration count, with room to spare.
const PACKET_OVERHEAD_BYTES: usize = 64;

/// A parameter's type in the packet.
const TYPE_BYTES: usize = 2;
/// The longest length prefix of a value.
const LENGTH_PREFIX_BYTES: usize = 9;
/// A decimal at its widest: MySQL's 65 digits, a sign and a point.
const DECIMAL_BYTES: usize = TYPE_BYTES + LENGTH_PREFIX_BYTES + 67;
/// Any other fixed-size value, rounded up: integers, floats and booleans
/// are at most 8 bytes, dates and times at most 12, a UUID 36 characters.
const FIXED_BYTES: usize = TYPE_BYTES + LENGTH_PREFIX_BYTES + 36;

/// The bytes `value` takes as one parameter of a statement's execution
/// packet: its type, a length prefix and its data, rounded up for the
/// fixed-size types. An estimate never under the truth.
pub fn parameter_bytes(value: &Value) -> usize {
    match value {
        Value::Null => TYPE_BYTES,
        Value::Text(text) => TYPE_BYTES + LENGTH_PREFIX_BYTES + text.len(),
        Value::Bytes(bytes) => TYPE_BYTES + LENGTH_PREFIX_BYTES + bytes.len(),
        Value::Json(document) => TYPE_BYTES + LENGTH_PREFIX_BYTES + json_bytes(document),
        Value::Decimal(_) => DECIMAL_BYTES,
        Value::Bool(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::Date(_)
        | Value::DateTime(_)
        | Value::DateTimeUtc(_)
        | Value::Uuid(_) => FIXED_BYTES,
    }
}

/// The bytes a row of `values` adds to an execution packet: each value,
/// as [`parameter_bytes`] estimates it, and its bit in the NULL bitmap
/// (counted as a byte).
///
/// ```
/// use model_runtime::sql::packet::{parameter_bytes, row_bytes};
/// use model_runtime::Value;
///
/// let row = [Value::Int(7), Value::Text("Soup".into())];
/// assert_eq!(row_bytes(&row), 2 + parameter_bytes(&row[0]) + parameter_bytes(&row[1]));
/// ```
pub fn row_bytes(values: &[Value]) -> usize {
    values.iter().map(|value| 1 + parameter_bytes(value)).sum()
}

/// Cuts a batch whose rows take `row_bytes` each into consecutive ranges,
/// each at most `max_rows` rows and, unless it is one row alone, at most
/// `packet_bytes` bytes. A row larger than the packet goes alone, and the
/// server refuses it (MariaDB by closing the connection).
///
/// ```
/// use model_runtime::sql::packet::statement_ranges;
///
/// // Rows of 400 bytes in packets of 1,000: two rows a statement.
/// assert_eq!(statement_ranges(&[400; 5], 100, 1_000), [0..2, 2..4, 4..5]);
/// // The bind parameter limit cuts first when rows are small.
/// assert_eq!(statement_ranges(&[10; 5], 2, 1_000), [0..2, 2..4, 4..5]);
/// ```
pub fn statement_ranges(row_bytes: &[usize], max_rows: usize, packet_bytes: usize) -> Vec<Range<usize>> {
    let max_rows = max_rows.max(1);
    let budget = packet_bytes.saturating_sub(PACKET_OVERHEAD_BYTES);
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (index, &size) in row_bytes.iter().enumerate() {
        let full = index - start == max_rows || bytes + size > budget;
        if index > start && full {
            ranges.push(start..index);
            start = index;
            bytes = 0;
        }
        bytes += size;
    }
    if start < row_bytes.len() {
        ranges.push(start..row_bytes.len());
    }
    ranges
}

/// The length of `document` as JSON text, counted without keeping it.
fn json_bytes(document: &serde_json::Value) -> usize {
    struct Count(usize);
    impl io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing a `serde_json::Value` to a sink that never fails cannot fail.
    let _ = serde_json::to_writer(&mut count, document);
    count.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packet_takes_rows_until_the_next_would_not_fit() {
        let budget = 1_000 + PACKET_OVERHEAD_BYTES;
        assert_eq!(
            statement_ranges(&[500, 500, 1, 999, 2], 100, budget),
            [0..2, 2..4, 4..5]
        );
    }

    #[test]
    fn a_row_larger_than_the_packet_goes_alone() {
        let budget = 100 + PACKET_OVERHEAD_BYTES;
        assert_eq!(
            statement_ranges(&[10, 5_000, 10], 100, budget),
            [0..1, 1..2, 2..3]
        );
    }

    #[test]
    fn no_rows_are_no_statement() {
        assert!(statement_ranges(&[], 10, 1_000).is_empty());
    }

    #[test]
    fn text_counts_its_bytes_not_its_characters() {
        assert_eq!(parameter_bytes(&Value::Text("é".repeat(10))), 2 + 9 + 20);
        assert_eq!(parameter_bytes(&Value::Null), 2);
        let document = serde_json::json!({"a": [1, 2, "x\"y"]});
        assert_eq!(
            parameter_bytes(&Value::Json(document.clone())),
            2 + 9 + document.to_string().len()
        );
    }
}
