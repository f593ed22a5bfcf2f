//! The enum a `ModelEnum` is derived from: its variants, each with the
//! value stored for it and its label.

use syn::{Data, DeriveInput, Expr, Fields, Ident, Lit, UnOp};

use super::attr::{storage, Storage, VariantAttrs};
use crate::ast::unraw;
use crate::case::{snake_case, spaced};
use crate::ctxt::Ctxt;

pub struct Enum<'a> {
    pub ident: &'a Ident,
    pub storage: Storage,
    pub variants: Vec<Variant<'a>>,
}

pub struct Variant<'a> {
    pub ident: &'a Ident,
    pub stored: Stored,
    pub label: String,
    pub attrs: VariantAttrs,
}

/// What the column holds for a variant.
pub enum Stored {
    Text(String),
    Integer(i32),
}

impl<'a> Enum<'a> {
    /// Gathers the enum, or reports why it cannot be stored in a column.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Enum<'a>> {
        let storage = storage(cx, &input.attrs);
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "a `ModelEnum` cannot be generic: its values are fixed at compile time",
            );
        }
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                cx.error_spanned_by(
                    data.struct_token,
                    "#[derive(ModelEnum)] works on enums whose variants have no fields; \
                     a struct is a model (#[derive(Model)]) or a newtype implementing `FieldType`",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "#[derive(ModelEnum)] works on enums whose variants have no fields",
                );
                return None;
            }
        };
        if data.variants.is_empty() {
            cx.error_spanned_by(
                &input.ident,
                format!(
                    "`{}` has no variant, so a field of its type could hold nothing; add one",
                    input.ident
                ),
            );
        }
        let variants = data
            .variants
            .iter()
            .filter_map(|variant| {
                let attrs = VariantAttrs::parse(cx, &variant.attrs);
                if !matches!(variant.fields, Fields::Unit) {
                    cx.error_spanned_by(
                        &variant.fields,
                        format!(
                            "variant `{}` has fields; a `ModelEnum` stores variants without fields, one value each",
                            variant.ident
                        ),
                    );
                    return None;
                }
                let name = unraw(&variant.ident);
                let discriminant = variant.discriminant.as_ref().map(|(_, expr)| expr);
                let stored = match storage {
                    Storage::Text => Stored::Text(
                        attrs
                            .value
                            .as_ref()
                            .map_or_else(|| snake_case(&name), syn::LitStr::value),
                    ),
                    Storage::Integer => Stored::Integer(integer(cx, variant, discriminant)?),
                };
                let label = attrs.label.as_ref().map_or_else(|| spaced(&name), syn::LitStr::value);
                Some(Variant {
                    ident: &variant.ident,
                    stored,
                    label,
                    attrs,
                })
            })
            .collect();
        Some(Enum {
            ident: &input.ident,
            storage,
            variants,
        })
    }
}

/// An integer variant's discriminant, which it must write as a literal.
fn integer(cx: &Ctxt, variant: &syn::Variant, discriminant: Option<&Expr>) -> Option<i32> {
    let Some(expr) = discriminant else {
        cx.error_spanned_by(
            &variant.ident,
            format!(
                "an integer `ModelEnum` stores each variant's discriminant, and `{0}` has none: \
                 write it, as in `{0} = 1`, so that reordering the variants never changes what rows mean",
                variant.ident
            ),
        );
        return None;
    };
    let (negative, literal) = match expr {
        Expr::Lit(lit) => (false, &lit.lit),
        Expr::Unary(unary) if matches!(unary.op, UnOp::Neg(_)) => match &*unary.expr {
            Expr::Lit(lit) => (true, &lit.lit),
            _ => return not_a_literal(cx, expr),
        },
        _ => return not_a_literal(cx, expr),
    };
    let Lit::Int(int) = literal else {
        return not_a_literal(cx, expr);
    };
    let sign = if negative { "-" } else { "" };
    match format!("{sign}{}", int.base10_digits()).parse::<i32>() {
        Ok(value) => Some(value),
        Err(_) => {
            cx.error_spanned_by(
                expr,
                "this discriminant does not fit in i32, the integer column a `ModelEnum` is stored in",
            );
            None
        }
    }
}

fn not_a_literal(cx: &Ctxt, expr: &Expr) -> Option<i32> {
    cx.error_spanned_by(
        expr,
        "an integer `ModelEnum` needs each discriminant as a number, as in `Small = 1`",
    );
    None
}
