//! `/admin/<app>/<model>/add/`: the empty form, and the row it adds.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::change_form::{self, Mode, Saved};
use super::object::ModelRequest;
use crate::form::{FormErrors, Posted};
use crate::router::Shared;
use crate::web;

/// GET: the form, for a user with the `add` permission.
pub(crate) async fn form(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model)): Path<(String, String)>,
) -> Response {
    ModelRequest::new(&headers, &uri, app, model)
        .serve(&state, |conn, mut staff| {
            if !staff.may(conn, "add")? {
                return Ok(web::forbidden());
            }
            change_form::render(conn, &mut staff, Mode::Add, None, None, &FormErrors::new())
        })
        .await
}

/// POST: checks the token and the `add` permission, then adds the row and
/// goes where the button said, or shows the form again with its errors
/// and what was typed.
pub(crate) async fn submit(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let posted = Posted::new(form.map(|Form(pairs)| pairs).unwrap_or_default());
    let token = posted.token().map(str::to_owned);
    ModelRequest::new(&headers, &uri, app, model)
        .serve_write(&state, token, move |conn, mut staff| {
            if !staff.may(conn, "add")? {
                return Ok(web::forbidden());
            }
            match change_form::add(conn, &staff, &posted)? {
                Saved::Row(row) => change_form::after_save(conn, &mut staff, &row, true, posted.button()),
                Saved::Refused(errors) => {
                    change_form::render(conn, &mut staff, Mode::Add, None, Some(&posted), &errors)
                }
            }
        })
        .await
}
