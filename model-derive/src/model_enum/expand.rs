//! What `#[derive(ModelEnum)]` writes: `FieldType` and `ModelEnum`, the
//! Diesel traits that bind and read the enum as its column's SQL type, and
//! the markers for `max_length` and `default`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ast::{Enum, Stored};
use super::attr::Storage;
use crate::expand::{diesel_path, runtime_path};

pub fn expand(model_enum: &Enum) -> TokenStream {
    let field_type = field_type(model_enum);
    let model_enum_impl = model_enum_impl(model_enum);
    let markers = markers(model_enum);
    let diesel = diesel_impls(model_enum);
    quote! {
        #[doc(hidden)]
        const _: () = {
            #field_type
            #model_enum_impl
            #markers
            #diesel
        };
    }
}

/// The SQL type, what a row holds, and the column type, per storage.
fn storage_types(model_enum: &Enum) -> (TokenStream, TokenStream, TokenStream) {
    let d = diesel_path();
    let rt = runtime_path();
    match model_enum.storage {
        Storage::Text => (
            quote!(#d::sql_types::Text),
            quote!(::std::string::String),
            quote!(#rt::schema::ColumnType::Text),
        ),
        Storage::Integer => (
            quote!(#d::sql_types::Integer),
            quote!(::core::primitive::i32),
            quote!(#rt::schema::ColumnType::Integer),
        ),
    }
}

/// `match self { Course::Main => <tokens>, .. }` over every variant.
fn per_variant(model_enum: &Enum, arm: impl Fn(usize, &Stored) -> TokenStream) -> TokenStream {
    let ident = model_enum.ident;
    let arms = model_enum.variants.iter().enumerate().map(|(i, variant)| {
        let name = variant.ident;
        let value = arm(i, &variant.stored);
        quote!(#ident::#name => #value,)
    });
    quote! {
        match self {
            #(#arms)*
        }
    }
}

/// The stored value as a `'static` reference: `"main"` or `&3`.
fn stored_ref(stored: &Stored) -> TokenStream {
    match stored {
        Stored::Text(text) => quote!(#text),
        Stored::Integer(value) => quote!(&#value),
    }
}

fn field_type(model_enum: &Enum) -> TokenStream {
    let rt = runtime_path();
    let p = quote!(#rt::__private);
    let s = quote!(#rt::schema);
    let ident = model_enum.ident;
    let (sql_type, load, column_type) = storage_types(model_enum);
    let choices = model_enum.variants.iter().map(|variant| {
        let label = &variant.label;
        match &variant.stored {
            Stored::Text(text) => quote!(#s::Choice::text(#text, #label)),
            Stored::Integer(value) => {
                let value = i64::from(*value);
                quote!(#s::Choice::integer(#value, #label))
            }
        }
    });
    let stored = match model_enum.storage {
        Storage::Text => quote!(#s::ChoiceValue::Text(#s::Name::Owned(load))),
        Storage::Integer => quote!(#s::ChoiceValue::Int(::core::primitive::i64::from(load))),
    };
    quote! {
        #[automatically_derived]
        impl #rt::FieldType for #ident {
            type SqlType = #sql_type;
            type Load = #load;
            const COLUMN_TYPE: #s::ColumnType = #column_type;
            const CHOICES: &'static [#s::Choice] = &[#(#choices),*];

            fn from_load(load: #load) -> ::core::result::Result<Self, ::std::string::String> {
                #p::enum_from_load::<Self>(#stored)
            }

            fn to_value(&self) -> #rt::Value {
                #p::enum_to_value(self)
            }

            fn from_value(value: #rt::Value) -> ::core::result::Result<Self, ::std::string::String> {
                #p::enum_from_value::<Self>(value)
            }
        }
    }
}

fn model_enum_impl(model_enum: &Enum) -> TokenStream {
    let rt = runtime_path();
    let ident = model_enum.ident;
    let variants = model_enum.variants.iter().map(|v| v.ident);
    let position = per_variant(model_enum, |i, _| quote!(#i));
    quote! {
        #[automatically_derived]
        impl #rt::field::ModelEnum for #ident {
            const VARIANTS: &'static [Self] = &[#(#ident::#variants),*];

            fn position(&self) -> ::core::primitive::usize {
                #position
            }
        }
    }
}

/// What the field options need: `max_length` takes a text enum, and
/// `default` takes the literal its values are written in.
fn markers(model_enum: &Enum) -> TokenStream {
    let rt = runtime_path();
    let ident = model_enum.ident;
    match model_enum.storage {
        Storage::Text => {
            let text = per_variant(model_enum, |_, stored| stored_ref(stored));
            quote! {
                #[automatically_derived]
                impl #rt::field::TextField for #ident {
                    fn text(&self) -> ::core::option::Option<&::core::primitive::str> {
                        ::core::option::Option::Some(#text)
                    }
                }

                #[automatically_derived]
                impl #rt::field::DefaultFromStr for #ident {}
            }
        }
        Storage::Integer => quote! {
            #[automatically_derived]
            impl #rt::field::DefaultFromInt for #ident {}
        },
    }
}

/// `ToSql` and `FromSql` as the stored value's, on every backend, and
/// `AsExpression`, so the enum compares with its column
/// (`order::course.eq(Course::Main)`).
fn diesel_impls(model_enum: &Enum) -> TokenStream {
    let d = diesel_path();
    let rt = runtime_path();
    let ident = model_enum.ident;
    let (sql_type, load, _) = storage_types(model_enum);
    let stored_ty = match model_enum.storage {
        Storage::Text => quote!(::core::primitive::str),
        Storage::Integer => quote!(::core::primitive::i32),
    };
    let stored = per_variant(model_enum, |_, stored| stored_ref(stored));
    let bound = quote!(#rt::expression::Bind);
    let nullable = quote!(#d::sql_types::Nullable<#sql_type>);
    let as_expression = |target: TokenStream, generics: TokenStream, ty: TokenStream| {
        quote! {
            #[automatically_derived]
            impl #generics #d::expression::AsExpression<#target> for #ty {
                type Expression = #bound<#target, Self>;

                fn as_expression(self) -> Self::Expression {
                    #bound::new(self)
                }
            }
        }
    };
    let expressions = [
        as_expression(sql_type.clone(), quote!(), quote!(#ident)),
        as_expression(nullable.clone(), quote!(), quote!(#ident)),
        as_expression(sql_type.clone(), quote!(<'__expr>), quote!(&'__expr #ident)),
        as_expression(nullable.clone(), quote!(<'__expr>), quote!(&'__expr #ident)),
    ];
    quote! {
        #(#expressions)*

        #[automatically_derived]
        impl<__DB> #d::serialize::ToSql<#sql_type, __DB> for #ident
        where
            __DB: #d::backend::Backend,
            #stored_ty: #d::serialize::ToSql<#sql_type, __DB>,
        {
            fn to_sql<'__b>(
                &'__b self,
                out: &mut #d::serialize::Output<'__b, '_, __DB>,
            ) -> #d::serialize::Result {
                let stored: &'static #stored_ty = #stored;
                <#stored_ty as #d::serialize::ToSql<#sql_type, __DB>>::to_sql(stored, out)
            }
        }

        #[automatically_derived]
        impl<__DB> #d::serialize::ToSql<#nullable, __DB> for #ident
        where
            __DB: #d::backend::Backend,
            Self: #d::serialize::ToSql<#sql_type, __DB>,
        {
            fn to_sql<'__b>(
                &'__b self,
                out: &mut #d::serialize::Output<'__b, '_, __DB>,
            ) -> #d::serialize::Result {
                <Self as #d::serialize::ToSql<#sql_type, __DB>>::to_sql(self, out)
            }
        }

        #[automatically_derived]
        impl<__DB> #d::deserialize::FromSql<#sql_type, __DB> for #ident
        where
            __DB: #d::backend::Backend,
            #load: #d::deserialize::FromSql<#sql_type, __DB>,
        {
            fn from_sql(
                bytes: <__DB as #d::backend::Backend>::RawValue<'_>,
            ) -> #d::deserialize::Result<Self> {
                let load = <#load as #d::deserialize::FromSql<#sql_type, __DB>>::from_sql(bytes)?;
                <Self as #rt::FieldType>::from_load(load).map_err(::core::convert::Into::into)
            }
        }
    }
}
