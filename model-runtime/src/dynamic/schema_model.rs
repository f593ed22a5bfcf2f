//! [`SchemaModel`]: the [`DynModel`] of every compiled model, driven by its
//! schema, and compiled once in the runtime. Only the model's own checks
//! (its `New…` struct's types and validators, its key's type) are typed.

use super::query::DynQuery;
use super::{rows, run, write, DynModel, Row};
use crate::schema::{Column, ModelSchema};
use crate::validate::errors::Collector;
use crate::{DbConnection, Error, Result, Value};

/// A model known by its schema, with its typed checks: what the shell, the
/// admin and fixtures reach a compiled model through, as a [`DynModel`].
/// Each compiled model registers one, made by `ModelHandle::<M>::NEW`.
///
/// Its SQL is built from the schema, every value bound, and statements by
/// key are kept prepared as the typed methods' are. Rows are validated as
/// the typed `create` and `save` validate them, with the same errors.
#[doc(hidden)]
pub struct SchemaModel {
    /// The model's schema.
    pub schema: fn() -> &'static ModelSchema,
    /// Builds the model's `New…` struct from one value per column that is
    /// not automatic, in column order, checking each type, and validates it.
    pub check_new: fn(Vec<Value>) -> Result<()>,
    /// The key as the model's key type holds it, or the error naming it.
    pub check_key: fn(&Value) -> Result<Value>,
}

impl SchemaModel {
    fn model(&self) -> &'static ModelSchema {
        (self.schema)()
    }

    /// The values of a new row from text inputs, validated; every input
    /// refused is reported.
    fn new_row(&self, inputs: &[(&str, &str)]) -> Result<Vec<Value>> {
        let schema = self.model();
        reject_unknown(schema, inputs)?;
        reject_automatic(schema, inputs)?;
        self.new_row_of(|column| input_value(column, lookup(inputs, column).copied()))
    }

    /// The values of a new row from values, validated; every value refused
    /// is reported.
    fn new_row_from_values(&self, values: &[(&str, Value)]) -> Result<Vec<Value>> {
        let schema = self.model();
        reject_unknown(schema, values)?;
        reject_automatic(schema, values)?;
        self.new_row_of(|column| match lookup(values, column) {
            Some(value) => Ok(value.clone()),
            None => input_value(column, None),
        })
    }

    /// The values `value_of` gives each column that is not automatic,
    /// validated as the model's `New…` struct.
    fn new_row_of(
        &self,
        value_of: impl Fn(&Column) -> std::result::Result<Value, String>,
    ) -> Result<Vec<Value>> {
        let schema = self.model();
        let mut refused = Collector::new(&schema.name);
        let mut values = Vec::new();
        for column in schema.columns.iter().filter(|c| !c.is_automatic()) {
            match value_of(column) {
                Ok(value) => values.push(value),
                Err(message) => refused.check(&column.field, Err(message)),
            }
        }
        refused.finish()?;
        (self.check_new)(values.clone())?;
        Ok(values)
    }

    /// Changes fields of the row keyed `key`, each value given by
    /// `value_of`, and saves it as the typed `save` does: `auto_now` fields
    /// set to the current time, every field validated. The key may only be
    /// "changed" to itself, and only when `key_kept_allowed`.
    fn change<T>(
        &self,
        conn: &mut dyn DbConnection,
        key: &Value,
        changes: &[(&str, T)],
        key_kept_allowed: bool,
        value_of: impl Fn(&'static Column, &T) -> Result<Value>,
    ) -> Result<Row> {
        let schema = self.model();
        reject_unknown(schema, changes)?;
        reject_automatic(schema, changes)?;
        let mut row = rows::get(conn, schema, &(self.check_key)(key)?)?;
        for (name, change) in changes {
            let column = column_named(schema, name)?;
            let position = position(schema, column);
            let key_changed = || refused(schema, column, "the primary key cannot be changed".into());
            if column.primary_key && !key_kept_allowed {
                return Err(key_changed());
            }
            let value = value_of(column, change)?;
            if column.primary_key {
                if value == row.values[position] {
                    continue;
                }
                return Err(key_changed());
            }
            row.values[position] = value;
        }
        for (position, column) in schema.columns.iter().enumerate() {
            if column.auto_now {
                if let Some(now) = crate::field::now_value(column.ty) {
                    row.values[position] = now;
                }
            }
        }
        let settable = schema
            .columns
            .iter()
            .zip(&row.values)
            .filter(|(column, _)| !column.is_automatic())
            .map(|(_, value)| value.clone())
            .collect();
        (self.check_new)(settable)?;
        rows::update(conn, &row)?;
        Ok(row)
    }
}

