//! Naming what a foreign key violation is about: the table pointed at, the
//! table pointing, the constraint. PostgreSQL and MySQL say so in their
//! messages; SQLite says only "FOREIGN KEY constraint failed", so for a
//! deletion the registered models' foreign keys tell which table refused.

use std::collections::VecDeque;

use diesel::result::DatabaseErrorInformation;

// Only SQLite's refusals are looked into (see `points_at`).
#[cfg_attr(not(feature = "sqlite"), allow(unused_imports))]
use crate::connection::BackendConnection;
use crate::schema::{derived_name, OnDelete};
use crate::{DbConnection, Error, Model, Value};

/// A foreign key violation with what the database's message names.
pub(crate) fn foreign_key_violation(
    message: String,
    info: &(dyn DatabaseErrorInformation + Send + Sync),
) -> Error {
    let text = info.message();
    let details = info.details().unwrap_or_default();
    let mut error = Named {
        table: None,
        referencing_table: info.table_name().map(str::to_owned),
        constraint: info.constraint_name().map(str::to_owned),
        deleting: false,
    };
    if let Some(rest) = text.strip_prefix("update or delete on table ") {
        // PostgreSQL: update or delete on table "parent" violates foreign key
        // constraint "name" on table "child"
        let quoted = quoted_words(rest, '"');
        error.deleting = true;
        error.table = quoted.first().cloned();
        error.constraint = error.constraint.or_else(|| quoted.get(1).cloned());
        error.referencing_table = quoted.get(2).cloned().or(error.referencing_table);
    } else if let Some(rest) = text.strip_prefix("insert or update on table ") {
        // PostgreSQL: insert or update on table "child" violates foreign key
        // constraint "name"; details: Key (column)=(value) is not present in table "parent".
        let quoted = quoted_words(rest, '"');
        error.referencing_table = quoted.first().cloned().or(error.referencing_table);
        error.constraint = error.constraint.or_else(|| quoted.get(1).cloned());
        error.table = quoted_words(details, '"').last().cloned();
    } else if let Some((_, rest)) = text.split_once("a foreign key constraint fails (") {
        // MySQL: Cannot delete or update a parent row: a foreign key constraint
        // fails (`db`.`child`, CONSTRAINT `name` FOREIGN KEY (`column`)
        // REFERENCES `parent` (`id`))
        let quoted = quoted_words(rest, '`');
        error.deleting = text.starts_with("Cannot delete or update a parent row");
        error.referencing_table = quoted.get(1).cloned();
        error.constraint = quoted.get(2).cloned();
        error.table = quoted.get(4).cloned();
    }
    error.into_error(message)
}

/// The words between pairs of `quote`, in order.
fn quoted_words(text: &str, quote: char) -> Vec<String> {
    text.split(quote).skip(1).step_by(2).map(str::to_owned).collect()
}

/// What a violation names, before it becomes an [`Error`].
struct Named {
    table: Option<String>,
    referencing_table: Option<String>,
    constraint: Option<String>,
    deleting: bool,
}

impl Named {
    fn into_error(self, message: String) -> Error {
        Error::ForeignKeyViolation {
            message,
            table: self.table,
            referencing_table: self.referencing_table,
            constraint: self.constraint,
            deleting: self.deleting,
        }
    }
}

/// The text after "foreign key constraint failed: ".
pub(crate) fn describe_violation(error: &Error) -> String {
    let Error::ForeignKeyViolation {
        table,
        referencing_table: Some(referencing),
        constraint,
        deleting: true,
        ..
    } = error
    else {
        return match error {
            Error::ForeignKeyViolation { message, .. } => message.clone(),
            other => other.to_string(),
        };
    };
    let table = table.as_deref().map(|t| format!(" from {t}")).unwrap_or_default();
    let constraint = constraint
        .as_deref()
        .map(|c| format!(" through {c}"))
        .unwrap_or_default();
    format!(
        "cannot delete{table}: rows of {referencing} still point at it{constraint}; \
         delete them or point them elsewhere first"
    )
}

/// A foreign key: `table.column` points at the `references` column of
/// its parent.
#[derive(Clone, Debug, PartialEq)]
struct Link {
    table: String,
    column: String,
    references: String,
}

/// A foreign key that can refuse a deletion, and how the deletion reaches it.
#[derive(Debug, PartialEq)]
struct Refusing {
    /// The key itself.
    key: Link,
    /// The table it points at: the deleted row's, or one its cascades reach.
    target: String,
    /// Its constraint's name.
    constraint: String,
    /// The cascading keys from the deleted row's table to `target`, in order.
    path: Vec<Link>,
}

