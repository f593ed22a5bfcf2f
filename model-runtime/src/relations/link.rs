//! What a many-to-many manager takes and writes: a target given as a row
//! or as its key, and a new row of the through table.

use crate::Model;

/// A row of `M`, or its primary key: what [`add`](super::ManyRelated::add),
/// [`remove`](super::ManyRelated::remove) and [`set`](super::ManyRelated::set)
/// take, so both `&[&pasta]` and `&[pasta.id]` work.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither a `{M}` nor its primary key",
    label = "not a `{M}` or its key",
    note = "give rows (`&[&pasta]`) or their primary keys (`&[pasta.id]`)"
)]
pub trait KeyOf<M: Model> {
    /// The primary key.
    fn key_of(&self) -> M::PrimaryKey;
}

impl<M: Model> KeyOf<M> for M {
    fn key_of(&self) -> M::PrimaryKey {
        self.primary_key().clone()
    }
}

impl<M: Model> KeyOf<M> for &M {
    fn key_of(&self) -> M::PrimaryKey {
        self.primary_key().clone()
    }
}

macro_rules! key_of {
    ($($t:ty),*) => {$(
        impl<M: Model<PrimaryKey = $t>> KeyOf<M> for $t {
            fn key_of(&self) -> $t {
                self.clone()
            }
        }

        impl<M: Model<PrimaryKey = $t>> KeyOf<M> for &$t {
            fn key_of(&self) -> $t {
                (*self).clone()
            }
        }
    )*};
}
key_of!(i16, i32, i64, String, uuid::Uuid);

/// A new row of a through table, linking one source to one target: what
/// [`add`](super::ManyRelated::add) and [`set`](super::ManyRelated::set)
/// insert. `SourceColumn` and `TargetColumn` are the through table's two
/// key columns, in the manager's direction.
///
/// The derive implements it for the through table it creates. For an
/// explicit `through` model with fields of its own, implement it to give
/// them their values (Django's `through_defaults`); without it, the
/// manager reads, removes and clears, and rows are added with the through
/// model's own `create`.
///
/// ```
/// use model_runtime::prelude::*;
/// use model_runtime::relations::NewLink;
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "through_doc")]
/// pub struct Menu {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub title: String,
/// }
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "through_doc", many_to_many(menus = Menu, through = OrderLine))]
/// pub struct Order {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub table_name: String,
/// }
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "through_doc", unique_together = [["order_id", "menu_id"]])]
/// pub struct OrderLine {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(foreign_key = Order, on_delete = "cascade", related_name = "+")]
///     pub order_id: i64,
///     #[field(foreign_key = Menu, on_delete = "cascade", related_name = "+")]
///     pub menu_id: i64,
///     #[field(default = 1)]
///     pub quantity: i32,
/// }
///
/// impl NewLink<order_line::order_id, order_line::menu_id> for NewOrderLine {
///     type Source = i64;
///     type Target = i64;
///
///     fn new_link(order_id: i64, menu_id: i64) -> Self {
///         NewOrderLine { order_id, menu_id, quantity: 1 }
///     }
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Menu::create_table(&mut conn)?;
/// Order::create_table(&mut conn)?;
/// OrderLine::create_table(&mut conn)?;
/// let soup = Menu::create(&mut conn, NewMenu { title: "Soup".into() })?;
/// let order = Order::create(&mut conn, NewOrder { table_name: "Window".into() })?;
/// order.menus().add(&mut conn, &[&soup])?;
/// assert_eq!(order.menus().all(&mut conn)?, [soup]);
/// assert_eq!(OrderLine::all(&mut conn)?[0].quantity, 1);
/// # Ok::<(), model_runtime::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be made from the two keys it links",
    label = "`add` and `set` insert rows of the through model",
    note = "implement `model_runtime::relations::NewLink<{SourceColumn}, {TargetColumn}>` for `{Self}` to fill \
            its other fields, or create the through rows with its own `create`"
)]
pub trait NewLink<SourceColumn, TargetColumn>: Sized {
    /// The type of the through row's source key field.
    type Source;
    /// The type of the through row's target key field.
    type Target;

    /// The row linking `source` to `target`.
    fn new_link(source: Self::Source, target: Self::Target) -> Self;
}
