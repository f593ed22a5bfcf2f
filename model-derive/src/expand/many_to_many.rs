//! Each `many_to_many(menus = Menu)`: the through model Django would create
//! (`Booking_menus`, table `<app>_booking_menus`, a model like any other,
//! so migrations create it), unless `through = Model` names one, and the
//! accessors `booking.menus()` / `Booking::MENUS` with their reverse
//! `menu.bookings()` / `Menu::BOOKINGS`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use super::self_to_model;
use super::ty_span_of;
use super::{respan, runtime_path};
use crate::ast::{constant_ident, unraw, Model};
use crate::attr::ManyToManyAttr;
use crate::case::snake_case;

/// Items that must be nameable: the through models the derive creates.
pub fn expand_items(model: &Model) -> TokenStream {
    model
        .attrs
        .many_to_many
        .iter()
        .filter(|m| m.through.is_none())
        .map(|relation| through_model(model, relation))
        .collect()
}

/// The accessors, emitted with the model's other impls.
pub fn expand_impls(model: &Model) -> TokenStream {
    model
        .attrs
        .many_to_many
        .iter()
        .map(|relation| accessors(model, relation))
        .collect()
}

/// The through model's two key fields: `booking_id` and `menu_id`, or
/// `from_person_id` and `to_person_id` when a model points at itself.
fn key_fields(model: &Model, relation: &ManyToManyAttr) -> (Ident, Ident) {
    let source = snake_case(&model.ident.to_string());
    let target = snake_case(&last_segment(&relation.target, model));
    if source == target {
        (format_ident!("from_{source}_id"), format_ident!("to_{target}_id"))
    } else {
        (format_ident!("{source}_id"), format_ident!("{target}_id"))
    }
}

/// The last name in a type's path: `Menu` for `crate::models::Menu`.
fn last_segment(ty: &syn::Type, model: &Model) -> String {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident("Self") => {
            model.ident.to_string()
        }
        syn::Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| s.ident.to_string()),
        _ => String::new(),
    }
}

/// `Booking_menus`, as Django names the model it creates.
fn through_ident(model: &Model, relation: &ManyToManyAttr) -> Ident {
    format_ident!(
        "{}_{}",
        model.ident,
        unraw(&relation.name),
        span = relation.name.span()
    )
}

