//! `get_or_create` and `update_or_create`, safe when many callers race on
//! the same key: the insert runs in a savepoint, and a unique violation
//! rolls the savepoint back and reads the row the winner inserted.

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, NonAggregate};
use diesel::query_builder::QueryFragment;
use diesel::query_dsl::methods::LoadQuery;
use diesel::sql_types::BoolOrNullableBool;
use diesel::Connection;

#[cfg(feature = "mysql")]
use super::clause::Fragment;
use super::set::{invalid, QuerySet};
use super::statement::{BoxedQuery, QueryModel};
#[cfg(feature = "mysql")]
use crate::connection::BackendConnection;
use crate::{atomic, DbConnection, Error, NewModel, Result, Value};

impl<'a, M, DB> QuerySet<'a, M, DB>
where
    M: QueryModel<'a, DB>,
    DB: Backend,
{
    /// The one row `lookup` finds, or `new` inserted: `(row, created)`, as
    /// Django's `get_or_create(defaults=..., **kwargs)`, where `new` holds
    /// every field, the looked-up ones included.
    ///
    /// Safe when several connections race on the same unique key: the
    /// insert runs in a savepoint, and when a unique constraint refuses it
    /// (another caller won), the savepoint is rolled back and the winner's
    /// row read and returned, so exactly one row is created. The lookup
    /// must name a unique key for that guarantee, as in Django. Errors:
    /// [`Error::MultipleObjectsReturned`] when the lookup finds several rows;
    /// [`Error::InvalidQuery`] when the inserted row does not match the
    /// lookup (nothing is kept: the next call would insert again); the
    /// [`Error::UniqueViolation`] itself when another unique key refused the
    /// row. On MySQL inside a transaction of its own at `REPEATABLE READ`,
    /// the winner's row may be invisible: the violation is returned then.
    /// `new` is validated first, whether or not it is inserted: an invalid
    /// `new` is refused before any SQL runs.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "get_or_create_doc")]
    /// # pub struct Tag {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40, unique)]
    /// #     pub name: String,
    /// #     pub uses: i32,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Tag::create_table(&mut conn)?;
    /// let new = || NewTag { name: "spicy".into(), uses: 0 };
    /// let (first, created) = Tag::objects().get_or_create(&mut conn, tag::name.eq("spicy"), new())?;
    /// assert!(created);
    /// let (again, created) = Tag::objects().get_or_create(&mut conn, tag::name.eq("spicy"), new())?;
    /// assert_eq!((again, created), (first, false));
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn get_or_create<E, C>(self, conn: &mut C, lookup: E, new: M::New) -> Result<(M, bool)>
    where
        C: Connection<Backend = DB> + DbConnection,
        E: Expression + AppearsOnTable<M::Table> + NonAggregate + QueryFragment<DB> + Send + Sync + 'a,
        E::SqlType: BoolOrNullableBool,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        self.unsliced("get_or_create")?;
        // Refused before any SQL, even when the lookup would find a row.
        new.validate()?;
        let set = self.filter(lookup);
        match set.clone().get(conn) {
            Err(Error::NotFound { .. }) => {}
            found => return found.map(|row| (row, false)),
        }
        let created = atomic(conn, |conn| {
            set.insert_found(conn, new)?.ok_or_else(|| {
                invalid::<M>(
                    "get_or_create(): the row to create does not match the lookup, \
                     so the lookup would never find it"
                        .into(),
                )
            })
        });
        match created {
            Ok(row) => Ok((row, true)),
            Err(Error::UniqueViolation { message }) => match set.get(conn) {
                Ok(row) => Ok((row, false)),
                // Another unique key refused the row: the lookup's row is not there.
                Err(Error::NotFound { .. }) => Err(Error::UniqueViolation { message }),
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        }
    }

    /// Inserts `new` and reads it back through this query set, the lookup
    /// among its filters: the row, or `None` when the lookup does not find
    /// it (the caller's transaction then rolls the insert back). Without
    /// that check, a lookup the new row fails would insert a row at every
    /// call. On SQLite and PostgreSQL the insert returns the row and the
    /// check is a statement of its own; MySQL, which has no `RETURNING`,
    /// reads the row back by its key anyway, and the check is that read.
    fn insert_found<C>(&self, conn: &mut C, new: M::New) -> Result<Option<M>>
    where
        C: Connection<Backend = DB> + DbConnection,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        let mut inserted = self.clone();
        #[cfg(feature = "mysql")]
        {
            #[allow(unreachable_patterns)]
            let key = match conn.backend_connection() {
                BackendConnection::Mysql(c) => Some(crate::dynamic::insert_new_mysql(c, &new)?),
                _ => None,
            };
            if let Some(key) = key {
                let by_key: Fragment<'a, DB> = match key {
                    Some(key) => {
                        let field = M::schema().primary_key().map_or("", |c| c.field.as_ref());
                        M::key_in(vec![crate::__private::field_from_value(
                            M::NAME,
                            field,
                            Some(key),
                        )?])
                    }
                    None => M::key_is_last_inserted(),
                };
                inserted.filters.push(by_key, false);
                return Ok(inserted.load(conn)?.into_iter().next());
            }
        }
        let row = M::create(conn, new)?;
        inserted
            .filters
            .push(M::key_in(vec![row.primary_key().clone()]), false);
        Ok(if inserted.load(conn)?.is_empty() {
            None
        } else {
            Some(row)
        })
    }

    /// The row `lookup` finds with every field of `new` written to it, or
    /// `new` inserted: `(row, created)`, as Django's `update_or_create`,
    /// with `new` as its `defaults`. The get-or-insert step is
    /// [`get_or_create`](Self::get_or_create)'s, safe against racing
    /// inserts; the update is a [`save`](crate::Model::save), validated
    /// (with `auto_now` fields set on the row returned), and takes no row
    /// lock (SQLite has none): of two racing updates, the last wins.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "update_or_create_doc")]
    /// # pub struct Tag {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40, unique)]
    /// #     pub name: String,
    /// #     pub uses: i32,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Tag::create_table(&mut conn)?;
    /// for uses in [1, 2] {
    ///     Tag::objects().update_or_create(&mut conn, tag::name.eq("spicy"), NewTag { name: "spicy".into(), uses })?;
    /// }
    /// let tag = Tag::objects().get(&mut conn)?;
    /// assert_eq!((tag.name.as_str(), tag.uses), ("spicy", 2));
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn update_or_create<E, C>(self, conn: &mut C, lookup: E, new: M::New) -> Result<(M, bool)>
    where
        C: Connection<Backend = DB> + DbConnection,
        E: Expression + AppearsOnTable<M::Table> + NonAggregate + QueryFragment<DB> + Send + Sync + 'a,
        E::SqlType: BoolOrNullableBool,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        self.unsliced("update_or_create")?;
        let defaults: Vec<(&'static str, Value)> = M::New::fields()
            .map(|column| {
                let value = new.field_value(&column.field).unwrap_or(Value::Null);
                (column.field.as_ref(), value)
            })
            .collect();
        let (mut row, created) = self.get_or_create(conn, lookup, new)?;
        if !created {
            for (field, value) in defaults {
                row.set_field_value(field, value)?;
            }
            row.save(conn)?;
        }
        Ok((row, created))
    }
}
