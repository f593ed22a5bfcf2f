//! What a model that failed to derive still gives the rest of the crate,
//! beside its errors: a stand-in with the model's names and no behaviour.
//!
//! Other models point at it (foreign keys, many-to-many, joins) and user
//! code names it (`Customer::get`, `NewCustomer`, `customer::table`); with
//! only `compile_error!`s, each of those would be an error of its own, and
//! one typo would read as a dozen. So the stand-in declares the table
//! module, the `New…` struct and the traits those uses need, from whatever
//! parsed, with bodies that never run: the crate does not build anyway.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::{DeriveInput, Ident};

use crate::ast::Model;
use crate::check::{self, clashes_with_table_module, MAX_FIELDS};
use crate::ctxt::{into_compile_errors, Ctxt};
use crate::expand::table::Column;
use crate::expand::{
    backend_ops, diesel_impls, diesel_path, model_impl, new_struct, relations, runtime_path, table, targets,
};
use crate::sql_type::{column_sql_type, option_inner};

/// The errors, and the stand-in when the struct could be read as a model.
pub fn expand(input: &DeriveInput, errors: Vec<syn::Error>) -> TokenStream {
    let errors = into_compile_errors(errors);
    // Read again for what did parse; what did not is already reported.
    let cx = Ctxt::default();
    let model = Model::from_ast(&cx, input);
    let _ = cx.check();
    // A generic struct, an enum or a tuple struct has no columns to stand in for.
    let Some(model) = model else {
        return errors;
    };
    let stand_in = stand_in(input, &model);
    quote! {
        #errors
        #stand_in
    }
}

/// The primary key the stand-in declares.
struct Key {
    ident: Ident,
    ty: TokenStream,
    sql_name: String,
    sql_type: TokenStream,
}

/// The model's key field, without an `Option` it may wrongly have; else a
/// field named `id`; else an `id: i64` of the stand-in's own, Django's
/// default key. Only a field whose column type can be told qualifies.
fn key(model: &Model) -> Key {
    let keys = model.fields.iter().filter(|f| f.is_primary_key());
    let ids = model.fields.iter().filter(|f| *f.ident == "id");
    for field in keys.chain(ids) {
        let ty = option_inner(field.ty).unwrap_or(field.ty);
        let sql_type = column_sql_type(ty, field.attrs.sql_type.get());
        if let (Ok(sql_type), false) = (sql_type, clashes_with_table_module(model, field.ident)) {
            return Key {
                ident: field.ident.clone(),
                ty: ty.to_token_stream(),
                sql_name: field.column_name(),
                sql_type,
            };
        }
    }
    let d = diesel_path();
    let taken = model.fields.iter().any(|f| *f.ident == "id");
    let name = if taken { "__key" } else { "id" };
    Key {
        ident: Ident::new(name, Span::call_site()),
        ty: quote!(::core::primitive::i64),
        sql_name: name.to_owned(),
        sql_type: quote!(#d::sql_types::BigInt),
    }
}

/// The key, then every other field `table!` can declare, up to Diesel's limit.
fn columns<'a>(model: &'a Model<'a>, key: &'a Key) -> Vec<Column<'a>> {
    let key_column = Column {
        ident: &key.ident,
        ty: key.ty.clone(),
        sql_name: key.sql_name.clone(),
        sql_type: key.sql_type.clone(),
    };
    let others = model
        .fields
        .iter()
        .filter(|f| *f.ident != key.ident && !clashes_with_table_module(model, f.ident))
        .filter_map(|f| {
            let sql_type = column_sql_type(f.ty, f.attrs.sql_type.get()).ok()?;
            Some(Column {
                ident: f.ident,
                ty: f.ty.to_token_stream(),
                sql_name: f.column_name(),
                sql_type,
            })
        });
    std::iter::once(key_column)
        .chain(others)
        .take(MAX_FIELDS)
        .collect()
}

fn stand_in(input: &DeriveInput, model: &Model) -> TokenStream {
    let key = key(model);
    let columns = columns(model, &key);
    let table = table::declare(model, Some(&key.ident), &columns);
    let new_struct = new_struct::expand(model);
    let model_traits = model_traits(model, &key);
    let diesel_traits = diesel_traits(model, &key, &columns);
    let inherent = model_impl::inherent_methods(model, &key.ty);
    let foreign_keys = foreign_keys(input, &columns);
    quote! {
        #table
        #new_struct
        #[doc(hidden)]
        const _: () = {
            #model_traits
            #diesel_traits
            #inherent
            #foreign_keys
        };
    }
}

