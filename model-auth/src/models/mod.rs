//! The tables of the two apps, declared with `#[derive(Model)]` like any
//! project's own: `auth` (users, groups, permissions, failed logins) and
//! `sessions`.

mod auth;
mod sessions;

pub use self::auth::*;
pub use self::sessions::*;
