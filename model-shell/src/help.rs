//! `help()` and `help(Menu)`: what the shell offers, and a model's fields,
//! types, options and relations.

use std::fmt::Write;

use model_runtime::registry;
use model_runtime::schema::{Column, DefaultValue};
use model_runtime::DynModel;

use crate::lookup::{accessor, LOOKUPS};

/// The methods of query sets and rows, as completion offers them.
pub const METHODS: [&str; 23] = [
    "all",
    "filter",
    "exclude",
    "order_by",
    "get",
    "first",
    "last",
    "count",
    "exists",
    "values",
    "create",
    "get_or_create",
    "update",
    "delete",
    "limit",
    "offset",
    "list",
    "show",
    "objects",
    "save",
    "refresh_from_db",
    "validate",
    "fields",
];

/// The shell's own help: the models in scope and how to use them.
pub fn general(models: &[&'static dyn DynModel]) -> String {
    let mut out = String::new();
    let names: Vec<&str> = models.iter().map(|m| &*m.schema().name).collect();
    let _ = writeln!(out, "Models in scope: {}", names.join(", "));
    out.push_str(
        "\
Queries read as Django's, with a map for keyword arguments:
  Menu.objects.all()                              every row, as a table
  Menu.objects.filter(#{price__lt: 10}).exclude(#{inventory: 0}).order_by(\"-price\")
  Menu.objects.get(#{title: \"Pasta\"})  Menu.objects.get(1)
  Menu.objects.first()  .last()  .count()  .exists()  .values(\"title\")  [0..5]  .limit(5)
  let m = Menu.objects.create(#{title: \"Pasta\", price: \"12.50\", category_id: 1});
  m.price = \"11.75\"; m.save();  m.delete();  m.refresh_from_db();  m.validate();  m.fields()
  Menu.objects.filter(#{category_id: 1}).update(#{inventory: 0})  .delete()
  Menu.objects.get_or_create(#{title: \"Soup\"}, #{price: \"4\", category_id: 1})
  m.category()  c.menus()                         along a foreign key, and back
  for m in Menu.objects.all() { print(m.title) }
  atomic(|| { ...; ... })                         one transaction: an error undoes it all
  help(Menu)                                      a model's fields and relations
",
    );
    let _ = writeln!(out, "Lookups: field__{}", LOOKUPS.join(", field__"));
    out.push_str("Across a foreign key: #{category__title: \"Mains\"}. Decimals, dates and UUIDs may be written as text.");
    out
}

/// A model's fields, their types and options, and its relations.
pub fn model(model: &'static dyn DynModel) -> String {
    let schema = model.schema();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (app {}, table {})",
        schema.name, schema.app, schema.table
    );
    let width = schema.columns.iter().map(|c| c.field.len()).max().unwrap_or(0);
    for column in schema.columns.iter() {
        let _ = writeln!(
            out,
            "  {:width$}  {:?}{}",
            column.field,
            column.ty,
            options(column)
                .map(|o| format!(": {}", o.join(", ")))
                .unwrap_or_default()
        );
    }
    for column in schema.columns.iter() {
        if let Some(target) = &column.foreign_key {
            let _ = writeln!(
                out,
                "  .{}() -> the {} that {} points at",
                accessor(column),
                target.model,
                column.field
            );
        }
    }
    for reverse in registry::reverse_relations(&schema.app, &schema.name) {
        let _ = writeln!(
            out,
            "  .{}() -> the {} rows whose {} points here",
            reverse.accessor,
            reverse.model.schema().name,
            reverse.field
        );
    }
    out.truncate(out.trim_end().len());
    out
}

fn options(column: &Column) -> Option<Vec<String>> {
    let mut options = Vec::new();
    if column.primary_key {
        options.push("primary key".to_owned());
    }
    if column.nullable {
        options.push("null".to_owned());
    }
    if let Some(length) = column.max_length {
        options.push(format!("max_length {length}"));
    }
    if let (Some(digits), Some(places)) = (column.max_digits, column.decimal_places) {
        options.push(format!("max_digits {digits}, decimal_places {places}"));
    }
    if column.unique && !column.primary_key {
        options.push("unique".to_owned());
    }
    if let Some(default) = &column.default {
        options.push(format!("default {}", default_text(default)));
    }
    if column.auto_now {
        options.push("auto_now".to_owned());
    }
    if column.auto_now_add {
        options.push("auto_now_add".to_owned());
    }
    if let Some(target) = &column.foreign_key {
        options.push(format!(
            "foreign key to {}.{}, on delete {}",
            target.app, target.model, target.on_delete
        ));
    }
    if !column.choices.is_empty() {
        let choices: Vec<String> = column.choices.iter().map(|c| c.value.to_string()).collect();
        options.push(format!("choices {}", choices.join(" | ")));
    }
    (!options.is_empty()).then_some(options)
}

fn default_text(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Int(v) => v.to_string(),
        DefaultValue::Float(v) => v.to_string(),
        DefaultValue::Bool(v) => v.to_string(),
        DefaultValue::Text(v) => format!("{:?}", &**v),
    }
}
