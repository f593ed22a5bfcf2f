//! Django's keyword lookups, `#{price__lt: 10, category__title: "Mains"}`,
//! turned into the runtime's filters.

use model_runtime::dynamic::{Comparison, DynFilter, TextMatch};
use model_runtime::registry;
use model_runtime::schema::{Column, ModelSchema};
use model_runtime::Value;
use rhai::{Array, Dynamic, Map};

use crate::convert::to_value;
use crate::instance::unknown_field;

/// Every lookup a filter takes after a field, in Django's spelling.
pub const LOOKUPS: [&str; 15] = [
    "exact",
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "in",
    "gt",
    "gte",
    "lt",
    "lte",
    "isnull",
    "range",
];

/// The filters a map of lookups stands for, all of which must hold.
pub fn filters(schema: &'static ModelSchema, lookups: &Map) -> Result<Vec<DynFilter>, String> {
    let mut filters = Vec::new();
    for (key, value) in lookups {
        let parts: Vec<&str> = key.split("__").collect();
        filters.extend(path(schema, &parts, value)?);
    }
    Ok(filters)
}

/// The filters of one `field__related__lookup` path.
fn path(schema: &'static ModelSchema, parts: &[&str], value: &Dynamic) -> Result<Vec<DynFilter>, String> {
    let (first, rest) = parts.split_first().ok_or("an empty lookup")?;
    let column = field(schema, first)?;
    match rest {
        [] => lookup(schema, column, "exact", value),
        [only] if target(column).is_none_or(|t| t.field(only).is_none()) => {
            lookup(schema, column, only, value)
        }
        _ => {
            let Some(target) = target(column) else {
                return Err(format!(
                    "{}.{} is not a foreign key, so `{}` cannot follow it; a lookup is one of: {}",
                    schema.name,
                    column.field,
                    rest.join("__"),
                    LOOKUPS.join(", ")
                ));
            };
            Ok(vec![DynFilter::Related(
                column.field.to_string(),
                path(target, rest, value)?,
            )])
        }
    }
}

/// The field named `name`: a field, its column, or a foreign key's
/// accessor (`category` for `category_id`); `pk` is the primary key.
pub fn field<'s>(schema: &'s ModelSchema, name: &str) -> Result<&'s Column, String> {
    schema
        .columns
        .iter()
        .find(|c| c.field == name || c.name == name || (name == "pk" && c.primary_key))
        .or_else(|| {
            schema
                .columns
                .iter()
                .find(|c| c.foreign_key.is_some() && accessor(c) == name)
        })
        .ok_or_else(|| unknown_field(schema, name))
}

/// A foreign key's accessor: its field without `_id`.
pub fn accessor(column: &Column) -> &str {
    column
        .field
        .strip_suffix("_id")
        .filter(|name| !name.is_empty())
        .unwrap_or(&column.field)
}

/// The schema of the model a foreign key points at.
pub fn target(column: &Column) -> Option<&'static ModelSchema> {
    registry::foreign_key_target(column.foreign_key.as_ref()?).map(|m| m.schema())
}

fn lookup(
    schema: &ModelSchema,
    column: &Column,
    name: &str,
    value: &Dynamic,
) -> Result<Vec<DynFilter>, String> {
    let field = column.field.to_string();
    let convert = |value: &Dynamic| to_value(schema, column, value).map_err(|e| e.to_string());
    let text = |matching, ignore_case| {
        let text = if value.is_string() {
            value.clone().into_string().unwrap_or_default()
        } else {
            value.to_string()
        };
        Ok(vec![DynFilter::Text {
            field: field.clone(),
            matching,
            text,
            ignore_case,
        }])
    };
    let compare = |comparison| {
        Ok(vec![DynFilter::Compare(
            field.clone(),
            comparison,
            convert(value)?,
        )])
    };
    match name {
        "exact" => Ok(vec![DynFilter::Equals(field.clone(), convert(value)?)]),
        "iexact" => text(TextMatch::Exact, true),
        "contains" => text(TextMatch::Contains, false),
        "icontains" => text(TextMatch::Contains, true),
        "startswith" => text(TextMatch::StartsWith, false),
        "istartswith" => text(TextMatch::StartsWith, true),
        "endswith" => text(TextMatch::EndsWith, false),
        "iendswith" => text(TextMatch::EndsWith, true),
        "gt" => compare(Comparison::Greater),
        "gte" => compare(Comparison::GreaterOrEqual),
        "lt" => compare(Comparison::Less),
        "lte" => compare(Comparison::LessOrEqual),
        "in" => {
            let values = list(schema, column, name, value)?;
            Ok(vec![DynFilter::In(
                field.clone(),
                values.iter().map(convert).collect::<Result<_, _>>()?,
            )])
        }
        "range" => match list(schema, column, name, value)?.as_slice() {
            [low, high] => Ok(vec![
                DynFilter::Compare(field.clone(), Comparison::GreaterOrEqual, convert(low)?),
                DynFilter::Compare(field.clone(), Comparison::LessOrEqual, convert(high)?),
            ]),
            _ => Err(format!(
                "{}.{}__range takes two values: [low, high]",
                schema.name, column.field
            )),
        },
        "isnull" => {
            let is_null = value
                .as_bool()
                .map_err(|_| format!("{}.{}__isnull takes true or false", schema.name, column.field))?;
            let null = DynFilter::Equals(field.clone(), Value::Null);
            Ok(vec![if is_null { null } else { DynFilter::Not(vec![null]) }])
        }
        other => Err(format!(
            "unsupported lookup `{other}` on {}.{}; a lookup is one of: {}",
            schema.name,
            column.field,
            LOOKUPS.join(", ")
        )),
    }
}

/// The values of an `in` or `range` lookup, which takes an array.
fn list(schema: &ModelSchema, column: &Column, name: &str, value: &Dynamic) -> Result<Array, String> {
    value.clone().try_cast::<Array>().ok_or_else(|| {
        format!(
            "{}.{}__{name} takes an array, such as [1, 2]",
            schema.name, column.field
        )
    })
}
