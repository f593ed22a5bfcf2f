//! The change list's rows: searched, ordered and cut into pages, over the
//! rows the model's dynamic face reads.

use std::cmp::Ordering;

use model_runtime::{Row, Value};

use crate::ModelAdmin;

/// One page of a change list.
#[derive(Debug)]
pub(crate) struct Page {
    /// The rows on the page.
    pub rows: Vec<Row>,
    /// Rows matching the search.
    pub matched: usize,
    /// The page shown, from 1.
    pub number: usize,
    /// How many pages there are (at least 1).
    pub pages: usize,
}

/// The rows of `all` matching `search`, ordered by the options' ordering
/// (newest key first without one), page `page` of them (1 when out of range).
pub(crate) fn page(mut all: Vec<Row>, options: &ModelAdmin, search: &str, page: usize) -> Page {
    let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
    if !words.is_empty() && !options.search_fields.is_empty() {
        all.retain(|row| {
            words
                .iter()
                .all(|word| matches_word(row, &options.search_fields, word))
        });
    }
    sort(&mut all, &options.ordering);
    let per_page = options.list_per_page.max(1);
    let matched = all.len();
    let pages = matched.div_ceil(per_page).max(1);
    let number = if (1..=pages).contains(&page) { page } else { 1 };
    let rows = all
        .into_iter()
        .skip((number - 1) * per_page)
        .take(per_page)
        .collect();
    Page {
        rows,
        matched,
        number,
        pages,
    }
}

/// Whether `word` (lowercase) is in the text of one of `fields`.
fn matches_word(row: &Row, fields: &[String], word: &str) -> bool {
    fields.iter().any(|field| {
        row.get(field).is_some_and(|value| {
            !matches!(value, Value::Null) && value.to_string().to_lowercase().contains(word)
        })
    })
}

fn sort(rows: &mut [Row], ordering: &[String]) {
    if ordering.is_empty() {
        // Django's default for a model without an ordering: `-pk`.
        rows.sort_by(|a, b| compare(b.primary_key(), a.primary_key()));
        return;
    }
    rows.sort_by(|a, b| {
        for field in ordering {
            let (name, descending) = match field.strip_prefix('-') {
                Some(name) => (name, true),
                None => (field.as_str(), false),
            };
            let (left, right) = (
                a.get(name).unwrap_or(&Value::Null),
                b.get(name).unwrap_or(&Value::Null),
            );
            let order = if descending {
                compare(right, left)
            } else {
                compare(left, right)
            };
            if order != Ordering::Equal {
                return order;
            }
        }
        compare(a.primary_key(), b.primary_key())
    });
}

/// Values of one column compared as the database would: `NULL` first,
/// numbers as numbers, dates as dates, anything else by its text.
fn compare(left: &Value, right: &Value) -> Ordering {
    use Value::*;
    match (left, right) {
        (Null, Null) => Ordering::Equal,
        (Null, _) => Ordering::Less,
        (_, Null) => Ordering::Greater,
        (Bool(a), Bool(b)) => a.cmp(b),
        (Int(a), Int(b)) => a.cmp(b),
        (Float(a), Float(b)) => a.total_cmp(b),
        (Decimal(a), Decimal(b)) => a.cmp(b),
        (Date(a), Date(b)) => a.cmp(b),
        (DateTime(a), DateTime(b)) => a.cmp(b),
        (DateTimeUtc(a), DateTimeUtc(b)) => a.cmp(b),
        (Uuid(a), Uuid(b)) => a.cmp(b),
        (Bytes(a), Bytes(b)) => a.cmp(b),
        (a, b) => a.to_string().cmp(&b.to_string()),
    }
}

/// A cell's text: empty for `NULL`, Django's `-` is a template matter.
pub(crate) fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(value) => value.to_string(),
    }
}

/// A row's text when no columns are chosen: its fields other than the key,
/// `name: value`, cut at 120 characters.
pub(crate) fn summary(row: &Row) -> String {
    let text = row
        .iter()
        .filter(|(column, _)| !column.primary_key)
        .map(|(column, value)| format!("{}: {}", column.field, cell(Some(value))))
        .collect::<Vec<_>>()
        .join(", ");
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_sort_first_and_numbers_as_numbers() {
        assert_eq!(compare(&Value::Null, &Value::Int(0)), Ordering::Less);
        assert_eq!(compare(&Value::Int(9), &Value::Int(10)), Ordering::Less);
        assert_eq!(
            compare(
                &Value::Decimal("9.5".parse().unwrap()),
                &Value::Decimal("10".parse().unwrap())
            ),
            Ordering::Less
        );
    }
}