/// Every `protect` or `restrict` foreign key of the registered models that
/// deleting a row of `table` can run into: those pointing at `table`, then
/// those pointing at the tables its cascades reach.
fn refusing_keys(table: &str) -> Vec<Refusing> {
    let models = crate::registry::models();
    let mut found = Vec::new();
    let mut visited = vec![table.to_owned()];
    let mut queue = VecDeque::from([(table.to_owned(), Vec::<Link>::new())]);
    while let Some((parent, path)) = queue.pop_front() {
        for schema in models.iter().map(|m| m.schema()) {
            for column in schema.columns.iter() {
                let Some(fk) = column.foreign_key.as_ref().filter(|fk| fk.table == *parent) else {
                    continue;
                };
                let link = Link {
                    table: schema.table.to_string(),
                    column: column.name.to_string(),
                    references: fk.column.to_string(),
                };
                match fk.on_delete {
                    OnDelete::Protect | OnDelete::Restrict => found.push(Refusing {
                        constraint: derived_name("fk", &schema.table, &[&column.name]),
                        key: link,
                        target: parent.clone(),
                        path: path.clone(),
                    }),
                    OnDelete::Cascade if !visited.contains(&link.table) => {
                        visited.push(link.table.clone());
                        let mut longer = path.clone();
                        longer.push(link.clone());
                        queue.push_back((link.table, longer));
                    }
                    OnDelete::Cascade | OnDelete::SetNull => {}
                }
            }
        }
    }
    found
}

/// Names the refusing table of a violation the backend left unnamed, for
/// the deletion of `M`'s row keyed `key`: the first foreign key with rows
/// pointing at the row (or at a row its cascades reach), or the only one
/// that can refuse it. Other errors pass.
pub(crate) fn explain_delete<M: Model, C: DbConnection + ?Sized>(
    error: Error,
    conn: &mut C,
    key: &M::PrimaryKey,
) -> Error {
    explain_delete_from(error, conn, M::TABLE, &crate::FieldType::to_value(key))
}

/// [`explain_delete`] for the row of `table` keyed `key`, the model known
/// by its schema alone.
pub(crate) fn explain_delete_from<C: DbConnection + ?Sized>(
    error: Error,
    conn: &mut C,
    table: &str,
    key: &Value,
) -> Error {
    let Error::ForeignKeyViolation {
        message,
        referencing_table: None,
        ..
    } = error
    else {
        return error;
    };
    let candidates = refusing_keys(table);
    let literal = key_literal(key);
    let pointing = candidates.iter().find(|c| {
        literal
            .as_deref()
            .is_some_and(|literal| points_at(conn, c, literal))
    });
    let found = match candidates.as_slice() {
        [only] => Some(only),
        _ => pointing,
    };
    Error::ForeignKeyViolation {
        message,
        table: Some(found.map_or(table, |c| &c.target).to_owned()),
        referencing_table: found.map(|c| c.key.table.clone()),
        constraint: found.map(|c| c.constraint.clone()),
        deleting: true,
    }
}

/// Names the refusing table of a deletion from `M`'s table, when only one
/// foreign key can refuse it (no row to look for: a query set deletes many).
pub(crate) fn explain_bulk_delete<M: Model>(error: Error) -> Error {
    let Error::ForeignKeyViolation {
        message,
        referencing_table: None,
        ..
    } = error
    else {
        return error;
    };
    let candidates = refusing_keys(M::TABLE);
    let only = match candidates.as_slice() {
        [only] => Some(only),
        _ => None,
    };
    Error::ForeignKeyViolation {
        message,
        table: Some(only.map_or(M::TABLE, |c| &c.target).to_owned()),
        referencing_table: only.map(|c| c.key.table.clone()),
        constraint: only.map(|c| c.constraint.clone()),
        deleting: true,
    }
}

/// A key as an SQL literal, for the look-up on SQLite; `None` for a type
/// no key has, or a text no SQLite literal holds.
fn key_literal(value: &Value) -> Option<String> {
    let text = |text: &str| crate::sql::text_literal(crate::Backend::Sqlite, text).ok();
    match value {
        Value::Int(i) => Some(i.to_string()),
        Value::Text(value) => text(value),
        Value::Uuid(uuid) => text(&uuid.to_string()),
        _ => None,
    }
}

/// Whether rows of the refusing key's table point at the deleted row
/// `literal`, or at a row its cascades reach.
fn points_at<C: DbConnection + ?Sized>(conn: &mut C, refusing: &Refusing, literal: &str) -> bool {
    #[cfg_attr(not(feature = "sqlite"), allow(unused_imports))]
    use diesel::RunQueryDsl;
    let quote = crate::sql::double_quoted;
    let links: Vec<&Link> = refusing.path.iter().chain([&refusing.key]).collect();
    // The keys of the rows deleted with it, one cascade at a time.
    let mut keys = literal.to_owned();
    for pair in links.windows(2) {
        let (hop, next) = (pair[0], pair[1]);
        keys = format!(
            "SELECT {} FROM {} WHERE {} IN ({keys})",
            quote(&next.references),
            quote(&hop.table),
            quote(&hop.column)
        );
    }
    let key = &refusing.key;
    let sql = format!(
        "EXISTS (SELECT 1 FROM {} WHERE {} IN ({keys}))",
        quote(&key.table),
        quote(&key.column)
    );
    let exists = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&sql));
    match conn.backend_connection() {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(c) => exists.get_result(c).unwrap_or(false),
        // PostgreSQL and MySQL name the table themselves.
        #[allow(unreachable_patterns)]
        _ => {
            let _ = exists;
            false
        }
    }
}
