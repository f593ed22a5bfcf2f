//! `#[model(...)]` and `#[field(...)]` into plain values. Simple checks
//! (types of values, known keys, duplicates) happen here; rules between
//! fields are in `check.rs`.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Expr, ExprArray, Lit, LitBool, LitInt, LitStr, Token};

use crate::case::closest;
use crate::ctxt::Ctxt;

pub const MODEL_KEYS: &[&str] = &["app", "table", "unique_together", "indexes"];
pub const FIELD_KEYS: &[&str] = &[
    "primary_key",
    "auto_increment",
    "max_length",
    "max_digits",
    "decimal_places",
    "default",
    "unique",
    "index",
    "column",
    "foreign_key",
    "on_delete",
];
pub const ON_DELETE: &[&str] = &["cascade", "protect", "restrict", "set_null"];

/// One attribute value, with the tokens to point at when it is at fault.
pub struct Attr<T> {
    name: &'static str,
    value: Option<(T, TokenStream)>,
}

impl<T> Attr<T> {
    fn none(name: &'static str) -> Self {
        Attr { name, value: None }
    }

    fn set(&mut self, cx: &Ctxt, at: &ParseNestedMeta, value: T) {
        let tokens = at.path.to_token_stream();
        if self.value.is_some() {
            cx.error_spanned_by(tokens, format!("duplicate `{}` attribute", self.name));
        } else {
            self.value = Some((value, tokens));
        }
    }

    pub fn get(&self) -> Option<&T> {
        self.value.as_ref().map(|(v, _)| v)
    }

    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }

    /// The tokens of the attribute key (`max_length` in `max_length = 255`).
    pub fn tokens(&self) -> Option<&TokenStream> {
        self.value.as_ref().map(|(_, t)| t)
    }

    pub fn span(&self) -> Span {
        self.tokens()
            .and_then(|t| t.clone().into_iter().next())
            .map_or_else(Span::call_site, |t| t.span())
    }
}

/// A `default = ...` literal.
pub enum DefaultLit {
    Int(i64),
    Float(f64),
    Str(LitStr),
    Bool(bool),
}

pub struct ModelAttrs {
    pub app: Attr<LitStr>,
    pub table: Attr<LitStr>,
    pub unique_together: Attr<Vec<Vec<LitStr>>>,
    pub indexes: Attr<Vec<Vec<LitStr>>>,
}

pub struct FieldAttrs {
    pub primary_key: Attr<()>,
    pub auto_increment: Attr<bool>,
    pub max_length: Attr<u32>,
    pub max_digits: Attr<u32>,
    pub decimal_places: Attr<u32>,
    pub default: Attr<DefaultLit>,
    pub unique: Attr<()>,
    pub index: Attr<()>,
    pub column: Attr<LitStr>,
    pub foreign_key: Attr<syn::Type>,
    pub on_delete: Attr<LitStr>,
}

