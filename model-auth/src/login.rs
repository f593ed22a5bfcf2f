//! Logging in and out: Django's `authenticate`, `login`, `get_user`,
//! `logout` and `update_session_auth_hash`, over a [`SessionStore`].

use std::sync::OnceLock;

use chrono::Utc;
use model_runtime::prelude::*;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::dispatch::on_backend;
use crate::models::user;
use crate::password::{self, is_usable};
use crate::throttle::{forget_failures, record_failure};
use crate::{Result, SessionStore, Throttle, User};

/// Where the logged-in user's key is kept in the session, as Django keeps
/// it (a string).
pub const SESSION_USER_ID: &str = "_auth_user_id";

/// Where the hash that ties a session to the user's password is kept: when
/// the password changes, it no longer matches, and the session ends.
pub const SESSION_USER_HASH: &str = "_auth_user_hash";

/// The longest username a user can have: longer ones match no one.
const USERNAME_LENGTH: usize = 150;

/// What someone logging in gave. Its `Debug` output hides the password.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// The username, compared exactly (Django's usernames are
    /// case-sensitive).
    pub username: &'a str,
    /// The password as typed.
    pub password: &'a str,
    /// The client's address, as the caller knows it (`"203.0.113.9"`):
    /// failed logins are also counted per client. `None` when unknown.
    pub client: Option<&'a str>,
}

impl std::fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"***")
            .field("client", &self.client)
            .finish()
    }
}

/// The active user whose username and password these are, or `None`
/// (Django's `authenticate`), with the default [`Throttle`]: five failures
/// for one username, or from one client, within fifteen minutes refuse
/// every attempt, right password or not, until the window passes.
///
/// What it promises besides:
/// - an unknown username costs the same hashing time as a known one with a
///   wrong password, so timing does not tell which usernames exist;
/// - a user who is not active gets `None`, even with the right password;
/// - a Django `pbkdf2_sha256` hash that matches is replaced by an Argon2id
///   one, as Django upgrades hashes at login;
/// - every failure is recorded, and a success forgets the username's
///   failures.
///
/// ```
/// use model_auth::{authenticate, create_user, Credentials};
///
/// # let mut conn = model_auth::doc_database();
/// create_user(&mut conn, "ada", "ada@example.com", "correct horse battery")?;
/// let right = Credentials { username: "ada", password: "correct horse battery", client: None };
/// assert_eq!(authenticate(&mut conn, &right)?.unwrap().username, "ada");
/// let wrong = Credentials { password: "Tr0ub4dor&3", ..right };
/// assert_eq!(authenticate(&mut conn, &wrong)?, None);
/// # Ok::<(), model_auth::AuthError>(())
/// ```
///
/// # Errors
///
/// [`AuthError::Throttled`](crate::AuthError::Throttled) with the time
/// left, or [`AuthError::Database`](crate::AuthError::Database).
pub fn authenticate<C>(conn: &mut C, credentials: &Credentials) -> Result<Option<User>>
where
    C: DbConnection + ?Sized,
{
    authenticate_with(conn, credentials, &Throttle::default())
}

/// [`authenticate`], throttled by `throttle` instead of the default.
///
/// # Errors
///
/// As [`authenticate`].
pub fn authenticate_with<C>(
    conn: &mut C,
    credentials: &Credentials,
    throttle: &Throttle,
) -> Result<Option<User>>
where
    C: DbConnection + ?Sized,
{
    let Credentials {
        username,
        password: raw,
        client,
    } = *credentials;
    throttle.check(conn, username, client)?;

    let user = find_user(conn, username)?;
    // A user without a usable password is checked against the dummy too:
    // refusing at once would tell that the username exists.
    let (stored, known) = match &user {
        Some(user) if is_usable(&user.password) => (user.password.as_str(), true),
        _ => (dummy_hash(), false),
    };
    let verified = password::verify(raw, stored).ok().filter(|_| known);

    match (user, verified) {
        (Some(mut user), Some(verified)) if user.is_active => {
            if verified.needs_rehash {
                user.password = password::make_password(raw);
                on_backend!(conn, |c| User::objects()
                    .filter(user::id.eq(user.id))
                    .update(c, user::password.eq(user.password.clone())))?;
            }
            forget_failures(conn, username)?;
            Ok(Some(user))
        }
        _ => {
            record_failure(conn, username, client)?;
            Ok(None)
        }
    }
}

