//! `/admin/login/`: the form, and the login it sends.

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use model_auth::{AuthError, Credentials, SessionStore};
use model_runtime::Connection;
use serde::Deserialize;

use crate::router::{with_db, Shared};
use crate::{csrf, redirect, web, AdminError, BuiltSite};

/// The one message for every refused login: it does not tell which of
/// the username, the password, activity or staff status was wrong.
pub(crate) const INVALID_LOGIN: &str =
    "Please enter the correct username and password for a staff account. Note that both fields may be case-sensitive.";

/// The message when throttling refuses: it says no more than that.
pub(crate) const THROTTLED: &str = "Too many failed login attempts. Please try again later.";

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NextQuery {
    next: Option<String>,
}

#[derive(Default, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrfmiddlewaretoken: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

/// GET: the form. A visitor already logged in as staff goes on to `next`.
/// The form's CSRF token lives in a session made for it, so it works
/// before anyone logs in.
pub(crate) async fn form(
    State(state): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<NextQuery>, QueryRejection>,
) -> Response {
    let next = query.map(|Query(q)| q.next).unwrap_or_default();
    let key = web::session_key(&headers);
    let https = web::is_https(&headers);
    with_db(&state, move |conn, state| {
        let visitor = web::Visitor::load(conn, key.as_deref())?;
        if visitor.staff.is_some() {
            return Ok(web::redirect(redirect::safe_next(next.as_deref())));
        }
        let mut session = visitor.session;
        let secure = https || state.site.secure_cookies;
        render_form(
            &state.site,
            conn,
            &mut session,
            next.as_deref().unwrap_or(""),
            "",
            None,
            StatusCode::OK,
            secure,
        )
    })
    .await
}

/// POST: checks the CSRF token, then the credentials; logs an active staff
/// user in on a new session key and goes on to `next` when it is a path of
/// this site.
pub(crate) async fn submit(
    State(state): State<Shared>,
    headers: HeaderMap,
    extensions: Extensions,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    // A body that is not a form carries no token: refused like one without.
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let key = web::session_key(&headers);
    let client = extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    let https = web::is_https(&headers);
    with_db(&state, move |conn, state| {
        let secure = https || state.site.secure_cookies;
        let mut session = match key.as_deref() {
            Some(key) => SessionStore::load(conn, key)?,
            None => SessionStore::new(),
        };
        if !csrf::is_valid(&session, form.csrfmiddlewaretoken.as_deref()) {
            return Ok(web::csrf_failed());
        }
        let next = form.next.as_deref().unwrap_or("");
        let credentials = Credentials {
            username: &form.username,
            password: &form.password,
            client: client.as_deref(),
        };
        let user = match model_auth::authenticate(conn, &credentials) {
            Ok(user) => user,
            Err(AuthError::Throttled { .. }) => {
                return render_form(
                    &state.site,
                    conn,
                    &mut session,
                    next,
                    &form.username,
                    Some(THROTTLED),
                    StatusCode::TOO_MANY_REQUESTS,
                    secure,
                )
            }
            Err(error) => return Err(error.into()),
        };
        match user.filter(|user| user.is_active && user.is_staff) {
            Some(user) => {
                model_auth::login(conn, &mut session, &user)?;
                // A token known before the login is worth nothing after.
                session.insert(csrf::SESSION_KEY, csrf::new_token());
                session.save(conn)?;
                let response = web::redirect(redirect::safe_next(Some(next)));
                Ok(web::SessionCookie::of(&session, secure).set(response))
            }
            None => render_form(
                &state.site,
                conn,
                &mut session,
                next,
                &form.username,
                Some(INVALID_LOGIN),
                StatusCode::OK,
                secure,
            ),
        }
    })
    .await
}

#[allow(clippy::too_many_arguments)]
fn render_form(
    site: &BuiltSite,
    conn: &mut Connection,
    session: &mut SessionStore,
    next: &str,
    username: &str,
    error: Option<&str>,
    status: StatusCode,
    secure: bool,
) -> Result<Response, AdminError> {
    let token = csrf::ensure_token(session);
    let saved = session.is_modified();
    if saved {
        session.save(conn)?;
    }
    let html = site.render(
        "admin/login.html",
        minijinja::context! { csrf_token => token, next, username, error, user => () },
    )?;
    let response = (status, Html(html)).into_response();
    Ok(if saved {
        web::SessionCookie::of(session, secure).set(response)
    } else {
        response
    })
}
