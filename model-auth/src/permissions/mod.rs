//! Permissions: the four of every installed model, made after each
//! `migrate`, and what a user may do ([`User::has_perm`](crate::User::has_perm)).

mod check;
mod sync;

pub use self::sync::{codename, default_permissions, verbose_name};
