//! The dynamic face's match arms over a model's fields, by name: reading a
//! field as a `Value` (the model and its `New…` struct) and setting one.

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime_path;
use crate::ast::{Field, Model};

/// The match patterns that name a field: its Rust name, and its column name
/// when that differs and names no other field.
fn patterns<'a>(fields: impl Iterator<Item = &'a Field<'a>> + Clone) -> Vec<TokenStream> {
    let field_names: Vec<String> = fields.clone().map(|f| f.ident.to_string()).collect();
    fields
        .map(|field| {
            let names = field
                .names()
                .into_iter()
                .enumerate()
                .filter(|(i, n)| *i == 0 || !field_names.contains(n))
                .map(|(_, n)| n);
            quote!(#(#names)|*)
        })
        .collect()
}

pub fn field_value_arms<'a>(fields: impl Iterator<Item = &'a Field<'a>> + Clone) -> Vec<TokenStream> {
    let rt = runtime_path();
    patterns(fields.clone())
        .into_iter()
        .zip(fields)
        .map(|(pattern, field)| {
            let name = field.ident;
            quote! {
                #pattern => ::core::option::Option::Some(#rt::FieldType::to_value(&self.#name)),
            }
        })
        .collect()
}

pub fn set_value_arms(model: &Model) -> Vec<TokenStream> {
    let rt = runtime_path();
    let model_name = model.ident.to_string();
    patterns(model.fields.iter())
        .into_iter()
        .zip(&model.fields)
        .map(|(pattern, field)| {
            let (name, ty) = (field.ident, field.ty);
            let field_name = name.to_string();
            quote! {
                #pattern => {
                    self.#name = #rt::__private::field_from_value::<#ty>(
                        #model_name,
                        #field_name,
                        ::core::option::Option::Some(value),
                    )?;
                    ::core::result::Result::Ok(())
                }
            }
        })
        .collect()
}
