//! The query set methods that change rows, each in one statement or one
//! transaction: `update`, `delete`, `bulk_update`.

use crate::expression::Bind;
use diesel::backend::Backend;
use diesel::expression::Expression;
use diesel::query_builder::{AsChangeset, AsQuery, BoxedDeleteStatement, BoxedUpdateStatement};
use diesel::query_dsl::methods::ExecuteDsl;
use diesel::{Column, Connection, ExpressionMethods, RunQueryDsl};

use super::set::{invalid, QuerySet};
use super::statement::QueryModel;
use crate::field::FieldType;
use crate::private::ColumnField;
use crate::{atomic, Error, Model, Result};

impl<'a, M, DB> QuerySet<'a, M, DB>
where
    M: QueryModel<'a, DB>,
    DB: Backend,
{
    /// Sets columns of every row of the query set in one `UPDATE`, and
    /// returns how many rows matched (Django's `update()`): any Diesel
    /// changeset on the table, values or expressions of the row's own
    /// columns alike. No model is loaded, and nothing is validated.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "update_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40)]
    /// #     pub name: String,
    /// #     pub portions: i32,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for (name, portions) in [("Soup", 4), ("Salad", 1)] {
    ///     Dish::create(&mut conn, NewDish { name: name.into(), portions })?;
    /// }
    /// let changed = Dish::objects()
    ///     .filter(dish::portions.lt(2))
    ///     .update(&mut conn, dish::portions.eq(dish::portions + 1))?;
    /// assert_eq!(changed, 1);
    /// assert_eq!(Dish::get(&mut conn, 2)?.portions, 2);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn update<V, C>(self, conn: &mut C, changes: V) -> Result<usize>
    where
        C: Connection<Backend = DB>,
        V: AsChangeset<Target = M::Table>,
        BoxedUpdateStatement<'a, DB, M::Table, V::Changeset>: AsQuery + ExecuteDsl<C>,
    {
        self.unsliced("update")?;
        let statement = M::boxed_update(self.filters).set(changes);
        statement
            .execute(conn)
            .map_err(|e| Error::from_diesel(e, M::NAME))
    }

    /// Deletes every row of the query set in one `DELETE`, and returns how
    /// many went (Django's `delete()`). The database applies each foreign
    /// key's `on_delete`: a protected row refuses with
    /// [`Error::ForeignKeyViolation`] and nothing is deleted.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "delete_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     pub portions: i32,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for portions in [0, 2, 0] {
    ///     Dish::create(&mut conn, NewDish { portions })?;
    /// }
    /// assert_eq!(Dish::objects().filter(dish::portions.eq(0)).delete(&mut conn)?, 2);
    /// assert_eq!(Dish::count(&mut conn)?, 1);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn delete<C>(self, conn: &mut C) -> Result<usize>
    where
        C: Connection<Backend = DB>,
        BoxedDeleteStatement<'a, DB, M::Table>: ExecuteDsl<C>,
    {
        self.unsliced("delete")?;
        M::boxed_delete(self.filters)
            .execute(conn)
            .map_err(|e| crate::relations::explain_bulk_delete::<M>(Error::from_diesel(e, M::NAME)))
    }

    /// Writes `columns` of each of `rows` back to its row, one `UPDATE`
    /// by primary key per row, all in one transaction: all of them or none
    /// (Django's `bulk_update(objs, fields)`). Other columns are left as
    /// they are in the database. Each row is validated first; a row the
    /// query set does not hold is not written. Returns how many rows matched.
    /// A named `auto_now` column is written as the current time (the rows
    /// given are left as they are).
    ///
    /// `columns` is a column of the table or a tuple of columns; the
    /// primary key cannot be one of them.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "bulk_update_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40)]
    /// #     pub name: String,
    /// #     pub portions: i32,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for (name, portions) in [("Soup", 4), ("Salad", 1)] {
    ///     Dish::create(&mut conn, NewDish { name: name.into(), portions })?;
    /// }
    /// let mut dishes = Dish::objects().order_by(dish::id.asc()).load(&mut conn)?;
    /// for dish in &mut dishes {
    ///     dish.portions *= 10;
    ///     dish.name = "not written".into();
    /// }
    /// assert_eq!(Dish::objects().bulk_update(&mut conn, &dishes, dish::portions)?, 2);
    /// assert_eq!(Dish::get(&mut conn, 1)?, Dish { id: 1, name: "Soup".into(), portions: 40 });
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn bulk_update<U, C>(self, conn: &mut C, rows: &[M], columns: U) -> Result<usize>
    where
        C: Connection<Backend = DB>,
        U: UpdateColumns<M>,
        BoxedUpdateStatement<'a, DB, M::Table, <U::Changeset as AsChangeset>::Changeset>:
            AsQuery + ExecuteDsl<C>,
    {
        self.unsliced("bulk_update")?;
        let mut names = Vec::new();
        columns.names(&mut names);
        if let Some(key) = names.iter().find(|name| **name == M::PK_COLUMN) {
            return Err(invalid::<M>(format!(
                "bulk_update() cannot write the primary key `{key}`"
            )));
        }
        rows.iter().try_for_each(Model::validate)?;
        let changesets = rows
            .iter()
            .map(|row| Ok((row.primary_key().clone(), columns.changeset(row)?)))
            .collect::<Result<Vec<_>>>()?;
        atomic(conn, |conn| {
            changesets.into_iter().try_fold(0, |total, (key, changeset)| {
                let mut filters = self.filters.clone();
                filters.push(M::key_in(vec![key]), false);
                let written = M::boxed_update(filters)
                    .set(changeset)
                    .execute(conn)
                    .map_err(|e| Error::from_diesel(e, M::NAME))?;
                Ok(total + written)
            })
        })
    }
}

