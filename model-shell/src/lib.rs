//! Django's `manage.py shell` for model-runtime: an interactive shell, and
//! scripts, over every model of the installed apps, in
//! [Rhai](https://rhai.rs), an embedded scripting language made for Rust.
//! Linking this crate adds `shell` and `dbshell` to the project's
//! `manage` binary.
//!
//! Every model is in scope by its name, with no import, and Django's ORM
//! calls read the same, with Rhai's maps for keyword arguments:
//!
//! ```text
//! $ manage shell
//! >>> let m = Menu.objects.create(#{title: "Pasta", price: "12.50", inventory: 5, category_id: 1});
//! >>> m.price = "11.75";
//! >>> m.save();
//! >>> Menu.objects.filter(#{price__lt: 20}).order_by("-price")
//!  id | title | price | inventory | category_id | description
//! ----+-------+-------+-----------+-------------+-------------
//!   1 | Pasta | 11.75 |         5 |           1 | NULL
//! (1 row)
//! >>> m.delete();
//! ```
//!
//! Values go through each field's type, so a bad one is refused, naming
//! the field, before any SQL runs; a failed statement writes nothing.
//! `manage shell -c CODE` runs code and exits, and a script on standard
//! input runs when it is not a terminal; the exit status is 1 at the first
//! error, with its line. `manage dbshell` opens the database's own client
//! (`sqlite3`, `psql`, `mariadb`/`mysql`) on the settings' database, with
//! the password in the client's environment, never on its command line.
//!
//! [`Shell`] runs the same language from Rust.

mod command;
mod convert;
mod db;
pub mod dbshell;
mod display;
mod help;
mod instance;
mod lookup;
mod models;
mod queryset;
mod repl;
mod shell;

pub use crate::lookup::LOOKUPS;
pub use crate::shell::{Outcome, Shell, ShellError, MAX_OPERATIONS};
