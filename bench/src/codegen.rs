//! Source text of "wide" models: M models of 20 fields (or 10, for the
//! compile-time benchmark), written three ways from one field list:
//! derived (`#[derive(Model)]`), hand-written Diesel (`table!` plus
//! derives) and Django (`models.py`). The build script uses it for the
//! models linked into the bench (workload 7); the compile-time workload
//! (9) and `bench compile` write crates with it.

/// One field of a wide model, in each of the three spellings.
struct Field {
    name: &'static str,
    /// `#[field(...)]` options of the derive, empty for none.
    options: &'static str,
    rust_type: &'static str,
    /// Diesel's SQL type, for `table!`.
    diesel_type: &'static str,
    django: &'static str,
}

/// The 19 plain fields every wide model has; the 20th is a foreign key to
/// the model before it (a plain integer on the first model).
const FIELDS: [Field; 19] = [
    field(
        "title",
        "max_length = 200",
        "String",
        "Text",
        "models.CharField(max_length=200)",
    ),
    field(
        "slug",
        "max_length = 50, unique",
        "String",
        "Text",
        "models.CharField(max_length=50, unique=True)",
    ),
    field("body", "", "String", "Text", "models.TextField()"),
    field(
        "summary",
        "",
        "Option<String>",
        "Nullable<Text>",
        "models.TextField(null=True)",
    ),
    field(
        "quantity",
        "default = 0",
        "i32",
        "Integer",
        "models.IntegerField(default=0)",
    ),
    field("rank", "", "i16", "SmallInt", "models.SmallIntegerField()"),
    field(
        "views",
        "index",
        "i64",
        "BigInt",
        "models.BigIntegerField(db_index=True)",
    ),
    field("ratio", "", "f64", "Double", "models.FloatField()"),
    field(
        "price",
        "max_digits = 10, decimal_places = 2",
        "Decimal",
        "Numeric",
        "models.DecimalField(max_digits=10, decimal_places=2)",
    ),
    field(
        "active",
        "default = true",
        "bool",
        "Bool",
        "models.BooleanField(default=True)",
    ),
    field("published", "", "NaiveDate", "Date", "models.DateField()"),
    field(
        "created",
        "",
        "NaiveDateTime",
        "Timestamp",
        "models.DateTimeField()",
    ),
    field(
        "code",
        "max_length = 20, index",
        "String",
        "Text",
        "models.CharField(max_length=20, db_index=True)",
    ),
    field(
        "note",
        "max_length = 255",
        "Option<String>",
        "Nullable<Text>",
        "models.CharField(max_length=255, null=True)",
    ),
    field(
        "score",
        "",
        "Option<i32>",
        "Nullable<Integer>",
        "models.IntegerField(null=True)",
    ),
    field(
        "weight",
        "",
        "Option<f64>",
        "Nullable<Double>",
        "models.FloatField(null=True)",
    ),
    field("flagged", "", "bool", "Bool", "models.BooleanField()"),
    field("payload", "", "Vec<u8>", "Binary", "models.BinaryField()"),
    field(
        "due",
        "",
        "Option<NaiveDate>",
        "Nullable<Date>",
        "models.DateField(null=True)",
    ),
];

const fn field(
    name: &'static str,
    options: &'static str,
    rust_type: &'static str,
    diesel_type: &'static str,
    django: &'static str,
) -> Field {
    Field {
        name,
        options,
        rust_type,
        diesel_type,
        django,
    }
}

/// The nine plain fields of a model of ten (the tenth is the foreign key),
/// indexes into [`FIELDS`]: text of three kinds, a nullable one, the
/// integers, a decimal, a flag and a timestamp.
const TEN: [usize; 9] = [0, 1, 2, 3, 4, 6, 8, 9, 11];

/// The field an edit changes: `quantity`, an `i32`, made an `i64`.
const EDITED: &str = "quantity";

