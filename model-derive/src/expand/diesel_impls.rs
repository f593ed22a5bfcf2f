//! Diesel's traits for the model and its `New…` struct: what the
//! `Queryable`, `Selectable`, `Insertable`, `AsChangeset`, `Identifiable`
//! and `Associations` derives and `joinable!` would write.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::{diesel_path, respan, runtime_path};
use crate::ast::{Field, Model};

pub fn expand(model: &Model) -> TokenStream {
    let queryable = queryable(model);
    let insertable = insertable(model);
    let changeset = changeset(model);
    let identifiable = identifiable(model);
    let relations = relations(model);
    quote! {
        #queryable
        #insertable
        #changeset
        #identifiable
        #relations
    }
}

fn queryable(model: &Model) -> TokenStream {
    let d = diesel_path();
    let ident = model.ident;
    let module = model.module();
    let rt = runtime_path();
    let loads: Vec<_> = model
        .fields
        .iter()
        .map(|f| {
            let ty = f.ty;
            quote!(<#ty as #rt::FieldType>::Load)
        })
        .collect();
    let names: Vec<_> = model.fields.iter().map(|f| f.ident).collect();
    let model_name = ident.to_string();
    let builds = model.fields.iter().enumerate().map(|(i, f)| {
        let (name, ty, index) = (f.ident, f.ty, syn::Index::from(i));
        let field_name = name.to_string();
        // A value the field's type cannot hold (a `ModelEnum` no variant
        // is stored as) fails the row, naming the model and the field.
        let value = quote! {
            <#ty as #rt::FieldType>::from_load(row.#index)
                .map_err(|message| #rt::__private::load_error(#model_name, #field_name, message))?
        };
        match (f.attrs.decimal_places.get(), f.attrs.max_digits.is_set()) {
            (Some(places), true) => {
                let ty = respan(ty.to_token_stream(), f.attrs.max_digits.span());
                quote!(#name: <#ty as #rt::field::DecimalField>::with_decimal_places(#value, #places))
            }
            _ => quote!(#name: #value),
        }
    });
    let sql_params: Vec<_> = (0..loads.len()).map(|i| format_ident!("__ST{}", i)).collect();
    quote! {
        impl<__DB, #(#sql_params),*> #d::deserialize::Queryable<(#(#sql_params,)*), __DB> for #ident
        where
            __DB: #d::backend::Backend,
            (#(#loads,)*): #d::deserialize::FromStaticSqlRow<(#(#sql_params,)*), __DB>,
        {
            type Row = (#(#loads,)*);

            fn build(row: Self::Row) -> #d::deserialize::Result<Self> {
                ::core::result::Result::Ok(Self { #(#builds),* })
            }
        }

        impl<__DB: #d::backend::Backend> #d::Selectable<__DB> for #ident {
            type SelectExpression = (#(#module::#names,)*);

            fn construct_selection() -> Self::SelectExpression {
                (#(#module::#names,)*)
            }
        }
    }
}

/// `column.eq(value)` for each field, the value owned or borrowed, bound
/// with its field type's SQL type (which also covers the types Diesel's
/// `AsExpression` cannot).
fn assignments<'a>(
    model: &Model,
    fields: impl Iterator<Item = &'a Field<'a>> + Clone,
    lifetime: Option<&TokenStream>,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let d = diesel_path();
    let rt = runtime_path();
    let bound = quote!(#rt::expression::Bind);
    let module = model.module();
    let reference_type = lifetime.map(|l| quote!(&#l));
    let types = fields
        .clone()
        .map(|f| {
            let (column, ty) = (f.ident, f.ty);
            quote!(#d::dsl::Eq<#module::#column, #bound<<#ty as #rt::FieldType>::SqlType, #reference_type #ty>>)
        })
        .collect();
    let reference = lifetime.map(|_| quote!(&));
    let values = fields
        .map(|f| {
            let column = f.ident;
            quote!(#d::ExpressionMethods::eq(#module::#column, #bound::new(#reference self.#column)))
        })
        .collect();
    (types, values)
}

/// `Insertable` for `New…` and `&New…`, through the tuple of `column =
/// value` pairs that `__insert_record` lends: a tuple of such pairs is what
/// Diesel inserts many of at once (`Vec` or slice), which a struct of our
/// own may be only through Diesel's `Insertable` derive.
fn insertable(model: &Model) -> TokenStream {
    let d = diesel_path();
    let module = model.module();
    let new = model.new_ident();
    let lifetime = quote!('insert);
    let (mut owned_types, mut owned_values) = assignments(model, model.insertable_fields(), None);
    let (mut ref_types, mut ref_values) = assignments(model, model.insertable_fields(), Some(&lifetime));
    // The timestamps `New…` does not hold are written as the current time.
    let (now_types, now_values) = super::auto_now::insert_values(model);
    owned_types.extend(now_types.iter().cloned());
    owned_values.extend(now_values.iter().cloned());
    ref_types.extend(now_types);
    ref_values.extend(now_values);
    quote! {
        impl #new {
            /// The row as `column = value` pairs, borrowing its values.
            #[doc(hidden)]
            pub fn __insert_record<'insert>(&'insert self) -> (#(#ref_types,)*) {
                (#(#ref_values,)*)
            }
        }

        impl #d::Insertable<#module::table> for #new {
            type Values = <(#(#owned_types,)*) as #d::Insertable<#module::table>>::Values;

            fn values(self) -> Self::Values {
                #d::Insertable::<#module::table>::values((#(#owned_values,)*))
            }
        }

        impl<'insert> #d::Insertable<#module::table> for &'insert #new {
            type Values = <(#(#ref_types,)*) as #d::Insertable<#module::table>>::Values;

            fn values(self) -> Self::Values {
                #d::Insertable::<#module::table>::values(self.__insert_record())
            }
        }
    }
}

/// `UPDATE ... SET` every field but the key; `None` sets `NULL`.
fn changeset(model: &Model) -> TokenStream {
    if model.updatable_fields().next().is_none() {
        return TokenStream::new();
    }
    let d = diesel_path();
    let ident = model.ident;
    let module = model.module();
    let lifetime = quote!('update);
    let (types, values) = assignments(model, model.updatable_fields(), Some(&lifetime));
    quote! {
        impl<'update> #d::query_builder::AsChangeset for &'update #ident {
            type Target = #module::table;
            type Changeset = <(#(#types,)*) as #d::query_builder::AsChangeset>::Changeset;

            fn as_changeset(self) -> Self::Changeset {
                #d::query_builder::AsChangeset::as_changeset((#(#values,)*))
            }
        }
    }
}

fn identifiable(model: &Model) -> TokenStream {
    let d = diesel_path();
    let ident = model.ident;
    let module = model.module();
    let Some(key) = model.primary_key() else {
        return TokenStream::new();
    };
    let (key_name, key_ty) = (key.ident, key.ty);
    quote! {
        impl #d::associations::HasTable for #ident {
            type Table = #module::table;

            fn table() -> Self::Table {
                #module::table
            }
        }

        impl<'ident> #d::associations::Identifiable for &'ident #ident {
            type Id = &'ident #key_ty;

            fn id(self) -> Self::Id {
                &self.#key_name
            }
        }
    }
}

/// For each model a foreign key points at (the first field per target):
/// `BelongsTo` for `belonging_to`/`grouped_by`, and, unless it points at
/// itself, the `JoinTo` pair and `TableNotEqual` that `inner_join` needs.
pub fn relations(model: &Model) -> TokenStream {
    let d = diesel_path();
    let rt = runtime_path();
    let ident = model.ident;
    let module = model.module();
    let mut seen = Vec::new();
    let mut out = TokenStream::new();
    for field in &model.fields {
        let Some(target) = field.attrs.foreign_key.get() else {
            continue;
        };
        // `Self` and the model's name are the same target.
        let key = super::self_to_model(target, model).to_string();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        // Spanned on the target, so a target that is not a model is reported
        // on the attribute rather than on the derive.
        let span = super::ty_span_of(target);
        let (column, ty) = (field.ident, field.ty);
        let name = super::targets::name(target, model);
        // `belonging_to` takes the parent by value or by reference.
        let parents = [
            (quote!(), quote!(#name)),
            (quote!(<'parent>), quote!(&'parent #name)),
        ];
        for (generics, parent) in parents {
            out.extend(respan(
                quote! {
                    impl #generics #d::associations::BelongsTo<#parent> for #ident {
                        type ForeignKey = <#ty as #rt::field::KeyField>::Key;
                        type ForeignKeyColumn = #module::#column;

                        fn foreign_key(&self) -> ::core::option::Option<&Self::ForeignKey> {
                            #rt::field::KeyField::key(&self.#column)
                        }

                        fn foreign_key_column() -> Self::ForeignKeyColumn {
                            #module::#column
                        }
                    }
                },
                span,
            ));
        }
        if target_is_self(target, ident) {
            continue;
        }
        let parent = parent_table(target, &name);
        let on = quote! {
            #d::dsl::Eq<
                #d::dsl::Nullable<#module::#column>,
                #d::dsl::Nullable<<#parent as #d::Table>::PrimaryKey>,
            >
        };
        let key_join = quote! {
            #rt::__private::KeyJoin<#module::#column, <#parent as #d::Table>::PrimaryKey>
        };
        let joined = quote!(#d::dsl::On<#parent, #key_join>);
        let key_join_value = quote! {
            #rt::__private::KeyJoin::new(
                #module::#column,
                #d::Table::primary_key(&<#parent as ::core::default::Default>::default()),
            )
        };
        let parent_value = quote!(<#parent as ::core::default::Default>::default());
        // `TableNotEqual` never applies, rather than being an error, when the
        // target is not a model: the foreign key assertion reports that, once.
        // (Impls with items cannot be so guarded: their items are checked
        // against the target's table, which the bound does not give.)
        let target_is_model = super::target_is_model(&name);
        let on_value = quote! {
            #d::ExpressionMethods::eq(
                #d::NullableExpressionMethods::nullable(#module::#column),
                #d::NullableExpressionMethods::nullable(
                    #d::Table::primary_key(&<#parent as ::core::default::Default>::default()),
                ),
            )
        };
        out.extend(respan(
            quote! {
                impl #d::JoinTo<#parent> for #module::table {
                    type FromClause = #parent;
                    type OnClause = #on;

                    fn join_target(rhs: #parent) -> (Self::FromClause, Self::OnClause) {
                        (rhs, #on_value)
                    }
                }

                impl #d::JoinTo<#module::table> for #parent {
                    type FromClause = #module::table;
                    type OnClause = #on;

                    fn join_target(rhs: #module::table) -> (Self::FromClause, Self::OnClause) {
                        (rhs, #on_value)
                    }
                }

                impl #d::query_source::TableNotEqual<#parent> for #module::table where #target_is_model {}
                impl #d::query_source::TableNotEqual<#module::table> for #parent where #target_is_model {}

                impl #rt::__private::ParentJoins<#name> for #module::#column {
                    type Inner = #d::dsl::InnerJoin<#module::table, #joined>;
                    type Left = #d::dsl::LeftJoin<#module::table, #joined>;

                    // `#[inline]`: Diesel's join builders are compiled only
                    // in a crate that runs `select_related`, not in every
                    // crate declaring a foreign key.
                    #[inline]
                    fn inner() -> Self::Inner {
                        #d::QueryDsl::inner_join(#module::table, #d::JoinOnDsl::on(#parent_value, #key_join_value))
                    }

                    #[inline]
                    fn left() -> Self::Left {
                        #d::QueryDsl::left_join(#module::table, #d::JoinOnDsl::on(#parent_value, #key_join_value))
                    }
                }
            },
            span,
        ));
    }
    out
}

/// The target's Diesel table. Named by a path (`model_auth::User`), it is
/// the table module beside the model (`model_auth::user::table`), as the
/// derive writes it: a concrete type, so that the impls below, written
/// for another crate's table, stay coherent (through the projection
/// `<User as Model>::Table`, rustc cannot tell it from this model's own
/// table). A bare name keeps the projection, on `name`, the target as
/// the expansion names it, which works within a crate wherever the model
/// is in scope, even without its module.
fn parent_table(target: &syn::Type, name: &TokenStream) -> TokenStream {
    let rt = runtime_path();
    if let syn::Type::Path(path) = target {
        let segments = &path.path.segments;
        if let (None, Some(last)) = (&path.qself, segments.last()) {
            if segments.len() > 1 && last.arguments.is_none() {
                let module = format_ident!(
                    "{}",
                    crate::case::snake_case(&last.ident.to_string()),
                    span = last.ident.span()
                );
                let leading = path.path.leading_colon;
                let prefix = segments.iter().take(segments.len() - 1);
                return quote!(#leading #(#prefix::)* #module::table);
            }
        }
    }
    quote!(<#name as #rt::Model>::Table)
}

fn target_is_self(target: &syn::Type, ident: &syn::Ident) -> bool {
    match target {
        syn::Type::Path(path) if path.qself.is_none() => {
            path.path.is_ident(ident) || path.path.is_ident("Self")
        }
        _ => false,
    }
}
