//! `/admin/<app>/<model>/<pk>/delete/`: what deleting the row takes along,
//! or which rows stop it; then the deletion the confirmation sends.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use model_runtime::{Connection, Row};

use super::change_form::record;
use super::object::{change_url, row_named, ModelRequest, Staff};
use crate::deletion::{self, Deletion};
use crate::form::{object_text, Posted};
use crate::router::Shared;
use crate::{log, messages, views, web, AdminError};

/// GET: the confirmation, with every row the cascade deletes, or the
/// refusal naming the rows that protect it.
pub(crate) async fn confirm(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model, object_id)): Path<(String, String, String)>,
) -> Response {
    ModelRequest::new(&headers, &uri, app, model)
        .serve(&state, move |conn, staff| {
            if !staff.may(conn, "delete")? {
                return Ok(web::forbidden());
            }
            let Some(row) = row_named(conn, staff.entry, &object_id)? else {
                return Ok(web::not_found());
            };
            let deletion = deletion::collect(conn, std::slice::from_ref(&row))?;
            render(&staff, &row, &deletion, StatusCode::OK)
        })
        .await
}

/// POST `post=yes`: checks the token and the `delete` permission, then
/// deletes the row (the database cascades) and logs it, in one transaction.
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
            if !staff.may(conn, "delete")? {
                return Ok(web::forbidden());
            }
            let Some(row) = row_named(conn, staff.entry, &object_id)? else {
                return Ok(web::not_found());
            };
            let deletion = deletion::collect(conn, std::slice::from_ref(&row))?;
            if !deletion.protected.is_empty() {
                return render(&staff, &row, &deletion, StatusCode::CONFLICT);
            }
            delete_rows(conn, &staff, std::slice::from_ref(&row))?;
            let note = format!(
                "The {} “{}” was deleted successfully.",
                views::singular(&staff.entry.schema().name),
                object_text(&row)
            );
            messages::add(conn, &mut staff.session, &note)?;
            Ok(web::redirect(&format!("/admin/{}/", staff.entry.url_path())))
        })
        .await
}

/// Deletes `rows` and logs each deletion, all or nothing.
pub(crate) fn delete_rows(conn: &mut Connection, staff: &Staff<'_>, rows: &[Row]) -> Result<(), AdminError> {
    let user_id = staff.user.id;
    let model = staff.entry.model();
    model_runtime::atomic(conn, |conn| -> Result<(), model_runtime::Error> {
        for row in rows {
            record(conn, user_id, row, log::ActionFlag::Deletion, "Deleted.")?;
            model.delete(conn, row.primary_key())?;
        }
        Ok(())
    })?;
    Ok(())
}

fn render(
    staff: &Staff<'_>,
    row: &Row,
    deletion: &Deletion,
    status: StatusCode,
) -> Result<Response, AdminError> {
    let schema = staff.entry.schema();
    let html = staff.site.render(
        "admin/delete_confirmation.html",
        minijinja::context! {
            app => &*schema.app,
            model_name => views::singular(&schema.name),
            model_name_plural => views::plural(&schema.name).to_lowercase(),
            list_url => format!("/admin/{}/", staff.entry.url_path()),
            objects => vec![(object_text(row), change_url(staff.entry, row.primary_key()))],
            cascades => &deletion.cascades,
            unlisted => deletion.unlisted,
            protected => &deletion.protected,
            selected => Vec::<String>::new(),
            action_url => "",
            user => &staff.user.username,
            csrf_token => &staff.token,
        },
    )?;
    Ok((status, Html(html)).into_response())
}
