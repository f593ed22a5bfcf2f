//! `/admin/<app>/<model>/<pk>/change/`: one row's form, and the change it
//! sends. A user with only the `view` permission sees the form read-only.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::change_form::{self, Mode, Saved};
use super::object::{find_row, key_of, staff_on_model};
use crate::form::{FormErrors, Posted};
use crate::router::{with_db, Shared};
use crate::web;

/// GET: the form over the row; read-only without the `change` permission.
pub(crate) async fn form(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model, object_id)): Path<(String, String, String)>,
) -> Response {
    let key = web::session_key(&headers);
    let path = uri.path().to_owned();
    with_db(&state, move |conn, state| {
        let mut staff = match staff_on_model(conn, &state.site, key.as_deref(), &path, &app, &model)? {
            Ok(staff) => staff,
            Err(response) => return Ok(response),
        };
        if !staff.may_view(conn)? {
            return Ok(web::forbidden());
        }
        let Some(row) = key_of(staff.entry.schema(), &object_id)
            .map(|k| find_row(conn, staff.entry, &k))
            .transpose()?
            .flatten()
        else {
            return Ok(web::not_found());
        };
        let mode = if staff.may(conn, "change")? {
            Mode::Change
        } else {
            Mode::View
        };
        change_form::render(conn, &mut staff, mode, Some(&row), None, &FormErrors::new())
    })
    .await
}

/// POST: checks the token and the `change` permission, then saves the
/// change and goes where the button said, or shows the form again with its
/// errors and what was typed.
pub(crate) async fn submit(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model, object_id)): Path<(String, String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let posted = Posted::new(form.map(|Form(pairs)| pairs).unwrap_or_default());
    let key = web::session_key(&headers);
    let path = uri.path().to_owned();
    with_db(&state, move |conn, state| {
        let mut staff = match staff_on_model(conn, &state.site, key.as_deref(), &path, &app, &model)? {
            Ok(staff) => staff,
            Err(response) => return Ok(response),
        };
        if !staff.token_is_valid(posted.token()) {
            return Ok(web::csrf_failed());
        }
        if !staff.may(conn, "change")? {
            return Ok(web::forbidden());
        }
        let Some(before) = key_of(staff.entry.schema(), &object_id)
            .map(|k| find_row(conn, staff.entry, &k))
            .transpose()?
            .flatten()
        else {
            return Ok(web::not_found());
        };
        match change_form::change(conn, &staff, &before, &posted)? {
            Saved::Row(row) => change_form::after_save(conn, &mut staff, &row, false, posted.button()),
            Saved::Refused(errors) => change_form::render(
                conn,
                &mut staff,
                Mode::Change,
                Some(&before),
                Some(&posted),
                &errors,
            ),
        }
    })
    .await
}
