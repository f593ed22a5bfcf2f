//! One file a page, as Django's admin has one view a page.

pub(crate) mod actions;
pub(crate) mod add;
pub(crate) mod change;
pub(crate) mod change_form;
pub(crate) mod change_list;
pub(crate) mod delete;
pub(crate) mod history;
pub(crate) mod index;
pub(crate) mod login;
pub(crate) mod logout;
pub(crate) mod object;
pub(crate) mod password_change;

use axum::response::Response;
use model_auth::SessionStore;
use model_runtime::Connection;

use crate::{csrf, redirect, web, AdminError};

/// The request's active staff user and session, with a CSRF token for the
/// page's forms; `Err` with the redirect to the login page, its body empty,
/// for anyone else.
pub(crate) fn require_staff(
    conn: &mut Connection,
    key: Option<&str>,
    path: &str,
) -> Result<Result<(model_auth::User, SessionStore, String), Response>, AdminError> {
    let mut visitor = web::Visitor::load(conn, key)?;
    let Some(user) = visitor.staff.take() else {
        return Ok(Err(web::redirect(&redirect::login_url(path))));
    };
    let mut session = visitor.session;
    let token = csrf::ensure_token(&mut session);
    if session.is_modified() {
        session.save(conn)?;
    }
    Ok(Ok((user, session, token)))
}

/// Whether `user` may see the change list of `entry`: Django's rule, the
/// `view_` or the `change_` permission.
pub(crate) fn may_view(
    conn: &mut Connection,
    user: &model_auth::User,
    entry: &crate::ModelEntry,
) -> Result<bool, AdminError> {
    Ok(
        user.has_perm(conn, &entry.permission("view"))?
            || user.has_perm(conn, &entry.permission("change"))?,
    )
}

/// Django's default `verbose_name_plural`, capitalized for a heading:
/// `BookingItem` is `Booking items`.
pub(crate) fn plural(model: &str) -> String {
    capitalize(&format!("{}s", model_auth::permissions::verbose_name(model)))
}

/// Django's default `verbose_name`: `booking item`.
pub(crate) fn singular(model: &str) -> String {
    model_auth::permissions::verbose_name(model)
}

/// A field's name as a column heading: `first_name` is `First name`.
pub(crate) fn heading(field: &str) -> String {
    capitalize(&field.replace('_', " "))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
