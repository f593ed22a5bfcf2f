//! The models that foreign keys and many-to-many relations point at, as
//! the expansion's `const _` block names them: a target written as a bare
//! name, through one alias declared there. A name not in scope is then
//! reported once, on the attribute, rather than at every use in the
//! expansion (and, inside generic arguments, with rustc's guess of a
//! missing type parameter).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, Type};

use super::self_to_model;
use crate::ast::Model;

/// `type __TargetCategory = Category;` for each bare name a relation of
/// the model points at, once.
pub fn aliases(model: &Model) -> TokenStream {
    let forward = model.fields.iter().filter_map(|f| f.attrs.foreign_key.get());
    let many = model.attrs.many_to_many.iter().map(|m| &m.target);
    let mut seen = Vec::new();
    let mut out = TokenStream::new();
    for target in forward.chain(many) {
        let Some(alias) = alias(target, model) else {
            continue;
        };
        if !seen.contains(&alias) {
            out.extend(quote! {
                #[allow(non_camel_case_types)]
                type #alias = #target;
            });
            seen.push(alias);
        }
    }
    out
}

/// The target as code in the `const _` block names it: its alias, the
/// model itself for `Self`, or the path as written.
pub fn name(target: &Type, model: &Model) -> TokenStream {
    match alias(target, model) {
        Some(alias) => quote!(#alias),
        None => self_to_model(target, model),
    }
}

/// The alias of a bare name other than `Self` and the model's own, spanned
/// on the name so that what is reported about the target is reported there.
fn alias(target: &Type, model: &Model) -> Option<Ident> {
    let Type::Path(path) = target else {
        return None;
    };
    let segments = &path.path.segments;
    let bare = path.qself.is_none() && path.path.leading_colon.is_none() && segments.len() == 1;
    let segment = segments.first().filter(|_| bare)?;
    if !segment.arguments.is_none() || segment.ident == "Self" || segment.ident == *model.ident {
        return None;
    }
    Some(format_ident!(
        "__Target{}",
        segment.ident,
        span = segment.ident.span()
    ))
}
