//! Rules between attributes and fields, each error on the token at fault.

mod behaviours;
pub mod relations;

use std::collections::HashMap;

use quote::ToTokens;

use crate::ast::Model;
use crate::attr::quoted_list;
use crate::case::closest;
use crate::ctxt::Ctxt;
use crate::sql_type::Unknown;

/// Names the generated table module defines; a field so named would clash.
const RESERVED: &[&str] = &[
    "table",
    "columns",
    "dsl",
    "star",
    "all_columns",
    "SqlType",
    "BoxedQuery",
    "BoxedCloneQuery",
    "AllColumns",
];

/// Diesel's tuples, with its `32-column-tables` feature, stop at 32.
pub const MAX_FIELDS: usize = 32;

pub fn check(cx: &Ctxt, model: &Model) {
    if model.table_name().is_none() {
        cx.error_spanned_by(
            model.ident,
            "the crate's name is unknown outside Cargo: say the model's app with `#[model(app = \"...\")]`",
        );
    }
    check_primary_key(cx, model);
    check_names(cx, model);
    for field in &model.fields {
        if check_type(cx, field.ty) {
            check_sql_type(cx, field);
        }
        behaviours::check(cx, field);
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
        match (attrs.max_digits.is_set(), attrs.decimal_places.is_set()) {
            (true, true) => {
                if let (Some(digits), Some(places)) = (attrs.max_digits.get(), attrs.decimal_places.get()) {
                    if places > digits {
                        cx.error_spanned_by(
                            attrs.decimal_places.tokens(),
                            format!(
                                "`decimal_places = {places}` cannot exceed `max_digits = {digits}`: \
                                 the decimal places count among the digits"
                            ),
                        );
                    }
                }
            }
            (true, false) => cx.error_spanned_by(
                attrs.max_digits.tokens(),
                "`max_digits` needs `decimal_places` too, as in `#[field(max_digits = 6, decimal_places = 2)]`",
            ),
            (false, true) => cx.error_spanned_by(
                attrs.decimal_places.tokens(),
                "`decimal_places` needs `max_digits` too, as in `#[field(max_digits = 6, decimal_places = 2)]`",
            ),
            (false, false) => {}
        }
        match (attrs.foreign_key.is_set(), attrs.on_delete.is_set()) {
            (true, false) => cx.error_spanned_by(
                attrs.foreign_key.tokens(),
                "a `foreign_key` needs an `on_delete`: add `on_delete = \"cascade\"` \
                 (or \"protect\", \"restrict\", \"set_null\")",
            ),
            (false, true) => cx.error_spanned_by(
                attrs.on_delete.tokens(),
                "`on_delete` applies to a `foreign_key` field: add `foreign_key = Model`, or remove `on_delete`",
            ),
            _ => {}
        }
    }
    check_groups(cx, model);
    check_renames(cx, model);
    relations::check(cx, model);
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
    // An INSERT needs a column: a field of `New…`, or a timestamp set on insert.
    let inserts_nothing =
        model.insertable_fields().next().is_none() && model.auto_now_fields().next().is_none();
    if inserts_nothing && !model.fields.is_empty() {
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
                        "`{}` already has a primary key, `{}`; a model has exactly one \
                         (to make fields unique together, use `#[model(unique_together = [...])]`)",
                        model.ident, first.ident
                    ),
                );
            }
        }
    }
}

/// Whether a field so named would clash with a name the table module defines.
pub fn clashes_with_table_module(model: &Model, field: &syn::Ident) -> bool {
    let name = field.to_string();
    model.module() == name || RESERVED.contains(&name.as_str())
}

fn check_names(cx: &Ctxt, model: &Model) {
    let module = model.module().to_string();
    let mut columns: HashMap<String, &syn::Ident> = HashMap::new();
    for field in &model.fields {
        let name = field.ident.to_string();
        if clashes_with_table_module(model, field.ident) {
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
            let message = format!(
                "column `{column}` is already used by field `{previous}`; give this field another `column`"
            );
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
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                let hint = closest(&name.value(), &known)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                cx.error_spanned_by(
                    name,
                    format!(
                        "`{}` has no field `{}`{hint}\nits fields are: {}",
                        model.ident,
                        name.value(),
                        quoted_list(&known)
                    ),
                );
            }
        }
    }
}

