//! Rules between attributes and fields, each error on the token at fault.

use std::collections::HashMap;

use crate::ast::Model;
use crate::ctxt::Ctxt;

/// Names the generated table module defines; a field so named would clash.
const RESERVED: &[&str] = &[
    "table",
    "columns",
    "dsl",
    "star",
    "all_columns",
    "SqlType",
    "BoxedQuery",
];

/// Diesel's tuples, with its `32-column-tables` feature, stop at 32.
const MAX_FIELDS: usize = 32;

pub fn check(cx: &Ctxt, model: &Model) {
    check_primary_key(cx, model);
    check_names(cx, model);
    for field in &model.fields {
        let attrs = &field.attrs;
        if attrs.auto_increment.is_set() && !field.is_primary_key() {
            cx.error_spanned_by(
                attrs.auto_increment.tokens(),
                "`auto_increment` applies to the `primary_key` field",
            );
        }
        if field.is_auto_increment() && attrs.default.is_set() {
            cx.error_spanned_by(
                attrs.default.tokens(),
                "an auto-increment primary key cannot have a `default`: the database assigns it",
            );
        }
        if field.is_primary_key() && attrs.foreign_key.is_set() {
            cx.error_spanned_by(
                attrs.foreign_key.tokens(),
                "a primary key cannot also be a `foreign_key`",
            );
        }
        match (attrs.max_digits.get(), attrs.decimal_places.get()) {
            (Some(digits), Some(places)) if places > digits => cx.error_spanned_by(
                attrs.decimal_places.tokens(),
                format!("`decimal_places = {places}` is more than `max_digits = {digits}`"),
            ),
            (Some(_), None) => cx.error_spanned_by(
                attrs.max_digits.tokens(),
                "`max_digits` needs `decimal_places` too, as in `#[field(max_digits = 6, decimal_places = 2)]`",
            ),
            (None, Some(_)) => cx.error_spanned_by(
                attrs.decimal_places.tokens(),
                "`decimal_places` needs `max_digits` too, as in `#[field(max_digits = 6, decimal_places = 2)]`",
            ),
            _ => {}
        }
        match (attrs.foreign_key.is_set(), attrs.on_delete.is_set()) {
            (true, false) => cx.error_spanned_by(
                attrs.foreign_key.tokens(),
                "a `foreign_key` needs `on_delete = \"cascade\"`, \"protect\", \"restrict\" or \"set_null\"",
            ),
            (false, true) => cx.error_spanned_by(
                attrs.on_delete.tokens(),
                "`on_delete` applies to a `foreign_key` field",
            ),
            _ => {}
        }
    }
    check_groups(cx, model);
    if model.fields.len() > MAX_FIELDS {
        cx.error_spanned_by(
            model.ident,
            format!(
                "`{}` has {} fields; a model has at most {MAX_FIELDS}",
                model.ident,
                model.fields.len()
            ),
        );
    }
    if model.insertable_fields().next().is_none() && !model.fields.is_empty() {
        cx.error_spanned_by(
            model.ident,
            format!(
                "`{}` has no field besides its auto-increment key; add at least one",
                model.ident
            ),
        );
    }
}

fn check_primary_key(cx: &Ctxt, model: &Model) {
    let keys: Vec<_> = model.fields.iter().filter(|f| f.is_primary_key()).collect();
    match keys.as_slice() {
        [] => cx.error_spanned_by(
            model.ident,
            format!(
                "`{}` has no primary key: add `#[field(primary_key)] pub id: i64,`",
                model.ident
            ),
        ),
        [_] => {}
        [first, rest @ ..] => {
            for other in rest {
                cx.error_spanned_by(
                    other.attrs.primary_key.tokens(),
                    format!(
                        "`{}` already has a primary key, `{}`; a model has exactly one",
                        model.ident, first.ident
                    ),
                );
            }
        }
    }
}

fn check_names(cx: &Ctxt, model: &Model) {
    let module = model.module().to_string();
    let mut columns: HashMap<String, &syn::Ident> = HashMap::new();
    for field in &model.fields {
        let name = field.ident.to_string();
        if name == module || RESERVED.contains(&name.as_str()) {
            cx.error_spanned_by(
                field.ident,
                format!(
                    "a field of `{}` cannot be named `{name}`: the table module `{module}` defines that name; \
                     rename the field and keep the column with `#[field(column = \"{name}\")]`",
                    model.ident
                ),
            );
        }
        let column = field.column_name();
        if let Some(previous) = columns.insert(column.clone(), field.ident) {
            let message = format!("column `{column}` is already used by field `{previous}`");
            match field.attrs.column.tokens() {
                Some(tokens) => cx.error_spanned_by(tokens, message),
                None => cx.error_spanned_by(field.ident, message),
            }
        }
    }
}

/// `unique_together` and `indexes` name fields of this model.
fn check_groups(cx: &Ctxt, model: &Model) {
    let groups = [&model.attrs.unique_together, &model.attrs.indexes];
    for group in groups.iter().filter_map(|g| g.get()).flatten() {
        if group.is_empty() {
            cx.error_spanned_by(model.ident, "an index or unique group needs at least one field");
        }
        for name in group {
            if !model.fields.iter().any(|f| f.ident == name.value().as_str()) {
                let known: Vec<String> = model.fields.iter().map(|f| f.ident.to_string()).collect();
                cx.error_spanned_by(
                    name,
                    format!(
                        "`{}` has no field `{}`; its fields are: {}",
                        model.ident,
                        name.value(),
                        known.join(", ")
                    ),
                );
            }
        }
    }
}
