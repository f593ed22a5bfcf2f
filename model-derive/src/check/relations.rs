//! Rules for the accessors relations add: each name defined once on each
//! model, by one relation. A clash is reported here, naming both relations,
//! rather than as the compiler's "duplicate definitions" in generated code.

use std::collections::HashMap;

use quote::ToTokens;
use syn::Ident;

use crate::ast::{unraw, Model};
use crate::ctxt::Ctxt;

/// Methods every model has: an accessor so named would hide or clash with them.
const MODEL_METHODS: &[&str] = &[
    "objects",
    "create",
    "get",
    "all",
    "count",
    "save",
    "delete",
    "bulk_create",
    "create_table_sql",
    "create_table",
    "validate",
    "schema",
    "primary_key",
    "field_value",
    "set_field_value",
];

/// Who defines an accessor, as an error message names it, and how to
/// rename it.
struct Owner {
    what: String,
    name: Ident,
    rename: String,
}

pub fn check(cx: &Ctxt, model: &Model) {
    for field in &model.fields {
        if field.attrs.related_name.is_set() && !field.attrs.foreign_key.is_set() {
            cx.error_spanned_by(
                field.attrs.related_name.tokens(),
                "`related_name` names the reverse accessor of a `foreign_key` field: add `foreign_key = Model`, \
                 or remove `related_name`",
            );
        }
    }
    check_own_accessors(cx, model);
    check_reverse_accessors(cx, model);
}

/// The accessors this model gets: one per foreign key, one per many-to-many.
fn own_accessors(model: &Model) -> Vec<Owner> {
    let forward = model
        .fields
        .iter()
        .filter(|f| f.attrs.foreign_key.is_set())
        .map(|f| Owner {
            what: format!("the foreign key `{}`", f.ident),
            name: f.accessor(),
            rename: format!(
                "rename the field, and keep its column with `#[field(column = \"{}\")]`",
                f.column_name()
            ),
        });
    let many = model.attrs.many_to_many.iter().map(|m| Owner {
        what: format!("the many-to-many relation `{}`", m.name),
        name: m.name.clone(),
        rename: "rename the relation".to_owned(),
    });
    forward.chain(many).collect()
}

fn check_own_accessors(cx: &Ctxt, model: &Model) {
    let mut seen: HashMap<String, String> = HashMap::new();
    for owner in own_accessors(model) {
        let name = unraw(&owner.name);
        if MODEL_METHODS.contains(&name.as_str()) {
            cx.error_spanned_by(
                &owner.name,
                format!(
                    "{} would define the accessor `{}.{name}()`, which every model already has; {}",
                    owner.what, model.ident, owner.rename
                ),
            );
        } else if let Some(first) = seen.insert(name.clone(), owner.what.clone()) {
            cx.error_spanned_by(
                &owner.name,
                format!(
                    "{first} and {} would both define the accessor `{}.{name}()`; {}",
                    owner.what, model.ident, owner.rename
                ),
            );
        }
    }
}

/// The accessors this model gives the models it points at, per target.
fn check_reverse_accessors(cx: &Ctxt, model: &Model) {
    let own: HashMap<String, String> = own_accessors(model)
        .into_iter()
        .map(|o| (unraw(&o.name), o.what))
        .collect();
    // Target, as written (`Self` as the model's name), and accessor name.
    let mut seen: HashMap<(String, String), String> = HashMap::new();
    let fields = model.fields.iter().filter_map(|f| {
        let target = f.attrs.foreign_key.get()?;
        let name = f.reverse_accessor(model)?;
        let what = format!("the foreign key `{}`", f.ident);
        Some((target, name, what, f.attrs.related_name.is_set(), f.accessor()))
    });
    let many = model.attrs.many_to_many.iter().filter_map(|m| {
        let name = m.reverse_accessor(model)?;
        let what = format!("the many-to-many relation `{}`", m.name);
        Some((&m.target, name, what, m.related_name.is_some(), m.name.clone()))
    });
    for (target, name, what, named, accessor) in fields.chain(many) {
        let target = target_name(target, model);
        let method = unraw(&name);
        let accessor_name = if named {
            "reverse accessor"
        } else {
            "default reverse accessor"
        };
        let hint = if named {
            "choose another `related_name`".to_owned()
        } else {
            let example = format!("{}_{method}", unraw(&accessor));
            format!("give it a `related_name`, as in `related_name = \"{example}\"` (or `\"+\"` for none)")
        };
        let clash = if MODEL_METHODS.contains(&method.as_str()) {
            Some("which every model already has".to_owned())
        } else if let Some(first) = seen.insert((target.clone(), method.clone()), what.clone()) {
            Some(format!("as {first} does"))
        } else if *model.ident == target {
            own.get(&method).map(|first| format!("as {first} does"))
        } else {
            None
        };
        if let Some(clash) = clash {
            cx.error_spanned_by(
                &name,
                format!("{what} would give `{target}` the {accessor_name} `{method}()`, {clash}; {hint}"),
            );
        }
    }
}

/// A target as its spelling, with `Self` read as the model's name.
fn target_name(target: &syn::Type, model: &Model) -> String {
    let text = target.to_token_stream().to_string().replace(' ', "");
    if text == "Self" {
        model.ident.to_string()
    } else {
        text
    }
}
