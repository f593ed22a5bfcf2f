//! `#[model(...)]` and `#[field(...)]` into plain values. Simple checks
//! (types of values, known keys, duplicates) happen here; rules between
//! fields are in `check.rs`.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Expr, ExprArray, Lit, LitBool, LitStr, Token};

use crate::case::closest;
use crate::ctxt::Ctxt;

pub const MODEL_KEYS: &[&str] = &[
    "app",
    "table",
    "unique_together",
    "indexes",
    "renamed_from",
    "many_to_many",
];
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
    "sql_type",
    "foreign_key",
    "on_delete",
    "related_name",
    "renamed_from",
    "blank",
    "validate",
    "auto_now",
    "auto_now_add",
];
pub const ON_DELETE: &[&str] = &["cascade", "protect", "restrict", "set_null"];

/// Django's spelling of a key, and how to say it here: the first thing a
/// Django user types is the name they know.
const MODEL_DJANGO_KEYS: &[(&str, &str)] = &[
    ("db_table", "Django's `db_table` is `table` here"),
    ("index_together", "Django's `index_together` is `indexes` here"),
];
const FIELD_DJANGO_KEYS: &[(&str, &str)] = &[
    ("db_column", "Django's `db_column` is `column` here"),
    ("db_index", "Django's `db_index` is `index` here"),
    ("null", "a column that allows NULL is an `Option<_>` field here"),
    ("to", "the model pointed at is `foreign_key = Model` here"),
    (
        "validators",
        "Django's `validators = [...]` is `validate = [...]` here",
    ),
    (
        "choices",
        "choices come from the field's type here: an enum with `#[derive(ModelEnum)]`",
    ),
];

/// One attribute value, with the tokens to point at when it is at fault.
///
/// A key given with a malformed value is still recorded as given (with no
/// value), so the error about the value is the only one: no rule reports the
/// key as missing.
pub struct Attr<T> {
    name: &'static str,
    value: Option<(Option<T>, TokenStream)>,
}

impl<T> Attr<T> {
    fn none(name: &'static str) -> Self {
        Attr { name, value: None }
    }

    fn set(&mut self, cx: &Ctxt, at: &ParseNestedMeta, value: T) {
        self.record(cx, at, Some(value));
    }

    /// Records the key; `None` when its value was malformed and reported.
    fn record(&mut self, cx: &Ctxt, at: &ParseNestedMeta, value: Option<T>) {
        let tokens = at.path.to_token_stream();
        if self.value.is_some() {
            cx.error_spanned_by(tokens, format!("`{}` is given twice; keep one", self.name));
        } else {
            self.value = Some((value, tokens));
        }
    }

    /// The value, when the key was given with a valid one.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref().and_then(|(v, _)| v.as_ref())
    }

    /// Whether the key was given, valid or not.
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
    pub renamed_from: Attr<LitStr>,
    /// One per `many_to_many(...)`, in the order written.
    pub many_to_many: Vec<ManyToManyAttr>,
}

/// `many_to_many(menus = Menu, through = BookingItem, related_name = "bookings")`.
pub struct ManyToManyAttr {
    /// The relation's name: `menus`, the accessor `booking.menus()`.
    pub name: syn::Ident,
    /// The model on the other side.
    pub target: syn::Type,
    /// An explicit through model, instead of the auto-created one.
    pub through: Option<syn::Type>,
    /// The target's primary key type, for the auto-created through model
    /// (`i64`, Django's default, when not given).
    pub target_key: Option<syn::Type>,
    /// The accessor on the target (`menu.bookings()`), or `+` for none.
    pub related_name: Option<LitStr>,
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
    pub sql_type: Attr<syn::Path>,
    pub foreign_key: Attr<syn::Type>,
    pub on_delete: Attr<LitStr>,
    pub related_name: Attr<LitStr>,
    pub renamed_from: Attr<LitStr>,
    pub blank: Attr<()>,
    pub validate: Attr<Vec<syn::Path>>,
    pub auto_now: Attr<()>,
    pub auto_now_add: Attr<()>,
}