impl DynModel for SchemaModel {
    fn schema(&self) -> &'static ModelSchema {
        self.model()
    }

    fn validate_inputs(&self, inputs: &[(&str, &str)]) -> Result<()> {
        self.new_row(inputs).map(drop)
    }

    fn create(&self, conn: &mut dyn DbConnection, inputs: &[(&str, &str)]) -> Result<Row> {
        let values = self.new_row(inputs)?;
        rows::insert(conn, self.model(), values)
    }

    fn create_values(&self, conn: &mut dyn DbConnection, values: &[(&str, Value)]) -> Result<Row> {
        let values = self.new_row_from_values(values)?;
        rows::insert(conn, self.model(), values)
    }

    fn validate_values(&self, values: &[(&str, Value)]) -> Result<()> {
        self.new_row_from_values(values).map(drop)
    }

    fn update_values(
        &self,
        conn: &mut dyn DbConnection,
        key: &Value,
        values: &[(&str, Value)],
    ) -> Result<Row> {
        self.change(conn, key, values, true, |_, value| Ok(value.clone()))
    }

    fn save_row(&self, conn: &mut dyn DbConnection, values: &[(&str, Value)]) -> Result<Row> {
        let schema = self.model();
        reject_unknown(schema, values)?;
        // Validated as a new row would be, from the fields a form could set.
        let settable: Vec<(&str, Value)> = values
            .iter()
            .filter(|(name, _)| column_named(schema, name).is_ok_and(|c| !c.is_automatic()))
            .cloned()
            .collect();
        self.new_row_from_values(&settable)?;
        let mut row = Vec::with_capacity(schema.columns.len());
        for column in schema.columns.iter() {
            let value = match lookup(values, column) {
                Some(value) => value.clone(),
                None if column.primary_key => {
                    return Err(refused(
                        schema,
                        column,
                        "a row written whole needs its key".into(),
                    ))
                }
                None => input_value(column, None).map_err(|message| refused(schema, column, message))?,
            };
            row.push(value);
        }
        let key_value =
            (self.check_key)(&row[schema.columns.iter().position(|c| c.primary_key).unwrap_or(0)])?;
        let exists = match rows::get(conn, schema, &key_value) {
            Ok(_) => true,
            Err(Error::NotFound { .. }) => false,
            Err(other) => return Err(other),
        };
        write::save(conn, schema, &row, exists).map_err(|error| Error::from_diesel(error, &schema.name))?;
        rows::get(conn, schema, &key_value)
    }

    fn get(&self, conn: &mut dyn DbConnection, key: &Value) -> Result<Row> {
        rows::get(conn, self.model(), &(self.check_key)(key)?)
    }

    fn all(&self, conn: &mut dyn DbConnection) -> Result<Vec<Row>> {
        run::filter(conn, self.model(), &DynQuery::default())
    }

    fn count(&self, conn: &mut dyn DbConnection) -> Result<i64> {
        run::count(conn, self.model(), &DynQuery::default())
    }

    fn filter(&self, conn: &mut dyn DbConnection, query: &DynQuery) -> Result<Vec<Row>> {
        run::filter(conn, self.model(), query)
    }

    fn count_filtered(&self, conn: &mut dyn DbConnection, query: &DynQuery) -> Result<i64> {
        run::count(conn, self.model(), query)
    }

    fn update(&self, conn: &mut dyn DbConnection, key: &Value, inputs: &[(&str, &str)]) -> Result<Row> {
        let schema = self.model();
        self.change(conn, key, inputs, false, |column, text| {
            input_value(column, Some(text)).map_err(|message| refused(schema, column, message))
        })
    }

    fn delete(&self, conn: &mut dyn DbConnection, key: &Value) -> Result<()> {
        rows::delete(conn, self.model(), &(self.check_key)(key)?)
    }

    fn create_table(&self, conn: &mut dyn DbConnection) -> Result<()> {
        crate::crud::create_table(conn, self.model())
    }
}

/// A column's place in its schema.
fn position(schema: &ModelSchema, column: &Column) -> usize {
    schema
        .columns
        .iter()
        .position(|c| std::ptr::eq(c, column))
        .expect("the column is the schema's")
}

fn lookup<'a, T>(inputs: &'a [(&str, T)], column: &Column) -> Option<&'a T> {
    inputs
        .iter()
        .find(|(name, _)| *name == column.field || *name == column.name)
        .map(|(_, input)| input)
}

fn column_named(schema: &'static ModelSchema, name: &str) -> Result<&'static Column> {
    schema
        .field(name)
        .or_else(|| schema.column(name))
        .ok_or_else(|| crate::private::unknown_field(&schema.name, name))
}

fn reject_unknown<T>(schema: &'static ModelSchema, inputs: &[(&str, T)]) -> Result<()> {
    inputs
        .iter()
        .try_for_each(|(name, _)| column_named(schema, name).map(drop))
}

/// `auto_now` and `auto_now_add` fields are set by the runtime, never typed
/// (Django leaves them out of its forms).
fn reject_automatic<T>(schema: &'static ModelSchema, inputs: &[(&str, T)]) -> Result<()> {
    for (name, _) in inputs {
        let column = column_named(schema, name)?;
        if column.auto_now || column.auto_now_add {
            return Err(refused(schema, column, "This field is set automatically.".into()));
        }
    }
    Ok(())
}

fn refused(schema: &ModelSchema, column: &Column, message: String) -> Error {
    Error::Validation {
        model: schema.name.to_string(),
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
