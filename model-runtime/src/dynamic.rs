//! Models handled without knowing their Rust type: what the shell and the
//! admin use to list, read, create, edit and delete rows of any model.

mod query;
mod run;
mod statement;
mod value;
mod write;

use std::marker::PhantomData;

pub use self::query::{Comparison, DynFilter, DynQuery, TextMatch};
pub use self::write::{delete_every_row, reset_key_sequence, restart_key_counter};

use crate::schema::{Column, ModelSchema};
use crate::validate::errors::Collector;
use crate::{DbConnection, Error, Model, NewModel, Result, Value};

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

/// The [`DynModel`] of a compiled model.
#[doc(hidden)]
pub struct ModelHandle<M>(PhantomData<fn() -> M>);

impl<M> ModelHandle<M> {
    pub const NEW: ModelHandle<M> = ModelHandle(PhantomData);
}

impl<M: Model> ModelHandle<M> {
    fn row(model: &M) -> Row {
        let schema = M::schema();
        let values = schema
            .columns
            .iter()
            .map(|c| model.field_value(&c.field).unwrap_or(Value::Null))
            .collect();
        Row { schema, values }
    }

    fn key(key: &Value) -> Result<M::PrimaryKey> {
        let field = M::schema().primary_key().map_or("pk", |c| &c.field);
        crate::private::field_from_value(M::NAME, field, Some(key.clone()))
    }

    /// The row the inputs make, validated; every input refused is reported.
    fn new_row(inputs: &[(&str, &str)]) -> Result<M::New> {
        reject_unknown::<M, _>(inputs)?;
        reject_automatic::<M, _>(inputs)?;
        Self::new_row_of(|column| input_value(column, lookup(inputs, column).copied()))
    }

    /// The row the values make, validated; every value refused is reported.
    fn new_row_from_values(values: &[(&str, Value)]) -> Result<M::New> {
        reject_unknown::<M, _>(values)?;
        reject_automatic::<M, _>(values)?;
        Self::new_row_of(|column| match lookup(values, column) {
            Some(value) => Ok(value.clone()),
            None => input_value(column, None),
        })
    }

    /// The row whose every column's value `value_of` gives, validated.
    fn new_row_of(value_of: impl Fn(&Column) -> std::result::Result<Value, String>) -> Result<M::New> {
        let mut refused = Collector::new(M::NAME);
        let mut values = Vec::new();
        for column in M::New::fields() {
            match value_of(column) {
                Ok(value) => values.push(value),
                Err(message) => refused.check(&column.field, Err(message)),
            }
        }
        refused.finish()?;
        let row = M::New::from_values(values)?;
        row.validate()?;
        Ok(row)
    }
}

impl<M: Model> DynModel for ModelHandle<M> {
    fn schema(&self) -> &'static ModelSchema {
        M::schema()
    }

    fn validate_inputs(&self, inputs: &[(&str, &str)]) -> Result<()> {
        Self::new_row(inputs).map(drop)
    }

    fn create(&self, conn: &mut dyn DbConnection, inputs: &[(&str, &str)]) -> Result<Row> {
        let row = Self::new_row(inputs)?;
        M::create(conn, row).map(|model| Self::row(&model))
    }

    fn create_values(&self, conn: &mut dyn DbConnection, values: &[(&str, Value)]) -> Result<Row> {
        let row = Self::new_row_from_values(values)?;
        M::create(conn, row).map(|model| Self::row(&model))
    }

    fn validate_values(&self, values: &[(&str, Value)]) -> Result<()> {
        Self::new_row_from_values(values).map(drop)
    }

    fn update_values(
        &self,
        conn: &mut dyn DbConnection,
        key: &Value,
        values: &[(&str, Value)],
    ) -> Result<Row> {
        reject_unknown::<M, _>(values)?;
        reject_automatic::<M, _>(values)?;
        let mut model = M::get(conn, Self::key(key)?)?;
        for (name, value) in values {
            let column = column_named::<M>(name)?;
            if column.primary_key {
                if value == &model.field_value(&column.field).unwrap_or(Value::Null) {
                    continue;
                }
                return Err(refused::<M>(column, "the primary key cannot be changed".into()));
            }
            model.set_field_value(&column.field, value.clone())?;
        }
        model.save(conn)?;
        Ok(Self::row(&model))
    }

    fn save_row(&self, conn: &mut dyn DbConnection, values: &[(&str, Value)]) -> Result<Row> {
        reject_unknown::<M, _>(values)?;
        let schema = M::schema();
        // Validated as a new row would be, from the fields a form could set.
        let settable: Vec<(&str, Value)> = values
            .iter()
            .filter(|(name, _)| column_named::<M>(name).is_ok_and(|c| !c.is_automatic()))
            .cloned()
            .collect();
        Self::new_row_from_values(&settable)?;
        let mut row = Vec::with_capacity(schema.columns.len());
        for column in schema.columns.iter() {
            let value = match lookup(values, column) {
                Some(value) => value.clone(),
                None if column.primary_key => {
                    return Err(refused::<M>(column, "a row written whole needs its key".into()))
                }
                None => input_value(column, None).map_err(|message| refused::<M>(column, message))?,
            };
            row.push(value);
        }
        let key_value = row[schema.columns.iter().position(|c| c.primary_key).unwrap_or(0)].clone();
        let key = Self::key(&key_value)?;
        let exists = match M::get(conn, key) {
            Ok(_) => true,
            Err(Error::NotFound { .. }) => false,
            Err(other) => return Err(other),
        };
        write::save(conn, schema, &row, exists).map_err(|error| Error::from_diesel(error, M::NAME))?;
        self.get(conn, &key_value)
    }

    fn get(&self, conn: &mut dyn DbConnection, key: &Value) -> Result<Row> {
        M::get(conn, Self::key(key)?).map(|model| Self::row(&model))
    }

    fn all(&self, conn: &mut dyn DbConnection) -> Result<Vec<Row>> {
        Ok(M::all(conn)?.iter().map(Self::row).collect())
    }

    fn count(&self, conn: &mut dyn DbConnection) -> Result<i64> {
        M::count(conn)
    }

    fn filter(&self, conn: &mut dyn DbConnection, query: &DynQuery) -> Result<Vec<Row>> {
        run::filter::<M>(conn, query)
    }

    fn count_filtered(&self, conn: &mut dyn DbConnection, query: &DynQuery) -> Result<i64> {
        run::count::<M>(conn, query)
    }

    fn update(&self, conn: &mut dyn DbConnection, key: &Value, inputs: &[(&str, &str)]) -> Result<Row> {
        reject_unknown::<M, _>(inputs)?;
        reject_automatic::<M, _>(inputs)?;
        let mut model = M::get(conn, Self::key(key)?)?;
        for (name, text) in inputs {
            let column = column_named::<M>(name)?;
            if column.primary_key {
                return Err(refused::<M>(column, "the primary key cannot be changed".into()));
            }
            let value = input_value(column, Some(text)).map_err(|message| refused::<M>(column, message))?;
            model.set_field_value(&column.field, value)?;
        }
        model.save(conn)?;
        Ok(Self::row(&model))
    }

    fn delete(&self, conn: &mut dyn DbConnection, key: &Value) -> Result<()> {
        let key = Self::key(key)?;
        crate::crud::delete::<M, dyn DbConnection>(conn, &key)
    }

    fn create_table(&self, conn: &mut dyn DbConnection) -> Result<()> {
        M::create_table(conn)
    }
}

