//! What a many-to-many manager does on a connection: read the targets, and
//! add, remove, set and clear links, each change in one transaction.

use std::collections::HashSet;

use diesel::expression::AppearsOnTable;
use diesel::query_builder::{BoxedDeleteStatement, QueryFragment};
use diesel::query_dsl::methods::{ExecuteDsl, LoadQuery};
use diesel::{Column, Connection, Table};

use super::lookups::{keys_in, BoundKey, KeyColumn};
use super::{KeyOf, ManyRelated, NewLink};
use crate::query::{asc, BoxedQuery, QueryModel};
use crate::{atomic, DbConnection, Model, Result};

/// The target keys of a manager.
type TargetKey<R, C> = <<R as ManyRelatedOn<C>>::Target as Model>::PrimaryKey;

/// A [`ManyRelated`] manager on connection `C`: implemented for every
/// manager on every Diesel connection its queries run on (the runtime's
/// [`Connection`](crate::Connection), `SqliteConnection`, `PgConnection`,
/// `MysqlConnection`, pooled ones). It names, in one bound, what reading,
/// removing and clearing need; never implemented by hand.
#[diagnostic::on_unimplemented(
    message = "the many-to-many manager `{Self}` cannot run on `{C}`",
    note = "many-to-many managers run on the runtime's `Connection` and on Diesel's own connections"
)]
pub trait ManyRelatedOn<C> {
    /// The model on the other side.
    type Target: Model;

    /// The linked targets, in primary key order.
    #[doc(hidden)]
    fn load_targets(&self, conn: &mut C) -> Result<Vec<Self::Target>>;

    /// The keys of the linked targets; only those among `among`, if given.
    #[doc(hidden)]
    fn linked_keys(
        &self,
        conn: &mut C,
        among: Option<&[TargetKey<Self, C>]>,
    ) -> Result<Vec<TargetKey<Self, C>>>;

    /// Deletes the links to these targets, or every link for `None`.
    #[doc(hidden)]
    fn unlink(&self, conn: &mut C, targets: Option<&[TargetKey<Self, C>]>) -> Result<usize>;
}

/// A [`ManyRelated`] manager that can insert rows of its through table on
/// connection `C`: [`ManyRelatedOn`], and a through model whose new rows
/// are made from the two keys ([`NewLink`]). Never implemented by hand.
#[diagnostic::on_unimplemented(
    message = "`add` and `set` of `{Self}` cannot insert rows of its through model",
    note = "for an explicit `through` model, implement `model_runtime::relations::NewLink` for its `New...` struct"
)]
pub trait LinkOn<C>: ManyRelatedOn<C> {
    /// Inserts one link per target.
    #[doc(hidden)]
    fn link(&self, conn: &mut C, targets: &[TargetKey<Self, C>]) -> Result<usize>;
}

impl<S, T, Th, SC, TC, C> ManyRelatedOn<C> for ManyRelated<S, T, Th, SC, TC>
where
    S: Model,
    T: QueryModel<'static, C::Backend>,
    Th: QueryModel<'static, C::Backend>,
    C: Connection,
    C::Backend: 'static,
    SC: Column<Table = Th::Table> + QueryFragment<C::Backend> + Default + Send + Sync + 'static,
    TC: Column<Table = Th::Table> + QueryFragment<C::Backend> + Default + Send + Sync + 'static,
    KeyColumn<T>: AppearsOnTable<T::Table> + QueryFragment<C::Backend> + Send + Sync + 'static,
    Th::Table: QueryFragment<C::Backend> + Send + Sync + 'static,
    BoundKey<S::PrimaryKey>: QueryFragment<C::Backend> + Send + Sync + 'static,
    BoundKey<T::PrimaryKey>: QueryFragment<C::Backend> + Send + Sync + 'static,
    BoxedQuery<'static, T, C::Backend>: LoadQuery<'static, C, T>,
    BoxedQuery<'static, Th, C::Backend>: LoadQuery<'static, C, Th>,
    BoxedDeleteStatement<'static, C::Backend, Th::Table>: ExecuteDsl<C>,
{
    type Target = T;

    fn load_targets(&self, conn: &mut C) -> Result<Vec<T>> {
        self.objects()
            .order_by(asc(T::Table::default().primary_key()))
            .load(conn)
    }

    fn linked_keys(&self, conn: &mut C, among: Option<&[T::PrimaryKey]>) -> Result<Vec<T::PrimaryKey>> {
        let mut links = self.links();
        if let Some(among) = among {
            links
                .filters
                .push(keys_in(TC::default(), among.iter().cloned()), false);
        }
        let rows = links.load(conn)?;
        Ok(rows
            .iter()
            .filter_map(|row| (self.relation.target_key)(row).cloned())
            .collect())
    }

    fn unlink(&self, conn: &mut C, targets: Option<&[T::PrimaryKey]>) -> Result<usize> {
        let mut links = self.links();
        if let Some(targets) = targets {
            links
                .filters
                .push(keys_in(TC::default(), targets.iter().cloned()), false);
        }
        links.delete(conn)
    }
}

