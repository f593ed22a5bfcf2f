//! Compile-time checks of each field's type against its options, through
//! the runtime's traits (never by reading the type's spelling), each spanned
//! on the option at fault so the compiler points there.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};

use super::runtime_path;
use crate::ast::{Field, Model};
use crate::attr::DefaultLit;

pub fn expand(model: &Model) -> TokenStream {
    model
        .fields
        .iter()
        .map(|field| field_checks(model, field))
        .collect()
}

fn field_checks(model: &Model, field: &Field) -> TokenStream {
    let rt = runtime_path();
    let p = quote!(#rt::__private);
    let ty = field.ty;
    let attrs = &field.attrs;
    let mut checks = Vec::new();
    let mut check = |span: Span, assertion: &str| {
        let assertion = syn::Ident::new(assertion, Span::call_site());
        let ty = respan(ty.to_token_stream(), span);
        checks.push(quote_spanned!(span=> const _: () = #p::#assertion::<#ty>();));
    };

    check(ty_span(field), "assert_field_type");
    if attrs.max_length.is_set() {
        check(attrs.max_length.span(), "assert_text");
    }
    if attrs.max_digits.is_set() {
        check(attrs.max_digits.span(), "assert_decimal");
    }
    if field.is_auto_increment() {
        check(attrs.primary_key.span(), "assert_auto_increment");
    } else if field.is_primary_key() {
        check(attrs.primary_key.span(), "assert_primary_key");
    }
    if attrs.on_delete.get().is_some_and(|v| v.value() == "set_null") {
        check(attrs.on_delete.span(), "assert_nullable");
    }
    match attrs.default.get() {
        Some(DefaultLit::Int(..)) => check(attrs.default.span(), "assert_default_int"),
        Some(DefaultLit::Float(..)) => check(attrs.default.span(), "assert_default_float"),
        Some(DefaultLit::Str(..)) => check(attrs.default.span(), "assert_default_str"),
        Some(DefaultLit::Bool(..)) => check(attrs.default.span(), "assert_default_bool"),
        None => {}
    }

    if let Some(target) = attrs.foreign_key.get() {
        let target = super::schema::self_to_model(target, model);
        let target_span = attrs.foreign_key.get().map_or_else(Span::call_site, ty_span_of);
        let target_here = respan(target.clone(), target_span);
        checks.push(quote_spanned!(target_span=> const _: () = #p::assert_model::<#target_here>();));
        let field_ty = respan(ty.to_token_stream(), ty_span(field));
        checks.push(quote_spanned!(ty_span(field)=>
            const _: () = #p::assert_foreign_key::<#field_ty, #target>();
        ));
    }

    let has_precision = attrs.max_digits.is_set();
    let field_span = field.ident.span();
    let message = format!(
        "field `{}` is a Decimal and needs `#[field(max_digits = .., decimal_places = ..)]`",
        field.ident
    );
    checks.push(quote_spanned! {field_span=>
        const _: () = if !#has_precision
            && #p::is_decimal(<#ty as #rt::FieldType>::COLUMN_TYPE)
        {
            ::core::panic!(#message);
        };
    });
    quote!(#(#checks)*)
}

fn ty_span(field: &Field) -> Span {
    ty_span_of(field.ty)
}

fn ty_span_of(ty: &syn::Type) -> Span {
    ty.to_token_stream()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

/// The same tokens, all carrying `span`, so a failed bound on them is
/// reported at the attribute rather than at the field's type.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
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