fn lookup<'a, T>(inputs: &'a [(&str, T)], column: &Column) -> Option<&'a T> {
    inputs
        .iter()
        .find(|(name, _)| *name == column.field || *name == column.name)
        .map(|(_, input)| input)
}

fn column_named<M: Model>(name: &str) -> Result<&'static Column> {
    let schema = M::schema();
    schema
        .field(name)
        .or_else(|| schema.column(name))
        .ok_or_else(|| crate::private::unknown_field(M::NAME, name))
}

fn reject_unknown<M: Model, T>(inputs: &[(&str, T)]) -> Result<()> {
    inputs
        .iter()
        .try_for_each(|(name, _)| column_named::<M>(name).map(drop))
}

/// `auto_now` and `auto_now_add` fields are set by the runtime, never typed
/// (Django leaves them out of its forms).
fn reject_automatic<M: Model, T>(inputs: &[(&str, T)]) -> Result<()> {
    for (name, _) in inputs {
        let column = column_named::<M>(name)?;
        if column.auto_now || column.auto_now_add {
            return Err(refused::<M>(column, "This field is set automatically.".into()));
        }
    }
    Ok(())
}

fn refused<M: Model>(column: &Column, message: String) -> Error {
    Error::Validation {
        model: M::NAME.to_owned(),
        field: column.field.to_string(),
        message,
    }
}

/// The choice typed: its stored value, or its label (in any case).
fn chosen(column: &Column, text: &str) -> Option<Value> {
    use crate::schema::ChoiceValue;
    let text = text.trim();
    let choice = column
        .choices
        .iter()
        .find(|c| c.value.to_string() == text)
        .or_else(|| {
            column
                .choices
                .iter()
                .find(|c| c.label.to_lowercase() == text.to_lowercase())
        })?;
    Some(match &choice.value {
        ChoiceValue::Text(value) => Value::Text(value.to_string()),
        ChoiceValue::Int(value) => Value::Int(*value),
    })
}

/// The value for one column from its text input, its default, or `NULL`;
/// what is wrong with the input otherwise.
fn input_value(column: &Column, input: Option<&str>) -> std::result::Result<Value, String> {
    use crate::schema::{ColumnType, DefaultValue};
    match input {
        Some("") if column.nullable && (column.ty != ColumnType::Text || !column.choices.is_empty()) => {
            Ok(Value::Null)
        }
        Some(text) if !column.choices.is_empty() => {
            chosen(column, text).ok_or_else(|| format!("Value '{text}' is not a valid choice."))
        }
        Some(text) => Value::parse(column.ty, text),
        None => match &column.default {
            Some(DefaultValue::Int(v)) => Ok(match column.ty {
                ColumnType::Float | ColumnType::Double => Value::Float(*v as f64),
                ColumnType::Decimal => Value::Decimal((*v).into()),
                _ => Value::Int(*v),
            }),
            Some(DefaultValue::Float(v)) => match column.ty {
                ColumnType::Decimal => Value::parse(column.ty, &v.to_string()),
                _ => Ok(Value::Float(*v)),
            },
            Some(DefaultValue::Bool(v)) => Ok(Value::Bool(*v)),
            Some(DefaultValue::Text(text)) => Value::parse(column.ty, text),
            None if column.nullable => Ok(Value::Null),
            None => Err("This field is required.".to_owned()),
        },
    }
}
