//! The change list's rows: the query a request asks for, run a page at a
//! time by the database; and the text of a row and its cells.

use model_runtime::dynamic::{DynFilter, DynQuery};
use model_runtime::schema::ColumnType;
use model_runtime::{Connection, Row, Value};

use crate::{AdminError, ModelEntry};

/// One page of a change list.
#[derive(Debug)]
pub(crate) struct Page {
    /// The rows on the page.
    pub rows: Vec<Row>,
    /// Rows matching the search and the filters.
    pub matched: i64,
    /// The page shown, from 1.
    pub number: usize,
    /// How many pages there are (at least 1).
    pub pages: usize,
}

/// The query for a change list: each word of `search` in one of the
/// search fields (Django's `icontains`, ANDed per word), the sidebar's
/// `filters`, sorted by `order`.
pub(crate) fn query(
    entry: &ModelEntry,
    search: &str,
    filters: Vec<DynFilter>,
    order: Vec<(String, bool)>,
) -> DynQuery {
    let fields = &entry.options().search_fields;
    let mut query = DynQuery {
        filters,
        order,
        ..DynQuery::default()
    };
    if !fields.is_empty() {
        for word in search.split_whitespace() {
            query
                .filters
                .push(DynFilter::ContainsAny(fields.clone(), word.to_owned()));
        }
    }
    query
}

/// Page `requested` of the rows `query` keeps (the first page when there
/// is no such page): the database counts, sorts and slices.
pub(crate) fn page(
    conn: &mut Connection,
    entry: &ModelEntry,
    mut query: DynQuery,
    requested: usize,
) -> Result<Page, AdminError> {
    let per_page = entry.options().per_page().max(1);
    let matched = entry.model().count_filtered(conn, &query)?;
    let pages = usize::try_from(matched)
        .unwrap_or(usize::MAX)
        .div_ceil(per_page)
        .max(1);
    let number = if (1..=pages).contains(&requested) {
        requested
    } else {
        1
    };
    query.limit = Some(per_page as u64);
    query.offset = ((number - 1) * per_page) as u64;
    let rows = entry.model().filter(conn, &query)?;
    Ok(Page {
        rows,
        matched,
        number,
        pages,
    })
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

/// A row's text, where Django would print the object: its first text
/// field other than the key when it has one, else `Model object (key)`.
pub(crate) fn row_text(row: &Row) -> String {
    row.iter()
        .find(|(column, value)| {
            !column.primary_key
                && column.ty == ColumnType::Text
                && matches!(value, Value::Text(t) if !t.is_empty())
        })
        .map_or_else(
            || format!("{} object ({})", row.schema().name, row.primary_key()),
            |(_, value)| value.to_string(),
        )
}

/// A field's name in a sentence: `kitchen` for `kitchen_id`, `first name`
/// for `first_name`.
pub(crate) fn field_label(field: &str) -> String {
    field.strip_suffix("_id").unwrap_or(field).replace('_', " ")
}
