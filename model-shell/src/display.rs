//! What the shell prints: a query set as an aligned table with its row
//! count, the way psql prints a result.

use model_runtime::schema::ModelSchema;
use model_runtime::{Row, Value};

/// The longest a cell is shown; longer text is cut with `…`.
const CELL_WIDTH: usize = 40;

/// `rows` of `schema`'s model as a table, then the count: `total` when
/// more rows are selected than shown.
pub fn table(schema: &ModelSchema, rows: &[Row], total: Option<i64>) -> String {
    let header: Vec<String> = schema.columns.iter().map(|c| c.field.to_string()).collect();
    let cells: Vec<Vec<(String, bool)>> = rows
        .iter()
        .map(|row| {
            row.values()
                .iter()
                .map(|value| (cell(value), is_number(value)))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            cells
                .iter()
                .map(|row| row[i].0.chars().count())
                .chain([name.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let header: Vec<String> = header
        .iter()
        .zip(&widths)
        .map(|(name, width)| format!(" {name:^width$} "))
        .collect();
    out.push_str(header.join("|").trim_end());
    out.push('\n');
    let rule: Vec<String> = widths.iter().map(|width| "-".repeat(width + 2)).collect();
    out.push_str(&rule.join("+"));
    out.push('\n');
    for row in &cells {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|((text, number), width)| {
                if *number {
                    format!(" {text:>width$} ")
                } else {
                    format!(" {text:<width$} ")
                }
            })
            .collect();
        out.push_str(line.join("|").trim_end());
        out.push('\n');
    }
    out.push_str(&count_line(rows.len(), total));
    out
}

/// `(3 rows)`, or `(first 20 of 57 rows; .show(57) shows them all)`.
fn count_line(shown: usize, total: Option<i64>) -> String {
    match total {
        Some(total) if total > shown as i64 => {
            format!("(first {shown} of {total} rows; .show({total}) shows them all)")
        }
        _ if shown == 1 => "(1 row)".to_owned(),
        _ => format!("({shown} rows)"),
    }
}

fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => "NULL".to_owned(),
        other => other.to_string(),
    };
    // Control characters (a newline, a terminal escape) would break the
    // table or drive the terminal: each shows as a space.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > CELL_WIDTH {
        let mut cut: String = text.chars().take(CELL_WIDTH - 1).collect();
        cut.push('…');
        cut
    } else {
        text
    }
}

fn is_number(value: &Value) -> bool {
    matches!(value, Value::Int(_) | Value::Float(_) | Value::Decimal(_))
}
