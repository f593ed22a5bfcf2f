//! The body of `validate()`, Django's `full_clean()`: every check of every
//! field, each refusal collected, all reported at once.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::{respan, runtime_path};
use crate::ast::{Field, Model};

/// `validate()` over `fields`: the model's, or those of its `New…` struct.
pub fn body<'a>(model: &Model, fields: impl Iterator<Item = &'a Field<'a>>) -> TokenStream {
    let rt = runtime_path();
    let model_name = model.ident.to_string();
    let fields = fields.map(field);
    quote! {
        let mut __errors = #rt::__private::Collector::new(#model_name);
        #(#fields)*
        __errors.finish()
    }
}

/// One field's checks. As in Django, a blank value is refused (unless the
/// field is `blank`) and not checked further; any other value goes through
/// every check, each refusal recorded.
fn field(field: &Field) -> TokenStream {
    let rt = runtime_path();
    let p = quote!(#rt::__private);
    let name = field.ident;
    let field_name = name.to_string();
    let ty = field.ty;
    let checks = checks(field);
    let blank = if field.attrs.blank.is_set() {
        quote!()
    } else {
        quote!(__errors.check(#field_name, #p::check_blank());)
    };
    if checks.is_empty() && blank.is_empty() {
        return quote!();
    }
    quote! {
        if <#ty as #rt::FieldType>::is_blank(&self.#name) {
            #blank
        } else {
            #(#checks)*
        }
    }
}

/// `max_length`, decimal digits and the custom validators of a value that
/// is not blank.
fn checks(field: &Field) -> Vec<TokenStream> {
    let rt = runtime_path();
    let p = quote!(#rt::__private);
    let name = field.ident;
    let field_name = name.to_string();
    let attrs = &field.attrs;
    let mut checks = Vec::new();
    // The field's type is spanned on the option, so a type that does not
    // take it is reported there, once.
    if let Some(max_length) = attrs.max_length.get() {
        let ty = respan(field.ty.to_token_stream(), attrs.max_length.span());
        checks.push(quote! {
            __errors.check(#field_name, #p::check_max_length(
                <#ty as #rt::field::TextField>::text(&self.#name),
                #max_length,
            ));
        });
    }
    if let (Some(digits), Some(places)) = (attrs.max_digits.get(), attrs.decimal_places.get()) {
        let ty = respan(field.ty.to_token_stream(), attrs.max_digits.span());
        checks.push(quote! {
            __errors.check(#field_name, #p::check_decimal(
                <#ty as #rt::field::DecimalField>::decimal(&self.#name),
                #digits,
                #places,
            ));
        });
    }
    for validator in attrs.validate.get().into_iter().flatten() {
        // A function that cannot validate this field is reported on its path.
        checks.push(quote! {
            __errors.check(#field_name, #p::run_validator(&self.#name, #validator));
        });
    }
    checks
}
