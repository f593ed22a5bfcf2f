//! `/admin/<app>/<model>/<pk>/change/`: one row's form, and the change it
//! sends. A user with only the `view` permission sees the form read-only.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::change_form::{self, Mode, Saved};
use super::object::{row_named, ModelRequest};
use crate::form::{FormErrors, Posted};
use crate::router::Shared;
use crate::web;

/// GET: the form over the row; read-only without the `change` permission.
pub(crate) async fn form(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model, object_id)): Path<(String, String, String)>,
) -> Response {
    ModelRequest::new(&headers, &uri, app, model)
        .serve(&state, move |conn, mut staff| {
            if !staff.may_view(conn)? {
                return Ok(web::forbidden());
            }
            let Some(row) = row_named(conn, staff.entry, &object_id)? else {
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
    let token = posted.token().map(str::to_owned);
    ModelRequest::new(&headers, &uri, app, model)
        .serve_write(&state, token, move |conn, mut staff| {
            if !staff.may(conn, "change")? {
                return Ok(web::forbidden());
            }
            let Some(before) = row_named(conn, staff.entry, &object_id)? else {
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
