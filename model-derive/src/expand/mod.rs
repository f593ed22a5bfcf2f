//! Code generation, split by what it emits.

mod assertions;
mod auto_now;
pub mod backend_ops;
pub mod diesel_impls;
mod field_values;
mod many_to_many;
pub mod model_impl;
pub mod new_struct;
pub mod relations;
mod schema;
pub mod table;
pub mod targets;
mod validate;

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::DeriveInput;

use crate::ast::Model;
use crate::check;
use crate::ctxt::Ctxt;

pub fn derive(input: &DeriveInput) -> Result<TokenStream, Vec<syn::Error>> {
    let cx = Ctxt::default();
    let model = Model::from_ast(&cx, input);
    if let Some(model) = &model {
        check::check(&cx, model);
    }
    cx.check()?;
    let model = model.expect("a model without errors");

    let table = table::expand(&model);
    let new_struct = new_struct::expand(&model);
    let diesel_impls = diesel_impls::expand(&model);
    let model_impl = model_impl::expand(&model);
    let assertions = assertions::expand(&model);
    let relations = relations::expand(&model);
    let through_models = many_to_many::expand_items(&model);
    let many_to_many = many_to_many::expand_impls(&model);
    let targets = targets::aliases(&model);
    Ok(quote! {
        #table
        #new_struct
        #through_models
        #[doc(hidden)]
        const _: () = {
            #targets
            #diesel_impls
            #model_impl
            #assertions
            #relations
            #many_to_many
        };
    })
}

/// The runtime crate, rooted so a local module of the same name cannot shadow it.
pub fn runtime_path() -> TokenStream {
    quote!(::model_runtime)
}

/// Diesel, through the runtime: the user's crate needs no `diesel` dependency.
pub fn diesel_path() -> TokenStream {
    quote!(::model_runtime::__private::diesel)
}

/// `for<'__model> Target: Model`, for the where clause of an empty impl
/// that names a foreign key's target: when the target is not a model, the
/// impl never applies instead of being an error of its own, so the foreign
/// key assertion is the one error. (Without the `for<..>`, a bound that
/// names no parameter is an error itself where it does not hold.)
pub fn target_is_model(target: &TokenStream) -> TokenStream {
    let rt = runtime_path();
    quote!(for<'__model> #target: #rt::Model)
}

/// The same tokens, all carrying `span`, so a failed bound on them is
/// reported at the attribute rather than at the field's type.
pub fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let mut new = Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                TokenTree::Group(new)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}

/// Where a type starts, to report an error about it on its first token.
pub fn ty_span_of(ty: &syn::Type) -> Span {
    ty.to_token_stream()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

/// `Self` cannot appear in a `static`: name the model instead.
pub fn self_to_model(target: &syn::Type, model: &Model) -> TokenStream {
    let ident = model.ident;
    match target {
        syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident("Self") => quote!(#ident),
        other => quote!(#other),
    }
}
