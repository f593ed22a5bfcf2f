//! `#[derive(Model)]` and `#[derive(ModelEnum)]`: see the `model-runtime`
//! crate, which re-exports them.
//!
//! The pipeline is visible in the file names: `attr` parses attributes into
//! plain values, `ast` gathers the struct, `check` applies the rules between
//! fields, `expand/` writes the code. Every error found along the way is
//! reported, each on the token at fault, and `fallback` stands in for a
//! model with errors so that they are the only ones.

mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod expand;
mod fallback;
mod model_enum;
mod sql_type;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `model_runtime::Model`: the Diesel table module, the insertable
/// `New…` struct, CRUD methods and the schema descriptor.
#[proc_macro_derive(Model, attributes(model, field))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input)
        .unwrap_or_else(|errors| fallback::expand(&input, errors))
        .into()
}

/// Derives `model_runtime::ModelEnum` and `FieldType` for a fieldless enum:
/// each variant stored as text (its snake_case name, or `value`) or, with
/// `#[model_enum(integer)]`, as its discriminant; each with a `label`.
#[proc_macro_derive(ModelEnum, attributes(model_enum))]
pub fn derive_model_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    model_enum::derive(&input)
        .unwrap_or_else(ctxt::into_compile_errors)
        .into()
}
