//! The Diesel table module (`menu::table`, `menu::title`, ...): what Diesel's
//! `table!` would write, with every path rooted in `model_runtime` so the
//! user's crate needs no `diesel` dependency of its own.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{diesel_path, runtime_path};
use crate::ast::Model;

pub fn expand(model: &Model) -> TokenStream {
    let module = model.module();
    let rt = runtime_path();
    let column_fields = model.fields.iter().map(|field| {
        let (column, ty) = (field.ident, field.ty);
        quote! {
            impl #rt::__private::ColumnField for #module::#column {
                type Field = #ty;
            }
        }
    });
    let module_tokens = module_tokens(model);
    quote! {
        #module_tokens
        #[doc(hidden)]
        const _: () = {
            #(#column_fields)*
        };
    }
}

fn module_tokens(model: &Model) -> TokenStream {
    let d = diesel_path();
    let tm = quote!(#d::internal::table_macro);
    let rt = runtime_path();
    let vis = model.vis;
    let module = model.module();
    let ident = model.ident;
    let columns: Vec<_> = model.fields.iter().map(|f| f.ident).collect();
    // The module names nothing of the scope around it, so a model declared
    // inside a function body (a doctest, a test) works too: each column's
    // field type reaches it through `ColumnField`, implemented outside.
    let sql_types: Vec<_> = columns
        .iter()
        .map(|column| quote!(<columns::#column as #d::Expression>::SqlType))
        .collect();
    let table_name = model.table();
    let primary_key = model.primary_key().map(|f| f.ident).into_iter();
    let column_impls = model.fields.iter().map(|field| {
        let column = field.ident;
        let sql_type = quote!(<<#column as #rt::__private::ColumnField>::Field as #rt::FieldType>::SqlType);
        column_impls(column, &field.column_name(), &sql_type)
    });
    let group_by = group_by_impls(model);
    let doc = format!("The Diesel table of `{ident}`: the table, its columns, and its DSL.");

    quote! {
        #[doc = #doc]
        #[allow(unused_imports, dead_code, non_camel_case_types, non_upper_case_globals, unreachable_pub)]
        #vis mod #module {
            pub use self::columns::*;

            /// The columns and the table, for glob import.
            pub mod dsl {
                pub use super::columns::{#(#columns),*};
                pub use super::table as #module;
            }

            /// Every column, in field order.
            pub const all_columns: (#(#columns,)*) = (#(#columns,)*);

            /// The table: the start of every query.
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::default::Default)]
            pub struct table;

            impl table {
                /// `table.*`, for counting.
                pub fn star(&self) -> star {
                    star
                }
            }

            impl #d::query_builder::QueryId for table {
                type QueryId = table;
                const HAS_STATIC_QUERY_ID: bool = true;
            }

            /// The SQL types of all columns.
            pub type SqlType = (#(#sql_types,)*);

            /// A boxed query on this table.
            pub type BoxedQuery<'a, DB, ST = SqlType> =
                #tm::BoxedSelectStatement<'a, ST, #tm::FromClause<table>, DB>;

            impl #d::QuerySource for table {
                type FromClause = #tm::StaticQueryFragmentInstance<table>;
                type DefaultSelection = <Self as #d::Table>::AllColumns;

                fn from_clause(&self) -> Self::FromClause {
                    #tm::StaticQueryFragmentInstance::new()
                }

                fn default_selection(&self) -> Self::DefaultSelection {
                    <Self as #d::Table>::all_columns()
                }
            }

            impl<DB> #d::query_builder::QueryFragment<DB> for table
            where
                DB: #d::backend::Backend,
                <table as #tm::StaticQueryFragment>::Component: #d::query_builder::QueryFragment<DB>,
            {
                fn walk_ast<'b>(
                    &'b self,
                    pass: #d::query_builder::AstPass<'_, 'b, DB>,
                ) -> #d::result::QueryResult<()> {
                    <table as #tm::StaticQueryFragment>::STATIC_COMPONENT.walk_ast(pass)
                }
            }

            impl #tm::StaticQueryFragment for table {
                type Component = #tm::Identifier<'static>;
                const STATIC_COMPONENT: &'static Self::Component =
                    &#tm::Identifier(#table_name);
            }

            impl #d::query_builder::AsQuery for table {
                type SqlType = SqlType;
                type Query = #tm::SelectStatement<#tm::FromClause<Self>>;

                fn as_query(self) -> Self::Query {
                    #tm::SelectStatement::simple(self)
                }
            }

            impl #d::Table for table {
                type PrimaryKey = #(#primary_key)*;
                type AllColumns = (#(#columns,)*);

                fn primary_key(&self) -> Self::PrimaryKey {
                    ::core::default::Default::default()
                }

                fn all_columns() -> Self::AllColumns {
                    (#(#columns,)*)
                }
            }

            impl #d::associations::HasTable for table {
                type Table = Self;

                fn table() -> Self::Table {
                    table
                }
            }

            impl #d::query_builder::IntoUpdateTarget for table {
                type WhereClause = <<Self as #d::query_builder::AsQuery>::Query
                    as #d::query_builder::IntoUpdateTarget>::WhereClause;

                fn into_update_target(self) -> #d::query_builder::UpdateTarget<Self::Table, Self::WhereClause> {
                    let query: #tm::SelectStatement<#tm::FromClause<table>> =
                        #d::query_builder::AsQuery::as_query(self);
                    #d::query_builder::IntoUpdateTarget::into_update_target(query)
                }
            }

            impl #d::query_source::AppearsInFromClause<table> for table {
                type Count = #d::query_source::Once;
            }

            impl #d::query_source::AppearsInFromClause<table> for #tm::NoFromClause {
                type Count = #d::query_source::Never;
            }

            impl<S> #tm::AliasAppearsInFromClause<S, table> for table
            where
                S: #d::query_source::AliasSource<Target = table>,
            {
                type Count = #d::query_source::Never;
            }

            impl<S1, S2> #tm::AliasAliasAppearsInFromClause<table, S2, S1> for table
            where
                S1: #d::query_source::AliasSource<Target = table>,
                S2: #d::query_source::AliasSource<Target = table>,
                S1: #tm::AliasAliasAppearsInFromClauseSameTable<S2, table>,
            {
                type Count = <S1 as #tm::AliasAliasAppearsInFromClauseSameTable<S2, table>>::Count;
            }

            impl<S> #d::query_source::AppearsInFromClause<#d::query_source::Alias<S>> for table
            where
                S: #d::query_source::AliasSource,
            {
                type Count = #d::query_source::Never;
            }

            impl<S, C> #tm::FieldAliasMapperAssociatedTypesDisjointnessTrick<table, S, C> for table
            where
                S: #d::query_source::AliasSource<Target = table> + ::core::clone::Clone,
                C: #d::query_source::Column<Table = table>,
            {
                type Out = #d::query_source::AliasedField<S, C>;

                fn map(column: C, alias: &#d::query_source::Alias<S>) -> Self::Out {
                    alias.field(column)
                }
            }

            impl<Left, Right, Kind> #d::JoinTo<#tm::Join<Left, Right, Kind>> for table
            where
                #tm::Join<Left, Right, Kind>: #d::JoinTo<table>,
                Left: #d::query_source::QuerySource,
                Right: #d::query_source::QuerySource,
            {
                type FromClause = #tm::Join<Left, Right, Kind>;
                type OnClause = <#tm::Join<Left, Right, Kind> as #d::JoinTo<table>>::OnClause;

                fn join_target(rhs: Self::FromClause) -> (Self::FromClause, Self::OnClause) {
                    let (_, on) = <#tm::Join<Left, Right, Kind> as #d::JoinTo<table>>::join_target(table);
                    (rhs, on)
                }
            }

            impl<Join, On> #d::JoinTo<#tm::JoinOn<Join, On>> for table
            where
                #tm::JoinOn<Join, On>: #d::JoinTo<table>,
            {
                type FromClause = #tm::JoinOn<Join, On>;
                type OnClause = <#tm::JoinOn<Join, On> as #d::JoinTo<table>>::OnClause;

                fn join_target(rhs: Self::FromClause) -> (Self::FromClause, Self::OnClause) {
                    let (_, on) = <#tm::JoinOn<Join, On> as #d::JoinTo<table>>::join_target(table);
                    (rhs, on)
                }
            }

            impl<F, S, D, W, O, L, Of, G>
                #d::JoinTo<#tm::SelectStatement<#tm::FromClause<F>, S, D, W, O, L, Of, G>> for table
            where
                #tm::SelectStatement<#tm::FromClause<F>, S, D, W, O, L, Of, G>: #d::JoinTo<table>,
                F: #d::query_source::QuerySource,
            {
                type FromClause = #tm::SelectStatement<#tm::FromClause<F>, S, D, W, O, L, Of, G>;
                type OnClause = <#tm::SelectStatement<#tm::FromClause<F>, S, D, W, O, L, Of, G>
                    as #d::JoinTo<table>>::OnClause;

                fn join_target(rhs: Self::FromClause) -> (Self::FromClause, Self::OnClause) {
                    let (_, on) = <#tm::SelectStatement<#tm::FromClause<F>, S, D, W, O, L, Of, G>
                        as #d::JoinTo<table>>::join_target(table);
                    (rhs, on)
                }
            }

            impl<'a, QS, ST, DB> #d::JoinTo<#tm::BoxedSelectStatement<'a, #tm::FromClause<QS>, ST, DB>> for table
            where
                #tm::BoxedSelectStatement<'a, #tm::FromClause<QS>, ST, DB>: #d::JoinTo<table>,
                QS: #d::query_source::QuerySource,
            {
                type FromClause = #tm::BoxedSelectStatement<'a, #tm::FromClause<QS>, ST, DB>;
                type OnClause = <#tm::BoxedSelectStatement<'a, #tm::FromClause<QS>, ST, DB>
                    as #d::JoinTo<table>>::OnClause;

                fn join_target(rhs: Self::FromClause) -> (Self::FromClause, Self::OnClause) {
                    let (_, on) = <#tm::BoxedSelectStatement<'a, #tm::FromClause<QS>, ST, DB>
                        as #d::JoinTo<table>>::join_target(table);
                    (rhs, on)
                }
            }

            impl<S> #d::JoinTo<#d::query_source::Alias<S>> for table
            where
                #d::query_source::Alias<S>: #d::JoinTo<table>,
            {
                type FromClause = #d::query_source::Alias<S>;
                type OnClause = <#d::query_source::Alias<S> as #d::JoinTo<table>>::OnClause;

                fn join_target(rhs: Self::FromClause) -> (Self::FromClause, Self::OnClause) {
                    let (_, on) = <#d::query_source::Alias<S> as #d::JoinTo<table>>::join_target(table);
                    (rhs, on)
                }
            }

            impl<T> #d::insertable::Insertable<T> for table
            where
                <table as #d::query_builder::AsQuery>::Query: #d::insertable::Insertable<T>,
            {
                type Values = <<table as #d::query_builder::AsQuery>::Query
                    as #d::insertable::Insertable<T>>::Values;

                fn values(self) -> Self::Values {
                    #d::insertable::Insertable::values(#d::query_builder::AsQuery::as_query(self))
                }
            }

            impl<'a, T> #d::insertable::Insertable<T> for &'a table
            where
                table: #d::insertable::Insertable<T>,
            {
                type Values = <table as #d::insertable::Insertable<T>>::Values;

                fn values(self) -> Self::Values {
                    #d::insertable::Insertable::values(*self)
                }
            }

            // PostgreSQL's `ONLY table` and `TABLESAMPLE`, which exist in Diesel
            // only with its PostgreSQL backend: emitted when the runtime has it.
            #rt::__if_postgres! {
                impl<S> #d::JoinTo<#d::query_builder::Only<S>> for table
                where
                    #d::query_builder::Only<S>: #d::JoinTo<table>,
                {
                    type FromClause = #d::query_builder::Only<S>;
                    type OnClause = <#d::query_builder::Only<S> as #d::JoinTo<table>>::OnClause;

                    fn join_target(rhs: Self::FromClause) -> (Self::FromClause, Self::OnClause) {
                        let (_, on) = <#d::query_builder::Only<S> as #d::JoinTo<table>>::join_target(table);
                        (rhs, on)
                    }
                }

                impl #d::query_source::AppearsInFromClause<#d::query_builder::Only<table>> for table {
                    type Count = #d::query_source::Once;
                }

                impl #d::query_source::AppearsInFromClause<table> for #d::query_builder::Only<table> {
                    type Count = #d::query_source::Once;
                }

                impl<S, TSM> #d::JoinTo<#d::query_builder::Tablesample<S, TSM>> for table
                where
                    #d::query_builder::Tablesample<S, TSM>: #d::JoinTo<table>,
                    TSM: #tm::TablesampleMethod,
                {
                    type FromClause = #d::query_builder::Tablesample<S, TSM>;
                    type OnClause = <#d::query_builder::Tablesample<S, TSM> as #d::JoinTo<table>>::OnClause;

                    fn join_target(rhs: Self::FromClause) -> (Self::FromClause, Self::OnClause) {
                        let (_, on) = <#d::query_builder::Tablesample<S, TSM> as #d::JoinTo<table>>::join_target(table);
                        (rhs, on)
                    }
                }

                impl<TSM> #d::query_source::AppearsInFromClause<#d::query_builder::Tablesample<table, TSM>> for table
                where
                    TSM: #tm::TablesampleMethod,
                {
                    type Count = #d::query_source::Once;
                }

                impl<TSM> #d::query_source::AppearsInFromClause<table> for #d::query_builder::Tablesample<table, TSM>
                where
                    TSM: #tm::TablesampleMethod,
                {
                    type Count = #d::query_source::Once;
                }
            }

            /// One type per column.
            pub mod columns {
                use super::table;

                /// `table.*`, for counting; it cannot be selected.
                #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::default::Default)]
                pub struct star;

                impl #d::query_builder::QueryId for star {
                    type QueryId = star;
                    const HAS_STATIC_QUERY_ID: bool = true;
                }

                impl<GB> #d::expression::ValidGrouping<GB> for star
                where
                    (#(#columns,)*): #d::expression::ValidGrouping<GB>,
                {
                    type IsAggregate = <(#(#columns,)*) as #d::expression::ValidGrouping<GB>>::IsAggregate;
                }

                impl #d::Expression for star {
                    type SqlType = #d::expression::expression_types::NotSelectable;
                }

                impl<DB: #d::backend::Backend> #d::query_builder::QueryFragment<DB> for star
                where
                    <table as #d::QuerySource>::FromClause: #d::query_builder::QueryFragment<DB>,
                {
                    fn walk_ast<'b>(
                        &'b self,
                        mut out: #d::query_builder::AstPass<'_, 'b, DB>,
                    ) -> #d::result::QueryResult<()> {
                        if !out.should_skip_from() {
                            const FROM_CLAUSE: #tm::StaticQueryFragmentInstance<table> =
                                #tm::StaticQueryFragmentInstance::new();
                            FROM_CLAUSE.walk_ast(out.reborrow())?;
                            out.push_sql(".");
                        }
                        out.push_sql("*");
                        ::core::result::Result::Ok(())
                    }
                }

                impl #d::SelectableExpression<table> for star {}

                impl #d::AppearsOnTable<table> for star {}

                #(#column_impls)*

                #(#group_by)*
            }
        }
    }
}

