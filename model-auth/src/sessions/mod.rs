//! The `sessions` app's store: Django's database session backend, and
//! what `manage clearsessions` runs.

mod clear;
mod key;
mod store;

pub use self::clear::clear_expired_sessions;
pub use self::store::{SessionStore, DEFAULT_EXPIRY, MAX_EXPIRY};
