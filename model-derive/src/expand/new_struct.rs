//! The insertable `New…` struct and its `NewModel` implementation.

use proc_macro2::TokenStream;
use quote::quote;

use super::field_values::field_value_arms;
use super::runtime_path;
use super::validate;
use crate::ast::Model;

pub fn expand(model: &Model) -> TokenStream {
    let vis = model.vis;
    let ident = model.ident;
    let new = model.new_ident();
    let doc = format!(
        "A new [`{ident}`] row, without its auto-increment key: insert it with \
         [`{ident}::create`] or [`{ident}::bulk_create`]."
    );
    let fields = model.insertable_fields().map(|field| {
        let name = field.ident;
        let ty = field.ty;
        let docs = &field.docs;
        if docs.is_empty() {
            let doc = format!("The new row's `{name}`.");
            quote!(#[doc = #doc] pub #name: #ty)
        } else {
            quote!(#(#docs)* pub #name: #ty)
        }
    });
    // A through table the derive creates is named as Django names it,
    // `Booking_menus`, and so is its `New…` struct.
    let allow = ident
        .to_string()
        .contains('_')
        .then(|| quote!(#[allow(non_camel_case_types)]));
    quote! {
        #[doc = #doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        #allow
        #vis struct #new {
            #(#fields,)*
        }
    }
}

/// `impl NewModel for NewMenu`, emitted with the model's other impls.
pub fn new_model_impl(model: &Model) -> TokenStream {
    let rt = runtime_path();
    let ident = model.ident;
    let name = ident.to_string();
    let new = model.new_ident();
    let from_values = model.insertable_fields().map(|field| {
        let (field_ident, ty) = (field.ident, field.ty);
        let field_name = field_ident.to_string();
        quote! {
            #field_ident: #rt::__private::field_from_value::<#ty>(#name, #field_name, values.next())?
        }
    });
    let value_arms = field_value_arms(model.insertable_fields());
    let validate = validate::body(model, model.insertable_fields());
    quote! {
        impl #rt::NewModel for #new {
            type Model = #ident;

            fn from_values(values: ::std::vec::Vec<#rt::Value>) -> #rt::Result<Self> {
                let mut values = values.into_iter();
                ::core::result::Result::Ok(#new { #(#from_values,)* })
            }

            // Compiled where called: the registry reads a new row's
            // values itself (`from_values` and `validate` it does call).
            #[inline]
            fn field_value(&self, name: &str) -> ::core::option::Option<#rt::Value> {
                match name {
                    #(#value_arms)*
                    _ => ::core::option::Option::None,
                }
            }

            fn validate(&self) -> #rt::Result<()> {
                #validate
            }
        }
    }
}
