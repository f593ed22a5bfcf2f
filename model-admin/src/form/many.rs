//! Many-to-many fields in the change form: the through models the derive
//! creates (`Booking_menus` for `many_to_many(menus = Menu)` on
//! `Booking`), found among the registered models, each shown as a select
//! of several target rows and saved as the through rows that link them.
//! An explicit `through = Model` carries fields of its own and is edited
//! as a model, as Django's admin leaves such relations to inlines.

use model_runtime::dynamic::{DynFilter, DynModel, DynQuery};
use model_runtime::schema::{Column, ModelSchema};
use model_runtime::{Connection, Row, Value};

use super::{cell, object_text};

/// The form shows at most this many targets; beyond, the first ones.
const MAX_OPTIONS: u64 = 1000;

/// One many-to-many field of a model.
pub(crate) struct ManyToMany {
    /// The field's name: `menus`.
    pub name: String,
    through: &'static dyn DynModel,
    /// The through model's key to the source row.
    source: &'static Column,
    /// Its key to the target row.
    target: &'static Column,
    target_model: &'static dyn DynModel,
}

/// The many-to-many fields `schema` declared, by their auto-created
/// through models.
pub(crate) fn fields_of(schema: &'static ModelSchema) -> Vec<ManyToMany> {
    let prefix = format!("{}_", schema.name);
    let models = model_runtime::registry::models();
    let mut found = Vec::new();
    for through in &models {
        let through_schema = through.schema();
        let Some(name) = through_schema.name.strip_prefix(prefix.as_str()) else {
            continue;
        };
        if through_schema.app != schema.app {
            continue;
        }
        let keys: Vec<&'static Column> = through_schema
            .columns
            .iter()
            .filter(|c| c.foreign_key.is_some())
            .collect();
        let [source, target] = keys.as_slice() else {
            continue;
        };
        if through_schema.columns.len() != 3
            || source
                .foreign_key
                .as_ref()
                .is_none_or(|fk| fk.table != schema.table)
        {
            continue;
        }
        let Some(target_model) = target
            .foreign_key
            .as_ref()
            .and_then(model_runtime::registry::foreign_key_target)
        else {
            continue;
        };
        found.push(ManyToMany {
            name: name.to_owned(),
            through: *through,
            source,
            target,
            target_model,
        });
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

impl ManyToMany {
    /// `(key, text)` of the rows the field may link to.
    pub fn options(&self, conn: &mut Connection) -> model_runtime::Result<Vec<(String, String)>> {
        let key = self.target_key_column();
        let first = DynQuery {
            limit: Some(MAX_OPTIONS),
            ..DynQuery::default()
        };
        Ok(self
            .target_model
            .filter(conn, &first)?
            .iter()
            .map(|row| (row.get(key).map(cell).unwrap_or_default(), object_text(row)))
            .collect())
    }

    /// The keys of the targets `source_key` links to, as text.
    pub fn linked(&self, conn: &mut Connection, source_key: &Value) -> model_runtime::Result<Vec<String>> {
        Ok(self
            .links(conn, source_key)?
            .iter()
            .filter_map(|row| row.get(&self.target.field).map(cell))
            .collect())
    }

    /// Makes `source_key` link to exactly `chosen` (target keys as text):
    /// the through rows of the others deleted, the missing ones added.
    /// Whether anything changed.
    pub fn set(
        &self,
        conn: &mut Connection,
        source_key: &Value,
        chosen: &[&str],
    ) -> model_runtime::Result<bool> {
        let mut changed = false;
        let mut kept = Vec::new();
        for row in self.links(conn, source_key)? {
            let target = row.get(&self.target.field).map(cell).unwrap_or_default();
            if chosen.contains(&target.as_str()) && !kept.contains(&target) {
                kept.push(target);
            } else {
                self.through.delete(conn, row.primary_key())?;
                changed = true;
            }
        }
        let source = cell(source_key);
        for target in chosen {
            if kept.iter().any(|k| k == target) {
                continue;
            }
            self.through.create(
                conn,
                &[(&self.source.field, &source), (&self.target.field, target)],
            )?;
            kept.push((*target).to_owned());
            changed = true;
        }
        Ok(changed)
    }

    fn links(&self, conn: &mut Connection, source_key: &Value) -> model_runtime::Result<Vec<Row>> {
        let query = DynQuery {
            filters: vec![DynFilter::Equals(
                self.source.field.to_string(),
                source_key.clone(),
            )],
            ..DynQuery::default()
        };
        self.through.filter(conn, &query)
    }

    /// The target's field the through model's key points at.
    fn target_key_column(&self) -> &str {
        let Some(fk) = self.target.foreign_key.as_ref() else {
            return "id";
        };
        self.target_model
            .schema()
            .column(&fk.column)
            .map_or("id", |c| &*c.field)
    }
}