/// Everything one column type needs to be a Diesel column.
fn column_impls(column: &syn::Ident, sql_name: &str, sql_type: &TokenStream) -> TokenStream {
    let d = diesel_path();
    let tm = quote!(#d::internal::table_macro);
    let rt = runtime_path();
    let ops = ["Add", "Sub", "Mul", "Div"].iter().map(|op| {
        let op_trait = format_ident!("{}", op);
        let op_marker = format_ident!("{}Op", op);
        let method = format_ident!("{}", op.to_lowercase());
        quote! {
            impl<Rhs> ::core::ops::#op_trait<Rhs> for #column
            where
                #column: #rt::__private::Apply<Rhs, #rt::__private::#op_marker>,
            {
                type Output = <#column as #rt::__private::Apply<Rhs, #rt::__private::#op_marker>>::Output;

                fn #method(self, rhs: Rhs) -> Self::Output {
                    #rt::__private::Apply::apply(self, rhs)
                }
            }
        }
    });
    let doc = format!("The `{sql_name}` column.");
    quote! {
        #[doc = #doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::default::Default)]
        pub struct #column;

        impl #d::query_builder::QueryId for #column {
            type QueryId = #column;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl #d::expression::Expression for #column {
            type SqlType = #sql_type;
        }

        impl<DB> #d::query_builder::QueryFragment<DB> for #column
        where
            DB: #d::backend::Backend,
            #tm::StaticQueryFragmentInstance<table>: #d::query_builder::QueryFragment<DB>,
        {
            fn walk_ast<'b>(
                &'b self,
                mut out: #d::query_builder::AstPass<'_, 'b, DB>,
            ) -> #d::result::QueryResult<()> {
                if !out.should_skip_from() {
                    const FROM_CLAUSE: #tm::StaticQueryFragmentInstance<table> =
                        #tm::StaticQueryFragmentInstance::new();
                    FROM_CLAUSE.walk_ast(out.reborrow())?;
                    out.push_sql(".");
                }
                out.push_identifier(#sql_name)
            }
        }

        impl #d::SelectableExpression<super::table> for #column {}

        impl<QS> #d::AppearsOnTable<QS> for #column
        where
            QS: #d::query_source::AppearsInFromClause<super::table, Count = #d::query_source::Once>,
        {
        }

        impl<Left, Right> #d::SelectableExpression<#tm::Join<Left, Right, #tm::LeftOuter>> for #column
        where
            #column: #d::AppearsOnTable<#tm::Join<Left, Right, #tm::LeftOuter>>,
            Self: #d::SelectableExpression<Left>,
            // On the right of a left join, only `Nullable<Self>` is selectable.
            Right: #d::query_source::AppearsInFromClause<super::table, Count = #d::query_source::Never>
                + #d::query_source::QuerySource,
            Left: #d::query_source::QuerySource,
        {
        }

        impl<Left, Right> #d::SelectableExpression<#tm::Join<Left, Right, #tm::Inner>> for #column
        where
            #column: #d::AppearsOnTable<#tm::Join<Left, Right, #tm::Inner>>,
            Left: #d::query_source::AppearsInFromClause<super::table> + #d::query_source::QuerySource,
            Right: #d::query_source::AppearsInFromClause<super::table> + #d::query_source::QuerySource,
            (Left::Count, Right::Count): #tm::Pick<Left, Right>,
            Self: #d::SelectableExpression<<(Left::Count, Right::Count) as #tm::Pick<Left, Right>>::Selection>,
        {
        }

        impl<Join, On> #d::SelectableExpression<#tm::JoinOn<Join, On>> for #column
        where
            #column: #d::SelectableExpression<Join> + #d::AppearsOnTable<#tm::JoinOn<Join, On>>,
        {
        }

        impl<From> #d::SelectableExpression<#tm::SelectStatement<#tm::FromClause<From>>> for #column
        where
            From: #d::query_source::QuerySource,
            #column: #d::SelectableExpression<From>
                + #d::AppearsOnTable<#tm::SelectStatement<#tm::FromClause<From>>>,
        {
        }

        impl<GB> #d::expression::ValidGrouping<GB> for #column
        where
            GB: #d::expression::IsContainedInGroupBy<
                #column,
                Output = #d::expression::is_contained_in_group_by::Yes,
            >,
        {
            type IsAggregate = #d::expression::is_aggregate::Yes;
        }

        impl #d::expression::ValidGrouping<()> for #column {
            type IsAggregate = #d::expression::is_aggregate::No;
        }

        impl #d::expression::IsContainedInGroupBy<#column> for #column {
            type Output = #d::expression::is_contained_in_group_by::Yes;
        }

        impl #d::query_source::Column for #column {
            type Table = super::table;
            const NAME: &'static str = #sql_name;
        }

        // `ST` stands for the column's SQL type: a projection in its place
        // would not be normalized when the bound is checked.
        impl<T, ST> #d::EqAll<T> for #column
        where
            #column: #d::Expression<SqlType = ST>,
            ST: #d::sql_types::SqlType + #d::sql_types::SingleValue + #d::expression::TypedExpressionType,
            T: #d::expression::AsExpression<ST>,
            #d::dsl::Eq<#column, T::Expression>: #d::Expression<SqlType = #d::sql_types::Bool>,
        {
            type Output = #d::dsl::Eq<Self, T::Expression>;

            fn eq_all(self, rhs: T) -> Self::Output {
                #d::ExpressionMethods::eq(self, rhs)
            }
        }

        #(#ops)*

        #rt::__if_postgres! {
            impl #d::query_source::AppearsInFromClause<#d::query_builder::Only<super::table>> for #column {
                type Count = #d::query_source::Once;
            }

            impl #d::SelectableExpression<#d::query_builder::Only<super::table>> for #column {}

            impl<TSM> #d::query_source::AppearsInFromClause<#d::query_builder::Tablesample<super::table, TSM>>
                for #column
            where
                TSM: #tm::TablesampleMethod,
            {
                type Count = #d::query_source::Once;
            }

            impl<TSM> #d::SelectableExpression<#d::query_builder::Tablesample<super::table, TSM>> for #column
            where
                TSM: #tm::TablesampleMethod,
            {
            }
        }
    }
}

/// `GROUP BY` validity: a column is covered by a grouping on itself, and
/// every column is covered by a grouping on the primary key.
fn group_by_impls(model: &Model) -> Vec<TokenStream> {
    let d = diesel_path();
    let answer = |is_key: bool| {
        if is_key {
            quote!(#d::expression::is_contained_in_group_by::Yes)
        } else {
            quote!(#d::expression::is_contained_in_group_by::No)
        }
    };
    let mut impls = Vec::new();
    for (i, right) in model.fields.iter().enumerate() {
        for left in model.fields.iter().skip(i + 1) {
            let (l, r) = (left.ident, right.ident);
            let right_to_left = answer(left.is_primary_key());
            let left_to_right = answer(right.is_primary_key());
            impls.push(quote! {
                impl #d::expression::IsContainedInGroupBy<#r> for #l {
                    type Output = #right_to_left;
                }
                impl #d::expression::IsContainedInGroupBy<#l> for #r {
                    type Output = #left_to_right;
                }
            });
        }
    }
    impls
}