/// A `renamed_from` must name what the model or field was called before: its
/// current name, or another field's, would make makemigrations see no rename.
fn check_renames(cx: &Ctxt, model: &Model) {
    if let Some(old) = model.attrs.renamed_from.get() {
        if model.ident == old.value().as_str() {
            cx.error_spanned_by(
                old,
                format!(
                    "`renamed_from` names the model's previous name, not `{}` itself",
                    model.ident
                ),
            );
        }
    }
    for field in &model.fields {
        let Some(old) = field.attrs.renamed_from.get() else {
            continue;
        };
        let old_name = old.value();
        if field.ident == old_name.as_str() {
            cx.error_spanned_by(
                old,
                format!(
                    "`renamed_from` names the field's previous name, not `{}` itself",
                    field.ident
                ),
            );
        } else if model.fields.iter().any(|f| f.ident == old_name.as_str()) {
            cx.error_spanned_by(
                old,
                format!(
                    "`{}` still has a field `{old_name}`, so `{}` cannot have been renamed from it",
                    model.ident, field.ident
                ),
            );
        }
    }
}

/// Built-in types no model field can have, with the type to use instead.
/// `FieldType` cannot be implemented for them outside the runtime (the
/// orphan rule), so their spelling alone settles it; catching them here
/// spares the user the trait errors every use of the column would raise.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("u8", "SQL has no unsigned integers; use `i16`"),
    ("u16", "SQL has no unsigned integers; use `i32`"),
    ("u32", "SQL has no unsigned integers; use `i64`"),
    (
        "u64",
        "SQL has no unsigned integers; use `i64`, or `Decimal` for larger values",
    ),
    (
        "u128",
        "SQL has no unsigned integers; use `i64`, or `Decimal` for larger values",
    ),
    ("usize", "SQL has no unsigned integers; use `i64`"),
    ("isize", "use `i64`"),
    ("i8", "the smallest SQL integer is `i16`"),
    (
        "i128",
        "the largest SQL integer is `i64`; use `Decimal` for larger values",
    ),
    ("char", "use a `String` with `#[field(max_length = 1)]`"),
];

/// Rejects the built-in types that can never be fields, inside an `Option`
/// too. Every other type is left to the `FieldType` trait, so aliases and
/// user types keep working.
/// Refuses the types no field may have; `false` when it did.
fn check_type(cx: &Ctxt, ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(reference) => {
            let elem = &reference.elem;
            let owned = match elem.to_token_stream().to_string().replace(' ', "").as_str() {
                "str" => "String".to_owned(),
                "[u8]" => "Vec<u8>".to_owned(),
                other => other.to_owned(),
            };
            cx.error_spanned_by(
                ty,
                format!("a model field cannot be a reference: a row owns its values; use `{owned}`"),
            );
            false
        }
        syn::Type::Path(path) if path.qself.is_none() => {
            if let Some(inner) = crate::sql_type::option_inner(ty) {
                check_type(cx, inner)
            } else if let Some(ident) = path.path.get_ident() {
                match UNSUPPORTED.iter().find(|(name, _)| ident == name) {
                    Some((name, instead)) => {
                        cx.error_spanned_by(ty, format!("`{name}` cannot be a model field: {instead}"));
                        false
                    }
                    None => true,
                }
            } else {
                true
            }
        }
        _ => true,
    }
}

/// `table!` needs each column's SQL type by name: told from the field's
/// type, or said with `sql_type`.
fn check_sql_type(cx: &Ctxt, field: &crate::ast::Field) {
    let names = quoted_list(crate::sql_type::SQL_TYPE_NAMES);
    match crate::sql_type::column_sql_type(field.ty, field.attrs.sql_type.get()) {
        Ok(_) => {}
        Err(Unknown::Type(ty)) => cx.error_spanned_by(
            ty,
            format!(
                "the SQL type of `{}` cannot be told from its name: say it with `#[field(sql_type = Text)]`, \
                 one of {names}, or a path from the crate root",
                ty.to_token_stream().to_string().replace(' ', "")
            ),
        ),
        Err(Unknown::Name(path)) => cx.error_spanned_by(
            path,
            format!(
                "`{}` is not a SQL type the derive knows: write one of {names}, or a path from the crate root \
                 (`crate::...`)",
                path.to_token_stream().to_string().replace(' ', "")
            ),
        ),
    }
}
