//! `SessionStore`: one session's data, read from and written to its row of
//! `sessions_session`, Django's database session backend.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use model_runtime::prelude::*;
use serde_json::{Map, Value as Json};

use super::key;
use crate::dispatch::on_backend;
use crate::{AuthError, NewSession, Result, Session};

/// How long a session lasts after it is saved, unless told otherwise:
/// Django's `SESSION_COOKIE_AGE`, two weeks.
pub const DEFAULT_EXPIRY: Duration = Duration::from_secs(1_209_600);

/// The longest a session may be told to last; longer is cut to it, so no
/// expiry date falls beyond what a database's date column holds.
pub const MAX_EXPIRY: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Where a session's own expiry, in seconds, is kept in its data, as
/// Django keeps it: so it lasts through the next load and save.
const EXPIRY_KEY: &str = "_session_expiry";

/// How many fresh keys are tried before the insert's error is given up.
/// 128 random bits do not collide; this only bounds a broken generator.
const CREATE_ATTEMPTS: usize = 10;

/// One session: a JSON object kept in the database under a random key,
/// which the client holds (in a cookie, say) and sends back.
///
/// A session loaded from a key the client sent is the client's; a key that
/// is unknown, malformed or expired gives a new, empty session without a
/// key, never an error, so a client cannot choose its key (no session
/// fixation). The first [`save`](Self::save) makes the key.
///
/// ```
/// use model_auth::SessionStore;
///
/// # let mut conn = model_auth::doc_database();
/// let mut session = SessionStore::new();
/// session.insert("cart", serde_json::json!(["lemon tart"]));
/// session.save(&mut conn)?;
/// let key = session.key().unwrap().to_owned(); // for the cookie
///
/// // The next request sends the key back.
/// let again = SessionStore::load(&mut conn, &key)?;
/// assert_eq!(again.get("cart"), Some(&serde_json::json!(["lemon tart"])));
///
/// // A key no one was given is a new session.
/// let forged = SessionStore::load(&mut conn, "0123456789abcdef0123456789abcdef")?;
/// assert!(forged.key().is_none() && forged.is_empty());
/// # Ok::<(), model_auth::AuthError>(())
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct SessionStore {
    key: Option<String>,
    data: Map<String, Json>,
    expire_date: Option<DateTime<Utc>>,
    modified: bool,
}

impl SessionStore {
    /// A new, empty session, without a key until it is saved.
    pub fn new() -> SessionStore {
        SessionStore::default()
    }

    /// The session stored under `key`, or a new, empty one when `key` is
    /// not well formed (32 to 40 lowercase letters and digits), names no
    /// row, or names an expired one, or the row's data is not a JSON
    /// object. The key is checked before any query, so whatever a client
    /// sends costs at most one lookup by primary key.
    ///
    /// # Errors
    ///
    /// [`AuthError::Database`] when the database cannot be read.
    pub fn load<C>(conn: &mut C, key: &str) -> Result<SessionStore>
    where
        C: DbConnection + ?Sized,
    {
        if !key::is_well_formed(key) {
            return Ok(SessionStore::new());
        }
        let row = match Session::get(conn, key.to_owned()) {
            Ok(row) => row,
            Err(model_runtime::Error::NotFound { .. }) => return Ok(SessionStore::new()),
            Err(error) => return Err(error.into()),
        };
        // An expired row may still be there until `clearsessions` runs.
        if row.expire_date <= Utc::now() {
            return Ok(SessionStore::new());
        }
        match serde_json::from_str::<Json>(&row.session_data) {
            Ok(Json::Object(data)) => Ok(SessionStore {
                key: Some(row.session_key),
                data,
                expire_date: Some(row.expire_date),
                modified: false,
            }),
            // Not written by this crate: nothing in it can be trusted.
            _ => Ok(SessionStore::new()),
        }
    }

    /// The key, once the session is saved: what the client keeps.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The value stored under `name`.
    pub fn get(&self, name: &str) -> Option<&Json> {
        self.data.get(name)
    }

