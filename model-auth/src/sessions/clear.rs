//! `clearsessions`: the rows no one may use any more.

use chrono::Utc;
use model_runtime::prelude::*;

use crate::models::session;
use crate::{Result, Session, Throttle};

/// Deletes every expired session, and returns how many went (what
/// `manage clearsessions` runs, as Django's does). Failed logins older
/// than the default [`Throttle`]'s window go too, as nothing counts them;
/// a project that throttles with a longer window calls
/// [`Throttle::clear_expired`] with its own.
///
/// ```
/// # let mut conn = model_auth::doc_database();
/// let mut session = model_auth::SessionStore::new();
/// session.insert("theme", "dark");
/// session.save(&mut conn)?;
/// assert_eq!(model_auth::clear_expired_sessions(&mut conn)?, 0); // not expired yet
/// # Ok::<(), model_auth::AuthError>(())
/// ```
///
/// # Errors
///
/// [`AuthError::Database`](crate::AuthError::Database) when the database
/// refuses.
pub fn clear_expired_sessions<C>(conn: &mut C) -> Result<usize>
where
    C: DbConnection + ?Sized,
{
    let now = Utc::now();
    let expired = crate::dispatch::on_backend!(conn, |c| Session::objects()
        .filter(session::expire_date.lt(bind(now)))
        .delete(c))?;
    Throttle::default().clear_expired(conn)?;
    Ok(expired)
}
