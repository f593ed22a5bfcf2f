//! `impl Model`, the inherent CRUD methods, and the model's registration.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::field_values::{field_value_arms, set_value_arms};
use super::{auto_now, backend_ops, new_struct, runtime_path, schema, validate};
use crate::ast::Model;

pub fn expand(model: &Model) -> TokenStream {
    let rt = runtime_path();
    let ident = model.ident;
    let name = ident.to_string();
    let module = model.module();
    let new = model.new_ident();
    let app = model.app();
    let table = model.table();
    let key = model.primary_key().expect("checked: one primary key");
    let (key_ident, key_ty) = (key.ident, key.ty);
    let key_column = key.column_name();
    let schema = schema::expand(model);
    let ops = backend_ops::expand(model);
    let value_arms = field_value_arms(model.fields.iter());
    let set_arms = set_value_arms(model);
    let validate = validate::body(model, model.fields.iter());
    let new_model_impl = new_struct::new_model_impl(model);
    let inherent = inherent_methods(model, key_ty);
    let pre_save = auto_now::pre_save(model);
    let reverse_accessors = model.fields.iter().filter_map(|field| {
        let accessor = crate::ast::unraw(&field.reverse_accessor(model)?);
        let field = crate::ast::unraw(field.ident);
        Some(quote!((#field, #accessor)))
    });

    quote! {
        impl #rt::Model for #ident {
            type Table = #module::table;
            type New = #new;
            type PrimaryKey = #key_ty;

            const APP: &'static str = #app;
            const NAME: &'static str = #name;
            const TABLE: &'static str = #table;
            const PK_COLUMN: &'static str = #key_column;

            #ops

            fn schema() -> &'static #rt::schema::ModelSchema {
                static SCHEMA: #rt::schema::ModelSchema = #schema;
                &SCHEMA
            }

            fn primary_key(&self) -> &#key_ty {
                &self.#key_ident
            }

            // `#[inline]`: compiled in the crates that call it, not in every
            // crate declaring models (the admin and the shell use the
            // registry's own code, driven by the schema).
            #[inline]
            fn field_value(&self, name: &str) -> ::core::option::Option<#rt::Value> {
                match name {
                    #(#value_arms)*
                    _ => ::core::option::Option::None,
                }
            }

            #[inline]
            fn set_field_value(&mut self, name: &str, value: #rt::Value) -> #rt::Result<()> {
                match name {
                    #(#set_arms)*
                    _ => ::core::result::Result::Err(#rt::__private::unknown_field(#name, name)),
                }
            }

            #[inline]
            fn validate(&self) -> #rt::Result<()> {
                #validate
            }

            #pre_save
        }

        #new_model_impl

        #inherent

        #rt::__private::inventory::submit! {
            #rt::registry::Registration {
                model: &#rt::dynamic::ModelHandle::<#ident>::NEW,
                crate_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                reverse_accessors: &[#(#reverse_accessors),*],
            }
        }
    }
}

/// The CRUD methods as inherent methods, usable without the trait in scope:
/// for the model, and for the stand-in of a model that failed to derive.
pub fn inherent_methods(model: &Model, key_ty: impl ToTokens) -> TokenStream {
    let rt = runtime_path();
    let save = auto_now::inherent_save(model);
    let ident = model.ident;
    let new = model.new_ident();
    quote! {
        #[allow(dead_code)]
        impl #ident {
            /// A query set of every row, to filter, order, slice and run: Django's `objects`.
            pub fn objects<'__query, __DB>() -> #rt::QuerySet<'__query, Self, __DB>
            where
                __DB: #rt::__private::diesel::backend::Backend,
            {
                #rt::QuerySet::new()
            }

            /// Validates `new`, inserts it, and returns the row as stored, key and timestamps included.
            pub fn create<C>(conn: &mut C, new: #new) -> #rt::Result<Self>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                <Self as #rt::Model>::create(conn, new)
            }

            /// The row with this primary key, or `Error::NotFound`.
            pub fn get<C>(conn: &mut C, pk: #key_ty) -> #rt::Result<Self>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                <Self as #rt::Model>::get(conn, pk)
            }

            /// Every row, in primary key order.
            pub fn all<C>(conn: &mut C) -> #rt::Result<::std::vec::Vec<Self>>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                <Self as #rt::Model>::all(conn)
            }

            /// The number of rows.
            pub fn count<C>(conn: &mut C) -> #rt::Result<i64>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                <Self as #rt::Model>::count(conn)
            }

            #save

            /// Deletes this row.
            pub fn delete<C>(&self, conn: &mut C) -> #rt::Result<()>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                <Self as #rt::Model>::delete(self, conn)
            }

            /// Validates and inserts many rows in one transaction: all of them or none.
            pub fn bulk_create<C>(conn: &mut C, rows: &[#new]) -> #rt::Result<usize>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                <Self as #rt::Model>::bulk_create(conn, rows)
            }

            /// `CREATE TABLE` and `CREATE INDEX` for this model on `backend`.
            #[inline]
            pub fn create_table_sql(backend: #rt::Backend) -> ::std::string::String {
                <Self as #rt::Model>::create_table_sql(backend)
            }

            /// Creates this model's table and indexes.
            pub fn create_table<C>(conn: &mut C) -> #rt::Result<()>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                <Self as #rt::Model>::create_table(conn)
            }
        }
    }
}