    /// Stores `value` under `name`, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Json>) -> Option<Json> {
        self.modified = true;
        self.data.insert(name.into(), value.into())
    }

    /// Removes the value under `name`, returning it.
    pub fn remove(&mut self, name: &str) -> Option<Json> {
        let removed = self.data.remove(name);
        self.modified |= removed.is_some();
        removed
    }

    /// Whether a value is stored under `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.data.contains_key(name)
    }

    /// Whether the session holds nothing: a web layer then need not save
    /// it, nor set a cookie for it.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The whole of the session's data.
    pub fn data(&self) -> &Map<String, Json> {
        &self.data
    }

    /// Whether the data or the expiry changed since the session was loaded
    /// or saved: Django's `modified`, what a web layer checks to decide
    /// whether to save.
    pub fn is_modified(&self) -> bool {
        self.modified
    }

    /// Makes the session last `age` after each save, instead of
    /// [`DEFAULT_EXPIRY`] (at most [`MAX_EXPIRY`]). The age is kept in
    /// the session's data, as Django keeps it, so it holds for later loads
    /// and saves too.
    ///
    /// ```
    /// use std::time::Duration;
    /// # let mut conn = model_auth::doc_database();
    /// let mut session = model_auth::SessionStore::new();
    /// session.set_expiry(Duration::from_secs(3600));
    /// session.save(&mut conn)?;
    /// let left = session.expire_date().unwrap() - chrono::Utc::now();
    /// assert!(left <= chrono::TimeDelta::hours(1) && left > chrono::TimeDelta::minutes(59));
    /// # Ok::<(), model_auth::AuthError>(())
    /// ```
    pub fn set_expiry(&mut self, age: Duration) {
        self.insert(EXPIRY_KEY, age.min(MAX_EXPIRY).as_secs());
    }

    /// How long the session lasts after each save.
    pub fn expiry_age(&self) -> Duration {
        match self.data.get(EXPIRY_KEY).and_then(Json::as_u64) {
            Some(seconds) => Duration::from_secs(seconds).min(MAX_EXPIRY),
            None => DEFAULT_EXPIRY,
        }
    }

    /// When the stored row expires: as loaded, or as last saved; `None`
    /// for a session never saved.
    pub fn expire_date(&self) -> Option<DateTime<Utc>> {
        self.expire_date
    }

    /// Writes the session to the database, its expiry moved to
    /// [`expiry_age`](Self::expiry_age) from now. The first save makes the
    /// key: 128 bits from the operating system's generator, as 32
    /// lowercase hexadecimal digits (another is drawn in the unlikely event
    /// that one is taken).
    ///
    /// # Errors
    ///
    /// [`AuthError::SessionInterrupted`] when the session had a key whose
    /// row is gone (a logout elsewhere, or `clearsessions`): the row is not
    /// written again, so a logout stays a logout. [`AuthError::Database`]
    /// when the database refuses.
    pub fn save<C>(&mut self, conn: &mut C) -> Result<()>
    where
        C: DbConnection + ?Sized,
    {
        let expire_date = expiry_from_now(self.expiry_age());
        let session_data = Json::Object(self.data.clone()).to_string();
        match self.key.clone() {
            Some(session_key) => {
                let row = Session {
                    session_key,
                    session_data,
                    expire_date,
                };
                match row.save(conn) {
                    Err(model_runtime::Error::NotFound { .. }) => return Err(AuthError::SessionInterrupted),
                    other => other?,
                }
            }
            None => {
                let key = create_row(conn, &session_data, expire_date, key::new_key)?;
                self.key = Some(key);
            }
        }
        self.expire_date = Some(expire_date);
        self.modified = false;
        Ok(())
    }

    /// Moves the session to a new key, keeping its data, and deletes the
    /// row of the old one: what [`login`](crate::login) does, so a key a
    /// client had before logging in is worth nothing after (Django's
    /// `cycle_key`). The session is saved under its new key.
    ///
    /// ```
    /// # let mut conn = model_auth::doc_database();
    /// let mut session = model_auth::SessionStore::new();
    /// session.insert("theme", "dark");
    /// session.save(&mut conn)?;
    /// let old = session.key().unwrap().to_owned();
    /// session.cycle_key(&mut conn)?;
    /// assert_ne!(session.key(), Some(old.as_str()));
    /// assert_eq!(session.get("theme"), Some(&"dark".into()));
    /// assert!(model_auth::SessionStore::load(&mut conn, &old)?.is_empty());
    /// # Ok::<(), model_auth::AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError::Database`] when the database refuses.
    pub fn cycle_key<C>(&mut self, conn: &mut C) -> Result<()>
    where
        C: DbConnection + ?Sized,
    {
        let old = self.key.take();
        self.save(conn)?;
        if let Some(old) = old {
            delete_row(conn, old)?;
        }
        Ok(())
    }

    /// Ends the session: its row is deleted, its data emptied, and it has
    /// no key until saved again (Django's `flush`, what
    /// [`logout`](crate::logout) does).
    ///
    /// # Errors
    ///
    /// [`AuthError::Database`] when the database refuses.
    pub fn flush<C>(&mut self, conn: &mut C) -> Result<()>
    where
        C: DbConnection + ?Sized,
    {
        self.data.clear();
        self.expire_date = None;
        self.modified = true;
        if let Some(key) = self.key.take() {
            delete_row(conn, key)?;
        }
        Ok(())
    }
}

