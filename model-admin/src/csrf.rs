//! CSRF tokens: one random token a session, kept in it under
//! `_csrf_token`, sent back by every form as `csrfmiddlewaretoken`.

use axum::http::header::{HOST, ORIGIN, REFERER};
use axum::http::HeaderMap;
use model_auth::SessionStore;
use subtle::ConstantTimeEq;

/// Where the session keeps its token.
pub(crate) const SESSION_KEY: &str = "_csrf_token";

/// The session's token, made (and stored in the session, which the caller
/// saves) when it has none.
pub(crate) fn ensure_token(session: &mut SessionStore) -> String {
    if let Some(token) = token_of(session) {
        return token;
    }
    let token = new_token();
    session.insert(SESSION_KEY, token.clone());
    token
}

/// A new token: 32 random bytes as 64 hexadecimal digits.
pub(crate) fn new_token() -> String {
    use std::fmt::Write;

    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .unwrap_or_else(|error| panic!("the operating system gave no random bytes: {error}"));
    bytes.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn token_of(session: &SessionStore) -> Option<String> {
    session
        .get(SESSION_KEY)
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Whether `sent` is the session's token, compared in constant time; a
/// session without one accepts nothing.
pub(crate) fn is_valid(session: &SessionStore, sent: Option<&str>) -> bool {
    match (token_of(session), sent) {
        (Some(expected), Some(sent)) => expected.as_bytes().ct_eq(sent.as_bytes()).into(),
        _ => false,
    }
}

/// Whether a write reached over HTTPS comes from a page of this site, as
/// Django checks: its `Origin` is `https://<host>`, or, without an
/// `Origin`, its `Referer` is a URL of `https://<host>/`. A man in the
/// middle of plain HTTP could set the CSRF cookie; over HTTPS the token
/// alone is not the only proof.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let expected = format!("https://{}", host.to_ascii_lowercase());
    if let Some(origin) = headers.get(ORIGIN) {
        return origin
            .to_str()
            .is_ok_and(|origin| origin.to_ascii_lowercase() == expected);
    }
    headers
        .get(REFERER)
        .and_then(|r| r.to_str().ok())
        .is_some_and(|referer| {
            let referer = referer.to_ascii_lowercase();
            referer
                .strip_prefix(&expected)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, axum::http::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_this_sites_https_origin_or_referer_passes() {
        let host = ("host", "shop.example");
        assert!(same_origin(&headers(&[host, ("origin", "https://shop.example")])));
        assert!(same_origin(&headers(&[
            host,
            ("referer", "https://shop.example/admin/x/")
        ])));
        assert!(!same_origin(&headers(&[
            host,
            ("origin", "https://evil.example")
        ])));
        assert!(!same_origin(&headers(&[host, ("origin", "http://shop.example")])));
        assert!(!same_origin(&headers(&[host, ("origin", "null")])));
        assert!(!same_origin(&headers(&[
            host,
            ("referer", "https://shop.example.evil.example/")
        ])));
        assert!(!same_origin(&headers(&[
            host,
            ("referer", "http://shop.example/admin/")
        ])));
        assert!(!same_origin(&headers(&[host])), "neither header");
        // The Origin decides when both are sent.
        assert!(!same_origin(&headers(&[
            host,
            ("origin", "https://evil.example"),
            ("referer", "https://shop.example/")
        ])));
    }

    #[test]
    fn only_the_sessions_own_token_passes() {
        let mut session = SessionStore::new();
        assert!(!is_valid(&session, Some("")));
        let token = ensure_token(&mut session);
        assert_eq!(ensure_token(&mut session), token);
        assert!(is_valid(&session, Some(&token)));
        assert!(!is_valid(&session, Some(&new_token())));
        assert!(!is_valid(&session, None));
    }
}
