//! `/admin/<app>/<model>/<pk>/history/`: the admin's log of one row: who
//! did what, and when.

use axum::extract::{OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::object::{change_url, find_row, key_of, ModelRequest};
use crate::form::object_text;
use crate::router::Shared;
use crate::{log, views, web};

/// One line of the history, as the page shows it.
#[derive(Serialize)]
struct Line {
    when: String,
    who: String,
    action: String,
}

/// GET: the row's log entries, oldest first, for a user who may view it.
/// A deleted row's history stays readable while its key is in the log.
pub(crate) async fn history(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model, object_id)): Path<(String, String, String)>,
) -> Response {
    ModelRequest::new(&headers, &uri, app, model)
        .serve(&state, move |conn, staff| {
            if !staff.may_view(conn)? {
                return Ok(web::forbidden());
            }
            let schema = staff.entry.schema();
            let Some(key) = key_of(schema, &object_id) else {
                return Ok(web::not_found());
            };
            let row = find_row(conn, staff.entry, &key)?;
            let entries = log::history_of(conn, &schema.app, &schema.name, &crate::form::cell(&key))?;
            if row.is_none() && entries.is_empty() {
                return Ok(web::not_found());
            }
            let mut lines = Vec::with_capacity(entries.len());
            for entry in &entries {
                let who = match model_auth::User::get(conn, entry.user_id) {
                    Ok(user) => user.username,
                    Err(model_runtime::Error::NotFound { .. }) => String::new(),
                    Err(error) => return Err(error.into()),
                };
                lines.push(Line {
                    when: entry.action_time.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                    who,
                    action: entry.change_message.clone(),
                });
            }
            let object = row
                .as_ref()
                .map(object_text)
                .or_else(|| entries.last().map(|e| e.object_repr.clone()))
                .unwrap_or_default();
            let html = staff.site.render(
                "admin/object_history.html",
                minijinja::context! {
                    app => &*schema.app,
                    model_name => views::singular(&schema.name),
                    model_name_plural => views::plural(&schema.name).to_lowercase(),
                    list_url => format!("/admin/{}/", staff.entry.url_path()),
                    object_text => object,
                    object_url => row.as_ref().map(|_| change_url(staff.entry, &key)),
                    lines,
                    user => &staff.user.username,
                    csrf_token => &staff.token,
                },
            )?;
            Ok(Html(html).into_response())
        })
        .await
}
