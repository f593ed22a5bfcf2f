//! `#[derive(ModelEnum)]`: a fieldless enum as a field type, Django's
//! `choices`. The same pipeline as the model's: `attr` parses
//! `#[model_enum(...)]`, `ast` gathers the variants and their stored
//! values, `check` applies the rules between them, `expand` writes the impls.

mod ast;
mod attr;
mod check;
mod expand;

use proc_macro2::TokenStream;
use syn::DeriveInput;

use crate::ctxt::Ctxt;

pub fn derive(input: &DeriveInput) -> Result<TokenStream, Vec<syn::Error>> {
    let cx = Ctxt::default();
    let model_enum = ast::Enum::from_ast(&cx, input);
    if let Some(model_enum) = &model_enum {
        check::check(&cx, model_enum);
    }
    cx.check()?;
    let model_enum = model_enum.expect("an enum without errors");
    Ok(expand::expand(&model_enum))
}
