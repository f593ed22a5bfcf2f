//! Compile-time checks of each field's type against its options, through
//! the runtime's traits (never by reading the type's spelling), each spanned
//! on the option at fault so the compiler points there.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};

use super::{respan, runtime_path, ty_span_of};
use crate::ast::{Field, Model};
use crate::attr::DefaultLit;

/// The checks of every field: the bounds in one constant for the model
/// (each constant is a body the compiler checks and evaluates on its own,
/// a cost paid for every model), and each check that fails by evaluating
/// to a panic in a constant of its own, so that all of them are reported.
pub fn expand(model: &Model) -> TokenStream {
    let mut bounds = Vec::new();
    let mut evaluated = Vec::new();
    for field in &model.fields {
        field_checks(model, field, &mut bounds, &mut evaluated);
    }
    quote! {
        const _: () = { #(#bounds)* };
        #(#evaluated)*
    }
}

/// Pushes `field`'s checks: statements that only name a bound onto
/// `bounds`, constants that evaluate a condition onto `evaluated`.
fn field_checks(
    model: &Model,
    field: &Field,
    bounds: &mut Vec<TokenStream>,
    evaluated: &mut Vec<TokenStream>,
) {
    let rt = runtime_path();
    let p = quote!(#rt::__private);
    let ty = field.ty;
    let attrs = &field.attrs;
    let checks = bounds;

    // The SQL type `table!` was given is the field type's own.
    if let Ok(sql_type) = crate::sql_type::column_sql_type(ty, attrs.sql_type.get()) {
        let span = if attrs.sql_type.is_set() {
            attrs.sql_type.span()
        } else {
            ty_span_of(ty)
        };
        let check = respan(quote!(#p::assert_sql_type::<#ty, #sql_type>()), span);
        checks.push(quote!(#check;));
    }

    // A trait's own item, named through the field's type: a failure is
    // reported in the trait's words alone, with no note about a helper.
    let mut item = |ty: TokenStream, trait_item: TokenStream| {
        checks.push(quote!(let _ = <#ty as #trait_item;));
    };
    item(ty.to_token_stream(), quote!(#rt::FieldType>::to_value));
    if attrs.max_length.is_set() {
        let ty = respan(ty.to_token_stream(), attrs.max_length.span());
        item(ty, quote!(#rt::field::TextField>::text));
    }
    if attrs.max_digits.is_set() {
        let ty = respan(ty.to_token_stream(), attrs.max_digits.span());
        item(ty, quote!(#rt::field::DecimalField>::decimal));
    }
    if let Some(span) = field.auto_now_span() {
        // Spanned as `New…`'s insert and `pre_save` name it: one error.
        item(
            respan(ty.to_token_stream(), span),
            quote!(#rt::field::AutoNow>::now),
        );
    }
    if field.is_auto_increment() {
        // The same expression `New…` uses for the inserted key, on the same
        // type tokens, so the compiler reports the two failures as one.
        checks.push(quote! {
            let _ = <#ty as #rt::field::AutoIncrement>::from_insert_id;
        });
    }

    // A key that is not auto-increment needs no check here: the model's
    // `type PrimaryKey = <field type>` already requires `PrimaryKeyField`,
    // and the compiler reports it on the field's type.

    // Marker traits have no item to name: their bounds are checked through
    // the runtime's `assert_*` functions.
    let mut bound = |span: Span, assertion: &str| {
        let assertion = syn::Ident::new(assertion, span);
        let ty = respan(ty.to_token_stream(), span);
        checks.push(quote_spanned!(span=> #p::#assertion::<#ty>();));
    };
    if attrs.on_delete.get().is_some_and(|v| v.value() == "set_null") {
        bound(attrs.on_delete.span(), "assert_nullable");
    }
    match attrs.default.get() {
        Some(DefaultLit::Int(..)) => bound(attrs.default.span(), "assert_default_int"),
        Some(DefaultLit::Float(..)) => bound(attrs.default.span(), "assert_default_float"),
        Some(DefaultLit::Str(..)) => bound(attrs.default.span(), "assert_default_str"),
        Some(DefaultLit::Bool(..)) => bound(attrs.default.span(), "assert_default_bool"),
        None => {}
    }
    if attrs.blank.is_set() {
        bound(attrs.blank.span(), "assert_blank");
    }
    evaluated.extend(choice_checks(field));

    if let Some(target) = attrs.foreign_key.get() {
        // One check for both rules: when the target is not a model, its key
        // type is unknown and the compiler does not go on to compare it.
        // The path to the function spanned on the target too: a target that
        // is not a model fails both bounds, and the compiler shows the two
        // failures as one only when they are reported at the same place.
        let target_span = ty_span_of(target);
        let target = respan(super::targets::name(target, model), target_span);
        let function = respan(quote!(#p::assert_foreign_key), target_span);
        checks.push(quote_spanned!(target_span=>
            #function::<#ty, #target>();
        ));
    }

    let has_precision = attrs.max_digits.is_set();
    let field_span = field.ident.span();
    let message = format!(
        "field `{}` is a Decimal: give its precision, as in `#[field(max_digits = 10, decimal_places = 2)]`",
        field.ident
    );
    if !has_precision {
        evaluated.push(quote_spanned! {field_span=>
            const _: () = if #p::is_decimal(<#ty as #rt::FieldType>::COLUMN_TYPE) {
                ::core::panic!(#message);
            };
        });
    }
}

/// Where the field's type has choices (a `ModelEnum`): its `default` is
/// one of them, and its `max_length` fits the longest (Django's fields.E009).
/// Checked when the constants are evaluated, spanned on the option.
fn choice_checks(field: &Field) -> Vec<TokenStream> {
    let rt = runtime_path();
    let p = quote!(#rt::__private);
    let ty = field.ty;
    let attrs = &field.attrs;
    let mut checks = Vec::new();
    let default_check = match attrs.default.get() {
        Some(DefaultLit::Str(text)) => {
            let message = format!(
                "`default = \"{}\"` is not one of the choices of field `{}`",
                text.value(),
                field.ident
            );
            Some((quote!(#p::is_text_choice::<#ty>(#text)), message))
        }
        Some(DefaultLit::Int(value)) => {
            let message = format!(
                "`default = {value}` is not one of the choices of field `{}`",
                field.ident
            );
            Some((quote!(#p::is_int_choice::<#ty>(#value)), message))
        }
        _ => None,
    };
    if let Some((holds, message)) = default_check {
        let span = attrs.default.span();
        checks.push(quote_spanned!(span=> const _: () = if !#holds { ::core::panic!("{}", #message) };));
    }
    if let Some(max_length) = attrs.max_length.get() {
        let message = format!(
            "`max_length = {max_length}` is shorter than a choice of field `{}`: make it at least \
             as long as the longest stored value",
            field.ident
        );
        let span = attrs.max_length.span();
        checks.push(quote_spanned!(span=>
            const _: () = if !#p::choices_fit::<#ty>(#max_length) { ::core::panic!("{}", #message) };
        ));
    }
    checks
}
