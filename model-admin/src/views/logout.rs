//! `/admin/logout/`: a POST with the CSRF token ends the session; a GET
//! shows the form that sends it.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use model_auth::SessionStore;
use serde::Deserialize;

use crate::router::{with_db, Shared};
use crate::{csrf, views, web};

#[derive(Default, Deserialize)]
pub(crate) struct LogoutForm {
    #[serde(default)]
    csrfmiddlewaretoken: Option<String>,
}

/// GET: the form, for a logged-in visitor.
pub(crate) async fn form(State(state): State<Shared>, headers: HeaderMap, uri: OriginalUri) -> Response {
    let key = web::session_key(&headers);
    let path = uri.path().to_owned();
    with_db(&state, move |conn, state| {
        let (user, _, token) = match views::require_staff(conn, key.as_deref(), &path)? {
            Ok(found) => found,
            Err(redirect) => return Ok(redirect),
        };
        let html = state.site.render(
            "admin/logout.html",
            minijinja::context! { user => user.username, csrf_token => token },
        )?;
        Ok(Html(html).into_response())
    })
    .await
}

/// POST: ends the session (its row deleted) and clears the cookie.
pub(crate) async fn submit(
    State(state): State<Shared>,
    headers: HeaderMap,
    form: Result<Form<LogoutForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let key = web::session_key(&headers);
    let https = web::is_https(&headers);
    with_db(&state, move |conn, state| {
        let mut session = match key.as_deref() {
            Some(key) => SessionStore::load(conn, key)?,
            None => SessionStore::new(),
        };
        if !csrf::is_valid(&session, form.csrfmiddlewaretoken.as_deref()) {
            return Ok(web::csrf_failed());
        }
        model_auth::logout(conn, &mut session)?;
        let secure = https || state.site.secure_cookies;
        Ok(web::SessionCookie::of(&session, secure).set(web::redirect("/admin/login/")))
    })
    .await
}
