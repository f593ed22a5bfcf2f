//! Where a login may send the browser next: a path of this site only.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Where a login goes when `next` is missing or not allowed.
pub(crate) const DEFAULT_NEXT: &str = "/admin/";

/// `next` when it is a path of this site: it starts with one `/`, not
/// `//` (a host), holds no backslash (browsers read `/\host` as
/// `//host`), no control character, and no scheme; else the admin's index.
pub(crate) fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(next) if is_local_path(next) => next,
        _ => DEFAULT_NEXT,
    }
}

fn is_local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
}

/// What is kept as is in a `next=` value: the characters of a path.
const NEXT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `/admin/login/?next=<path>`, the path percent-encoded.
pub(crate) fn login_url(path_and_query: &str) -> String {
    format!("/admin/login/?next={}", utf8_percent_encode(path_and_query, NEXT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        assert_eq!(
            safe_next(Some("/admin/littlelemon/menu/")),
            "/admin/littlelemon/menu/"
        );
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "\\\\evil",
            "",
            "evil",
            "/\t/evil",
        ] {
            assert_eq!(safe_next(Some(hostile)), DEFAULT_NEXT, "{hostile:?}");
        }
        assert_eq!(safe_next(None), DEFAULT_NEXT);
    }

    #[test]
    fn the_next_path_is_encoded() {
        assert_eq!(
            login_url("/admin/a/b/?q=x y&p=2"),
            "/admin/login/?next=/admin/a/b/%3Fq%3Dx%20y%26p%3D2"
        );
    }
}
