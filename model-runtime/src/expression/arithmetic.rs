//! `column + value` and the other arithmetic operators on columns.

use std::marker::PhantomData;

use diesel::backend::Backend;
use diesel::expression::{
    AppearsOnTable, AsExpression, Expression, MixedAggregates, SelectableExpression, TypedExpressionType,
    ValidGrouping,
};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{self, SqlType};
use diesel::QueryResult;

/// `lhs <op> rhs` in SQL, of the type the operator gives on `lhs`'s SQL
/// type: what `menu::price * 2` and `(menu::inventory + 1) - 2` build.
///
/// Generated columns get `+`, `-`, `*` and `/` for every field type; the
/// operator compiles where Diesel's SQL type has it (numbers, decimals,
/// and dates and intervals where the backend has them).
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "arithmetic_doc")]
/// pub struct Stock {
///     #[field(primary_key)]
///     pub id: i64,
///     pub count: i32,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Stock::create_table(&mut conn)?;
/// Stock::create(&mut conn, NewStock { count: 5 })?;
/// diesel::update(stock::table).set(stock::count.eq((stock::count + 1) * 2)).execute(&mut conn)?;
/// assert_eq!(Stock::all(&mut conn)?[0].count, 12);
/// # Ok::<(), model_runtime::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Arithmetic<Op, Lhs, Rhs> {
    lhs: Lhs,
    rhs: Rhs,
    operator: PhantomData<Op>,
}

/// An arithmetic operator: its SQL, and what it takes and gives on the SQL
/// type `ST` of its left operand. Implemented by [`AddOp`], [`SubOp`],
/// [`MulOp`] and [`DivOp`] through Diesel's `sql_types::ops` traits.
pub trait Operator<ST>: Operation {
    /// The SQL type the right operand must have.
    type Rhs: SqlType + TypedExpressionType;
    /// The SQL type of the result.
    type Output: SqlType + TypedExpressionType;
}

/// The SQL text of an operator, whatever its operands.
pub trait Operation: 'static {
    /// The operator as it sits between the operands, spaced.
    const SQL: &'static str;
}

macro_rules! operators {
    ($($marker:ident => $diesel:ident, $method:ident, $sql:literal;)*) => {$(
        #[doc = concat!("The `", $sql, "` operator.")]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $marker;

        impl Operation for $marker {
            const SQL: &'static str = concat!(" ", $sql, " ");
        }

        impl<ST> Operator<ST> for $marker
        where
            ST: sql_types::ops::$diesel,
            ST::Rhs: SqlType + TypedExpressionType,
            ST::Output: SqlType + TypedExpressionType,
        {
            type Rhs = ST::Rhs;
            type Output = ST::Output;
        }

        impl<Op, Lhs, Rhs, R> std::ops::$diesel<R> for Arithmetic<Op, Lhs, Rhs>
        where
            Self: Apply<R, $marker>,
        {
            type Output = <Self as Apply<R, $marker>>::Output;

            fn $method(self, rhs: R) -> Self::Output {
                Apply::apply(self, rhs)
            }
        }
    )*};
}

operators! {
    AddOp => Add, add, "+";
    SubOp => Sub, sub, "-";
    MulOp => Mul, mul, "*";
    DivOp => Div, div, "/";
}

/// Builds `self <Op> rhs`, the right operand converted to the SQL type the
/// operator takes: what the generated `std::ops` impls of each column call.
pub trait Apply<Rhs, Op> {
    /// The expression built.
    type Output;

    /// `self <Op> rhs`.
    fn apply(self, rhs: Rhs) -> Self::Output;
}

impl<Lhs, Rhs, Op> Apply<Rhs, Op> for Lhs
where
    Lhs: Expression,
    Op: Operator<Lhs::SqlType>,
    Rhs: AsExpression<Op::Rhs>,
{
    type Output = Arithmetic<Op, Lhs, Rhs::Expression>;

    fn apply(self, rhs: Rhs) -> Self::Output {
        Arithmetic {
            lhs: self,
            rhs: rhs.as_expression(),
            operator: PhantomData,
        }
    }
}

impl<Op, Lhs, Rhs> Expression for Arithmetic<Op, Lhs, Rhs>
where
    Lhs: Expression,
    Rhs: Expression,
    Op: Operator<Lhs::SqlType>,
{
    type SqlType = Op::Output;
}

impl<Op, Lhs, Rhs, DB> QueryFragment<DB> for Arithmetic<Op, Lhs, Rhs>
where
    DB: Backend,
    Op: Operation,
    Lhs: QueryFragment<DB>,
    Rhs: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("(");
        self.lhs.walk_ast(out.reborrow())?;
        out.push_sql(Op::SQL);
        self.rhs.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}

impl<Op: 'static, Lhs: QueryId, Rhs: QueryId> QueryId for Arithmetic<Op, Lhs, Rhs> {
    type QueryId = Arithmetic<Op, Lhs::QueryId, Rhs::QueryId>;

    const HAS_STATIC_QUERY_ID: bool = Lhs::HAS_STATIC_QUERY_ID && Rhs::HAS_STATIC_QUERY_ID;
}

impl<Op, Lhs, Rhs, QS> AppearsOnTable<QS> for Arithmetic<Op, Lhs, Rhs>
where
    Self: Expression,
    Lhs: AppearsOnTable<QS>,
    Rhs: AppearsOnTable<QS>,
{
}

impl<Op, Lhs, Rhs, QS> SelectableExpression<QS> for Arithmetic<Op, Lhs, Rhs>
where
    Self: AppearsOnTable<QS>,
    Lhs: SelectableExpression<QS>,
    Rhs: SelectableExpression<QS>,
{
}

impl<Op, Lhs, Rhs, GB> ValidGrouping<GB> for Arithmetic<Op, Lhs, Rhs>
where
    Lhs: ValidGrouping<GB>,
    Rhs: ValidGrouping<GB>,
    Lhs::IsAggregate: MixedAggregates<Rhs::IsAggregate>,
{
    type IsAggregate = <Lhs::IsAggregate as MixedAggregates<Rhs::IsAggregate>>::Output;
}
