//! `/admin/<app>/<model>/`: a model's rows, searched, ordered, a page at a
//! time, with a count.

use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Deserialize;

use crate::router::{with_db, Shared};
use crate::{listing, messages, templates, views, web};

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    q: Option<String>,
    p: Option<String>,
}

pub(crate) async fn change_list(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model)): Path<(String, String)>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let key = web::session_key(&headers);
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
    with_db(&state, move |conn, state| {
        // Who asks is checked first: an anonymous visitor learns nothing,
        // not even which models exist.
        let (user, mut session, token) = match views::require_staff(conn, key.as_deref(), &path)? {
            Ok(found) => found,
            Err(redirect) => return Ok(redirect),
        };
        let Some(entry) = state.site.find(&app, &model) else {
            return Ok(web::not_found());
        };
        if !views::may_view(conn, &user, entry)? {
            return Ok(web::forbidden());
        }
        let options = entry.options();
        let all = entry.model().all(conn)?;
        let total = all.len();
        let search = query.q.unwrap_or_default();
        let requested = query.p.and_then(|p| p.trim().parse::<usize>().ok()).unwrap_or(1);
        let page = listing::page(all, options, &search, requested);

        let schema = entry.schema();
        let key_field = schema.primary_key().map_or("id", |c| &*c.field);
        let columns: Vec<String> = if options.list_display.is_empty() {
            vec![views::heading(key_field), schema.name.to_string()]
        } else {
            options.list_display.iter().map(|f| views::heading(f)).collect()
        };
        let rows: Vec<Vec<String>> = page
            .rows
            .iter()
            .map(|row| {
                if options.list_display.is_empty() {
                    vec![listing::cell(Some(row.primary_key())), listing::summary(row)]
                } else {
                    options
                        .list_display
                        .iter()
                        .map(|f| listing::cell(row.get(f)))
                        .collect()
                }
            })
            .collect();
        let query_prefix = if search.is_empty() {
            String::new()
        } else {
            format!("q={}&", utf8_percent_encode(&search, NON_ALPHANUMERIC))
        };
        let notes = messages::take(conn, &mut session)?;
        let html = templates::render(
            "admin/change_list.html",
            minijinja::context! {
                app => &*schema.app,
                model_name => views::singular(&schema.name),
                model_name_plural => views::plural(&schema.name).to_lowercase(),
                searchable => !options.search_fields.is_empty(),
                q => search,
                query_prefix,
                matched => page.matched,
                total,
                columns,
                rows,
                page => page.number,
                pages => page.pages,
                messages => notes,
                user => user.username,
                csrf_token => token,
            },
        )?;
        Ok(Html(html).into_response())
    })
    .await
}
