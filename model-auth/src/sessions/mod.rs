//! The `sessions` app's store: Django's database session backend, and
//! what `manage clearsessions` runs.

mod clear;
mod dispatch;
mod key;
mod store;

pub use self::clear::clear_expired_sessions;
pub(crate) use self::dispatch::on_backend;
pub use self::store::{SessionStore, DEFAULT_EXPIRY, MAX_EXPIRY};
