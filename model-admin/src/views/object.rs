//! What the pages of one object share: finding the model and the row the
//! URL names, and who may do what to them.

use axum::response::Response;
use model_auth::{SessionStore, User};
use model_runtime::schema::ModelSchema;
use model_runtime::{Connection, Row, Value};

use crate::{views, web, AdminError, BuiltSite, ModelEntry};

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
pub(crate) fn staff_on_model<'s>(
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
/// fields whose values differ; `No fields changed.` when none do.
pub(crate) fn change_message(before: &Row, after: &Row) -> String {
    let changed: Vec<String> = before
        .iter()
        .zip(after.values())
        .filter(|((column, old), new)| !column.auto_now && old != new)
        .map(|((column, _), _)| views::heading(&column.field).to_lowercase())
        .collect();
    match changed.as_slice() {
        [] => "No fields changed.".to_owned(),
        [only] => format!("Changed {only}."),
        [first @ .., last] => format!("Changed {} and {last}.", first.join(", ")),
    }
}
