//! The change list's query string, as Django's `ChangeList` reads it: `q`
//! the search, `p` the page, `o` the sort, and one lookup a sidebar filter
//! (`field__exact=v`, `field__isnull=True`, `field__gte=...&field__lt=...`).
//! Anything else, or a value that does not parse, is dropped: a bad link
//! shows the whole list, never an error.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::list_filter;
use crate::ModelEntry;

/// Percent-encoded in a link's query: all but letters, digits and the
/// characters RFC 3986 leaves unreserved (`o=2.-1`, `vegan__exact`).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The parameters of one change list request that mean something.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ListParams {
    /// `q`, as typed.
    pub search: String,
    /// `p`, from 1; `None` when absent or not a number.
    pub page: Option<usize>,
    /// `o`, as sent; [`crate::sorting`] keeps its good parts.
    pub order: Option<String>,
    /// The sidebar lookups that parsed, in the order of `list_filter`,
    /// each value in the form the sidebar's own links write it.
    pub lookups: Vec<(String, String)>,
}

impl ListParams {
    /// Reads the decoded pairs of a query string; for a key given twice
    /// the last value counts, as Django's `QueryDict.get`.
    pub(crate) fn read(pairs: &[(String, String)], entry: &ModelEntry) -> ListParams {
        let last = |key: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        ListParams {
            search: last("q").unwrap_or_default().to_owned(),
            page: last("p").and_then(|p| p.trim().parse().ok()),
            order: last("o").map(str::to_owned),
            lookups: list_filter::lookups(entry, &last),
        }
    }

    /// Whether a search or a filter narrows the list.
    pub(crate) fn is_narrowed(&self) -> bool {
        !self.search.trim().is_empty() || !self.lookups.is_empty()
    }

    /// The link to this list with these parameters: `?q=...&...&o=...&p=...`,
    /// each part percent-encoded, `q`, `o` and `p` left out when empty.
    pub(crate) fn href(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", &self.search));
        }
        pairs.extend(self.lookups.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if let Some(order) = &self.order {
            pairs.push(("o", order));
        }
        let page = self.page.map(|p| p.to_string());
        if let Some(page) = &page {
            pairs.push(("p", page));
        }
        let query = pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    utf8_percent_encode(k, QUERY_VALUE),
                    utf8_percent_encode(v, QUERY_VALUE)
                )
            })
            .collect::<Vec<_>>()
            .join("&");
        format!("?{query}")
    }

    /// These parameters on page `page`.
    pub(crate) fn with_page(&self, page: usize) -> ListParams {
        ListParams {
            page: Some(page),
            ..self.clone()
        }
    }

    /// These parameters sorted by `order`, from the first page.
    pub(crate) fn with_order(&self, order: String) -> ListParams {
        ListParams {
            order: Some(order),
            page: None,
            ..self.clone()
        }
    }

    /// These parameters with `field`'s lookups replaced by `lookups`, from
    /// the first page.
    pub(crate) fn with_lookups(&self, field: &str, lookups: &[(String, String)]) -> ListParams {
        let mut kept: Vec<(String, String)> = self
            .lookups
            .iter()
            .filter(|(key, _)| list_filter::field_of(key) != field)
            .cloned()
            .collect();
        kept.extend(lookups.iter().cloned());
        ListParams {
            lookups: kept,
            page: None,
            ..self.clone()
        }
    }

    /// These parameters without any filter, from the first page.
    pub(crate) fn with_lookups_cleared(&self) -> ListParams {
        ListParams {
            lookups: Vec::new(),
            page: None,
            ..self.clone()
        }
    }

    /// The lookups of `field` now active.
    pub(crate) fn lookups_of(&self, field: &str) -> Vec<(String, String)> {
        self.lookups
            .iter()
            .filter(|(key, _)| list_filter::field_of(key) == field)
            .cloned()
            .collect()
    }
}
