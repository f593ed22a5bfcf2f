//! The `auth` and `sessions` apps on SQLite, PostgreSQL and MariaDB: one
//! test binary, a module per topic.

mod commands;
mod login;
mod password;
mod permissions;
mod sessions;