/// Which models to write: how many, how wide, and which one is edited.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub count: usize,
    /// Ten fields (nine plain ones and the foreign key) instead of twenty.
    pub ten_fields: bool,
    /// The model whose `quantity` is an `i64` (`BigInt`) instead of an
    /// `i32` (`Integer`): one field of one model changed.
    pub edited: Option<usize>,
}

impl Shape {
    /// `count` models of 20 fields, none edited.
    pub fn wide(count: usize) -> Shape {
        Shape {
            count,
            ten_fields: false,
            edited: None,
        }
    }

    /// The plain fields of model `index`, each with its Rust and Diesel type.
    fn fields(self, index: usize) -> Vec<(&'static Field, &'static str, &'static str)> {
        let all: Vec<&'static Field> = if self.ten_fields {
            TEN.iter().map(|&i| &FIELDS[i]).collect()
        } else {
            FIELDS.iter().collect()
        };
        all.into_iter()
            .map(|f| {
                if self.edited == Some(index) && f.name == EDITED {
                    (f, "i64", "BigInt")
                } else {
                    (f, f.rust_type, f.diesel_type)
                }
            })
            .collect()
    }

    /// How many fields a model has, the foreign key counted, the key not.
    pub fn field_count(self) -> usize {
        if self.ten_fields {
            TEN.len() + 1
        } else {
            FIELDS.len() + 1
        }
    }
}

/// The name of the `index`th wide model: `Wide0007`.
pub fn model_name(index: usize) -> String {
    format!("Wide{index:04}")
}

/// `count` models of 20 fields with `#[derive(Model)]` in app `app`, for a
/// module that has `use model_runtime::prelude::*;` in scope.
#[allow(dead_code)] // the build script's; the bench itself writes crates with `derived`
pub fn derived_models(app: &str, count: usize) -> String {
    derived(app, Shape::wide(count))
}

/// The models of `shape` with `#[derive(Model)]` in app `app`, for a
/// module that has `use model_runtime::prelude::*;` in scope.
pub fn derived(app: &str, shape: Shape) -> String {
    let mut out = String::new();
    for index in 0..shape.count {
        let name = model_name(index);
        out.push_str(&format!(
            "#[derive(Model, Debug, Clone, PartialEq)]\n#[model(app = \"{app}\")]\npub struct {name} {{\n    \
             #[field(primary_key)]\n    pub id: i64,\n"
        ));
        for (f, rust_type, _) in shape.fields(index) {
            if !f.options.is_empty() {
                out.push_str(&format!("    #[field({})]\n", f.options));
            }
            out.push_str(&format!("    pub {}: {rust_type},\n", f.name));
        }
        match index.checked_sub(1) {
            Some(parent) => out.push_str(&format!(
                "    #[field(foreign_key = {}, on_delete = \"cascade\")]\n    pub parent_id: i64,\n",
                model_name(parent)
            )),
            None => out.push_str("    pub parent_id: i64,\n"),
        }
        out.push_str("}\n\n");
    }
    out
}

