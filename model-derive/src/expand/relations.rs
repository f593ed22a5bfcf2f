//! The accessors of each foreign key: `menu.category(&mut conn)` with the
//! constant `Menu::CATEGORY`, and on the target `category.menus(&mut conn)`
//! with `Category::MENUS`.

use proc_macro2::TokenStream;
use quote::quote;

use super::self_to_model;
use super::ty_span_of;
use super::{respan, runtime_path};
use crate::ast::{constant_ident, unraw, Field, Model};

pub fn expand(model: &Model) -> TokenStream {
    model
        .fields
        .iter()
        .filter(|f| f.attrs.foreign_key.is_set())
        .map(|field| foreign_key(model, field))
        .collect()
}

fn foreign_key(model: &Model, field: &Field) -> TokenStream {
    let rt = runtime_path();
    let Some(target) = field.attrs.foreign_key.get() else {
        return TokenStream::new();
    };
    // Named as written in the docs, through its alias in the code.
    let target_name = self_to_model(target, model).to_string().replace(' ', "");
    let target = respan(super::targets::name(target, model), ty_span_of(target));
    let (ident, module, column, ty) = (model.ident, model.module(), field.ident, field.ty);
    let accessor = field.accessor();
    let constant = constant_ident(&accessor);
    let reverse = field.reverse_accessor(model);
    let field_name = unraw(column);
    let reverse_name = reverse.as_ref().map(unraw).unwrap_or_default();
    let relation = quote!(#rt::relations::ForeignKey<#ident, #target, #module::#column>);
    let constant_doc = format!(
        "The foreign key `{field_name}` to `{target_name}`, for `select_related` and for filters across it \
         (`{ident}::{constant}.matching(...)`)."
    );
    let accessor_doc = format!(
        "The `{target_name}` that `{field_name}` points at (`None` for a `NULL` key): Django's `{}.{}`.",
        snake(model),
        unraw(&accessor)
    );
    // Spanned on the attribute's target: a target that is not a model, or
    // a key of the wrong type for it, is reported there.
    let target_span = field
        .attrs
        .foreign_key
        .get()
        .map_or_else(proc_macro2::Span::call_site, ty_span_of);
    let parent_call = respan(quote!(<#ident>::#constant.parent(self, conn)), target_span);
    let forward = quote! {
        impl #ident {
            #[doc = #constant_doc]
            pub const #constant: #relation =
                #rt::relations::ForeignKey::new(|row: &#ident| &row.#column, #field_name, #reverse_name);

            #[doc = #accessor_doc]
            pub fn #accessor<C>(
                &self,
                conn: &mut C,
            ) -> #rt::Result<<#ty as #rt::relations::RelatedKey>::Parent<#target>>
            where
                C: #rt::DbConnection + ?::core::marker::Sized,
            {
                #parent_call
            }
        }
    };
    let Some(reverse) = reverse else {
        return forward;
    };
    let reverse_constant = constant_ident(&reverse);
    let reverse_relation = quote!(#rt::relations::ReverseForeignKey<#target, #ident, #module::#column>);
    let reverse_constant_doc = format!(
        "The `{ident}` rows pointing at a `{target_name}` through `{field_name}`, for `prefetch_related` \
         and for filters across it (`{target_name}::{reverse_constant}.matching(...)`)."
    );
    let reverse_doc = format!(
        "The `{ident}` rows whose `{field_name}` points at this `{target_name}`, in primary key order: \
         Django's `{}_set.all()`.",
        snake(model)
    );
    quote! {
        #forward

        impl #target {
            #[doc = #reverse_constant_doc]
            pub const #reverse_constant: #reverse_relation = <#ident>::#constant.reverse();

            #[doc = #reverse_doc]
            pub fn #reverse<C>(&self, conn: &mut C) -> #rt::Result<::std::vec::Vec<#ident>>
            where
                #reverse_relation: #rt::relations::LoadChildren<C, Parent = #target, Child = #ident>,
            {
                <#ident>::#constant.reverse().children(self, conn)
            }
        }
    }
}

/// The model's name as Django spells an instance: `menu` for `Menu`.
fn snake(model: &Model) -> String {
    crate::case::snake_case(&model.ident.to_string())
}
