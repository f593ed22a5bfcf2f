//! `#[model_enum(...)]` on the enum and on its variants, into plain values.

use syn::meta::ParseNestedMeta;
use syn::{LitStr, Token};

use crate::attr::{string, unknown};
use crate::ctxt::Ctxt;

pub const ENUM_KEYS: &[&str] = &["text", "integer"];
pub const VARIANT_KEYS: &[&str] = &["value", "label"];

/// How the variants are stored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// As text: the variant's snake_case name, or its `value`.
    Text,
    /// As the variant's discriminant, in an integer column.
    Integer,
}

/// `#[model_enum(text)]` or `#[model_enum(integer)]`; text when neither.
pub fn storage(cx: &Ctxt, attrs: &[syn::Attribute]) -> Storage {
    let mut chosen: Option<(Storage, String)> = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("model_enum")) {
        let result = attr.parse_nested_meta(|meta| {
            let storage = if meta.path.is_ident("text") {
                Storage::Text
            } else if meta.path.is_ident("integer") {
                Storage::Integer
            } else {
                return unknown(cx, &meta, "model_enum", ENUM_KEYS, &[]);
            };
            no_value(cx, &meta)?;
            let name = if storage == Storage::Text {
                "text"
            } else {
                "integer"
            };
            match &chosen {
                Some((_, first)) if first == name => {
                    cx.error_spanned_by(&meta.path, format!("`{name}` is given twice; keep one"))
                }
                Some((_, first)) => cx.error_spanned_by(
                    &meta.path,
                    format!("`{first}` and `{name}` cannot both be given: the variants are stored one way"),
                ),
                None => chosen = Some((storage, name.to_owned())),
            }
            Ok(())
        });
        if let Err(error) = result {
            cx.syn_error(error);
        }
    }
    chosen.map_or(Storage::Text, |(storage, _)| storage)
}

/// A variant's `value = "..."` and `label = "..."`.
#[derive(Default)]
pub struct VariantAttrs {
    pub value: Option<LitStr>,
    pub label: Option<LitStr>,
}

impl VariantAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[syn::Attribute]) -> VariantAttrs {
        let mut out = VariantAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("model_enum")) {
            let result = attr.parse_nested_meta(|meta| {
                let (slot, example) = if meta.path.is_ident("value") {
                    (&mut out.value, "value = \"main\"")
                } else if meta.path.is_ident("label") {
                    (&mut out.label, "label = \"Main course\"")
                } else {
                    return unknown(cx, &meta, "model_enum variant", VARIANT_KEYS, &[]);
                };
                let value = string(cx, &meta, example)?;
                if slot.is_some() {
                    let name = if meta.path.is_ident("value") {
                        "value"
                    } else {
                        "label"
                    };
                    cx.error_spanned_by(&meta.path, format!("`{name}` is given twice; keep one"));
                } else {
                    *slot = value;
                }
                Ok(())
            });
            if let Err(error) = result {
                cx.syn_error(error);
            }
        }
        out
    }
}

/// `text` and `integer` are words alone.
fn no_value(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let name = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
        let value: syn::Expr = meta.value()?.parse()?;
        cx.error_spanned_by(
            value,
            format!("`{name}` takes no value: write `#[model_enum({name})]`"),
        );
    }
    Ok(())
}
