//! The struct a model is derived from, with its parsed attributes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, Ident, Type, Visibility};

use crate::attr::{FieldAttrs, ManyToManyAttr, ModelAttrs};
use crate::case::{plural, snake_case};
use crate::ctxt::Ctxt;

pub struct Model<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    pub attrs: ModelAttrs,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: FieldAttrs,
    /// The field's doc comments, repeated on the `New…` struct.
    pub docs: Vec<&'a syn::Attribute>,
}

impl<'a> Model<'a> {
    /// Gathers the struct, or reports why it cannot be a model.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Model<'a>> {
        let attrs = ModelAttrs::parse(cx, &input.attrs);
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "a model cannot be generic: its table and columns are fixed at compile time",
            );
            // Its fields' types may be the parameters: nothing more to say.
            return None;
        }
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(fields) => {
                    cx.error_spanned_by(
                        fields,
                        "#[derive(Model)] needs named fields, one per column: `struct Menu { id: i64, .. }`",
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "#[derive(Model)] needs named fields, one per column: `struct Menu { id: i64, .. }`",
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "#[derive(Model)] works on structs; an enum cannot be a table",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "#[derive(Model)] works on structs; a union cannot be a table",
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .map(|field| Field {
                ident: field.ident.as_ref().expect("named field"),
                ty: &field.ty,
                attrs: FieldAttrs::parse(cx, &field.attrs),
                docs: field.attrs.iter().filter(|a| a.path().is_ident("doc")).collect(),
            })
            .collect();
        Some(Model {
            ident: &input.ident,
            vis: &input.vis,
            attrs,
            fields,
        })
    }

    pub fn primary_key(&self) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.is_primary_key())
    }

    /// The fields `New…` holds: all but an auto-increment key and the
    /// `auto_now`/`auto_now_add` timestamps.
    pub fn insertable_fields(&self) -> impl Iterator<Item = &Field<'a>> + Clone {
        self.fields
            .iter()
            .filter(|f| !f.is_auto_increment() && !f.is_auto_now())
    }

    /// The `auto_now` and `auto_now_add` fields, set to the current time on insert.
    pub fn auto_now_fields(&self) -> impl Iterator<Item = &Field<'a>> + Clone {
        self.fields.iter().filter(|f| f.is_auto_now())
    }

    /// The `auto_now` fields, set to the current time on every save too.
    pub fn saved_now_fields(&self) -> impl Iterator<Item = &Field<'a>> + Clone {
        self.fields.iter().filter(|f| f.attrs.auto_now.is_set())
    }

    /// The fields an UPDATE sets: all but the primary key.
    pub fn updatable_fields(&self) -> impl Iterator<Item = &Field<'a>> + Clone {
        self.fields.iter().filter(|f| !f.is_primary_key())
    }

    /// The Diesel table module: `menu_item` for `MenuItem`.
    pub fn module(&self) -> Ident {
        format_ident!(
            "{}",
            snake_case(&self.ident.to_string()),
            span = self.ident.span()
        )
    }

    /// The insertable struct: `NewMenu` for `Menu`.
    pub fn new_ident(&self) -> Ident {
        format_ident!("New{}", self.ident, span = self.ident.span())
    }

    /// The app as a `&'static str` expression: the attribute, or the crate's name.
    pub fn app(&self) -> TokenStream {
        match self.attrs.app.get() {
            Some(app) => quote!(#app),
            None => quote!(::core::env!("CARGO_CRATE_NAME")),
        }
    }

    /// The table's name: the attribute, or Django's `app_modelname`, the
    /// app being the crate's name when the attribute does not say it.
    /// `None` when neither says it, outside Cargo (see `check`).
    pub fn table_name(&self) -> Option<String> {
        let lowercase = self.ident.to_string().to_lowercase();
        match (self.attrs.table.get(), self.attrs.app.get()) {
            (Some(table), _) => Some(table.value()),
            (None, Some(app)) => Some(format!("{}_{lowercase}", app.value())),
            // Diesel's `table!` takes its name as a literal, so the crate's
            // name is read here; Cargo sets it for every crate it compiles.
            (None, None) => std::env::var("CARGO_CRATE_NAME")
                .ok()
                .map(|krate| format!("{krate}_{lowercase}")),
        }
    }

    /// The table's name as a string literal, for the schema descriptor.
    pub fn table(&self) -> TokenStream {
        let name = self.table_name().unwrap_or_default();
        quote!(#name)
    }
}

/// An identifier's text, without `r#`.
pub fn unraw(ident: &Ident) -> String {
    syn::ext::IdentExt::unraw(ident).to_string()
}

/// `name` as a method name, raw when it is a keyword (`r#type`).
pub fn method_ident(name: &str, span: proc_macro2::Span) -> Ident {
    match syn::parse_str::<Ident>(name) {
        Ok(_) => Ident::new(name, span),
        Err(_) => Ident::new_raw(name, span),
    }
}

/// The constant beside an accessor: `CATEGORY` for `category`.
pub fn constant_ident(accessor: &Ident) -> Ident {
    Ident::new(&unraw(accessor).to_uppercase(), accessor.span())
}

/// A reverse accessor's name: `related_name`, or the plural of the model's
/// snake_case name; `None` for `"+"`.
fn reverse_name(model: &Model, related_name: Option<&syn::LitStr>, target: &Type) -> Option<Ident> {
    match related_name {
        Some(name) if name.value() == "+" => None,
        Some(name) => Some(method_ident(&name.value(), name.span())),
        None => {
            let span = quote::ToTokens::to_token_stream(target)
                .into_iter()
                .next()
                .map_or_else(proc_macro2::Span::call_site, |t| t.span());
            Some(method_ident(&plural(&snake_case(&model.ident.to_string())), span))
        }
    }
}

impl ManyToManyAttr {
    /// The accessor on the target (`menu.bookings()`), or `None` for `"+"`.
    pub fn reverse_accessor(&self, model: &Model) -> Option<Ident> {
        reverse_name(model, self.related_name.as_ref(), &self.target)
    }
}

impl Field<'_> {
    pub fn is_primary_key(&self) -> bool {
        self.attrs.primary_key.is_set()
    }

    /// A primary key the database assigns: the default for `primary_key`.
    pub fn is_auto_increment(&self) -> bool {
        self.is_primary_key() && self.attrs.auto_increment.get().copied().unwrap_or(true)
    }

    /// A timestamp the runtime sets: `auto_now` or `auto_now_add`.
    pub fn is_auto_now(&self) -> bool {
        self.attrs.auto_now.is_set() || self.attrs.auto_now_add.is_set()
    }

    /// Where `auto_now` or `auto_now_add` is written, to report a field
    /// type that cannot take it there.
    pub fn auto_now_span(&self) -> Option<proc_macro2::Span> {
        [&self.attrs.auto_now, &self.attrs.auto_now_add]
            .into_iter()
            .find(|a| a.is_set())
            .map(|a| a.span())
    }

    pub fn column_name(&self) -> String {
        self.attrs
            .column
            .get()
            .map_or_else(|| self.ident.to_string(), |c| c.value())
    }

    /// The forward accessor of a foreign key, `menu.category(&mut conn)`:
    /// the field's name without `_id`, or else the field's own name (a
    /// method and a field may share a name).
    pub fn accessor(&self) -> Ident {
        let name = unraw(self.ident);
        let name = name
            .strip_suffix("_id")
            .filter(|n| !n.is_empty())
            .unwrap_or(&name);
        method_ident(name, self.ident.span())
    }

    /// The accessor a foreign key gives its target (`category.menus`):
    /// `related_name`, or the plural of `model`'s name; `None` for
    /// `related_name = "+"`. Spanned on what names it, so a clash is
    /// reported there.
    pub fn reverse_accessor(&self, model: &Model) -> Option<Ident> {
        let target = self.attrs.foreign_key.get()?;
        reverse_name(model, self.attrs.related_name.get(), target)
    }

    /// Field name and column name, the two names a dynamic lookup accepts.
    pub fn names(&self) -> Vec<String> {
        let field = self.ident.to_string();
        let column = self.column_name();
        if field == column {
            vec![field]
        } else {
            vec![field, column]
        }
    }
}
