//! `select_related`: each row with its parent, in one query joining the
//! parent's table.

use std::fmt;

use diesel::backend::Backend;
use diesel::dsl::IntoBoxed;
use diesel::query_dsl::methods::{BoxedDsl, LoadQuery};
use diesel::{Column, Connection, QueryDsl, RunQueryDsl};

use super::foreign_key::FieldOf;
use super::join::PickJoin;
use super::{ForeignKey, RelatedKey};
use crate::private::ColumnField;
use crate::query::{Compose, QuerySet};
use crate::{Error, Model, Result};

/// What a row reads of its parent: the parent, or an `Option` of it.
pub type ParentOf<Col, P> = <FieldOf<Col> as RelatedKey>::Parent<P>;
/// `INNER` or `LEFT OUTER`, by the key's nullability.
type JoinKind<Col> = <FieldOf<Col> as RelatedKey>::Join;
/// The child's table joined to the parent's.
type Joined<P, Col> = <JoinKind<Col> as PickJoin<Col, P>>::Query;
/// That join, boxed for backend `DB`.
type BoxedJoin<'a, P, Col, DB> = IntoBoxed<'a, Joined<P, Col>, DB>;

/// A query set whose rows come with their parent through one foreign key,
/// from one query: what [`QuerySet::select_related`] returns. Run it with
/// [`load`](SelectRelated::load).
pub struct SelectRelated<'a, M: Model, P: Model, Col: ColumnField, DB> {
    set: QuerySet<'a, M, DB>,
    relation: ForeignKey<M, P, Col>,
}

impl<'a, M: Model, DB: Backend> QuerySet<'a, M, DB> {
    /// Reads each row with its parent through the foreign key `relation`
    /// (`Menu::CATEGORY`), in one query that joins the parent's table, as
    /// Django's `select_related("category")`: an `INNER JOIN`, or a `LEFT
    /// JOIN` for a nullable key, whose rows carry an `Option` of the
    /// parent. The query set's filters, ordering and slice apply as they
    /// would without it.
    ///
    /// ```
    /// use model_runtime::prelude::*;
    ///
    /// #[derive(Model, Debug, Clone, PartialEq)]
    /// #[model(app = "select_related_doc")]
    /// pub struct Category {
    ///     #[field(primary_key)]
    ///     pub id: i64,
    ///     #[field(max_length = 40)]
    ///     pub title: String,
    /// }
    ///
    /// #[derive(Model, Debug, Clone, PartialEq)]
    /// #[model(app = "select_related_doc")]
    /// pub struct Menu {
    ///     #[field(primary_key)]
    ///     pub id: i64,
    ///     #[field(max_length = 40)]
    ///     pub title: String,
    ///     #[field(foreign_key = Category, on_delete = "set_null")]
    ///     pub category_id: Option<i64>,
    /// }
    ///
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Category::create_table(&mut conn)?;
    /// Menu::create_table(&mut conn)?;
    /// let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() })?;
    /// Menu::create(&mut conn, NewMenu { title: "Pasta".into(), category_id: Some(mains.id) })?;
    /// Menu::create(&mut conn, NewMenu { title: "Water".into(), category_id: None })?;
    ///
    /// let rows: Vec<(Menu, Option<Category>)> =
    ///     Menu::objects().order_by(menu::title.asc()).select_related(Menu::CATEGORY).load(&mut conn)?;
    /// let titles: Vec<(&str, Option<&str>)> = rows
    ///     .iter()
    ///     .map(|(menu, category)| (menu.title.as_str(), category.as_ref().map(|c| c.title.as_str())))
    ///     .collect();
    /// assert_eq!(titles, [("Pasta", Some("Mains")), ("Water", None)]);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn select_related<P: Model, Col: ColumnField>(
        self,
        relation: ForeignKey<M, P, Col>,
    ) -> SelectRelated<'a, M, P, Col, DB> {
        SelectRelated { set: self, relation }
    }
}

impl<'a, M, P, Col, DB> SelectRelated<'a, M, P, Col, DB>
where
    M: Model,
    P: Model,
    DB: Backend,
    Col: Column<Table = M::Table> + ColumnField + Default,
    FieldOf<Col>: RelatedKey,
{
    /// Every row with its parent, in the query set's order, from one query.
    pub fn load<C>(self, conn: &mut C) -> Result<Vec<(M, ParentOf<Col, P>)>>
    where
        C: Connection<Backend = DB>,
        JoinKind<Col>: PickJoin<Col, P>,
        Joined<P, Col>: QueryDsl + BoxedDsl<'a, DB>,
        BoxedJoin<'a, P, Col, DB>: Compose<'a, DB> + LoadQuery<'a, C, (M, ParentOf<Col, P>)>,
    {
        self.set.check()?;
        let joined = <JoinKind<Col> as PickJoin<Col, P>>::query();
        let query = self.set.compose(QueryDsl::into_boxed(joined), true, true);
        RunQueryDsl::load(query, conn).map_err(|e| Error::from_diesel(e, M::NAME))
    }
}

impl<M: Model, P: Model, Col: ColumnField, DB> fmt::Debug for SelectRelated<'_, M, P, Col, DB> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SelectRelated")
            .field("query_set", &self.set)
            .field("relation", &self.relation)
            .finish()
    }
}
