//! What the pages of one object share: finding the model and the row the
//! URL names, and who may do what to them.

use axum::extract::OriginalUri;
use axum::http::HeaderMap;
use axum::response::Response;
use model_auth::{SessionStore, User};
use model_runtime::schema::ModelSchema;
use model_runtime::{Connection, Row, Value};

use crate::router::{with_db, Shared};
use crate::{views, web, AdminError, BuiltSite, ModelEntry};

/// A request for a page of `/admin/<app>/<model>/...`: what is read from
/// it before its work goes to a blocking thread.
pub(crate) struct ModelRequest {
    key: Option<String>,
    path: String,
    app: String,
    model: String,
}

impl ModelRequest {
    pub fn new(headers: &HeaderMap, uri: &OriginalUri, app: String, model: String) -> ModelRequest {
        ModelRequest {
            key: web::session_key(headers),
            path: uri.path().to_owned(),
            app,
            model,
        }
    }

    /// Runs `page` for the active staff user on a blocking thread; anyone
    /// else goes to the login page, and an unknown model is a 404.
    pub async fn serve<F>(self, state: &Shared, page: F) -> Response
    where
        F: for<'s> FnOnce(&mut Connection, Staff<'s>) -> Result<Response, AdminError> + Send + 'static,
    {
        self.serve_checked(state, None, page).await
    }

    /// As [`serve`](Self::serve), for a write: without its session's CSRF
    /// token (`sent`) it is a 403 and `page` does not run.
    pub async fn serve_write<F>(self, state: &Shared, sent: Option<String>, page: F) -> Response
    where
        F: for<'s> FnOnce(&mut Connection, Staff<'s>) -> Result<Response, AdminError> + Send + 'static,
    {
        self.serve_checked(state, Some(sent), page).await
    }

    async fn serve_checked<F>(self, state: &Shared, token: Option<Option<String>>, page: F) -> Response
    where
        F: for<'s> FnOnce(&mut Connection, Staff<'s>) -> Result<Response, AdminError> + Send + 'static,
    {
        with_db(state, move |conn, state| {
            let staff = match staff_on_model(
                conn,
                &state.site,
                self.key.as_deref(),
                &self.path,
                &self.app,
                &self.model,
            )? {
                Ok(staff) => staff,
                Err(response) => return Ok(response),
            };
            if let Some(sent) = token {
                if !staff.token_is_valid(sent.as_deref()) {
                    return Ok(web::csrf_failed());
                }
            }
            page(conn, staff)
        })
        .await
    }
}

/// The visitor of an admin page that passed the checks every page makes.
pub(crate) struct Staff<'s> {
    pub user: User,
    pub session: SessionStore,
    pub token: String,
    pub entry: &'s ModelEntry,
    pub site: &'s BuiltSite,
}

/// The active staff user asking for a page of `/admin/<app>/<model>/`,
/// and the model; `Err` with the response for anyone else (the login page)
/// or an unknown model (404). Who asks is checked first: an anonymous
/// visitor learns nothing, not even which models exist.
fn staff_on_model<'s>(
    conn: &mut Connection,
    site: &'s BuiltSite,
    key: Option<&str>,
    path: &str,
    app: &str,
    model: &str,
) -> Result<Result<Staff<'s>, Response>, AdminError> {
    let (user, session, token) = match views::require_staff(conn, key, path)? {
        Ok(found) => found,
        Err(redirect) => return Ok(Err(redirect)),
    };
    let Some(entry) = site.find(app, model) else {
        return Ok(Err(web::not_found()));
    };
    Ok(Ok(Staff {
        user,
        session,
        token,
        entry,
        site,
    }))
}

impl Staff<'_> {
    /// Whether the user has the model's `action` permission
    /// (`add`, `change`, `delete`, `view`).
    pub fn may(&self, conn: &mut Connection, action: &str) -> Result<bool, AdminError> {
        Ok(self.user.has_perm(conn, &self.entry.permission(action))?)
    }

    /// Whether the user may see the model's rows: `view` or `change`.
    pub fn may_view(&self, conn: &mut Connection) -> Result<bool, AdminError> {
        views::may_view(conn, &self.user, self.entry)
    }

    /// Whether `sent` is this session's CSRF token.
    pub fn token_is_valid(&self, sent: Option<&str>) -> bool {
        crate::csrf::is_valid(&self.session, sent)
    }
}

/// The key a URL names, read as the model's key type; `None` when it
/// cannot be one (then the page is a 404, as Django's).
pub(crate) fn key_of(schema: &ModelSchema, text: &str) -> Option<Value> {
    let column = schema.primary_key()?;
    Value::parse(column.ty, text).ok()
}

/// The row a URL's key names, or `None` when there is none or the text
/// cannot be the model's key.
pub(crate) fn row_named(
    conn: &mut Connection,
    entry: &ModelEntry,
    object_id: &str,
) -> Result<Option<Row>, AdminError> {
    match key_of(entry.schema(), object_id) {
        Some(key) => find_row(conn, entry, &key),
        None => Ok(None),
    }
}

/// The row keyed `key`, or `None` when there is none.
pub(crate) fn find_row(
    conn: &mut Connection,
    entry: &ModelEntry,
    key: &Value,
) -> Result<Option<Row>, AdminError> {
    match entry.model().get(conn, key) {
        Ok(row) => Ok(Some(row)),
        Err(model_runtime::Error::NotFound { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The URL of an object's change form.
pub(crate) fn change_url(entry: &ModelEntry, key: &Value) -> String {
    format!(
        "/admin/{}/{}/change/",
        entry.url_path(),
        percent_encoding::utf8_percent_encode(&crate::form::cell(key), percent_encoding::NON_ALPHANUMERIC)
    )
}

/// Django's change message: `Changed price and inventory.`, naming the
/// fields whose values differ, then the many-to-many fields whose links
/// did (`linked`); `No fields changed.` when none did.
pub(crate) fn change_message(before: &Row, after: &Row, linked: &[String]) -> String {
    let changed: Vec<String> = before
        .iter()
        .zip(after.values())
        .filter(|((column, old), new)| !column.auto_now && old != new)
        .map(|((column, _), _)| &*column.field)
        .chain(linked.iter().map(String::as_str))
        .map(|field| views::heading(field).to_lowercase())
        .collect();
    match changed.as_slice() {
        [] => "No fields changed.".to_owned(),
        [only] => format!("Changed {only}."),
        [first @ .., last] => format!("Changed {} and {last}.", first.join(", ")),
    }
}