impl ModelAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[syn::Attribute]) -> ModelAttrs {
        let mut out = ModelAttrs {
            app: Attr::none("app"),
            table: Attr::none("table"),
            unique_together: Attr::none("unique_together"),
            indexes: Attr::none("indexes"),
            renamed_from: Attr::none("renamed_from"),
            many_to_many: Vec::new(),
        };
        for attr in attrs.iter().filter(|a| a.path().is_ident("model")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("app") {
                    let value = identifier_string(cx, &meta, "app = \"shop\"")?;
                    out.app.record(cx, &meta, value);
                } else if meta.path.is_ident("table") {
                    let value = identifier_string(cx, &meta, "table = \"shop_item\"")?;
                    out.table.record(cx, &meta, value);
                } else if meta.path.is_ident("unique_together") {
                    let value = name_groups(cx, &meta)?;
                    out.unique_together.record(cx, &meta, value);
                } else if meta.path.is_ident("indexes") {
                    let value = name_groups(cx, &meta)?;
                    out.indexes.record(cx, &meta, value);
                } else if meta.path.is_ident("renamed_from") {
                    let value = identifier_string(cx, &meta, "renamed_from = \"OldName\"")?;
                    out.renamed_from.record(cx, &meta, value);
                } else if meta.path.is_ident("many_to_many") {
                    out.many_to_many.extend(many_to_many(cx, &meta)?);
                } else {
                    unknown(cx, &meta, "model", MODEL_KEYS, MODEL_DJANGO_KEYS)?;
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
            sql_type: Attr::none("sql_type"),
            foreign_key: Attr::none("foreign_key"),
            on_delete: Attr::none("on_delete"),
            related_name: Attr::none("related_name"),
            renamed_from: Attr::none("renamed_from"),
            blank: Attr::none("blank"),
            validate: Attr::none("validate"),
            auto_now: Attr::none("auto_now"),
            auto_now_add: Attr::none("auto_now_add"),
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
                } else if path.is_ident("blank") {
                    flag(cx, &meta)?;
                    out.blank.set(cx, &meta, ());
                } else if path.is_ident("auto_now") {
                    flag(cx, &meta)?;
                    out.auto_now.set(cx, &meta, ());
                } else if path.is_ident("auto_now_add") {
                    flag(cx, &meta)?;
                    out.auto_now_add.set(cx, &meta, ());
                } else if path.is_ident("validate") {
                    let value = validators(cx, &meta)?;
                    out.validate.record(cx, &meta, value);
                } else if path.is_ident("auto_increment") {
                    let value = boolean(cx, &meta, "auto_increment = false")?;
                    out.auto_increment.record(cx, &meta, value);
                } else if path.is_ident("max_length") {
                    let value = integer(cx, &meta, 1, "max_length = 255")?;
                    out.max_length.record(cx, &meta, value);
                } else if path.is_ident("max_digits") {
                    let value = integer(cx, &meta, 1, "max_digits = 6")?;
                    out.max_digits.record(cx, &meta, value);
                } else if path.is_ident("decimal_places") {
                    let value = integer(cx, &meta, 0, "decimal_places = 2")?;
                    out.decimal_places.record(cx, &meta, value);
                } else if path.is_ident("default") {
                    let value = default_literal(cx, &meta)?;
                    out.default.record(cx, &meta, value);
                } else if path.is_ident("column") {
                    let value = identifier_string(cx, &meta, "column = \"name\"")?;
                    out.column.record(cx, &meta, value);
                } else if path.is_ident("sql_type") {
                    let value = parsed_value(cx, &meta, "sql_type = Text")?;
                    out.sql_type.record(cx, &meta, value);
                } else if path.is_ident("foreign_key") {
                    let value = parsed_value(cx, &meta, "foreign_key = Category")?;
                    out.foreign_key.record(cx, &meta, value);
                } else if path.is_ident("on_delete") {
                    let value = on_delete(cx, &meta)?;
                    out.on_delete.record(cx, &meta, value);
                } else if path.is_ident("related_name") {
                    let value = related_name(cx, &meta)?;
                    out.related_name.record(cx, &meta, value);
                } else if path.is_ident("renamed_from") {
                    let value = identifier_string(cx, &meta, "renamed_from = \"old_name\"")?;
                    out.renamed_from.record(cx, &meta, value);
                } else {
                    unknown(cx, &meta, "field", FIELD_KEYS, FIELD_DJANGO_KEYS)?;
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

/// Names in backticks, comma-separated, as error messages list them.
pub fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn key_name(meta: &ParseNestedMeta) -> String {
    meta.path.to_token_stream().to_string().replace(' ', "")
}

/// Reports an unknown key with the valid ones, then skips its value so the
/// keys after it are still read.
pub fn unknown(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    attribute: &str,
    valid: &[&str],
    django: &[(&str, &str)],
) -> syn::Result<()> {
    let name = key_name(meta);
    let hint = match django.iter().find(|(key, _)| *key == name) {
        Some((_, hint)) => format!("; {hint}"),
        None => closest(&name, valid)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default(),
    };
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown {attribute} attribute `{name}`{hint}\nexpected one of: {}",
            quoted_list(valid)
        ),
    );
    skip_value(meta)
}

fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
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
        let name = key_name(meta);
        let value: Expr = meta.value()?.parse()?;
        cx.error_spanned_by(
            value,
            format!("`{name}` takes no value: write `#[field({name})]`"),
        );
    }
    Ok(())
}

