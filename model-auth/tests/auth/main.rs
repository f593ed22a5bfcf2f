//! The `auth` and `sessions` apps on SQLite, PostgreSQL and MariaDB: one
//! test binary, a module per topic.

mod password;
mod permissions;
