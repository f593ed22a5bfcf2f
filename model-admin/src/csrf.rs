//! CSRF tokens: one random token a session, kept in it under
//! `_csrf_token`, sent back by every form as `csrfmiddlewaretoken`.

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

#[cfg(test)]
mod tests {
    use super::*;

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
