//! The `ModelSchema` value: the model as the runtime's SQL renderers see it.

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime_path;
use crate::ast::{Field, Model};
use crate::attr::DefaultLit;

pub fn expand(model: &Model) -> TokenStream {
    let rt = runtime_path();
    let s = quote!(#rt::schema);
    let ident = model.ident;
    let name = ident.to_string();
    let columns = model.fields.iter().map(|f| column(model, f));
    let unique = model
        .attrs
        .unique_together
        .get()
        .into_iter()
        .flatten()
        .map(|g| index(model, g, true));
    let plain = model
        .attrs
        .indexes
        .get()
        .into_iter()
        .flatten()
        .map(|g| index(model, g, false));
    let renamed_from = optional_name(model.attrs.renamed_from.get());
    quote! {
        #s::ModelSchema {
            app: #s::Name::Borrowed(<#ident as #rt::Model>::APP),
            name: #s::Name::Borrowed(#name),
            table: #s::Name::Borrowed(<#ident as #rt::Model>::TABLE),
            columns: #s::List::Borrowed(&[#(#columns),*]),
            indexes: #s::List::Borrowed(&[#(#unique,)* #(#plain,)*]),
            renamed_from: #renamed_from,
        }
    }
}

fn column(model: &Model, field: &Field) -> TokenStream {
    let rt = runtime_path();
    let s = quote!(#rt::schema);
    let ty = field.ty;
    let field_name = field.ident.to_string();
    let column_name = field.column_name();
    let option = |value: Option<&u32>| match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    };
    let max_length = option(field.attrs.max_length.get());
    let max_digits = option(field.attrs.max_digits.get());
    let decimal_places = option(field.attrs.decimal_places.get());
    let primary_key = field.is_primary_key();
    let auto_increment = field.is_auto_increment();
    let unique = field.attrs.unique.is_set();
    // Django indexes every foreign key unless it is already unique.
    let index = field.attrs.index.is_set() || (field.attrs.foreign_key.is_set() && !unique);
    let default = match field.attrs.default.get() {
        None => quote!(::core::option::Option::None),
        Some(DefaultLit::Int(v)) => quote!(::core::option::Option::Some(#s::DefaultValue::Int(#v))),
        Some(DefaultLit::Float(v)) => quote!(::core::option::Option::Some(#s::DefaultValue::Float(#v))),
        Some(DefaultLit::Bool(v)) => quote!(::core::option::Option::Some(#s::DefaultValue::Bool(#v))),
        Some(DefaultLit::Str(v)) => {
            quote!(::core::option::Option::Some(#s::DefaultValue::Text(#s::Name::Borrowed(#v))))
        }
    };
    let foreign_key = match (field.attrs.foreign_key.get(), field.attrs.on_delete.get()) {
        (Some(target), Some(on_delete)) => {
            let action = match on_delete.value().as_str() {
                "cascade" => quote!(Cascade),
                "protect" => quote!(Protect),
                "restrict" => quote!(Restrict),
                _ => quote!(SetNull),
            };
            // Spanned on the attribute: a target that is not a model is reported there.
            let target = super::respan(super::targets::name(target, model), super::ty_span_of(target));
            quote! {
                ::core::option::Option::Some(#s::ForeignKeyTarget {
                    app: #s::Name::Borrowed(<#target as #rt::Model>::APP),
                    model: #s::Name::Borrowed(<#target as #rt::Model>::NAME),
                    table: #s::Name::Borrowed(<#target as #rt::Model>::TABLE),
                    column: #s::Name::Borrowed(<#target as #rt::Model>::PK_COLUMN),
                    on_delete: #s::OnDelete::#action,
                })
            }
        }
        _ => quote!(::core::option::Option::None),
    };
    let renamed_from = optional_name(field.attrs.renamed_from.get());
    let auto_now = field.attrs.auto_now.is_set();
    let auto_now_add = field.attrs.auto_now_add.is_set();
    quote! {
        #s::Column {
            field: #s::Name::Borrowed(#field_name),
            name: #s::Name::Borrowed(#column_name),
            ty: <#ty as #rt::FieldType>::COLUMN_TYPE,
            nullable: <#ty as #rt::FieldType>::NULLABLE,
            max_length: #max_length,
            max_digits: #max_digits,
            decimal_places: #decimal_places,
            primary_key: #primary_key,
            auto_increment: #auto_increment,
            unique: #unique,
            index: #index,
            default: #default,
            auto_now_add: #auto_now_add,
            auto_now: #auto_now,
            foreign_key: #foreign_key,
            choices: #s::List::Borrowed(<#ty as #rt::FieldType>::CHOICES),
            renamed_from: #renamed_from,
        }
    }
}

/// `Some(Name::Borrowed("old"))` or `None`.
fn optional_name(name: Option<&syn::LitStr>) -> TokenStream {
    let rt = runtime_path();
    match name {
        Some(name) => quote!(::core::option::Option::Some(#rt::schema::Name::Borrowed(#name))),
        None => quote!(::core::option::Option::None),
    }
}

fn index(model: &Model, group: &[syn::LitStr], unique: bool) -> TokenStream {
    let rt = runtime_path();
    let s = quote!(#rt::schema);
    let columns = group.iter().map(|name| {
        let column = model
            .fields
            .iter()
            .find(|f| f.ident == name.value().as_str())
            .map_or_else(|| name.value(), |f| f.column_name());
        quote!(#s::Name::Borrowed(#column))
    });
    quote! {
        #s::Index {
            name: ::core::option::Option::None,
            columns: #s::List::Borrowed(&[#(#columns),*]),
            unique: #unique,
        }
    }
}
