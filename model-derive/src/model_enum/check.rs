//! Rules between the variants of a `ModelEnum`: one stored value each, and
//! a `value` only where the enum stores text.

use std::collections::HashMap;

use super::ast::{Enum, Stored};
use super::attr::Storage;
use crate::ctxt::Ctxt;

pub fn check(cx: &Ctxt, model_enum: &Enum) {
    let mut seen: HashMap<String, &syn::Ident> = HashMap::new();
    for variant in &model_enum.variants {
        if model_enum.storage == Storage::Integer {
            if let Some(value) = &variant.attrs.value {
                cx.error_spanned_by(
                    value,
                    format!(
                        "`value` gives a variant's text, but `{}` stores each variant as its \
                         discriminant (`#[model_enum(integer)]`): remove `value`",
                        model_enum.ident
                    ),
                );
            }
        }
        // Rust refuses two equal discriminants itself; text values are ours.
        let Stored::Text(text) = &variant.stored else {
            continue;
        };
        if let Some(first) = seen.insert(text.clone(), variant.ident) {
            let message = format!(
                "`{}` and `{first}` would both be stored as \"{text}\"; give one another `value`",
                variant.ident
            );
            match &variant.attrs.value {
                Some(value) => cx.error_spanned_by(value, message),
                None => cx.error_spanned_by(variant.ident, message),
            }
        }
    }
}
