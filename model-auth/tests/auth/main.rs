//! The `auth` and `sessions` apps on every backend, one module a topic.

mod login;
mod sessions;