// The key is as good as a password for whoever holds it: it stays out of
// logs that print a session.
impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionStore")
            .field("key", &self.key.as_ref().map(|_| "***"))
            .field("data", &self.data)
            .field("expire_date", &self.expire_date)
            .field("modified", &self.modified)
            .finish()
    }
}

/// `now + age`, for a date column: an age too long for the calendar is
/// already cut to [`MAX_EXPIRY`].
fn expiry_from_now(age: Duration) -> DateTime<Utc> {
    let age = TimeDelta::from_std(age.min(MAX_EXPIRY)).unwrap_or(TimeDelta::zero());
    Utc::now() + age
}

/// Inserts a row under a fresh key from `new_key`, and returns the key.
fn create_row<C>(
    conn: &mut C,
    session_data: &str,
    expire_date: DateTime<Utc>,
    mut new_key: impl FnMut() -> String,
) -> Result<String>
where
    C: DbConnection + ?Sized,
{
    let mut attempts = 0;
    loop {
        attempts += 1;
        let key = new_key();
        let new = NewSession {
            session_key: key.clone(),
            session_data: session_data.to_owned(),
            expire_date,
        };
        // In a savepoint: on PostgreSQL a refused insert would otherwise
        // abort a transaction the caller has open, and the retry with it.
        match on_backend!(conn, |c| atomic(c, |c| Session::create(c, new))) {
            Ok(_) => return Ok(key),
            Err(model_runtime::Error::UniqueViolation { .. }) if attempts < CREATE_ATTEMPTS => continue,
            Err(error) => return Err(error.into()),
        }
    }
}

/// Deletes the row of `key`; one already gone is fine.
fn delete_row<C>(conn: &mut C, key: String) -> Result<()>
where
    C: DbConnection + ?Sized,
{
    let row = Session {
        session_key: key,
        session_data: String::new(),
        expire_date: Utc::now(),
    };
    match row.delete(conn) {
        Ok(()) | Err(model_runtime::Error::NotFound { .. }) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_key_is_drawn_again() {
        let mut conn = crate::doc_database();
        let taken = "a".repeat(32);
        let mut keys = [taken.clone(), taken.clone(), "b".repeat(32)].into_iter();
        let expire = Utc::now() + TimeDelta::hours(1);
        let first = create_row(&mut conn, "{}", expire, || keys.next().unwrap_or_default());
        assert_eq!(first.ok().as_deref(), Some(taken.as_str()));
        let second = create_row(&mut conn, "{}", expire, || keys.next().unwrap_or_default());
        assert_eq!(second.ok(), Some("b".repeat(32)));
    }
}
