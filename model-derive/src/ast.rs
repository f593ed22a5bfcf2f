//! The struct a model is derived from, with its parsed attributes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, Ident, Type, Visibility};

use crate::attr::{FieldAttrs, ModelAttrs};
use crate::case::snake_case;
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

    /// The fields `New…` holds: all but an auto-increment key.
    pub fn insertable_fields(&self) -> impl Iterator<Item = &Field<'a>> + Clone {
        self.fields.iter().filter(|f| !f.is_auto_increment())
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

    /// The table as a `&'static str` expression: the attribute, or Django's
    /// `app_modelname`.
    pub fn table(&self) -> TokenStream {
        let lowercase = self.ident.to_string().to_lowercase();
        match (self.attrs.table.get(), self.attrs.app.get()) {
            (Some(table), _) => quote!(#table),
            (None, Some(app)) => {
                let table = format!("{}_{lowercase}", app.value());
                quote!(#table)
            }
            (None, None) => {
                let suffix = format!("_{lowercase}");
                quote!(::core::concat!(::core::env!("CARGO_CRATE_NAME"), #suffix))
            }
        }
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

    pub fn column_name(&self) -> String {
        self.attrs
            .column
            .get()
            .map_or_else(|| self.ident.to_string(), |c| c.value())
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
