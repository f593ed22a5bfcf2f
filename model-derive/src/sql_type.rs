//! The Diesel SQL type of each column, as `table!` needs it: a type it can
//! name, not a projection through `FieldType` (rustc does not normalize a
//! projection in the bounds `table!` writes on it). Told from the field
//! type's name for the types the runtime stores, from `sql_type = ...`
//! otherwise; the expansion then asserts that the field's `FieldType` has
//! this very SQL type, so a wrong guess is a compile error on the field.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{GenericArgument, PathArguments, Type};

use crate::expand::{diesel_path, runtime_path};

/// The SQL type names `sql_type = ...` accepts without a path.
pub const SQL_TYPE_NAMES: &[&str] = &[
    "SmallInt",
    "Integer",
    "BigInt",
    "Float",
    "Double",
    "Bool",
    "Text",
    "Binary",
    "Date",
    "Numeric",
    "DateTime",
    "DateTimeUtc",
    "Uuid",
    "Json",
];

/// Why a column's SQL type cannot be told.
#[derive(Debug)]
pub enum Unknown<'a> {
    /// The field's type is not one the runtime stores by name.
    Type(&'a Type),
    /// `sql_type = ...` names no SQL type it knows, and is no path from
    /// the crate root.
    Name(&'a syn::Path),
}

/// The column's SQL type: from `sql_type` (the type inside a field's
/// `Option`), else from the field's type.
pub fn column_sql_type<'a>(
    ty: &'a Type,
    sql_type: Option<&'a syn::Path>,
) -> Result<TokenStream, Unknown<'a>> {
    if let Some(inner) = option_inner(ty) {
        let d = diesel_path();
        let inner = column_sql_type(inner, sql_type)?;
        return Ok(quote!(#d::sql_types::Nullable<#inner>));
    }
    match sql_type {
        Some(path) => named(path).ok_or(Unknown::Name(path)),
        None => by_type_name(ty).ok_or(Unknown::Type(ty)),
    }
}

/// `T` of `Option<T>`, `std::option::Option<T>` or `core::option::Option<T>`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = path.path.segments.iter().map(|s| s.ident.to_string()).collect();
    let is_option = matches!(
        segments.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        ["Option"] | ["std" | "core", "option", "Option"]
    );
    if !is_option {
        return None;
    }
    single_type_argument(&path.path.segments.last()?.arguments)
}

fn single_type_argument(arguments: &PathArguments) -> Option<&Type> {
    let PathArguments::AngleBracketed(arguments) = arguments else {
        return None;
    };
    match arguments.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(ty)] => Some(ty),
        _ => None,
    }
}

/// A name of [`SQL_TYPE_NAMES`], or a path from the crate root as written.
fn named(path: &syn::Path) -> Option<TokenStream> {
    if let Some(ident) = path.get_ident() {
        return sql_type_named(&ident.to_string());
    }
    let rooted = path.leading_colon.is_some() || path.segments.first().is_some_and(|s| s.ident == "crate");
    rooted.then(|| quote!(#path))
}

fn sql_type_named(name: &str) -> Option<TokenStream> {
    let d = diesel_path();
    let rt = runtime_path();
    let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
    match name {
        "SmallInt" | "Integer" | "BigInt" | "Float" | "Double" | "Bool" | "Text" | "Binary" | "Date"
        | "Numeric" => Some(quote!(#d::sql_types::#ident)),
        "DateTime" | "DateTimeUtc" | "Uuid" | "Json" => Some(quote!(#rt::sql_types::#ident)),
        _ => None,
    }
}

/// The SQL type of the types the runtime stores, by their names as the
/// prelude and their crates spell them.
fn by_type_name(ty: &Type) -> Option<TokenStream> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = path.path.segments.iter().map(|s| s.ident.to_string()).collect();
    let last = path.path.segments.last()?;
    let argument = single_type_argument(&last.arguments);
    let argument_is = |name: &str| matches!(argument, Some(Type::Path(p)) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == name));
    let name = match segments.last()?.as_str() {
        "i16" => "SmallInt",
        "i32" => "Integer",
        "i64" => "BigInt",
        "f32" => "Float",
        "f64" => "Double",
        "bool" => "Bool",
        "String" => "Text",
        "Vec" if argument_is("u8") => "Binary",
        "NaiveDate" => "Date",
        "Decimal" | "BigDecimal" => "Numeric",
        "NaiveDateTime" => "DateTime",
        "DateTime" if argument_is("Utc") => "DateTimeUtc",
        "Uuid" => "Uuid",
        "JsonValue" => "Json",
        "Value" if segments.len() >= 2 && segments[segments.len() - 2] == "serde_json" => "Json",
        _ => return None,
    };
    // `Vec<u8>` and `DateTime<Utc>` were matched with their argument; any
    // other name with arguments is some other type of the same name.
    let generic = matches!(name, "Binary" | "DateTimeUtc");
    if !generic && !matches!(last.arguments, PathArguments::None) {
        return None;
    }
    sql_type_named(name)
}
