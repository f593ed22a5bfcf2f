//! Sortable column headers and Django's `o` parameter: column numbers
//! from 1, `-` for descending, joined by dots (`o=2.-1`, by the second
//! column, then the first descending). A part that does not name a
//! sortable column is dropped.

use serde::Serialize;

use crate::list_params::ListParams;

/// The change list's order: what the query sorts by, and which columns
/// show it.
#[derive(Debug, PartialEq)]
pub(crate) struct Sort {
    /// `(field, descending)`, the first sorting first.
    pub fields: Vec<(String, bool)>,
    /// `(column index from 0, descending)` of the columns sorted by.
    pub columns: Vec<(usize, bool)>,
    /// The good parts of `o`, written again; `None` when `o` gave none,
    /// so that links never carry what was dropped.
    pub o: Option<String>,
}

/// One column header.
#[derive(Debug, Serialize)]
pub(crate) struct Header {
    pub text: String,
    /// The link making this column the first sort, or flipping it when it
    /// is; `None` for a column that cannot be sorted.
    pub href: Option<String>,
    /// `"ascending"` or `"descending"` when the list is sorted by it.
    pub sorted: Option<&'static str>,
}

/// The order `o` asks for over `columns` (each its field, `None` when not
/// sortable), or else `ordering` (`-` first for descending), or else
/// newest key first: Django's default.
pub(crate) fn sort(o: Option<&str>, columns: &[Option<String>], ordering: &[String], key: &str) -> Sort {
    let asked = o.map(|o| parse(o, columns)).unwrap_or_default();
    if !asked.is_empty() {
        let fields = asked
            .iter()
            .filter_map(|&(i, descending)| Some((columns[i].clone()?, descending)))
            .collect();
        return Sort {
            fields,
            o: Some(render(&asked)),
            columns: asked,
        };
    }
    let fields: Vec<(String, bool)> = if ordering.is_empty() {
        vec![(key.to_owned(), true)]
    } else {
        ordering
            .iter()
            .map(|f| match f.strip_prefix('-') {
                Some(name) => (name.to_owned(), true),
                None => (f.clone(), false),
            })
            .collect()
    };
    let mut shown = Vec::new();
    for (field, descending) in &fields {
        match columns.iter().position(|c| c.as_deref() == Some(field)) {
            Some(i) if !shown.iter().any(|(j, _)| *j == i) => shown.push((i, *descending)),
            _ => {}
        }
    }
    Sort {
        fields,
        columns: shown,
        o: None,
    }
}

/// The good parts of `o`, each column once.
fn parse(o: &str, columns: &[Option<String>]) -> Vec<(usize, bool)> {
    let mut parts: Vec<(usize, bool)> = Vec::new();
    for part in o.split('.') {
        let (number, descending) = match part.strip_prefix('-') {
            Some(number) => (number, true),
            None => (part, false),
        };
        let Some(index) = number.parse::<usize>().ok().and_then(|n| n.checked_sub(1)) else {
            continue;
        };
        let sortable = columns.get(index).is_some_and(Option::is_some);
        if sortable && !parts.iter().any(|(i, _)| *i == index) {
            parts.push((index, descending));
        }
    }
    parts
}

/// `o` for these columns.
fn render(columns: &[(usize, bool)]) -> String {
    columns
        .iter()
        .map(|(i, descending)| format!("{}{}", if *descending { "-" } else { "" }, i + 1))
        .collect::<Vec<_>>()
        .join(".")
}

/// The headers of `columns` named `texts`, each linking to the list sorted
/// by it first (flipped when it already is first), the other sorted
/// columns after it, as Django's headers do.
pub(crate) fn headers(
    texts: Vec<String>,
    columns: &[Option<String>],
    sort: &Sort,
    params: &ListParams,
) -> Vec<Header> {
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let current = sort.columns.iter().find(|(j, _)| *j == i).map(|(_, d)| *d);
            let href = columns.get(i).and_then(Option::as_ref).map(|_| {
                let mut order = vec![(i, current.is_some_and(|d| !d))];
                order.extend(sort.columns.iter().filter(|(j, _)| *j != i));
                params.with_order(render(&order)).href()
            });
            Header {
                text,
                href,
                sorted: current.map(|d| if d { "descending" } else { "ascending" }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Vec<Option<String>> {
        vec![Some("title".into()), Some("price".into()), None]
    }

    #[test]
    fn o_names_columns_from_one_and_drops_what_it_cannot_use() {
        let sort = sort(Some("2.-1"), &columns(), &[], "id");
        assert_eq!(
            sort.fields,
            [("price".to_owned(), false), ("title".to_owned(), true)]
        );
        assert_eq!(sort.columns, [(1, false), (0, true)]);
        assert_eq!(
            super::sort(Some("x.2.9.-1.2"), &columns(), &[], "id")
                .o
                .as_deref(),
            Some("2.-1")
        );
        for bad in ["", "0", "3", "4", "x", "-", "1.1.-1", "99999999999999999999999"] {
            let sort = super::sort(Some(bad), &columns(), &["-price".into()], "id");
            let expected = if bad == "1.1.-1" {
                vec![("title".to_owned(), false)]
            } else {
                vec![("price".to_owned(), true)]
            };
            assert_eq!(sort.fields, expected, "o={bad}");
        }
    }

    #[test]
    fn without_o_the_ordering_or_newest_key_first() {
        let by_price = sort(None, &columns(), &["-price".into(), "note".into()], "id");
        assert_eq!(
            by_price.fields,
            [("price".to_owned(), true), ("note".to_owned(), false)]
        );
        assert_eq!(by_price.columns, [(1, true)]);
        assert_eq!(
            sort(None, &columns(), &[], "id").fields,
            [("id".to_owned(), true)]
        );
    }
}
