//! `auto_now` and `auto_now_add`: the timestamps the runtime sets. Both are
//! written with the current time by every INSERT of the `New…` struct,
//! which does not hold them; `auto_now` fields also by every save, which
//! sets them on the row first (so the inherent `save` takes `&mut self`).

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::{diesel_path, respan, runtime_path};
use crate::ast::{Field, Model};

/// `column = now` for each timestamp set on insert: the SQL types of the
/// `Insertable` tuple, and its values.
pub fn insert_values(model: &Model) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let d = diesel_path();
    let rt = runtime_path();
    let bound = quote!(#rt::expression::Bind);
    let module = model.module();
    model
        .auto_now_fields()
        .map(|f| {
            let (column, ty) = (f.ident, f.ty);
            let sql_type = quote!(<#ty as #rt::FieldType>::SqlType);
            let now = now(f);
            (
                quote!(#d::dsl::Eq<#module::#column, #bound<#sql_type, #ty>>),
                quote!(#d::ExpressionMethods::eq(#module::#column, #bound::new(#now))),
            )
        })
        .unzip()
}

/// The current time as the field holds it; a type that cannot is reported
/// on the attribute.
fn now(field: &Field) -> TokenStream {
    let rt = runtime_path();
    let span = field.auto_now_span().unwrap_or_else(proc_macro2::Span::call_site);
    let ty = respan(field.ty.to_token_stream(), span);
    quote!(<#ty as #rt::field::AutoNow>::now())
}

/// `pre_save`, in the `Model` impl of a model with `auto_now` fields.
pub fn pre_save(model: &Model) -> TokenStream {
    if model.saved_now_fields().next().is_none() {
        return TokenStream::new();
    }
    let touched = model.saved_now_fields().map(|f| {
        let (name, now) = (f.ident, now(f));
        quote!(self.#name = #now;)
    });
    quote! {
        fn pre_save(&mut self) {
            #(#touched)*
        }
    }
}

/// The inherent `save`: `&mut self` when it sets `auto_now` fields on the row.
pub fn inherent_save(model: &Model) -> TokenStream {
    let rt = runtime_path();
    if model.saved_now_fields().next().is_none() {
        return quote! {
            /// Validates this row and writes every field back to its table.
            pub fn save<C>(&self, conn: &mut C) -> #rt::Result<()>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                #rt::__private::save_as_is(conn, self)
            }
        };
    }
    let fields: Vec<String> = model
        .saved_now_fields()
        .map(|f| format!("`{}`", f.ident))
        .collect();
    let doc = format!(
        "Sets {} to the current time, validates this row and writes every field back to its table.",
        fields.join(", ")
    );
    quote! {
        #[doc = #doc]
        pub fn save<C>(&mut self, conn: &mut C) -> #rt::Result<()>
        where
            C: #rt::DbConnection + ?::core::marker::Sized,
        {
            <Self as #rt::Model>::save(self, conn)
        }
    }
}
