use crate::field::PrimaryKeyField;
use crate::private::Ops;
use crate::schema::ModelSchema;
use crate::{crud, Backend, DbConnection, Result, Value};

/// A table of rows, each a value of `Self`: what `#[derive(Model)]` implements.
///
/// The derive also adds the same CRUD methods as inherent methods, so they
/// work without this trait in scope; the trait is for code generic over models.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "shop")]
/// pub struct Item {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub name: String,
/// }
///
/// fn names<M: Model>(conn: &mut Connection) -> Result<Vec<Value>> {
///     Ok(M::all(conn)?.iter().filter_map(|row| row.field_value("name")).collect())
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Item::create_table(&mut conn)?;
/// Item::create(&mut conn, NewItem { name: "Lemon".into() })?;
/// assert_eq!(names::<Item>(&mut conn)?, [Value::Text("Lemon".into())]);
/// # Ok::<(), model_runtime::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model",
    label = "not a model",
    note = "a model is a struct with `#[derive(Model)]`"
)]
pub trait Model: Sized + 'static {
    /// The Diesel table (`menu::table`).
    type Table: diesel::Table + Default;
    /// The insertable form: every field but an auto-increment key (`NewMenu`).
    type New: NewModel<Model = Self>;
    /// The primary key's type.
    type PrimaryKey: PrimaryKeyField;

    /// The app the model belongs to.
    const APP: &'static str;
    /// The model's name (`"Menu"`).
    const NAME: &'static str;
    /// The table's name (`"littlelemon_menu"`).
    const TABLE: &'static str;
    /// The primary key column.
    const PK_COLUMN: &'static str;

    #[cfg(feature = "sqlite")]
    #[doc(hidden)]
    const __SQLITE: Ops<diesel::SqliteConnection, Self>;
    #[cfg(feature = "postgres")]
    #[doc(hidden)]
    const __POSTGRES: Ops<diesel::PgConnection, Self>;
    #[cfg(feature = "mysql")]
    #[doc(hidden)]
    const __MYSQL: Ops<diesel::MysqlConnection, Self>;

    // The batch inserts behind `bulk_create` (MySQL's is the runtime's, for
    // every model), apart from the other queries:
    // generic over a type they never use, so that they are compiled in the
    // crate that calls `bulk_create` and not in every crate that declares
    // models (the admin and shell, compiled with each model, never need them).
    #[cfg(feature = "sqlite")]
    #[doc(hidden)]
    fn __sqlite_insert_batch<Deferred>(
        conn: &mut diesel::SqliteConnection,
        rows: &[Self::New],
    ) -> diesel::QueryResult<usize>;
    #[cfg(feature = "postgres")]
    #[doc(hidden)]
    fn __postgres_insert_batch<Deferred>(
        conn: &mut diesel::PgConnection,
        rows: &[Self::New],
    ) -> diesel::QueryResult<usize>;

    /// The table's description: columns, types, keys, constraints, indexes.
    fn schema() -> &'static ModelSchema;

    /// This row's primary key.
    fn primary_key(&self) -> &Self::PrimaryKey;

    /// A field's value, by Rust field name or column name.
    fn field_value(&self, name: &str) -> Option<Value>;

    /// Sets a field from a [`Value`] (by field or column name), checking its
    /// type; nothing is written to the database.
    fn set_field_value(&mut self, name: &str, value: Value) -> Result<()>;

    /// Checks every field, as Django's `full_clean()` does, and reports
    /// every refused value at once: blank text, `max_length`, decimal
    /// digits, custom validators (see [`validate`](crate::validate)).
    /// [`save`](Model::save) and [`create`](Model::create) run it first.
    ///
    /// ```
    /// use model_runtime::prelude::*;
    ///
    /// #[derive(Model, Debug)]
    /// #[model(app = "validate_doc")]
    /// pub struct Dish {
    ///     #[field(primary_key)]
    ///     pub id: i64,
    ///     #[field(max_length = 5)]
    ///     pub name: String,
    ///     #[field(max_digits = 4, decimal_places = 2)]
    ///     pub price: Decimal,
    /// }
    ///
    /// let dish = Dish { id: 1, name: String::new(), price: "1.234".parse().unwrap() };
    /// let error = dish.validate().unwrap_err();
    /// assert!(matches!(error, Error::ValidationErrors { .. }));
    /// assert_eq!(error.field_errors(), [
    ///     ("name", "This field cannot be blank."),
    ///     ("price", "Ensure that there are no more than 2 decimal places."),
    /// ]);
    /// ```
    fn validate(&self) -> Result<()>;

    /// Sets what every save sets by itself: each `#[field(auto_now)]`
    /// field to the current time (Django's `pre_save`). Nothing is written.
    /// [`save`](Model::save) calls it first; call it before writing a row
    /// with Diesel's own `update(..).set(&row)`.
    fn pre_save(&mut self) {}

    /// A [`QuerySet`](crate::QuerySet) of every row: Django's `Menu.objects`.
    /// `DB` is the backend of the connection it will run on, inferred.
    ///
    /// ```
    /// use model_runtime::diesel::query_dsl::LoadQuery;
    /// use model_runtime::prelude::*;
    /// use model_runtime::query::{BoxedQuery, QueryModel};
    /// use model_runtime::MultiBackend;
    ///
    /// #[derive(Model, Debug, Clone, PartialEq)]
    /// #[model(app = "objects_doc")]
    /// pub struct Item {
    ///     #[field(primary_key)]
    ///     pub id: i64,
    ///     pub stock: i32,
    /// }
    ///
    /// // Code generic over models names what its query needs of Diesel.
    /// fn first_rows<'a, M>(conn: &mut Connection) -> Result<Vec<M>>
    /// where
    ///     M: QueryModel<'a, MultiBackend>,
    ///     BoxedQuery<'a, M, MultiBackend>: LoadQuery<'a, Connection, M>,
    /// {
    ///     M::objects().limit(10).load(conn)
    /// }
    ///
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Item::create_table(&mut conn)?;
    /// Item::create(&mut conn, NewItem { stock: 3 })?;
    /// assert_eq!(first_rows::<Item>(&mut conn)?, [Item { id: 1, stock: 3 }]);
    /// assert_eq!(Item::objects().filter(item::stock.gt(5)).count(&mut conn)?, 0);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    fn objects<'a, DB: diesel::backend::Backend>() -> crate::QuerySet<'a, Self, DB> {
        crate::QuerySet::new()
    }

    /// Validates a row, inserts it and returns it as stored, key and
    /// `auto_now`/`auto_now_add` timestamps included.
    fn create<C: DbConnection + ?Sized>(conn: &mut C, new: Self::New) -> Result<Self> {
        crud::create(conn, &new)
    }

    /// The row with this primary key, or [`Error::NotFound`](crate::Error::NotFound).
    fn get<C: DbConnection + ?Sized>(conn: &mut C, pk: Self::PrimaryKey) -> Result<Self> {
        crud::get(conn, &pk)
    }

    /// Every row, in primary key order.
    fn all<C: DbConnection + ?Sized>(conn: &mut C) -> Result<Vec<Self>> {
        crud::all(conn)
    }

    /// The number of rows.
    fn count<C: DbConnection + ?Sized>(conn: &mut C) -> Result<i64> {
        crud::count::<Self, C>(conn)
    }

    /// Sets the `auto_now` fields to the current time
    /// ([`pre_save`](Model::pre_save)), validates this row and writes every
    /// field back to its table. The inherent `save` of a model without
    /// `auto_now` fields takes `&self`: nothing of the row changes.
    fn save<C: DbConnection + ?Sized>(&mut self, conn: &mut C) -> Result<()> {
        self.pre_save();
        crud::save(conn, self)
    }

    /// Deletes this row.
    fn delete<C: DbConnection + ?Sized>(&self, conn: &mut C) -> Result<()> {
        crud::delete::<Self, C>(conn, self.primary_key())
    }

    /// Inserts many rows in one transaction: all of them, or none.
    /// Returns how many were inserted.
    ///
    /// Every row is validated before the first is sent. On SQLite the rows
    /// go as multi-row INSERTs of up to 64 rows, each statement prepared
    /// once per connection; on PostgreSQL as one `COPY ... FROM STDIN`,
    /// which streams them all in one round trip (a model with `auto_now`
    /// fields keeps INSERTs, which compute the time); on MySQL as multi-row
    /// INSERTs as large as both the bind parameter limit and the server's
    /// `max_allowed_packet` allow, a statement of the largest size
    /// prepared once per connection.
    fn bulk_create<C: DbConnection + ?Sized>(conn: &mut C, rows: &[Self::New]) -> Result<usize> {
        crud::bulk_create::<Self, C>(conn, rows)
    }

    /// The `CREATE TABLE` and `CREATE INDEX` statements for this model on
    /// `backend`, separated by `;` and newlines.
    fn create_table_sql(backend: Backend) -> String {
        crate::sql::create_table(Self::schema(), backend)
            .iter()
            .map(|statement| format!("{statement};\n"))
            .collect()
    }

    /// Runs [`create_table_sql`](Model::create_table_sql) on `conn`.
    fn create_table<C: DbConnection + ?Sized>(conn: &mut C) -> Result<()> {
        crud::create_table(conn, Self::schema())
    }
}

/// The insertable form of a model (`NewMenu` for `Menu`).
pub trait NewModel: Sized + 'static {
    /// The model this row belongs to.
    type Model: Model<New = Self>;

    /// Builds a row from one [`Value`] per field, in field order (the order
    /// of [`NewModel::fields`]), checking each value's type.
    fn from_values(values: Vec<Value>) -> Result<Self>;

    /// A field's value, by Rust field name or column name.
    fn field_value(&self, name: &str) -> Option<Value>;

    /// Checks every field, reporting every refused value at once, as
    /// [`Model::validate`] does.
    fn validate(&self) -> Result<()>;

    /// The columns this form holds: the model's, without an auto-increment
    /// key and without `auto_now`/`auto_now_add` timestamps.
    fn fields() -> impl Iterator<Item = &'static crate::schema::Column> {
        Self::Model::schema().columns.iter().filter(|c| !c.is_automatic())
    }
}