/// Whether `key = value` follows; a bare `key` is reported with an example
/// of its value, and parsing goes on with the next key.
fn has_value(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) {
        return Ok(true);
    }
    let name = key_name(meta);
    cx.error_spanned_by(&meta.path, format!("`{name}` needs a value, as in `{example}`"));
    skip_value(meta)?;
    Ok(false)
}

/// The value of `key = value` parsed as `T` (a type, a path); `None`, with
/// the error recorded, when the key has no value.
fn parsed_value<T: syn::parse::Parse>(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<T>> {
    if has_value(cx, meta, example)? {
        Ok(Some(meta.value()?.parse()?))
    } else {
        Ok(None)
    }
}

/// The value of `key = value` as an expression, to be checked for its kind.
fn value(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<Expr>> {
    parsed_value(cx, meta, example)
}

fn literal(expr: &Expr) -> Option<&Lit> {
    match expr {
        Expr::Lit(lit) => Some(&lit.lit),
        _ => None,
    }
}

fn integer(cx: &Ctxt, meta: &ParseNestedMeta, min: u32, example: &str) -> syn::Result<Option<u32>> {
    let Some(expr) = value(cx, meta, example)? else {
        return Ok(None);
    };
    let name = key_name(meta);
    let Some(Lit::Int(int)) = literal(&expr) else {
        cx.error_spanned_by(&expr, format!("`{name}` takes a whole number, as in `{example}`"));
        return Ok(None);
    };
    match int.base10_parse::<u32>() {
        Ok(value) if value >= min => Ok(Some(value)),
        Ok(_) => {
            cx.error_spanned_by(int, format!("`{name}` must be at least {min}"));
            Ok(None)
        }
        Err(error) => {
            cx.syn_error(error);
            Ok(None)
        }
    }
}

fn boolean(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<bool>> {
    let Some(expr) = value(cx, meta, example)? else {
        return Ok(None);
    };
    match literal(&expr) {
        Some(Lit::Bool(LitBool { value, .. })) => Ok(Some(*value)),
        _ => {
            let name = key_name(meta);
            cx.error_spanned_by(
                &expr,
                format!("`{name}` takes `true` or `false`, as in `{example}`"),
            );
            Ok(None)
        }
    }
}

pub fn string(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<LitStr>> {
    let Some(expr) = value(cx, meta, example)? else {
        return Ok(None);
    };
    match literal(&expr) {
        Some(Lit::Str(s)) => Ok(Some(s.clone())),
        _ => {
            let name = key_name(meta);
            cx.error_spanned_by(&expr, format!("`{name}` takes a string, as in `{example}`"));
            Ok(None)
        }
    }
}

/// `on_delete = "cascade"`; Django's `on_delete=models.CASCADE` is
/// recognised and turned into the string to write.
fn on_delete(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    let example = "on_delete = \"cascade\"";
    let Some(expr) = value(cx, meta, example)? else {
        return Ok(None);
    };
    let value = match literal(&expr) {
        Some(Lit::Str(s)) => s.clone(),
        _ => {
            let spelled = expr.to_token_stream().to_string();
            let last = spelled.rsplit(['.', ':', ' ']).next().unwrap_or_default();
            let message = match ON_DELETE.iter().find(|v| v.eq_ignore_ascii_case(last)) {
                Some(valid) => format!("`on_delete` takes a string: write `on_delete = \"{valid}\"`"),
                None => format!(
                    "`on_delete` takes a string, one of: {}",
                    quoted_strings(ON_DELETE)
                ),
            };
            cx.error_spanned_by(&expr, message);
            return Ok(None);
        }
    };
    let text = value.value();
    if !ON_DELETE.contains(&text.as_str()) {
        let hint = ON_DELETE
            .iter()
            .find(|v| v.eq_ignore_ascii_case(&text))
            .copied()
            .or_else(|| closest(&text, ON_DELETE))
            .map(|c| format!("did you mean \"{c}\"? "))
            .unwrap_or_default();
        cx.error_spanned_by(
            &value,
            format!(
                "unknown `on_delete = \"{text}\"`; {hint}expected one of: {}",
                quoted_strings(ON_DELETE)
            ),
        );
        return Ok(None);
    }
    Ok(Some(value))
}

/// `related_name = "dishes"`: the name of a Rust method, or Django's `"+"`
/// for no reverse accessor.
fn related_name(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    let Some(value) = string(cx, meta, "related_name = \"dishes\"")? else {
        return Ok(None);
    };
    if !is_related_name(&value.value()) {
        cx.error_spanned_by(
            &value,
            format!(
                "`related_name = \"{}\"` must be a snake_case method name, as in `related_name = \"dishes\"`, \
                 or \"+\" for no reverse accessor",
                value.value()
            ),
        );
        return Ok(None);
    }
    Ok(Some(value))
}

fn is_related_name(name: &str) -> bool {
    name == "+"
        || (syn::parse_str::<syn::Ident>(name).is_ok()
            && !name.starts_with("r#")
            && name
                .chars()
                .all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// `many_to_many(menus = Menu)`, with `through = Model` and
/// `related_name = "..."` as options; `None` when it was reported.
fn many_to_many(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<ManyToManyAttr>> {
    let example = "many_to_many(menus = Menu)";
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!("`many_to_many` lists a relation, as in `{example}`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let mut relation: Option<(syn::Ident, syn::Type)> = None;
    let mut through = Attr::none("through");
    let mut target_key = Attr::none("target_key");
    let mut related = Attr::none("related_name");
    let mut ok = true;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("through") {
            if has_value(cx, &inner, "through = BookingItem")? {
                let value = inner.value()?.parse::<syn::Type>()?;
                through.set(cx, &inner, value);
            }
        } else if inner.path.is_ident("target_key") {
            if has_value(cx, &inner, "target_key = String")? {
                let value = inner.value()?.parse::<syn::Type>()?;
                target_key.set(cx, &inner, value);
            }
        } else if inner.path.is_ident("related_name") {
            let value = related_name(cx, &inner)?;
            related.record(cx, &inner, value);
        } else if let Some(name) = inner.path.get_ident() {
            if !has_value(cx, &inner, example)? {
                ok = false;
            } else if let Some((first, _)) = &relation {
                let message = match closest(&name.to_string(), &["through", "target_key", "related_name"]) {
                    Some(option) => {
                        format!("unknown `many_to_many` option `{name}`; did you mean `{option}`?")
                    }
                    None => format!(
                        "one `many_to_many(...)` holds one relation, and this one is `{first}`; \
                         write `many_to_many({name} = ...)` apart"
                    ),
                };
                cx.error_spanned_by(&inner.path, message);
                inner.value()?.parse::<syn::Type>()?;
            } else {
                relation = Some((name.clone(), inner.value()?.parse::<syn::Type>()?));
            }
        } else {
            cx.error_spanned_by(
                &inner.path,
                format!("a relation is named by one word, as in `{example}`"),
            );
            skip_value(&inner)?;
        }
        Ok(())
    })?;
    let Some((name, target)) = relation else {
        if ok {
            cx.error_spanned_by(
                &meta.path,
                format!("`many_to_many` needs a relation, as in `{example}`"),
            );
        }
        return Ok(None);
    };
    Ok(Some(ManyToManyAttr {
        name,
        target,
        through: through.get().cloned(),
        target_key: target_key.get().cloned(),
        related_name: related.get().cloned(),
    }))
}

fn quoted_strings(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table, column or app name: not empty, and free of the characters that
/// would break quoting on some backend.
fn identifier_string(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<LitStr>> {
    let Some(value) = string(cx, meta, example)? else {
        return Ok(None);
    };
    let text = value.value();
    let name = key_name(meta);
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
    Ok(Some(value))
}

fn default_literal(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<DefaultLit>> {
    let Some(expr) = value(cx, meta, "default = 0")? else {
        return Ok(None);
    };
    let (negative, literal) = match &expr {
        Expr::Lit(lit) => (false, &lit.lit),
        Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Neg(_)) => match &*unary.expr {
            Expr::Lit(lit) => (true, &lit.lit),
            _ => return not_a_literal(cx, &expr),
        },
        _ => return not_a_literal(cx, &expr),
    };
    let sign = if negative { "-" } else { "" };
    let value = match literal {
        Lit::Int(int) => match format!("{sign}{}", int.base10_digits()).parse() {
            Ok(value) => DefaultLit::Int(value),
            Err(_) => {
                cx.error_spanned_by(&expr, "integer `default` does not fit in i64");
                return Ok(None);
            }
        },
        Lit::Float(float) => match format!("{sign}{}", float.base10_digits()).parse() {
            Ok(value) => DefaultLit::Float(value),
            Err(_) => {
                cx.error_spanned_by(&expr, "invalid float `default`");
                return Ok(None);
            }
        },
        // PostgreSQL's text cannot hold a NUL, nor can SQLite's SQL text,
        // and a model migrates on every backend.
        Lit::Str(s) if !negative && s.value().contains('\0') => {
            cx.error_spanned_by(
                s,
                "a text `default` cannot hold a NUL character (`\\0`): PostgreSQL cannot store it, \
                 and SQLite cannot read it in SQL",
            );
            return Ok(None);
        }
        Lit::Str(s) if !negative => DefaultLit::Str(s.clone()),
        Lit::Bool(b) if !negative => DefaultLit::Bool(b.value),
        _ => return not_a_literal(cx, &expr),
    };
    Ok(Some(value))
}

/// A default is written into the schema and the migrations, so it must be
/// known when the macro runs: a constant's name is not.
fn not_a_literal(cx: &Ctxt, expr: &Expr) -> syn::Result<Option<DefaultLit>> {
    cx.error_spanned_by(
        expr,
        "`default` must be a literal: a number, a string, `true` or `false`, as in `default = 0`",
    );
    Ok(None)
}

/// `validate = check_name`, or a list, `validate = [check_name, no_digits]`:
/// paths of functions, each called by `validate()`.
fn validators(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Vec<syn::Path>>> {
    let example = "validate = check_name";
    let Some(expr) = value(cx, meta, example)? else {
        return Ok(None);
    };
    let elems: Vec<&Expr> = match &expr {
        Expr::Array(array) => array.elems.iter().collect(),
        other => vec![other],
    };
    let mut paths = Vec::with_capacity(elems.len());
    for elem in elems {
        match elem {
            Expr::Path(path) if path.qself.is_none() => paths.push(path.path.clone()),
            other => cx.error_spanned_by(
                other,
                format!(
                    "`validate` takes the path of a function, or a list of them, as in `{example}` \
                     or `validate = [check_name, no_digits]`"
                ),
            ),
        }
    }
    if paths.is_empty() && matches!(expr, Expr::Array(_)) {
        cx.error_spanned_by(&expr, "`validate = []` names no validator; remove it");
    }
    Ok(Some(paths))
}

/// `[["a", "b"], ["c"]]`, or one flat group `["a", "b"]`.
fn name_groups(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Vec<Vec<LitStr>>>> {
    let name = key_name(meta);
    let example = format!("{name} = [[\"field\", \"other_field\"]]");
    let Some(expr) = value(cx, meta, &example)? else {
        return Ok(None);
    };
    let Expr::Array(array) = expr else {
        cx.error_spanned_by(
            &expr,
            format!("`{name}` takes a list of field groups, as in `{example}`"),
        );
        return Ok(None);
    };
    Ok(Some(groups(cx, &name, &array)))
}

fn groups(cx: &Ctxt, name: &str, array: &ExprArray) -> Vec<Vec<LitStr>> {
    if array.elems.iter().all(|e| matches!(e, Expr::Lit(_))) {
        return vec![strings(cx, name, array.elems.iter())];
    }
    array
        .elems
        .iter()
        .filter_map(|group| match group {
            Expr::Array(inner) => Some(strings(cx, name, inner.elems.iter())),
            other => {
                cx.error_spanned_by(
                    other,
                    format!("`{name}` groups are lists of field names: [\"a\", \"b\"]"),
                );
                None
            }
        })
        .collect()
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