/// The columns `bulk_update` writes: a column of the model's table, or a
/// tuple of up to eight of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a column, or a tuple of columns, of `{M}`",
    label = "not columns of this model",
    note = "name the columns to write: `menu::price` or `(menu::price, menu::inventory)`"
)]
pub trait UpdateColumns<M: Model> {
    /// The `SET` clause for one row.
    type Changeset: AsChangeset<Target = M::Table>;

    /// `column = value` for each column, the value taken from `row`.
    fn changeset(&self, row: &M) -> Result<Self::Changeset>;

    /// The columns' names, in order.
    fn names(&self, names: &mut Vec<&'static str>);
}

impl<M, Col> UpdateColumns<M> for Col
where
    M: Model,
    Col: Column<Table = M::Table>
        + ColumnField
        + Expression<SqlType = <Col::Field as FieldType>::SqlType>
        + Copy,
    diesel::dsl::Eq<Col, Bind<<Col::Field as FieldType>::SqlType, Col::Field>>:
        AsChangeset<Target = M::Table>,
{
    type Changeset = diesel::dsl::Eq<Col, Bind<<Col::Field as FieldType>::SqlType, Col::Field>>;

    fn changeset(&self, row: &M) -> Result<Self::Changeset> {
        // The field's value, read through its dynamic form: the column knows
        // its field's type, and the model can be asked for it by name.
        let column = M::schema().column(Col::NAME);
        let field: &str = column.map_or(Col::NAME, |column| &column.field);
        // An `auto_now` column is written as the current time, as `save` does.
        let value = match column.filter(|c| c.auto_now) {
            Some(column) => crate::field::now_value(column.ty),
            None => row.field_value(field),
        };
        let value = crate::private::field_from_value::<Col::Field>(M::NAME, field, value)?;
        Ok((*self).eq(crate::bind(value)))
    }

    fn names(&self, names: &mut Vec<&'static str>) {
        names.push(Col::NAME);
    }
}

macro_rules! tuple_columns {
    ($($name:ident),+) => {
        impl<M: Model, $($name: UpdateColumns<M>),+> UpdateColumns<M> for ($($name,)+)
        where
            ($($name::Changeset,)+): AsChangeset<Target = M::Table>,
        {
            type Changeset = ($($name::Changeset,)+);

            #[allow(non_snake_case)]
            fn changeset(&self, row: &M) -> Result<Self::Changeset> {
                let ($($name,)+) = self;
                Ok(($($name.changeset(row)?,)+))
            }

            #[allow(non_snake_case)]
            fn names(&self, names: &mut Vec<&'static str>) {
                let ($($name,)+) = self;
                $($name.names(names);)+
            }
        }
    };
}

tuple_columns!(A);
tuple_columns!(A, B);
tuple_columns!(A, B, C);
tuple_columns!(A, B, C, D);
tuple_columns!(A, B, C, D, E);
tuple_columns!(A, B, C, D, E, F);
tuple_columns!(A, B, C, D, E, F, G);
tuple_columns!(A, B, C, D, E, F, G, H);
