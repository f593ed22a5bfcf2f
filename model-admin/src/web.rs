//! What every page shares: the session cookie, the visitor it names, and
//! the responses for a refusal or a failure.

use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use model_auth::{SessionStore, User};
use model_runtime::Connection;

use crate::{templates, AdminError};

/// The session cookie's name, as Django's.
pub(crate) const SESSION_COOKIE: &str = "sessionid";

/// The session key the browser sent, if any.
pub(crate) fn session_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim_matches('"').to_owned())
}

/// Whether the browser reached the site over HTTPS, as a proxy in front
/// says with `X-Forwarded-Proto`.
pub(crate) fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// The request's session and its user, when that user is active staff.
pub(crate) struct Visitor {
    pub session: SessionStore,
    pub staff: Option<User>,
}

impl Visitor {
    /// Loads the session named by `key` (a new one when there is none or it
    /// is unknown) and its user.
    pub fn load(conn: &mut Connection, key: Option<&str>) -> Result<Visitor, AdminError> {
        let mut session = match key {
            Some(key) => SessionStore::load(conn, key)?,
            None => SessionStore::new(),
        };
        let staff = model_auth::get_user(conn, &mut session)?.filter(|user| user.is_active && user.is_staff);
        Ok(Visitor { session, staff })
    }
}

/// Sets the session cookie to what `session` now is: its key, or an
/// expired empty cookie when it has none.
pub(crate) struct SessionCookie {
    value: String,
}

impl SessionCookie {
    pub fn of(session: &SessionStore, secure: bool) -> SessionCookie {
        let secure = if secure { "; Secure" } else { "" };
        let value = match session.key() {
            Some(key) => format!(
                "{SESSION_COOKIE}={key}; Max-Age={}; Path=/; HttpOnly; SameSite=Lax{secure}",
                session.expiry_age().as_secs()
            ),
            None => format!("{SESSION_COOKIE}=\"\"; Max-Age=0; Path=/; HttpOnly; SameSite=Lax{secure}"),
        };
        SessionCookie { value }
    }

    /// Adds the cookie to `response`.
    pub fn set(self, mut response: Response) -> Response {
        if let Ok(value) = HeaderValue::from_str(&self.value) {
            response.headers_mut().append(SET_COOKIE, value);
        }
        response
    }
}

/// A `302 Found` to `location`, with an empty body.
pub(crate) fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::FOUND, [(LOCATION, value)]).into_response(),
        Err(_) => (
            StatusCode::FOUND,
            [(LOCATION, HeaderValue::from_static("/admin/"))],
        )
            .into_response(),
    }
}

/// A page saying why nothing was done, with `status`.
pub(crate) fn refusal(status: StatusCode, title: &str, message: &str) -> Response {
    let context = minijinja::context! { title, message, user => (), csrf_token => "" };
    match templates::render("admin/error.html", context) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, title.to_owned()).into_response(),
    }
}

/// 403: the request may not do this.
pub(crate) fn forbidden() -> Response {
    refusal(
        StatusCode::FORBIDDEN,
        "403 Forbidden",
        "You do not have permission to do this.",
    )
}

/// 403 for a form without its session's CSRF token.
pub(crate) fn csrf_failed() -> Response {
    refusal(
        StatusCode::FORBIDDEN,
        "403 Forbidden",
        "CSRF verification failed. Request aborted. Reload the form and send it again.",
    )
}

/// 404.
pub(crate) fn not_found() -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is no page at this address.",
    )
}

/// 500 for a failure: the detail goes to the server's log, not the page.
pub(crate) fn failure(error: &dyn std::fmt::Display) -> Response {
    eprintln!("admin: {error}");
    refusal(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Server error",
        "Something went wrong on the server. It has been logged.",
    )
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        match self {
            // A logout elsewhere removed the session while this request ran.
            AdminError::Auth(model_auth::AuthError::SessionInterrupted) => refusal(
                StatusCode::BAD_REQUEST,
                "Session ended",
                "The session ended while this request ran. Log in again.",
            ),
            other => failure(&other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_key_is_read_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("theme=dark; sessionid=abc123; x=y"),
        );
        assert_eq!(session_key(&headers).as_deref(), Some("abc123"));
        assert_eq!(session_key(&HeaderMap::new()), None);
    }
}
