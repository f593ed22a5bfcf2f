//! `/admin/`: the apps and models the user may view or change.

use axum::extract::{OriginalUri, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::router::{with_db, Shared};
use crate::{views, web};

#[derive(Serialize)]
struct AppLink {
    label: String,
    models: Vec<ModelLink>,
}

#[derive(Serialize)]
struct ModelLink {
    name: String,
    app: String,
    model: String,
}

pub(crate) async fn index(State(state): State<Shared>, headers: HeaderMap, uri: OriginalUri) -> Response {
    let key = web::session_key(&headers);
    let path = uri.path().to_owned();
    with_db(&state, move |conn, state| {
        let (user, _, token) = match views::require_staff(conn, key.as_deref(), &path)? {
            Ok(found) => found,
            Err(redirect) => return Ok(redirect),
        };
        let mut apps: Vec<AppLink> = Vec::new();
        for entry in state.site.models() {
            if !views::may_view(conn, &user, entry)? {
                continue;
            }
            let app = &*entry.schema().app;
            if apps.last().is_none_or(|last| last.label != app) {
                apps.push(AppLink {
                    label: app.to_owned(),
                    models: Vec::new(),
                });
            }
            if let Some(last) = apps.last_mut() {
                last.models.push(ModelLink {
                    name: views::plural(&entry.schema().name),
                    app: app.to_owned(),
                    model: entry.schema().name.to_lowercase(),
                });
            }
        }
        let html = state.site.render(
            "admin/index.html",
            minijinja::context! { apps, user => user.username, csrf_token => token },
        )?;
        Ok(Html(html).into_response())
    })
    .await
}
