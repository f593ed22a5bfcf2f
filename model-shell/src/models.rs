//! Every installed model by its name (`Menu`), with its manager
//! (`Menu.objects`), and the relations between them by their accessors:
//! `m.category()` along a foreign key, `c.menus()` back along it.

use std::collections::BTreeSet;

use model_runtime::dynamic::DynFilter;
use model_runtime::registry;
use model_runtime::DynModel;
use rhai::{Dynamic, Engine};

use crate::db::{fail, Db, ScriptResult};
use crate::instance::Instance;
use crate::lookup;
use crate::queryset::QuerySet;

/// A model, as its name stands for it in the script.
#[derive(Clone)]
pub struct ModelClass {
    model: &'static dyn DynModel,
    db: Db,
}

impl ModelClass {
    pub fn new(model: &'static dyn DynModel, db: Db) -> ModelClass {
        ModelClass { model, db }
    }

    pub fn model(&self) -> &'static dyn DynModel {
        self.model
    }

    fn objects(&mut self) -> QuerySet {
        QuerySet::new(self.model, self.db.clone())
    }
}

/// The models of the installed apps, by name; a name two apps share is
/// left to neither, and `help()` says so.
pub fn installed(apps: &[String]) -> Vec<&'static dyn DynModel> {
    registry::models()
        .into_iter()
        .filter(|m| apps.iter().any(|app| m.schema().app == app.as_str()))
        .collect()
}

pub fn register(engine: &mut Engine, models: &[&'static dyn DynModel]) {
    engine
        .register_type_with_name::<ModelClass>("Model")
        .register_get("objects", ModelClass::objects)
        .register_fn("to_string", |m: &mut ModelClass| {
            format!("<class {}>", m.model.schema().name)
        })
        .register_fn("to_debug", |m: &mut ModelClass| {
            format!("<class {}>", m.model.schema().name)
        });
    for name in accessors(models) {
        let accessor = name.clone();
        engine.register_fn(name.as_str(), move |instance: &mut Instance| {
            related(instance, &accessor)
        });
    }
}

/// Every accessor name of the models' relations, each once.
pub fn accessors(models: &[&'static dyn DynModel]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for model in models {
        let schema = model.schema();
        for column in schema.columns.iter().filter(|c| c.foreign_key.is_some()) {
            names.insert(lookup::accessor(column).to_owned());
        }
        for reverse in registry::reverse_relations(&schema.app, &schema.name) {
            names.insert(reverse.accessor.to_owned());
        }
    }
    names
}

/// What `instance.<accessor>()` means for its model: the row a foreign key
/// points at (`()` for a `NULL` key), or the query set of the rows
/// pointing at it.
fn related(instance: &mut Instance, accessor: &str) -> ScriptResult<Dynamic> {
    let schema = instance.schema();
    let forward = schema
        .columns
        .iter()
        .find(|c| c.foreign_key.is_some() && lookup::accessor(c) == accessor);
    if let Some(column) = forward {
        let key = instance.value(&column.field)?.clone();
        if key == model_runtime::Value::Null {
            return Ok(Dynamic::UNIT);
        }
        let target = column.foreign_key.as_ref().expect("a foreign key");
        let model = registry::foreign_key_target(target)
            .ok_or_else(|| fail(format!("{}.{} is not compiled in", target.app, target.model)))?;
        let row = instance.db().run(|conn| model.get(conn, &key))?;
        return Ok(Dynamic::from(Instance::new(model, row, instance.db().clone())));
    }
    let reverse = registry::reverse_relations(&schema.app, &schema.name)
        .into_iter()
        .find(|r| r.accessor == accessor);
    if let Some(reverse) = reverse {
        let children = QuerySet::new(reverse.model, instance.db().clone());
        let filter = DynFilter::Equals(reverse.field.to_owned(), instance.primary_key().clone());
        return Ok(Dynamic::from(children.filtered(filter)));
    }
    Err(fail(format!("{} has no relation `{accessor}`", schema.name)))
}