impl ModelAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[syn::Attribute]) -> ModelAttrs {
        let mut out = ModelAttrs {
            app: Attr::none("app"),
            table: Attr::none("table"),
            unique_together: Attr::none("unique_together"),
            indexes: Attr::none("indexes"),
        };
        for attr in attrs.iter().filter(|a| a.path().is_ident("model")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("app") {
                    let value = identifier_string(cx, &meta)?;
                    out.app.set(cx, &meta, value);
                } else if meta.path.is_ident("table") {
                    let value = identifier_string(cx, &meta)?;
                    out.table.set(cx, &meta, value);
                } else if meta.path.is_ident("unique_together") {
                    let value = name_groups(cx, &meta)?;
                    out.unique_together.set(cx, &meta, value);
                } else if meta.path.is_ident("indexes") {
                    let value = name_groups(cx, &meta)?;
                    out.indexes.set(cx, &meta, value);
                } else {
                    unknown(cx, &meta, "model", MODEL_KEYS)?;
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

impl FieldAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[syn::Attribute]) -> FieldAttrs {
        let mut out = FieldAttrs {
            primary_key: Attr::none("primary_key"),
            auto_increment: Attr::none("auto_increment"),
            max_length: Attr::none("max_length"),
            max_digits: Attr::none("max_digits"),
            decimal_places: Attr::none("decimal_places"),
            default: Attr::none("default"),
            unique: Attr::none("unique"),
            index: Attr::none("index"),
            column: Attr::none("column"),
            foreign_key: Attr::none("foreign_key"),
            on_delete: Attr::none("on_delete"),
        };
        for attr in attrs.iter().filter(|a| a.path().is_ident("field")) {
            let result = attr.parse_nested_meta(|meta| {
                let path = &meta.path;
                if path.is_ident("primary_key") {
                    flag(cx, &meta)?;
                    out.primary_key.set(cx, &meta, ());
                } else if path.is_ident("unique") {
                    flag(cx, &meta)?;
                    out.unique.set(cx, &meta, ());
                } else if path.is_ident("index") {
                    flag(cx, &meta)?;
                    out.index.set(cx, &meta, ());
                } else if path.is_ident("auto_increment") {
                    let value: LitBool = meta.value()?.parse()?;
                    out.auto_increment.set(cx, &meta, value.value);
                } else if path.is_ident("max_length") {
                    let value = positive(&meta, "max_length")?;
                    out.max_length.set(cx, &meta, value);
                } else if path.is_ident("max_digits") {
                    let value = positive(&meta, "max_digits")?;
                    out.max_digits.set(cx, &meta, value);
                } else if path.is_ident("decimal_places") {
                    let literal: LitInt = meta.value()?.parse()?;
                    let value = literal.base10_parse::<u32>()?;
                    out.decimal_places.set(cx, &meta, value);
                } else if path.is_ident("default") {
                    let value = default_literal(&meta)?;
                    out.default.set(cx, &meta, value);
                } else if path.is_ident("column") {
                    let value = identifier_string(cx, &meta)?;
                    out.column.set(cx, &meta, value);
                } else if path.is_ident("foreign_key") {
                    let value: syn::Type = meta.value()?.parse()?;
                    out.foreign_key.set(cx, &meta, value);
                } else if path.is_ident("on_delete") {
                    let value: LitStr = meta.value()?.parse()?;
                    if !ON_DELETE.contains(&value.value().as_str()) {
                        cx.error_spanned_by(
                            &value,
                            format!(
                                "unknown on_delete `{}`; expected one of: {}",
                                value.value(),
                                quoted_list(ON_DELETE)
                            ),
                        );
                    }
                    out.on_delete.set(cx, &meta, value);
                } else {
                    unknown(cx, &meta, "field", FIELD_KEYS)?;
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

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reports an unknown key with the valid ones, then skips its value so the
/// keys after it are still read.
fn unknown(cx: &Ctxt, meta: &ParseNestedMeta, attribute: &str, valid: &[&str]) -> syn::Result<()> {
    let name = meta.path.to_token_stream().to_string().replace(' ', "");
    let hint = closest(&name, valid)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown {attribute} attribute `{name}`{hint}\nexpected one of: {}",
            quoted_list(valid)
        ),
    );
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            if inner.input.peek(Token![=]) {
                inner.value()?.parse::<Expr>()?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

fn flag(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let name = meta.path.to_token_stream().to_string();
        let value: Expr = meta.value()?.parse()?;
        cx.error_spanned_by(
            value,
            format!("`{name}` takes no value: write `#[field({name})]`"),
        );
    }
    Ok(())
}

fn positive(meta: &ParseNestedMeta, name: &str) -> syn::Result<u32> {
    let literal: LitInt = meta.value()?.parse()?;
    let value = literal.base10_parse::<u32>()?;
    if value == 0 {
        return Err(syn::Error::new_spanned(
            literal,
            format!("`{name}` must be at least 1"),
        ));
    }
    Ok(value)
}

/// A table, column or app name: not empty, and free of the characters that
/// would break quoting on some backend.
fn identifier_string(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    let value: LitStr = meta.value()?.parse()?;
    let text = value.value();
    let name = meta.path.to_token_stream().to_string();
    if text.is_empty() {
        cx.error_spanned_by(&value, format!("`{name}` cannot be empty"));
    } else if text.contains(['"', '`', '\0']) {
        cx.error_spanned_by(
            &value,
            format!("`{name}` cannot contain quotes or NUL characters"),
        );
    } else if text.len() > 63 {
        cx.error_spanned_by(
            &value,
            format!(
                "`{name}` is {} bytes long; PostgreSQL and MySQL allow at most 63",
                text.len()
            ),
        );
    }
    Ok(value)
}

fn default_literal(meta: &ParseNestedMeta) -> syn::Result<DefaultLit> {
    let expr: Expr = meta.value()?.parse()?;
    let (negative, literal) = match &expr {
        Expr::Lit(lit) => (false, &lit.lit),
        Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Neg(_)) => match &*unary.expr {
            Expr::Lit(lit) => (true, &lit.lit),
            _ => return Err(not_a_literal(&expr)),
        },
        _ => return Err(not_a_literal(&expr)),
    };
    let sign = if negative { "-" } else { "" };
    match literal {
        Lit::Int(int) => {
            let value: i64 = format!("{sign}{}", int.base10_digits())
                .parse()
                .map_err(|_| syn::Error::new_spanned(&expr, "integer `default` does not fit in i64"))?;
            Ok(DefaultLit::Int(value))
        }
        Lit::Float(float) => {
            let value: f64 = format!("{sign}{}", float.base10_digits())
                .parse()
                .map_err(|_| syn::Error::new_spanned(&expr, "invalid float `default`"))?;
            Ok(DefaultLit::Float(value))
        }
        Lit::Str(s) if !negative => Ok(DefaultLit::Str(s.clone())),
        Lit::Bool(b) if !negative => Ok(DefaultLit::Bool(b.value)),
        _ => Err(not_a_literal(&expr)),
    }
}

fn not_a_literal(expr: &Expr) -> syn::Error {
    syn::Error::new_spanned(
        expr,
        "`default` must be a literal: a number, a string, `true` or `false`",
    )
}

/// `[["a", "b"], ["c"]]`, or one flat group `["a", "b"]`.
fn name_groups(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Vec<Vec<LitStr>>> {
    let name = meta.path.to_token_stream().to_string();
    let array: ExprArray = meta
        .value()?
        .parse()
        .map_err(|e| syn::Error::new(e.span(), format!("expected `{name} = [[\"field\", ...], ...]`")))?;
    if array.elems.iter().all(|e| matches!(e, Expr::Lit(_))) {
        return Ok(vec![strings(cx, &name, array.elems.iter())]);
    }
    Ok(array
        .elems
        .iter()
        .filter_map(|group| match group {
            Expr::Array(inner) => Some(strings(cx, &name, inner.elems.iter())),
            other => {
                cx.error_spanned_by(
                    other,
                    format!("`{name}` groups are lists of field names: [\"a\", \"b\"]"),
                );
                None
            }
        })
        .collect())
}

fn strings<'a>(cx: &Ctxt, name: &str, elems: impl Iterator<Item = &'a Expr>) -> Vec<LitStr> {
    elems
        .filter_map(|e| match e {
            Expr::Lit(syn::ExprLit { lit: Lit::Str(s), .. }) => Some(s.clone()),
            other => {
                cx.error_spanned_by(other, format!("`{name}` lists field names as strings"));
                None
            }
        })
        .collect()
}