/// The user named exactly `username`, if any.
fn find_user<C>(conn: &mut C, username: &str) -> Result<Option<User>>
where
    C: DbConnection + ?Sized,
{
    // No user has such a name; PostgreSQL would refuse the NUL with an error.
    if username.contains('\0') || username.chars().count() > USERNAME_LENGTH {
        return Ok(None);
    }
    let found = on_backend!(conn, |c| User::objects()
        .filter(user::username.eq(username))
        .first(c))?;
    // MariaDB's collations ignore trailing spaces: `"ada "` finds `ada`.
    Ok(found.filter(|user| user.username == username))
}

/// A hash of a password no one knows, made once with the parameters of
/// every new hash, so checking a password against it costs what checking
/// a real user's does.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| password::make_password(&crate::random::hex(16)))
}

/// Logs `user` in on `session` (Django's `login`): the session moves to a
/// new key, so a key known before the login is worth nothing after; a
/// session of another user is emptied first. It then holds the user's key
/// and the hash of their password, `user.last_login` is set to now in the
/// database, and the session is saved.
///
/// ```
/// use model_auth::{authenticate, create_user, get_user, login, logout, Credentials, SessionStore};
///
/// # let mut conn = model_auth::doc_database();
/// create_user(&mut conn, "ada", "", "correct horse battery")?;
/// let credentials = Credentials { username: "ada", password: "correct horse battery", client: None };
/// let ada = authenticate(&mut conn, &credentials)?.expect("the right password");
///
/// let mut session = SessionStore::new();
/// login(&mut conn, &mut session, &ada)?;
/// let key = session.key().unwrap().to_owned(); // the cookie
///
/// let mut next_request = SessionStore::load(&mut conn, &key)?;
/// assert_eq!(get_user(&mut conn, &mut next_request)?.map(|u| u.id), Some(ada.id));
/// logout(&mut conn, &mut next_request)?;
/// assert!(SessionStore::load(&mut conn, &key)?.is_empty());
/// # Ok::<(), model_auth::AuthError>(())
/// ```
///
/// # Errors
///
/// [`AuthError::Database`](crate::AuthError::Database) when the database
/// refuses.
pub fn login<C>(conn: &mut C, session: &mut SessionStore, user: &User) -> Result<()>
where
    C: DbConnection + ?Sized,
{
    let hash = session_auth_hash(user);
    let same_user = session_user_id(session) == Some(user.id)
        && session
            .get(SESSION_USER_HASH)
            .and_then(Json::as_str)
            .is_some_and(|stored| hashes_match(stored, &hash));
    if session.contains_key(SESSION_USER_ID) && !same_user {
        // Nothing of another user's session passes to this one.
        session.flush(conn)?;
    } else {
        session.cycle_key(conn)?;
    }
    session.insert(SESSION_USER_ID, user.id.to_string());
    session.insert(SESSION_USER_HASH, hash);
    let now = Utc::now();
    on_backend!(conn, |c| User::objects()
        .filter(user::id.eq(user.id))
        .update(c, user::last_login.eq(bind(Some(now)))))?;
    session.save(conn)
}

