//! `/admin/<app>/<model>/`: a model's rows, searched, filtered and sorted
//! by the database, a page at a time, with a count.

use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::list_params::ListParams;
use crate::router::{with_db, Shared};
use crate::{list_filter, listing, messages, sorting, views, web};

/// One row of the list: its key (for the action's checkbox), its change
/// form, its cells.
#[derive(Serialize)]
struct ListRow {
    key: String,
    href: String,
    cells: Vec<String>,
}

/// A pagination link.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    href: String,
}

pub(crate) async fn change_list(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Path((app, model)): Path<(String, String)>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    // A query string that does not decode is no query: the whole list.
    let pairs = query.map(|Query(pairs)| pairs).unwrap_or_default();
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
        let mut params = ListParams::read(&pairs, entry);

        let schema = entry.schema();
        let key_field = schema.primary_key().map_or("id", |c| &*c.field);
        // Each column's field, `None` for the row's summary.
        let (fields, texts): (Vec<Option<String>>, Vec<String>) = if options.list_display.is_empty() {
            (
                vec![Some(key_field.to_owned()), None],
                vec![views::heading(key_field), schema.name.to_string()],
            )
        } else {
            options
                .list_display
                .iter()
                .map(|f| (Some(f.clone()), views::heading(f)))
                .unzip()
        };
        let sort = sorting::sort(params.order.as_deref(), &fields, &options.ordering, key_field);
        params.order = sort.o.clone();
        let columns = sorting::headers(texts, &fields, &sort, &params);

        let query = listing::query(
            entry,
            &params.search,
            list_filter::filters(entry, &params),
            sort.fields,
        );
        let page = listing::page(conn, entry, query, params.page.unwrap_or(1))?;
        let total = entry.model().count(conn)?;
        let filters = list_filter::sidebar(conn, entry, &params)?;

        let rows: Vec<ListRow> = page
            .rows
            .iter()
            .map(|row| ListRow {
                key: listing::cell(Some(row.primary_key())),
                href: views::object::change_url(entry, row.primary_key()),
                cells: if options.list_display.is_empty() {
                    vec![listing::cell(Some(row.primary_key())), listing::summary(row)]
                } else {
                    options
                        .list_display
                        .iter()
                        .map(|f| listing::cell(row.get(f)))
                        .collect()
                },
            })
            .collect();
        let may_change = user.has_perm(conn, &entry.permission("change"))?;
        let may_add = user.has_perm(conn, &entry.permission("add"))?;
        let may_delete = user.has_perm(conn, &entry.permission("delete"))?;
        let link = |number: usize| PageLink {
            number,
            href: params.with_page(number).href(),
        };
        let notes = messages::take(conn, &mut session)?;
        let html = state.site.render(
            "admin/change_list.html",
            minijinja::context! {
                app => &*schema.app,
                model_name => views::singular(&schema.name),
                model_name_plural => views::plural(&schema.name).to_lowercase(),
                verb => if may_change { "change" } else { "view" },
                add_url => may_add.then(|| format!("/admin/{}/add/", entry.url_path())),
                may_delete,
                searchable => !options.search_fields.is_empty(),
                q => &params.search,
                // The search form keeps the filters and the sort.
                kept => kept_by_search(&params),
                narrowed => params.is_narrowed(),
                filtered => !params.lookups.is_empty(),
                clear_href => params.with_lookups_cleared().href(),
                matched => page.matched,
                total,
                columns,
                rows,
                filters,
                page => page.number,
                pages => page.pages,
                messages => notes,
                previous => (page.number > 1).then(|| link(page.number - 1)),
                next => (page.number < page.pages).then(|| link(page.number + 1)),
                user => user.username,
                csrf_token => token,
            },
        )?;
        Ok(Html(html).into_response())
    })
    .await
}

/// The hidden inputs of the search form: a new search keeps the filters
/// and the sort, and starts at the first page.
fn kept_by_search(params: &ListParams) -> Vec<(String, String)> {
    let mut kept = params.lookups.clone();
    kept.extend(params.order.iter().map(|o| ("o".to_owned(), o.clone())));
    kept
}
