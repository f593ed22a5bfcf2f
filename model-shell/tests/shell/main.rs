//! The shell's language on SQLite, PostgreSQL and MariaDB, compared with
//! the typed API on the same rows; bad input; the `dbshell` client
//! command. One test binary, a module per topic.

mod bad_input;
mod dbshell;
mod language;
mod lookups;
mod support;