/// The user logged in on `session`, or `None` (Django's `get_user`).
///
/// When the user's password changed since the login, the session's hash
/// no longer matches (compared in constant time): the session is flushed,
/// its row deleted, and `None` returned. That is how changing a password
/// ends all of the user's sessions, except the one
/// [`update_session_auth_hash`] kept. A session whose user was deleted is
/// flushed too. A user who is not active gets `None`; the session stays,
/// as Django leaves it.
///
/// # Errors
///
/// [`AuthError::Database`](crate::AuthError::Database) when the database
/// refuses.
pub fn get_user<C>(conn: &mut C, session: &mut SessionStore) -> Result<Option<User>>
where
    C: DbConnection + ?Sized,
{
    let Some(id) = session_user_id(session) else {
        return Ok(None);
    };
    let user = match User::get(conn, id) {
        Ok(user) => user,
        Err(model_runtime::Error::NotFound { .. }) => {
            session.flush(conn)?;
            return Ok(None);
        }
        Err(error) => return Err(error.into()),
    };
    let verified = session
        .get(SESSION_USER_HASH)
        .and_then(Json::as_str)
        .is_some_and(|stored| hashes_match(stored, &session_auth_hash(&user)));
    if !verified {
        session.flush(conn)?;
        return Ok(None);
    }
    Ok(Some(user).filter(|user| user.is_active))
}

/// Logs out: the session's row is deleted and its data emptied (Django's
/// `logout`).
///
/// # Errors
///
/// [`AuthError::Database`](crate::AuthError::Database) when the database
/// refuses.
pub fn logout<C>(conn: &mut C, session: &mut SessionStore) -> Result<()>
where
    C: DbConnection + ?Sized,
{
    session.flush(conn)
}

/// Keeps `session` logged in after `user` changed their own password on it
/// (Django's `update_session_auth_hash`): the session moves to a new key
/// and, when it is `user`'s, takes the new password's hash; it is saved.
/// The user's other sessions still end.
///
/// ```
/// use model_auth::{change_password, create_user, get_user, login, update_session_auth_hash, SessionStore};
///
/// # let mut conn = model_auth::doc_database();
/// let mut ada = create_user(&mut conn, "ada", "", "correct horse battery")?;
/// let (mut here, mut elsewhere) = (SessionStore::new(), SessionStore::new());
/// login(&mut conn, &mut here, &ada)?;
/// login(&mut conn, &mut elsewhere, &ada)?;
///
/// change_password(&mut conn, &mut ada, "a new long passphrase")?;
/// update_session_auth_hash(&mut conn, &mut here, &ada)?;
/// assert!(get_user(&mut conn, &mut here)?.is_some());
/// assert!(get_user(&mut conn, &mut elsewhere)?.is_none());
/// # Ok::<(), model_auth::AuthError>(())
/// ```
///
/// # Errors
///
/// [`AuthError::Database`](crate::AuthError::Database) when the database
/// refuses.
pub fn update_session_auth_hash<C>(conn: &mut C, session: &mut SessionStore, user: &User) -> Result<()>
where
    C: DbConnection + ?Sized,
{
    session.cycle_key(conn)?;
    if session_user_id(session) == Some(user.id) {
        session.insert(SESSION_USER_HASH, session_auth_hash(user));
        session.save(conn)?;
    }
    Ok(())
}

/// Sets `user`'s password to `raw` and saves the user: every session
/// logged in before then ends at its next [`get_user`]. Keep the caller's
/// own with [`update_session_auth_hash`].
///
/// The password is not checked against the validators of
/// [`password`](crate::password): that is the caller's to do first, as
/// Django leaves it to its forms.
///
/// # Errors
///
/// [`AuthError::Database`](crate::AuthError::Database) when the database
/// refuses.
pub fn change_password<C>(conn: &mut C, user: &mut User, raw: &str) -> Result<()>
where
    C: DbConnection + ?Sized,
{
    user.set_password(raw);
    user.save(conn)?;
    Ok(())
}

/// What ties a session to the password it was logged in with: the hex
/// SHA-256 of the stored hash, which changes whenever the password does.
fn session_auth_hash(user: &User) -> String {
    use std::fmt::Write;

    Sha256::digest(user.password.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

fn hashes_match(stored: &str, expected: &str) -> bool {
    stored.as_bytes().ct_eq(expected.as_bytes()).into()
}

/// The logged-in user's key, as Django stores it (a string), or as a number.
fn session_user_id(session: &SessionStore) -> Option<i64> {
    match session.get(SESSION_USER_ID)? {
        Json::String(id) => id.parse().ok(),
        Json::Number(id) => id.as_i64(),
        _ => None,
    }
}
