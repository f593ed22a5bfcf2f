//! The admin site's pages, permissions and security rules, through its
//! router on SQLite, PostgreSQL and MariaDB: one test binary, a module per
//! topic.

mod access;
mod browser;
mod change_list;
mod delete;
mod forms;
mod login;
mod password_change;
mod security;
mod site;
mod support;
mod templates;
