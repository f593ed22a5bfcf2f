//! The Diesel table module (`menu::table`, `menu::title`, ...), written by
//! Diesel's own `table!`, so the table follows Diesel's releases, and next
//! to it the field behind each column.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::Ident;

use super::{diesel_path, runtime_path};
use crate::ast::Model;
use crate::sql_type::column_sql_type;

/// One column of the table module.
pub struct Column<'a> {
    /// The column's name in the module: the field's.
    pub ident: &'a Ident,
    /// The field's type.
    pub ty: TokenStream,
    /// The column's name in the database.
    pub sql_name: String,
    /// The column's Diesel SQL type, named from the root.
    pub sql_type: TokenStream,
}

pub fn expand(model: &Model) -> TokenStream {
    let columns: Vec<Column> = model
        .fields
        .iter()
        .map(|field| Column {
            ident: field.ident,
            ty: field.ty.to_token_stream(),
            sql_name: field.column_name(),
            // `check` refused the model when a type cannot be told.
            sql_type: column_sql_type(field.ty, field.attrs.sql_type.get()).unwrap_or_default(),
        })
        .collect();
    declare(model, model.primary_key().map(|f| f.ident), &columns)
}

/// The table module with these columns, and the field behind each: for
/// the model, and for the stand-in of a model that failed to derive.
pub fn declare(model: &Model, key: Option<&Ident>, columns: &[Column]) -> TokenStream {
    let module = model.module();
    let rt = runtime_path();
    let column_fields = columns.iter().map(|column| {
        let (ident, ty) = (column.ident, &column.ty);
        quote! {
            impl #rt::__private::ColumnField for #module::#ident {
                type Field = #ty;
            }
        }
    });
    let table = table_macro(model, key, columns);
    quote! {
        #table
        #[doc(hidden)]
        const _: () = {
            #(#column_fields)*
        };
    }
}

/// `diesel::table! { ... }`, each column's SQL type named from the root
/// (checked against the field's `FieldType` in `assertions`), so the module
/// names nothing of the scope around it and a model declared inside a
/// function body works too.
fn table_macro(model: &Model, key: Option<&Ident>, columns: &[Column]) -> TokenStream {
    let d = diesel_path();
    let module = model.module();
    let ident = model.ident;
    let table_name = model.table_name().unwrap_or_default();
    let key = key.into_iter();
    let columns = columns.iter().map(|column| {
        let (ident, sql_name, sql_type) = (column.ident, &column.sql_name, &column.sql_type);
        let doc = format!("The `{sql_name}` column.");
        quote! {
            #[doc = #doc]
            #[sql_name = #sql_name]
            #ident -> #sql_type,
        }
    });
    let doc = format!("The Diesel table of `{ident}`: the table, its columns, and its DSL.");
    quote! {
        #d::table! {
            #[doc = #doc]
            #[sql_name = #table_name]
            #module (#(#key)*) {
                #(#columns)*
            }
        }
    }
}