impl<S, T, Th, SC, TC, C> LinkOn<C> for ManyRelated<S, T, Th, SC, TC>
where
    Self: ManyRelatedOn<C, Target = T>,
    S: Model,
    T: Model,
    Th: Model,
    C: DbConnection,
    Th::New: NewLink<SC, TC>,
    <Th::New as NewLink<SC, TC>>::Source: From<S::PrimaryKey>,
    <Th::New as NewLink<SC, TC>>::Target: From<T::PrimaryKey>,
{
    fn link(&self, conn: &mut C, targets: &[T::PrimaryKey]) -> Result<usize> {
        let rows: Vec<Th::New> = targets
            .iter()
            .map(|target| NewLink::new_link(self.source.clone().into(), target.clone().into()))
            .collect();
        Th::bulk_create(conn, &rows)
    }
}

impl<S, T, Th, SC, TC> ManyRelated<S, T, Th, SC, TC>
where
    S: Model,
    T: Model,
    Th: Model,
{
    /// The source's targets, in primary key order, from one query:
    /// Django's `booking.menus.all()`.
    pub fn all<C>(&self, conn: &mut C) -> Result<Vec<T>>
    where
        Self: ManyRelatedOn<C, Target = T>,
    {
        self.load_targets(conn)
    }

    /// Links the source to `targets` (rows or keys), and returns how many
    /// links were new: a target already linked is left as it is, as
    /// Django's `add()` does. One transaction: a read of the links among
    /// `targets`, then one insert of the new ones.
    pub fn add<C, K>(&self, conn: &mut C, targets: &[K]) -> Result<usize>
    where
        Self: LinkOn<C, Target = T>,
        C: Connection,
        K: KeyOf<T>,
    {
        let keys = distinct(targets.iter().map(KeyOf::key_of));
        if keys.is_empty() {
            return Ok(0);
        }
        atomic(conn, |conn| {
            let linked: HashSet<T::PrimaryKey> = self.linked_keys(conn, Some(&keys))?.into_iter().collect();
            let new: Vec<T::PrimaryKey> = keys.into_iter().filter(|k| !linked.contains(k)).collect();
            if new.is_empty() {
                return Ok(0);
            }
            self.link(conn, &new)
        })
    }

    /// Unlinks the source from `targets` (rows or keys), and returns how
    /// many links went, in one `DELETE` of through rows: the targets stay.
    pub fn remove<C, K>(&self, conn: &mut C, targets: &[K]) -> Result<usize>
    where
        Self: ManyRelatedOn<C, Target = T>,
        K: KeyOf<T>,
    {
        let keys = distinct(targets.iter().map(KeyOf::key_of));
        if keys.is_empty() {
            return Ok(0);
        }
        self.unlink(conn, Some(&keys))
    }

    /// Unlinks the source from every target, in one `DELETE`, and returns
    /// how many links went.
    pub fn clear<C>(&self, conn: &mut C) -> Result<usize>
    where
        Self: ManyRelatedOn<C, Target = T>,
    {
        self.unlink(conn, None)
    }

    /// Makes `targets` (rows or keys) the source's whole set, in one
    /// transaction: links to other targets are removed, missing ones added,
    /// and those already there left as they are (Django's `set()`).
    pub fn set<C, K>(&self, conn: &mut C, targets: &[K]) -> Result<()>
    where
        Self: LinkOn<C, Target = T>,
        C: Connection,
        K: KeyOf<T>,
    {
        let keys = distinct(targets.iter().map(KeyOf::key_of));
        atomic(conn, |conn| {
            let linked = self.linked_keys(conn, None)?;
            let wanted: HashSet<&T::PrimaryKey> = keys.iter().collect();
            let gone: Vec<T::PrimaryKey> = linked.iter().filter(|k| !wanted.contains(k)).cloned().collect();
            if !gone.is_empty() {
                self.unlink(conn, Some(&gone))?;
            }
            let kept: HashSet<&T::PrimaryKey> = linked.iter().collect();
            let new: Vec<T::PrimaryKey> = keys.iter().filter(|k| !kept.contains(k)).cloned().collect();
            if !new.is_empty() {
                self.link(conn, &new)?;
            }
            Ok(())
        })
    }
}

/// The keys in their first order, each once.
fn distinct<K: Clone + Eq + std::hash::Hash>(keys: impl Iterator<Item = K>) -> Vec<K> {
    let mut seen = HashSet::new();
    keys.filter(|k| seen.insert(k.clone())).collect()
}
