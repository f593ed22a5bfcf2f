//! Why an `auth` or `sessions` call failed.

use std::time::Duration;

/// Why a call of this crate failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The database refused, or a row broke a rule of its model.
    #[error(transparent)]
    Database(#[from] model_runtime::Error),
    /// Too many failed logins for this username or from this client: every
    /// attempt is refused, whatever the password, until the window passes.
    #[error("too many failed login attempts; try again in {} seconds", retry_after.as_secs().max(1))]
    Throttled {
        /// How long until an attempt is counted again.
        retry_after: Duration,
    },
    /// A session was saved after its row had gone (a logout in another
    /// request, or `clearsessions`): it is not written again, so the
    /// logout holds. Django's `SessionInterrupted`; a web layer answers
    /// it as a bad request.
    #[error("the session was deleted before it could be saved; log in again")]
    SessionInterrupted,
}

impl From<diesel::result::Error> for AuthError {
    fn from(error: diesel::result::Error) -> AuthError {
        AuthError::Database(error.into())
    }
}

/// The result of this crate's calls.
pub type Result<T, E = AuthError> = std::result::Result<T, E>;