/// The models of `shape` hand-written in Diesel, as its guide writes them:
/// one `table!` each, `joinable!` and `allow_tables_to_appear_in_same_query!`
/// for each foreign key, a queryable struct and an insertable one.
pub fn diesel(app: &str, shape: Shape) -> String {
    let mut out = String::from(
        "use diesel::prelude::*;\nuse bigdecimal::BigDecimal as Decimal;\n\
         use chrono::{NaiveDate, NaiveDateTime};\n\n",
    );
    for index in 0..shape.count {
        let name = model_name(index);
        let table = table_name(app, index);
        let fields = shape.fields(index);
        out.push_str(&format!(
            "diesel::table! {{\n    {table} (id) {{\n        id -> BigInt,\n"
        ));
        for (f, _, diesel_type) in &fields {
            out.push_str(&format!("        {} -> {diesel_type},\n", f.name));
        }
        out.push_str("        parent_id -> BigInt,\n    }\n}\n\n");
        if let Some(parent) = index.checked_sub(1) {
            let parent_table = table_name(app, parent);
            out.push_str(&format!(
                "diesel::joinable!({table} -> {parent_table} (parent_id));\n\
                 diesel::allow_tables_to_appear_in_same_query!({table}, {parent_table});\n\n"
            ));
        }
        let belongs_to = match index.checked_sub(1) {
            Some(parent) => format!(
                "#[diesel(belongs_to({}, foreign_key = parent_id))]\n",
                model_name(parent)
            ),
            None => String::new(),
        };
        let associations = if index > 0 { ", Associations" } else { "" };
        out.push_str(&format!(
            "#[derive(Queryable, Selectable, Identifiable, AsChangeset{associations}, Debug, Clone, PartialEq)]\n\
             {belongs_to}#[diesel(table_name = {table})]\npub struct {name} {{\n    pub id: i64,\n"
        ));
        push_plain_fields(&mut out, &fields);
        out.push_str(&format!(
            "}}\n\n#[derive(Insertable, Debug, Clone)]\n#[diesel(table_name = {table})]\npub struct New{name} {{\n"
        ));
        push_plain_fields(&mut out, &fields);
        out.push_str("}\n\n");
    }
    out
}

fn push_plain_fields(out: &mut String, fields: &[(&Field, &str, &str)]) {
    for (f, rust_type, _) in fields {
        out.push_str(&format!("    pub {}: {rust_type},\n", f.name));
    }
    out.push_str("    pub parent_id: i64,\n");
}

/// The table the derive and Django both name a model's table by default.
fn table_name(app: &str, index: usize) -> String {
    format!("{app}_{}", model_name(index).to_lowercase())
}

/// The same models as Django's `models.py`.
pub fn django_models(count: usize) -> String {
    let mut out = String::from("from django.db import models\n\n");
    for index in 0..count {
        out.push_str(&format!("\nclass {}(models.Model):\n", model_name(index)));
        for f in &FIELDS {
            out.push_str(&format!("    {} = {}\n", f.name, f.django));
        }
        match index.checked_sub(1) {
            Some(parent) => out.push_str(&format!(
                "    parent = models.ForeignKey('{}', on_delete=models.CASCADE)\n",
                model_name(parent)
            )),
            None => out.push_str("    parent_id = models.BigIntegerField()\n"),
        }
    }
    out
}

/// Django's migration `number` (from 1) of an app whose migration k creates
/// wide model k-1, as its `makemigrations` would write it.
pub fn django_create_migration(app: &str, number: usize) -> String {
    let index = number - 1;
    let dependencies = match index {
        0 => String::new(),
        _ => format!("('{app}', '{}')", django_migration_name(number - 1)),
    };
    let mut fields = String::from(
        "                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, \
         verbose_name='ID')),\n",
    );
    for f in &FIELDS {
        fields.push_str(&format!("                ('{}', {}),\n", f.name, f.django));
    }
    match index.checked_sub(1) {
        Some(parent) => fields.push_str(&format!(
            "                ('parent', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, \
             to='{app}.{}')),\n",
            model_name(parent).to_lowercase()
        )),
        None => fields.push_str("                ('parent_id', models.BigIntegerField()),\n"),
    }
    format!(
        "import django.db.models.deletion\nfrom django.db import migrations, models\n\n\n\
         class Migration(migrations.Migration):\n    initial = {initial}\n    dependencies = [{dependencies}]\n    \
         operations = [\n        migrations.CreateModel(\n            name='{name}',\n            fields=[\n{fields}            \
         ],\n        ),\n    ]\n",
        initial = if index == 0 { "True" } else { "False" },
        name = model_name(index),
    )
}

/// The file name, without `.py`, of Django migration `number`.
pub fn django_migration_name(number: usize) -> String {
    format!("{number:04}_{}", model_name(number - 1).to_lowercase())
}
