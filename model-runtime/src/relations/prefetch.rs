//! `prefetch_related`: each parent with its children, in two queries
//! however many parents there are.

use std::collections::HashMap;
use std::fmt;

use diesel::backend::Backend;
use diesel::expression::AppearsOnTable;
use diesel::query_builder::QueryFragment;
use diesel::query_dsl::methods::LoadQuery;
use diesel::{Column, Connection, Table};

use super::foreign_key::FieldOf;
use super::lookups::{keys_in, BoundKey, KeyColumn};
use super::ReverseForeignKey;
use crate::field::ForeignKeyField;
use crate::private::ColumnField;
use crate::query::{asc, BoxedQuery, QueryModel, QuerySet};
use crate::{Error, Model, Result};

/// Parent keys per query of children: under every backend's limit on bind
/// parameters (SQLite's is the lowest, 32766), with room for the children's
/// own filters. Up to this many parents take two queries.
const KEYS_PER_QUERY: usize = 30_000;

/// A query set whose rows come with their children through one foreign
/// key: what [`QuerySet::prefetch_related`] returns. Run it with
/// [`load`](PrefetchRelated::load).
pub struct PrefetchRelated<'a, P: Model, Ch: Model, Col: ColumnField, DB> {
    parents: QuerySet<'a, P, DB>,
    children: QuerySet<'a, Ch, DB>,
    relation: ReverseForeignKey<P, Ch, Col>,
}

impl<'a, P: Model, DB: Backend> QuerySet<'a, P, DB> {
    /// Reads each row with its children through the reverse relation
    /// `relation` (`Category::MENUS`), as Django's
    /// `prefetch_related("menus")`: one query for the rows of the query
    /// set, then one for all their children (`WHERE category_id IN
    /// (...)`), grouped per parent in primary key order. Two queries,
    /// however many rows (up to 30,000 parents; each 30,000 more add one);
    /// one when the query set is empty.
    ///
    /// ```
    /// use model_runtime::prelude::*;
    ///
    /// #[derive(Model, Debug, Clone, PartialEq)]
    /// #[model(app = "prefetch_doc")]
    /// pub struct Category {
    ///     #[field(primary_key)]
    ///     pub id: i64,
    ///     #[field(max_length = 40)]
    ///     pub title: String,
    /// }
    ///
    /// #[derive(Model, Debug, Clone, PartialEq)]
    /// #[model(app = "prefetch_doc")]
    /// pub struct Menu {
    ///     #[field(primary_key)]
    ///     pub id: i64,
    ///     #[field(max_length = 40)]
    ///     pub title: String,
    ///     #[field(foreign_key = Category, on_delete = "cascade", related_name = "dishes")]
    ///     pub category_id: i64,
    /// }
    ///
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Category::create_table(&mut conn)?;
    /// Menu::create_table(&mut conn)?;
    /// let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() })?;
    /// let drinks = Category::create(&mut conn, NewCategory { title: "Drinks".into() })?;
    /// for title in ["Pasta", "Soup"] {
    ///     Menu::create(&mut conn, NewMenu { title: title.into(), category_id: mains.id })?;
    /// }
    ///
    /// let rows = Category::objects().order_by(category::title.asc()).prefetch_related(Category::DISHES).load(&mut conn)?;
    /// let counts: Vec<(&str, usize)> = rows.iter().map(|(c, dishes)| (c.title.as_str(), dishes.len())).collect();
    /// assert_eq!(counts, [("Drinks", 0), ("Mains", 2)]);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn prefetch_related<Ch: Model, Col: ColumnField>(
        self,
        relation: ReverseForeignKey<P, Ch, Col>,
    ) -> PrefetchRelated<'a, P, Ch, Col, DB> {
        PrefetchRelated {
            parents: self,
            children: QuerySet::new(),
            relation,
        }
    }
}

impl<'a, P, Ch, Col, DB> PrefetchRelated<'a, P, Ch, Col, DB>
where
    P: Model,
    Ch: Model,
    Col: ColumnField,
    DB: Backend + 'a,
{
    /// Reads the children through `children` instead of all of them, as
    /// Django's `Prefetch("menus", queryset=...)`: its filters narrow each
    /// parent's children, and its ordering orders them (primary key order
    /// when it has none). A slice would cut across parents, and is refused.
    pub fn children(mut self, children: QuerySet<'a, Ch, DB>) -> Self {
        self.children = children;
        self
    }

    /// Every row of the query set with its children.
    pub fn load<C>(self, conn: &mut C) -> Result<Vec<(P, Vec<Ch>)>>
    where
        C: Connection<Backend = DB>,
        P: QueryModel<'a, DB>,
        Ch: QueryModel<'a, DB>,
        BoxedQuery<'a, P, DB>: LoadQuery<'a, C, P>,
        BoxedQuery<'a, Ch, DB>: LoadQuery<'a, C, Ch>,
        Col: Column<Table = Ch::Table> + QueryFragment<DB> + Default + Send + Sync + 'a,
        FieldOf<Col>: ForeignKeyField<P::PrimaryKey>,
        BoundKey<P::PrimaryKey>: QueryFragment<DB> + Send + Sync + 'a,
        KeyColumn<Ch>: AppearsOnTable<Ch::Table> + QueryFragment<DB> + Send + Sync + 'a,
    {
        if self.children.is_sliced() {
            return Err(Error::InvalidQuery {
                model: Ch::NAME.to_owned(),
                message: "prefetch_related() cannot slice the children: a slice would cut across parents"
                    .into(),
            });
        }
        let parents = self.parents.load(conn)?;
        let keys: Vec<P::PrimaryKey> = parents.iter().map(|p| p.primary_key().clone()).collect();
        let mut children: HashMap<P::PrimaryKey, Vec<Ch>> = HashMap::with_capacity(keys.len());
        for chunk in keys.chunks(KEYS_PER_QUERY) {
            let mut set = self.children.clone();
            if !set.is_ordered() {
                set = set.order_by(asc(Ch::Table::default().primary_key()));
            }
            set.filters
                .push(keys_in(Col::default(), chunk.iter().cloned()), false);
            for child in set.load(conn)? {
                if let Some(key) = self.relation.forward.key_of(&child) {
                    children.entry(key.clone()).or_default().push(child);
                }
            }
        }
        Ok(parents
            .into_iter()
            .map(|parent| {
                let mine = children.remove(parent.primary_key()).unwrap_or_default();
                (parent, mine)
            })
            .collect())
    }
}

impl<P: Model, Ch: Model, Col: ColumnField, DB> fmt::Debug for PrefetchRelated<'_, P, Ch, Col, DB> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrefetchRelated")
            .field("query_set", &self.parents)
            .field("relation", &self.relation)
            .field("children", &self.children)
            .finish()
    }
}
