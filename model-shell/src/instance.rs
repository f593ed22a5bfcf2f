//! One row of a model in the script: `m.price`, `m.price = "11.75"`,
//! `m.save()`, `m.delete()`, `m.refresh_from_db()`, `m.validate()`,
//! `m.fields()`, and the relations by their accessors (`m.category()`).

use model_runtime::schema::{Column, ModelSchema};
use model_runtime::{DynModel, Row, Value};
use rhai::{Dynamic, Engine, ImmutableString, Map};

use crate::convert::{to_dynamic, to_value};
use crate::db::{fail, Db, ScriptResult};

/// A row of a model, read from the database, whose fields the script reads
/// and writes; `save()` writes them back.
#[derive(Clone)]
pub struct Instance {
    model: &'static dyn DynModel,
    values: Vec<Value>,
    db: Db,
}

impl Instance {
    pub fn new(model: &'static dyn DynModel, row: Row, db: Db) -> Instance {
        Instance {
            model,
            values: row.values().to_vec(),
            db,
        }
    }

    pub fn schema(&self) -> &'static ModelSchema {
        self.model.schema()
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The primary key's value.
    pub fn primary_key(&self) -> &Value {
        let position = self
            .schema()
            .columns
            .iter()
            .position(|c| c.primary_key)
            .unwrap_or(0);
        &self.values[position]
    }

    /// `<Menu: 3>`, as Django shows a model instance.
    pub fn label(&self) -> String {
        format!("<{}: {}>", self.schema().name, self.primary_key())
    }

    /// The value of a field, by field name, column name or `pk`.
    pub fn value(&self, name: &str) -> ScriptResult<&Value> {
        let position = self.position(name)?;
        Ok(&self.values[position])
    }

    fn position(&self, name: &str) -> ScriptResult<usize> {
        let columns = &self.schema().columns;
        columns
            .iter()
            .position(|c| c.field == name || c.name == name || (name == "pk" && c.primary_key))
            .ok_or_else(|| fail(unknown_field(self.schema(), name)))
    }

    fn get(&mut self, name: &str) -> ScriptResult<Dynamic> {
        self.value(name).map(to_dynamic)
    }

    fn set(&mut self, name: &str, value: Dynamic) -> ScriptResult<()> {
        let position = self.position(name)?;
        let column = &self.schema().columns[position];
        self.values[position] = to_value(self.schema(), column, &value).map_err(fail)?;
        Ok(())
    }

    /// `(field, value)` of the fields a script may write: all but the
    /// ones the database or the runtime sets.
    fn writable(&self) -> Vec<(&'static str, Value)> {
        self.schema()
            .columns
            .iter()
            .zip(&self.values)
            .filter(|(column, _)| !column.is_automatic() && !column.primary_key)
            .map(|(column, value)| (&*column.field, value.clone()))
            .collect()
    }

    fn save(&mut self) -> ScriptResult<()> {
        let (model, key, values) = (self.model, self.primary_key().clone(), self.writable());
        let row = self.db.run(|conn| model.update_values(conn, &key, &values))?;
        self.values = row.values().to_vec();
        Ok(())
    }

    fn delete(&mut self) -> ScriptResult<()> {
        let (model, key) = (self.model, self.primary_key().clone());
        self.db.run(|conn| model.delete(conn, &key))
    }

    fn refresh_from_db(&mut self) -> ScriptResult<()> {
        let (model, key) = (self.model, self.primary_key().clone());
        let row = self.db.run(|conn| model.get(conn, &key))?;
        self.values = row.values().to_vec();
        Ok(())
    }

    fn validate(&mut self) -> ScriptResult<()> {
        let mut values = self.writable();
        // A key the script chose itself (not auto-incremented) is validated too.
        let key = self.schema().primary_key().filter(|c| !c.is_automatic());
        if let Some(key) = key {
            values.push((&*key.field, self.primary_key().clone()));
        }
        self.model.validate_values(&values).map_err(fail)
    }

    /// Every field and its value, in field order.
    pub fn fields(&self) -> Map {
        self.schema()
            .columns
            .iter()
            .zip(&self.values)
            .map(|(column, value)| (column.field.as_ref().into(), to_dynamic(value)))
            .collect()
    }
}

/// `Menu has no field `titel`; its fields are: id, title, ...`.
pub fn unknown_field(schema: &ModelSchema, name: &str) -> String {
    format!(
        "{} has no field `{name}`; its fields are: {}",
        schema.name,
        field_names(schema).join(", ")
    )
}

/// The model's fields, by name.
pub fn field_names(schema: &ModelSchema) -> Vec<&str> {
    schema.columns.iter().map(|c: &Column| c.field.as_ref()).collect()
}

pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<Instance>("Instance")
        .register_indexer_get(|m: &mut Instance, name: ImmutableString| m.get(&name))
        .register_indexer_set(|m: &mut Instance, name: ImmutableString, value: Dynamic| m.set(&name, value))
        .register_fn("save", Instance::save)
        .register_fn("delete", Instance::delete)
        .register_fn("refresh_from_db", Instance::refresh_from_db)
        .register_fn("validate", Instance::validate)
        .register_fn("fields", |m: &mut Instance| m.fields())
        .register_fn("to_string", |m: &mut Instance| m.label())
        .register_fn("to_debug", |m: &mut Instance| m.label())
        .register_fn("==", |a: Instance, b: Instance| {
            a.schema().name == b.schema().name
                && a.schema().app == b.schema().app
                && a.primary_key() == b.primary_key()
        });
}
