//! `router`: the admin's pages at Django's URLs, each response with the
//! security headers, each database call on a blocking thread.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use model_runtime::{Connection, Pool};

use crate::{csrf, templates, views, web, AdminError, BuiltSite};

/// What every handler reads: the site and the database.
pub(crate) struct AdminState {
    pub site: BuiltSite,
    pub pool: Pool,
}

pub(crate) type Shared = Arc<AdminState>;

/// The admin site as an [`axum::Router`], its pages under `/admin/`:
/// `login/`, `logout/`, the index, and `<app>/<model>/` for each
/// registered model. Merge it into an application's router, or serve it
/// alone as `manage runserver` does.
///
/// ```no_run
/// use model_admin::{router, AdminSite};
///
/// # async fn serve() -> Result<(), Box<dyn std::error::Error>> {
/// let pool = model_runtime::pool("db.sqlite3", 8)?;
/// let app = router(AdminSite::new().build()?, pool);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
/// axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await?;
/// # Ok(()) }
/// ```
pub fn router(site: BuiltSite, pool: Pool) -> Router {
    let state = Arc::new(AdminState { site, pool });
    Router::new()
        .route("/admin/", get(views::index::index))
        .route(
            "/admin/login/",
            get(views::login::form).post(views::login::submit),
        )
        .route(
            "/admin/logout/",
            get(views::logout::form).post(views::logout::submit),
        )
        .route("/admin/static/admin.css", get(stylesheet))
        .route(
            "/admin/password_change/",
            get(views::password_change::form).post(views::password_change::submit),
        )
        .route("/admin/password_change/done/", get(views::password_change::done))
        .route(
            "/admin/{app}/{model}/",
            get(views::change_list::change_list).post(views::actions::run),
        )
        .route(
            "/admin/{app}/{model}/add/",
            get(views::add::form).post(views::add::submit),
        )
        .route(
            "/admin/{app}/{model}/{object_id}/change/",
            get(views::change::form).post(views::change::submit),
        )
        .route(
            "/admin/{app}/{model}/{object_id}/delete/",
            get(views::delete::confirm).post(views::delete::submit),
        )
        .route(
            "/admin/{app}/{model}/{object_id}/history/",
            get(views::history::history),
        )
        .fallback(|| async { web::not_found() })
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            https_writes_from_this_site,
        ))
        .with_state(state)
        .layer(axum::middleware::map_response(security_headers))
}

/// Refuses a write over HTTPS that does not come from a page of this
/// site (its `Origin`, else its `Referer`), before any handler runs.
async fn https_writes_from_this_site(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let https = web::is_https(request.headers()) || state.site.secure_cookies;
    let safe = matches!(request.method(), &Method::GET | &Method::HEAD | &Method::OPTIONS);
    if https && !safe && !csrf::same_origin(request.headers()) {
        return web::csrf_failed();
    }
    next.run(request).await
}

async fn stylesheet() -> Response {
    ([(CONTENT_TYPE, "text/css; charset=utf-8")], templates::STYLESHEET).into_response()
}

/// The headers every admin response carries: no framing, no sniffing, no
/// script or form target from elsewhere, no caching, no referrer leaving
/// the site.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        (
            "content-security-policy",
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ),
        ("referrer-policy", "same-origin"),
    ];
    for (name, value) in set {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store, must-revalidate, private"),
    );
    response
}

/// Runs `work` with a pooled connection on a blocking thread: Diesel's
/// calls block, and must not hold up the runtime's threads.
pub(crate) async fn with_db<F>(state: &Shared, work: F) -> Response
where
    F: FnOnce(&mut Connection, &AdminState) -> Result<Response, AdminError> + Send + 'static,
{
    let state = Arc::clone(state);
    let outcome = tokio::task::spawn_blocking(move || {
        let mut conn = state.pool.get().map_err(|e| AdminError::Pool(e.to_string()))?;
        work(&mut conn, &state)
    })
    .await;
    match outcome {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => error.into_response(),
        Err(panicked) => web::failure(&panicked),
    }
}