/// The through model's type and its Diesel table module, as paths.
fn through_paths(model: &Model, relation: &ManyToManyAttr) -> (TokenStream, TokenStream) {
    match &relation.through {
        Some(through) => {
            let span = ty_span_of(through);
            let module = match through {
                syn::Type::Path(path) if path.qself.is_none() => {
                    let mut path = path.path.clone();
                    if let Some(last) = path.segments.last_mut() {
                        last.ident = Ident::new(&snake_case(&last.ident.to_string()), span);
                        last.arguments = syn::PathArguments::None;
                    }
                    quote!(#path)
                }
                other => quote!(#other),
            };
            (respan(quote!(#through), span), respan(module, span))
        }
        None => {
            let ident = through_ident(model, relation);
            let module = Ident::new(&snake_case(&ident.to_string()), ident.span());
            (quote!(#ident), quote!(#module))
        }
    }
}

fn through_model(model: &Model, relation: &ManyToManyAttr) -> TokenStream {
    let rt = runtime_path();
    let vis = model.vis;
    let source = model.ident;
    let target = respan(
        self_to_model(&relation.target, model),
        ty_span_of(&relation.target),
    );
    let ident = through_ident(model, relation);
    let (source_field, target_field) = key_fields(model, relation);
    let (source_name, target_name) = (source_field.to_string(), target_field.to_string());
    let location = match (model.attrs.table.get(), model.attrs.app.get()) {
        (Some(table), app) => {
            let table = syn::LitStr::new(
                &format!("{}_{}", table.value(), unraw(&relation.name)),
                table.span(),
            );
            let app = app.map(|app| quote!(app = #app,));
            quote!(#app table = #table,)
        }
        (None, Some(app)) => quote!(app = #app,),
        (None, None) => quote!(),
    };
    let doc = format!(
        "The through table of `{source}.{}`: one row per link between a `{source}` and a `{}`, \
         made by `#[model(many_to_many(...))]` as Django's `ManyToManyField` makes its own.",
        relation.name,
        last_segment(&relation.target, model)
    );
    let new = format_ident!("New{}", ident);
    let module = Ident::new(&snake_case(&ident.to_string()), ident.span());
    let source_key = quote!(<#source as #rt::Model>::PrimaryKey);
    let target_key = quote!(<#target as #rt::Model>::PrimaryKey);
    // `table!` needs each key column's SQL type by name, so each key field
    // has the key's type as written: the source's primary key field's own,
    // and the target's as `target_key` says, or Django's default `i64`;
    // the foreign key assertions check both against the models' keys.
    let source_pk = model.primary_key();
    let source_field_ty = source_pk
        .map(|pk| pk.ty)
        .map_or_else(|| source_key.clone(), |ty| quote!(#ty));
    let source_sql_attr = source_pk
        .and_then(|pk| pk.attrs.sql_type.get())
        .map(|path| quote!(#[field(sql_type = #path)]));
    let targets_self = *source == self_to_model(&relation.target, model).to_string();
    let (target_field_ty, target_sql_attr) = match (&relation.target_key, targets_self) {
        (Some(key), _) => (quote!(#key), None),
        (None, true) => (source_field_ty.clone(), source_sql_attr.clone()),
        (None, false) => (quote!(::core::primitive::i64), None),
    };
    quote! {
        #[doc = #doc]
        #[derive(#rt::Model, ::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        #[model(#location unique_together = [[#source_name, #target_name]])]
        #[allow(non_camel_case_types)]
        #vis struct #ident {
            /// The link's own key.
            #[field(primary_key)]
            pub id: i64,
            /// The source of the link.
            #[field(foreign_key = #source, on_delete = "cascade", related_name = "+")]
            #source_sql_attr
            pub #source_field: #source_field_ty,
            /// The target of the link.
            #[field(foreign_key = #target, on_delete = "cascade", related_name = "+")]
            #target_sql_attr
            pub #target_field: #target_field_ty,
        }

        #[doc(hidden)]
        const _: () = {
            impl #rt::relations::NewLink<#module::#source_field, #module::#target_field> for #new {
                type Source = #source_key;
                type Target = #target_key;

                fn new_link(source: #source_key, target: #target_key) -> Self {
                    #new { #source_field: source, #target_field: target }
                }
            }

            impl #rt::relations::NewLink<#module::#target_field, #module::#source_field> for #new {
                type Source = #target_key;
                type Target = #source_key;

                fn new_link(source: #target_key, target: #source_key) -> Self {
                    #new { #source_field: target, #target_field: source }
                }
            }
        };
    }
}

fn accessors(model: &Model, relation: &ManyToManyAttr) -> TokenStream {
    let rt = runtime_path();
    let source = model.ident;
    let target_span = ty_span_of(&relation.target);
    let target = respan(super::targets::name(&relation.target, model), target_span);
    let (through, module) = through_paths(model, relation);
    let (source_field, target_field) = key_fields(model, relation);
    let span = relation.through.as_ref().map_or_else(Span::call_site, ty_span_of);
    let (source_field, target_field) = (respan_ident(source_field, span), respan_ident(target_field, span));
    let name = &relation.name;
    let name_text = unraw(name);
    let constant = constant_ident(name);
    let target_name = last_segment(&relation.target, model);
    let relation_type = quote! {
        #rt::relations::ManyToMany<#source, #target, #through, #module::#source_field, #module::#target_field>
    };
    let manager_type = quote! {
        #rt::relations::ManyRelated<#source, #target, #through, #module::#source_field, #module::#target_field>
    };
    let constant_doc = format!(
        "The many-to-many relation `{name_text}` to `{target_name}`, for filters across it \
         (`{source}::{constant}.matching(...)`)."
    );
    let accessor_doc = format!(
        "This `{source}`'s `{target_name}` rows, to read and change: Django's `{}.{name_text}`.",
        snake_case(&source.to_string())
    );
    let forward = quote! {
        impl #source {
            #[doc = #constant_doc]
            pub const #constant: #relation_type = #rt::relations::ManyToMany::new(
                #name_text,
                |row: &#through| #rt::field::KeyField::key(&row.#source_field),
                |row: &#through| #rt::field::KeyField::key(&row.#target_field),
            );

            #[doc = #accessor_doc]
            pub fn #name(&self) -> #manager_type {
                <#source>::#constant.of(self)
            }
        }
    };
    let Some(reverse) = relation.reverse_accessor(model) else {
        return forward;
    };
    let reverse_text = unraw(&reverse);
    let reverse_constant = constant_ident(&reverse);
    let reverse_type = quote! {
        #rt::relations::ManyToMany<#target, #source, #through, #module::#target_field, #module::#source_field>
    };
    let reverse_manager = quote! {
        #rt::relations::ManyRelated<#target, #source, #through, #module::#target_field, #module::#source_field>
    };
    let reverse_constant_doc = format!(
        "The `{source}` rows linked to a `{target_name}` through `{source}.{name_text}`, for filters \
         across it (`{target_name}::{reverse_constant}.matching(...)`)."
    );
    let reverse_doc = format!(
        "The `{source}` rows linked to this `{target_name}` through `{source}.{name_text}`, to read and \
         change: Django's `{}.{reverse_text}`.",
        snake_case(&target_name)
    );
    quote! {
        #forward

        impl #target {
            #[doc = #reverse_constant_doc]
            pub const #reverse_constant: #reverse_type = <#source>::#constant.reverse(#reverse_text);

            #[doc = #reverse_doc]
            pub fn #reverse(&self) -> #reverse_manager {
                <#target>::#reverse_constant.of(self)
            }
        }
    }
}

fn respan_ident(ident: Ident, span: Span) -> Ident {
    Ident::new(&ident.to_string(), span)
}
