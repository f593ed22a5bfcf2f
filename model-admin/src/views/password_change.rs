//! `/admin/password_change/`: a staff user changes their own password.
//! The change ends every other session of the user, and this one moves to
//! a new key, so a copy of the old cookie logs no one in.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use model_auth::password::{validate_password, UserAttributes};
use model_auth::{SessionStore, User};
use model_runtime::Connection;

use crate::form::{FormErrors, Posted};
use crate::router::{with_db, Shared};
use crate::{csrf, views, web, AdminError, BuiltSite};

/// Django's message for a wrong old password.
pub(crate) const WRONG_OLD_PASSWORD: &str =
    "Your old password was entered incorrectly. Please enter it again.";

/// Django's message for new passwords that differ.
pub(crate) const MISMATCH: &str = "The two password fields didn’t match.";

/// GET: the form.
pub(crate) async fn form(State(state): State<Shared>, headers: HeaderMap, uri: OriginalUri) -> Response {
    let key = web::session_key(&headers);
    let path = uri.path().to_owned();
    with_db(&state, move |conn, state| {
        let (user, _, token) = match views::require_staff(conn, key.as_deref(), &path)? {
            Ok(found) => found,
            Err(redirect) => return Ok(redirect),
        };
        render(&state.site, &user, &token, &FormErrors::new())
    })
    .await
}

/// POST: checks the token and the old password, validates the new one,
/// saves it, and moves this session to a new key.
pub(crate) async fn submit(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let posted = Posted::new(form.map(|Form(pairs)| pairs).unwrap_or_default());
    let key = web::session_key(&headers);
    let path = uri.path().to_owned();
    let https = web::is_https(&headers);
    with_db(&state, move |conn, state| {
        let (mut user, mut session, token) = match views::require_staff(conn, key.as_deref(), &path)? {
            Ok(found) => found,
            Err(redirect) => return Ok(redirect),
        };
        if !csrf::is_valid(&session, posted.token()) {
            return Ok(web::csrf_failed());
        }
        let errors = check(&user, &posted);
        if !errors.is_empty() {
            return render(&state.site, &user, &token, &errors);
        }
        let new = posted.get("new_password1").unwrap_or_default();
        change(conn, &mut user, &mut session, new)?;
        let secure = https || state.site.secure_cookies;
        Ok(web::SessionCookie::of(&session, secure).set(web::redirect("/admin/password_change/done/")))
    })
    .await
}

/// GET `/admin/password_change/done/`: says the password was changed.
pub(crate) async fn done(State(state): State<Shared>, headers: HeaderMap, uri: OriginalUri) -> Response {
    let key = web::session_key(&headers);
    let path = uri.path().to_owned();
    with_db(&state, move |conn, state| {
        let (user, _, token) = match views::require_staff(conn, key.as_deref(), &path)? {
            Ok(found) => found,
            Err(redirect) => return Ok(redirect),
        };
        let html = state.site.render(
            "admin/password_change_done.html",
            minijinja::context! { user => user.username, csrf_token => token },
        )?;
        Ok(Html(html).into_response())
    })
    .await
}

/// What is wrong with the form: the old password, the new ones' match,
/// then the validators' every problem.
fn check(user: &User, posted: &Posted) -> FormErrors {
    let mut errors = FormErrors::new();
    if !user.check_password(posted.get("old_password").unwrap_or_default()) {
        errors.field("old_password", WRONG_OLD_PASSWORD);
    }
    let new = posted.get("new_password1").unwrap_or_default();
    if new != posted.get("new_password2").unwrap_or_default() {
        errors.field("new_password2", MISMATCH);
    } else if let Err(problems) = validate_password(new, &UserAttributes::of(user)) {
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        errors.field("new_password2", text.join(" "));
    }
    errors
}

/// Saves the new password; other sessions end (their stored hash no
/// longer matches), this one keeps its user under a new key.
fn change(
    conn: &mut Connection,
    user: &mut User,
    session: &mut SessionStore,
    new: &str,
) -> Result<(), AdminError> {
    model_auth::change_password(conn, user, new)?;
    model_auth::update_session_auth_hash(conn, session, user)?;
    session.insert(csrf::SESSION_KEY, csrf::new_token());
    session.save(conn)?;
    Ok(())
}

fn render(site: &BuiltSite, user: &User, token: &str, errors: &FormErrors) -> Result<Response, AdminError> {
    let html = site.render(
        "admin/password_change.html",
        minijinja::context! {
            old_password_error => errors.fields.get("old_password"),
            new_password2_error => errors.fields.get("new_password2"),
            user => &user.username,
            csrf_token => token,
        },
    )?;
    Ok(Html(html).into_response())
}
