//! Models handled without knowing their Rust type: what the shell and the
//! admin use to list, read, create, edit and delete rows of any model.

#[cfg(feature = "mysql")]
mod batch;
mod query;
mod rows;
mod run;
mod schema_model;
mod statement;
mod value;
mod write;

use std::marker::PhantomData;

#[cfg(feature = "mysql")]
pub(crate) use self::batch::bulk_create_mysql;
pub use self::query::{Comparison, DynFilter, DynQuery, TextMatch};
#[cfg(feature = "mysql")]
pub(crate) use self::rows::insert_new_mysql;
pub use self::schema_model::SchemaModel;
pub use self::write::{delete_every_row, reset_key_sequence, restart_key_counter};

use crate::schema::{Column, ModelSchema};
use crate::{DbConnection, Model, NewModel, Result, Value};

/// A row of a model as dynamic values, in column order.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    schema: &'static ModelSchema,
    values: Vec<Value>,
}

impl Row {
    /// The value of a field, by Rust field name or column name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let position = self
            .schema
            .columns
            .iter()
            .position(|c| c.field == name || c.name == name)?;
        self.values.get(position)
    }

    /// The primary key's value.
    pub fn primary_key(&self) -> &Value {
        let position = self
            .schema
            .columns
            .iter()
            .position(|c| c.primary_key)
            .unwrap_or(0);
        &self.values[position]
    }

    /// The values, in column order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// The model's schema.
    pub fn schema(&self) -> &'static ModelSchema {
        self.schema
    }

    /// Pairs of column and value, in column order.
    pub fn iter(&self) -> impl Iterator<Item = (&Column, &Value)> {
        self.schema.columns.iter().zip(&self.values)
    }
}

/// A model, behind a trait object.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "dyn_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 20)]
///     pub name: String,
///     #[field(default = 1)]
///     pub portions: i32,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// let dish = model_runtime::registry::find_model("dyn_doc.Dish").unwrap();
/// dish.create_table(&mut conn)?;
/// let row = dish.create(&mut conn, &[("name", "Soup")])?;
/// assert_eq!(row.get("portions"), Some(&Value::Int(1)));
/// let error = dish.create(&mut conn, &[("name", "Soup"), ("portions", "two")]).unwrap_err();
/// assert_eq!(error.to_string(), "Dish.portions: expected an integer, got `two`");
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub trait DynModel: Send + Sync + 'static {
    /// The model's schema.
    fn schema(&self) -> &'static ModelSchema;

    /// Builds and validates a new row from text inputs, as typed in a form,
    /// without writing it. A missing field takes its default, or `NULL` when
    /// nullable; an empty input is `NULL` for a nullable non-text field. A
    /// field with choices takes a choice's stored value or its label;
    /// `auto_now` and `auto_now_add` fields take no input.
    fn validate_inputs(&self, inputs: &[(&str, &str)]) -> Result<()>;

    /// Inserts a row built from text inputs; nothing is written when any
    /// input is refused.
    fn create(&self, conn: &mut dyn DbConnection, inputs: &[(&str, &str)]) -> Result<Row>;

    /// Inserts a row built from values, each checked against its field's
    /// type: what the shell writes. A missing field takes its default, or
    /// `NULL` when nullable; nothing is written when any value is refused.
    fn create_values(&self, conn: &mut dyn DbConnection, values: &[(&str, Value)]) -> Result<Row>;

    /// Validates a row built from values as [`create_values`](DynModel::create_values)
    /// would insert it, without writing it: every refused value is reported.
    fn validate_values(&self, values: &[(&str, Value)]) -> Result<()>;

    /// Changes the given fields of one row to these values and saves it;
    /// the row as saved comes back.
    fn update_values(
        &self,
        conn: &mut dyn DbConnection,
        key: &Value,
        values: &[(&str, Value)],
    ) -> Result<Row>;

    /// Writes a whole row, its key and timestamps included, validated as
    /// [`create_values`](DynModel::create_values) validates: inserted, or
    /// written over the row that has its key, as Django's `save()` of a row
    /// with its key set (what loading a fixture does). A missing field
    /// takes its default, or `NULL` when nullable; the key is required.
    fn save_row(&self, conn: &mut dyn DbConnection, values: &[(&str, Value)]) -> Result<Row>;

    /// The row with this primary key.
    fn get(&self, conn: &mut dyn DbConnection, key: &Value) -> Result<Row>;

    /// Every row, in primary key order.
    fn all(&self, conn: &mut dyn DbConnection) -> Result<Vec<Row>>;

    /// The number of rows.
    fn count(&self, conn: &mut dyn DbConnection) -> Result<i64>;

    /// The rows the query keeps, in its order, sliced: see [`DynQuery`]. An
    /// unknown field is an error naming the model and the field.
    fn filter(&self, conn: &mut dyn DbConnection, query: &DynQuery) -> Result<Vec<Row>>;

    /// How many rows the query's filters keep, its limit and offset aside.
    fn count_filtered(&self, conn: &mut dyn DbConnection, query: &DynQuery) -> Result<i64>;

    /// Changes the given fields of one row from text inputs and saves it.
    fn update(&self, conn: &mut dyn DbConnection, key: &Value, inputs: &[(&str, &str)]) -> Result<Row>;

    /// Deletes the row with this primary key.
    fn delete(&self, conn: &mut dyn DbConnection, key: &Value) -> Result<()>;

    /// Creates the model's table and indexes.
    fn create_table(&self, conn: &mut dyn DbConnection) -> Result<()>;
}

/// The [`DynModel`] of a compiled model: a [`SchemaModel`] whose only
/// typed parts are the model's own checks.
#[doc(hidden)]
pub struct ModelHandle<M>(PhantomData<fn() -> M>);

impl<M: Model> ModelHandle<M> {
    pub const NEW: SchemaModel = SchemaModel {
        schema: M::schema,
        check_new: check_new::<M>,
        check_key: check_key::<M>,
    };
}

/// Builds `M`'s `New…` struct from values of its fields, checking each
/// value's type, and validates it as `create` would.
fn check_new<M: Model>(values: Vec<Value>) -> Result<()> {
    M::New::from_values(values)?.validate()
}

/// A key as `M`'s key type holds it, or the error naming the key field.
fn check_key<M: Model>(key: &Value) -> Result<Value> {
    use crate::field::FieldType;
    let field = M::schema().primary_key().map_or("pk", |c| &c.field);
    crate::private::field_from_value::<M::PrimaryKey>(M::NAME, field, Some(key.clone()))
        .map(|key| key.to_value())
}
