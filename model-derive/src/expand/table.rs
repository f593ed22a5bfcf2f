//! The Diesel table module (`menu::table`, `menu::title`, ...), written by
//! Diesel's own `table!`, so the table follows Diesel's releases, and next
//! to it the field behind each column.

use proc_macro2::TokenStream;
use quote::quote;

use super::{diesel_path, runtime_path};
use crate::ast::Model;
use crate::sql_type::column_sql_type;

pub fn expand(model: &Model) -> TokenStream {
    let module = model.module();
    let rt = runtime_path();
    let column_fields = model.fields.iter().map(|field| {
        let (column, ty) = (field.ident, field.ty);
        quote! {
            impl #rt::__private::ColumnField for #module::#column {
                type Field = #ty;
            }
        }
    });
    let table = table_macro(model);
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
fn table_macro(model: &Model) -> TokenStream {
    let d = diesel_path();
    let module = model.module();
    let ident = model.ident;
    let table_name = model.table_name().unwrap_or_default();
    let key = model.primary_key().map(|f| f.ident).into_iter();
    let columns = model.fields.iter().map(|field| {
        let column = field.ident;
        let sql_name = field.column_name();
        // `check` refused the model when a type cannot be told.
        let sql_type = column_sql_type(field.ty, field.attrs.sql_type.get()).unwrap_or_default();
        let doc = format!("The `{sql_name}` column.");
        quote! {
            #[doc = #doc]
            #[sql_name = #sql_name]
            #column -> #sql_type,
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
