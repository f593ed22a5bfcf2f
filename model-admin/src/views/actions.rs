//! POST `/admin/<app>/<model>/`: the change list's actions. The one there
//! is Django's "Delete selected": a confirmation listing what the cascade
//! takes, then the deletion, each row checked against the `delete`
//! permission and logged.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use model_runtime::{Connection, Row};

use super::delete::delete_rows;
use super::object::{change_url, find_row, key_of, ModelRequest, Staff};
use crate::deletion::{self, Deletion};
use crate::form::{cell, object_text, Posted};
use crate::router::Shared;
use crate::{messages, views, web, AdminError};

/// Django's name of the action.
pub(crate) const DELETE_SELECTED: &str = "delete_selected";

/// Django's message when the action was sent without a row.
pub(crate) const NOTHING_SELECTED: &str =
    "Items must be selected in order to perform actions on them. No items have been changed.";

/// POST: runs the chosen action over the selected rows.
pub(crate) async fn run(
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
            let list_url = format!("/admin/{}/", staff.entry.url_path());
            if posted.get("action") != Some(DELETE_SELECTED) {
                messages::add(conn, &mut staff.session, "No action selected.")?;
                return Ok(web::redirect(&list_url));
            }
            if !staff.may(conn, "delete")? {
                return Ok(web::forbidden());
            }
            let rows = selected_rows(conn, &staff, &posted)?;
            if rows.is_empty() {
                messages::add(conn, &mut staff.session, NOTHING_SELECTED)?;
                return Ok(web::redirect(&list_url));
            }
            let deletion = deletion::collect(conn, &rows)?;
            if posted.get("post") != Some("yes") || !deletion.protected.is_empty() {
                let status = if posted.get("post") == Some("yes") {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::OK
                };
                return confirm(&staff, &rows, &deletion, status);
            }
            delete_rows(conn, &staff, &rows)?;
            let schema = staff.entry.schema();
            let name = if rows.len() == 1 {
                views::singular(&schema.name)
            } else {
                views::plural(&schema.name).to_lowercase()
            };
            messages::add(
                conn,
                &mut staff.session,
                &format!("Successfully deleted {} {name}.", rows.len()),
            )?;
            Ok(web::redirect(&list_url))
        })
        .await
}

/// The rows the form selected that still exist; a key that cannot be the
/// model's is skipped, as one deleted meanwhile is.
fn selected_rows(conn: &mut Connection, staff: &Staff<'_>, posted: &Posted) -> Result<Vec<Row>, AdminError> {
    let mut rows: Vec<Row> = Vec::new();
    for text in posted.all("_selected_action") {
        let Some(key) = key_of(staff.entry.schema(), text) else {
            continue;
        };
        if rows.iter().any(|r| *r.primary_key() == key) {
            continue;
        }
        if let Some(row) = find_row(conn, staff.entry, &key)? {
            rows.push(row);
        }
    }
    Ok(rows)
}

fn confirm(
    staff: &Staff<'_>,
    rows: &[Row],
    deletion: &Deletion,
    status: StatusCode,
) -> Result<Response, AdminError> {
    let schema = staff.entry.schema();
    let list_url = format!("/admin/{}/", staff.entry.url_path());
    let objects: Vec<(String, String)> = rows
        .iter()
        .map(|row| (object_text(row), change_url(staff.entry, row.primary_key())))
        .collect();
    let selected: Vec<String> = rows.iter().map(|row| cell(row.primary_key())).collect();
    let html = staff.site.render(
        "admin/delete_confirmation.html",
        minijinja::context! {
            app => &*schema.app,
            model_name => views::singular(&schema.name),
            model_name_plural => views::plural(&schema.name).to_lowercase(),
            list_url => &list_url,
            objects,
            cascades => &deletion.cascades,
            unlisted => deletion.unlisted,
            protected => &deletion.protected,
            selected,
            action_url => &list_url,
            user => &staff.user.username,
            csrf_token => &staff.token,
        },
    )?;
    Ok((status, Html(html)).into_response())
}