/// What the model's own foreign keys add, as the model would have them:
/// its accessors (`order.customer(..)`), the target's reverse accessors
/// (`customer.orders(..)`) and the joins between the two tables. Only for
/// the keys whose column the stand-in declares, and only when the
/// accessors' names clash with nothing, which would be errors of their own.
fn foreign_keys(input: &DeriveInput, columns: &[Column]) -> TokenStream {
    // A copy of the model to keep only those keys in; its errors are reported.
    let parse = Ctxt::default();
    let Some(mut model) = Model::from_ast(&parse, input) else {
        return TokenStream::new();
    };
    let _ = parse.check();
    let rules = Ctxt::default();
    check::relations::check(&rules, &model);
    if rules.check().is_err() {
        return TokenStream::new();
    }
    model
        .fields
        .retain(|f| f.attrs.foreign_key.is_set() && columns.iter().any(|c| c.ident == f.ident));
    let targets = targets::aliases(&model);
    let accessors = relations::expand(&model);
    let joins = diesel_impls::relations(&model);
    quote! {
        #targets
        #accessors
        #joins
    }
}

/// `Model` and `NewModel`, which foreign keys, many-to-many relations and
/// joins to the model require of it.
fn model_traits(model: &Model, key: &Key) -> TokenStream {
    let rt = runtime_path();
    let ident = model.ident;
    let name = ident.to_string();
    let (module, new) = (model.module(), model.new_ident());
    let (app, table) = (model.app(), model.table());
    let (key_ty, key_column) = (&key.ty, &key.sql_name);
    let backend_stubs = backend_ops::stubs(model);
    quote! {
        #[automatically_derived]
        impl #rt::Model for #ident {
            type Table = #module::table;
            type New = #new;
            type PrimaryKey = #key_ty;

            const APP: &'static str = #app;
            const NAME: &'static str = #name;
            const TABLE: &'static str = #table;
            const PK_COLUMN: &'static str = #key_column;

            #backend_stubs

            fn schema() -> &'static #rt::schema::ModelSchema {
                ::core::unreachable!()
            }

            fn primary_key(&self) -> &#key_ty {
                ::core::unreachable!()
            }

            fn field_value(&self, _: &str) -> ::core::option::Option<#rt::Value> {
                ::core::unreachable!()
            }

            fn set_field_value(&mut self, _: &str, _: #rt::Value) -> #rt::Result<()> {
                ::core::unreachable!()
            }

            fn validate(&self) -> #rt::Result<()> {
                ::core::unreachable!()
            }
        }

        #[automatically_derived]
        impl #rt::NewModel for #new {
            type Model = #ident;

            fn from_values(_: ::std::vec::Vec<#rt::Value>) -> #rt::Result<Self> {
                ::core::unreachable!()
            }

            fn field_value(&self, _: &str) -> ::core::option::Option<#rt::Value> {
                ::core::unreachable!()
            }

            fn validate(&self) -> #rt::Result<()> {
                ::core::unreachable!()
            }
        }
    }
}

/// Diesel's traits for loading rows of the stand-in's columns and for
/// `belonging_to`: what user code asks of the model through Diesel.
fn diesel_traits(model: &Model, key: &Key, columns: &[Column]) -> TokenStream {
    let d = diesel_path();
    let rt = runtime_path();
    let (ident, module) = (model.ident, model.module());
    let key_ty = &key.ty;
    let names: Vec<_> = columns.iter().map(|c| c.ident).collect();
    let loads: Vec<_> = columns
        .iter()
        .map(|c| {
            let ty = &c.ty;
            quote!(<#ty as #rt::FieldType>::Load)
        })
        .collect();
    let sql_params: Vec<_> = (0..columns.len())
        .map(|i| quote::format_ident!("__ST{}", i))
        .collect();
    quote! {
        #[automatically_derived]
        impl<__DB, #(#sql_params),*> #d::deserialize::Queryable<(#(#sql_params,)*), __DB> for #ident
        where
            __DB: #d::backend::Backend,
            (#(#loads,)*): #d::deserialize::FromStaticSqlRow<(#(#sql_params,)*), __DB>,
        {
            type Row = (#(#loads,)*);

            fn build(_: Self::Row) -> #d::deserialize::Result<Self> {
                ::core::unreachable!()
            }
        }

        #[automatically_derived]
        impl<__DB: #d::backend::Backend> #d::Selectable<__DB> for #ident {
            type SelectExpression = (#(#module::#names,)*);

            fn construct_selection() -> Self::SelectExpression {
                (#(#module::#names,)*)
            }
        }

        #[automatically_derived]
        impl #d::associations::HasTable for #ident {
            type Table = #module::table;

            fn table() -> Self::Table {
                #module::table
            }
        }

        #[automatically_derived]
        impl<'ident> #d::associations::Identifiable for &'ident #ident {
            type Id = &'ident #key_ty;

            fn id(self) -> Self::Id {
                ::core::unreachable!()
            }
        }
    }
}
