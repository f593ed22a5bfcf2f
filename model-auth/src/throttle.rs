//! Login throttling, which Django's core lacks: failed logins are rows of
//! `auth_failedlogin`, so every process and every restart counts the same.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use model_runtime::prelude::*;

use crate::dispatch::on_backend;
use crate::models::failed_login;
use crate::{AuthError, FailedLogin, NewFailedLogin, Result};

/// The longest username and client address a failed login keeps: the
/// lengths of their columns.
const USERNAME_LENGTH: usize = 150;
const CLIENT_LENGTH: usize = 64;

/// How many failed logins, within how long, refuse further attempts:
/// `max_failures` for one username, or from one client address, within
/// `window`. [`authenticate`](crate::authenticate) uses the default, five
/// in fifteen minutes; [`authenticate_with`](crate::authenticate_with)
/// takes another.
///
/// A refused attempt is not counted, so the refusal ends when the window
/// has passed over enough of the failures that caused it, whatever an
/// attacker keeps sending.
///
/// ```
/// use std::time::Duration;
/// use model_auth::{authenticate_with, create_user, AuthError, Credentials, Throttle};
///
/// # let mut conn = model_auth::doc_database();
/// create_user(&mut conn, "ada", "", "correct horse battery")?;
/// let strict = Throttle { max_failures: 2, window: Duration::from_secs(60) };
/// let wrong = Credentials { username: "ada", password: "guess", client: Some("203.0.113.9") };
/// for _ in 0..2 {
///     assert_eq!(authenticate_with(&mut conn, &wrong, &strict)?, None);
/// }
/// let right = Credentials { password: "correct horse battery", ..wrong };
/// assert!(matches!(authenticate_with(&mut conn, &right, &strict), Err(AuthError::Throttled { .. })));
/// # Ok::<(), model_auth::AuthError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttle {
    /// How many failures refuse the next attempt; 0 refuses none (no
    /// throttling).
    pub max_failures: u32,
    /// How long a failure is counted.
    pub window: Duration,
}

impl Default for Throttle {
    /// Five failures in fifteen minutes.
    fn default() -> Throttle {
        Throttle {
            max_failures: 5,
            window: Duration::from_secs(15 * 60),
        }
    }
}

impl Throttle {
    /// `Ok` when an attempt for `username` from `client` may go on;
    /// [`AuthError::Throttled`] with the time left when either has
    /// `max_failures` failures within the window. A client of `None` (or
    /// empty) is counted by username only.
    ///
    /// # Errors
    ///
    /// [`AuthError::Throttled`], or [`AuthError::Database`] when the
    /// database refuses.
    pub fn check<C>(&self, conn: &mut C, username: &str, client: Option<&str>) -> Result<()>
    where
        C: DbConnection + ?Sized,
    {
        let now = Utc::now();
        let username = storable(username, USERNAME_LENGTH);
        let mut until = self.refused_until(conn, now, Whose::Username(username))?;
        if let Some(client) = client
            .map(|c| storable(c, CLIENT_LENGTH))
            .filter(|c| !c.is_empty())
        {
            let by_client = self.refused_until(conn, now, Whose::Client(client))?;
            until = until.max(by_client);
        }
        match until {
            Some(until) => Err(AuthError::Throttled {
                retry_after: (until - now).to_std().unwrap_or(Duration::ZERO),
            }),
            None => Ok(()),
        }
    }

    /// Deletes the failures older than the window, and returns how many
    /// went: nothing counts them any more.
    ///
    /// # Errors
    ///
    /// [`AuthError::Database`] when the database refuses.
    pub fn clear_expired<C>(&self, conn: &mut C) -> Result<usize>
    where
        C: DbConnection + ?Sized,
    {
        let since = self.window_start(Utc::now());
        Ok(on_backend!(conn, |c| FailedLogin::objects()
            .filter(failed_login::attempted_at.lt(bind(since)))
            .delete(c))?)
    }

    /// When the failures of `whose` stop refusing attempts, if they
    /// refuse them now: once the oldest of the `max_failures` most recent
    /// leaves the window, fewer than `max_failures` are left in it.
    fn refused_until<C>(
        &self,
        conn: &mut C,
        now: DateTime<Utc>,
        whose: Whose,
    ) -> Result<Option<DateTime<Utc>>>
    where
        C: DbConnection + ?Sized,
    {
        if self.max_failures == 0 {
            return Ok(None);
        }
        let max = i64::from(self.max_failures);
        let since = self.window_start(now);
        macro_rules! most_recent {
            ($whose:expr) => {
                on_backend!(conn, |c| FailedLogin::objects()
                    .filter($whose)
                    .filter(failed_login::attempted_at.gt(bind(since)))
                    .order_by(failed_login::attempted_at.desc())
                    .limit(max)
                    .values(c, failed_login::attempted_at))
            };
        }
        let recent: Vec<DateTime<Utc>> = match whose {
            Whose::Username(username) => most_recent!(failed_login::username.eq(username.clone()))?,
            Whose::Client(client) => most_recent!(failed_login::client.eq(client.clone()))?,
        };
        if (recent.len() as i64) < max {
            return Ok(None);
        }
        Ok(recent.last().map(|oldest| {
            oldest
                .checked_add_signed(self.window_delta())
                .unwrap_or(DateTime::<Utc>::MAX_UTC)
        }))
    }

    fn window_delta(&self) -> TimeDelta {
        TimeDelta::from_std(self.window).unwrap_or(TimeDelta::MAX)
    }

    fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_sub_signed(self.window_delta())
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

/// Whose failures are counted.
enum Whose {
    Username(String),
    Client(String),
}

/// Records a failed login for `username` from `client`.
pub(crate) fn record_failure<C>(conn: &mut C, username: &str, client: Option<&str>) -> Result<()>
where
    C: DbConnection + ?Sized,
{
    FailedLogin::create(
        conn,
        NewFailedLogin {
            username: storable(username, USERNAME_LENGTH),
            client: storable(client.unwrap_or(""), CLIENT_LENGTH),
        },
    )?;
    Ok(())
}

/// Forgets the failures of `username`, after it logged in.
pub(crate) fn forget_failures<C>(conn: &mut C, username: &str) -> Result<()>
where
    C: DbConnection + ?Sized,
{
    let username = storable(username, USERNAME_LENGTH);
    on_backend!(conn, |c| FailedLogin::objects()
        .filter(failed_login::username.eq(username.clone()))
        .delete(c))?;
    Ok(())
}

/// What a column of `max` characters can hold of what a client sent: cut
/// to `max` characters, without NUL, which PostgreSQL refuses in text.
/// Recording and counting both go through it, so they agree.
fn storable(text: &str, max: usize) -> String {
    text.chars().filter(|&c| c != '\0').take(max).collect()
}
