//! A foreign key as a value, both ways: `Menu::CATEGORY` from the child to
//! its parent, `Category::MENUS` from the parent to its children. The
//! derive defines both as constants; query sets take them, as Django's
//! take the names `"category"` and `"menus"`.

use std::fmt;
use std::marker::PhantomData;

use super::RelatedKey;
use crate::field::{ForeignKeyField, KeyField};
use crate::private::ColumnField;
use crate::{DbConnection, Model, Result};

/// The field type of a foreign key column.
pub(crate) type FieldOf<Col> = <Col as ColumnField>::Field;

/// The foreign key `Col` of `Child`, pointing at `Parent`: `Menu::CATEGORY`
/// for `#[field(foreign_key = Category, ..)] category_id`.
///
/// Give it to [`select_related`](crate::QuerySet::select_related) to read
/// each row with its parent in one query, or filter across it with
/// [`matching`](ForeignKey::matching). `menu.category(&mut conn)`, the
/// accessor the derive writes beside it, reads one parent.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "fk_doc")]
/// pub struct Category {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub title: String,
/// }
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "fk_doc")]
/// pub struct Menu {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub title: String,
///     #[field(foreign_key = Category, on_delete = "cascade")]
///     pub category_id: i64,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Category::create_table(&mut conn)?;
/// Menu::create_table(&mut conn)?;
/// let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() })?;
/// let pasta = Menu::create(&mut conn, NewMenu { title: "Pasta".into(), category_id: mains.id })?;
///
/// assert_eq!(pasta.category(&mut conn)?, mains);          // menu.category
/// assert_eq!(mains.menus(&mut conn)?, [pasta.clone()]);   // category.menu_set.all()
/// let rows = Menu::objects().select_related(Menu::CATEGORY).load(&mut conn)?;
/// assert_eq!(rows, [(pasta.clone(), mains.clone())]);
/// let in_mains = Menu::objects().filter(Menu::CATEGORY.matching(category::title.eq("Mains"))).load(&mut conn)?;
/// assert_eq!(in_mains, [pasta]);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub struct ForeignKey<Child, Parent, Col: ColumnField> {
    pub(crate) field: fn(&Child) -> &FieldOf<Col>,
    pub(crate) names: Names,
    models: PhantomData<fn() -> (Child, Parent)>,
}

/// The other side of a [`ForeignKey`]: the `Child` rows pointing at a
/// `Parent`, as `Category::MENUS` (Django's `category.menu_set`, or its
/// `related_name`).
///
/// Give it to [`prefetch_related`](crate::QuerySet::prefetch_related) to
/// read each parent with its children in two queries, or filter parents
/// by their children with [`matching`](ReverseForeignKey::matching);
/// `category.menus(&mut conn)` reads the children of one parent, and
/// [`of`](ReverseForeignKey::of) gives them as a query set to narrow.
pub struct ReverseForeignKey<Parent, Child, Col: ColumnField> {
    pub(crate) forward: ForeignKey<Child, Parent, Col>,
}

/// The names a relation is known by, for error messages and `Debug`.
#[derive(Clone, Copy)]
pub(crate) struct Names {
    /// The foreign key field (`category_id`).
    pub field: &'static str,
    /// The reverse accessor (`menus`), or `""` for none.
    pub reverse: &'static str,
}

impl<Child, Parent, Col: ColumnField> ForeignKey<Child, Parent, Col> {
    /// The relation whose key field `field` reads from a child row. The
    /// derive writes these; `name` is the key field's name, `reverse` its
    /// reverse accessor's.
    #[doc(hidden)]
    pub const fn new(field: fn(&Child) -> &FieldOf<Col>, name: &'static str, reverse: &'static str) -> Self {
        ForeignKey {
            field,
            names: Names { field: name, reverse },
            models: PhantomData,
        }
    }

    /// The same foreign key, seen from the parent.
    pub const fn reverse(self) -> ReverseForeignKey<Parent, Child, Col> {
        ReverseForeignKey { forward: self }
    }
}

// The bounds are on each method rather than on the impl, so that a key
// of the wrong type is reported in `ForeignKeyField`'s own words.
impl<Child, Parent, Col: ColumnField> ForeignKey<Child, Parent, Col> {
    /// The key of `child`'s parent; `None` when the key is `NULL`.
    pub fn key_of<'r>(&self, child: &'r Child) -> Option<&'r Parent::PrimaryKey>
    where
        Parent: Model,
        FieldOf<Col>: ForeignKeyField<Parent::PrimaryKey>,
    {
        KeyField::key((self.field)(child))
            .map(<FieldOf<Col> as ForeignKeyField<Parent::PrimaryKey>>::same_key)
    }

    /// The parent of `child`, read by its key; `None` for a `NULL` key:
    /// what the forward accessor `menu.category(&mut conn)` returns.
    pub fn parent<C>(
        &self,
        child: &Child,
        conn: &mut C,
    ) -> Result<<FieldOf<Col> as RelatedKey>::Parent<Parent>>
    where
        Parent: Model,
        FieldOf<Col>: RelatedKey + ForeignKeyField<Parent::PrimaryKey>,
        C: DbConnection + ?Sized,
    {
        RelatedKey::parent((self.field)(child), |key| {
            let key = <FieldOf<Col> as ForeignKeyField<Parent::PrimaryKey>>::same_key(key);
            Parent::get(conn, key.clone())
        })
    }
}

impl<Parent, Child, Col: ColumnField> ReverseForeignKey<Parent, Child, Col> {
    /// The same foreign key, seen from the child.
    pub const fn forward(self) -> ForeignKey<Child, Parent, Col> {
        self.forward
    }
}

impl<Child, Parent, Col: ColumnField> Clone for ForeignKey<Child, Parent, Col> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Child, Parent, Col: ColumnField> Copy for ForeignKey<Child, Parent, Col> {}

impl<Parent, Child, Col: ColumnField> Clone for ReverseForeignKey<Parent, Child, Col> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Parent, Child, Col: ColumnField> Copy for ReverseForeignKey<Parent, Child, Col> {}

impl<Child: Model, Parent: Model, Col: ColumnField> fmt::Debug for ForeignKey<Child, Parent, Col> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{} -> {}", Child::NAME, self.names.field, Parent::NAME)
    }
}

impl<Parent: Model, Child: Model, Col: ColumnField> fmt::Debug for ReverseForeignKey<Parent, Child, Col> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = self.forward.names;
        let accessor = if names.reverse.is_empty() {
            "(no accessor)"
        } else {
            names.reverse
        };
        write!(
            f,
            "{}.{accessor} <- {}.{}",
            Parent::NAME,
            Child::NAME,
            names.field
        )
    }
}
