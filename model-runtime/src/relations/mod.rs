//! Relations between models: Django's `menu.category`,
//! `category.menu_set`, `select_related`, `prefetch_related`, and
//! many-to-many fields.
//!
//! For `#[field(foreign_key = Category, on_delete = "cascade")] category_id`
//! on `Menu`, the derive writes:
//! - `menu.category(&mut conn)`, the parent (an `Option` of it for a
//!   nullable key), and the constant `Menu::CATEGORY`, a [`ForeignKey`];
//! - `category.menus(&mut conn)`, the children, and the constant
//!   `Category::MENUS`, a [`ReverseForeignKey`]; `related_name = "dishes"`
//!   renames both (`category.dishes`, `Category::DISHES`), and
//!   `related_name = "+"` leaves them out (`Menu::CATEGORY.reverse()` is
//!   then the same relation).
//!
//! For `#[model(many_to_many(menus = Menu))]` on `Booking`, it writes the
//! through model `Booking_menus` (table `<app>_booking_menus`), the manager
//! `booking.menus()`, a [`ManyRelated`], the constant `Booking::MENUS`, a
//! [`ManyToMany`], and the same from the other side, `menu.bookings()` and
//! `Menu::BOOKINGS`.
//!
//! The accessors on the model pointed at are inherent methods written by the
//! derive of the model pointing at it, so both are defined in one crate.
//! Query sets take the constants: [`QuerySet::select_related`],
//! [`QuerySet::prefetch_related`], and filters across a relation with
//! `matching`.
//!
//! [`QuerySet::select_related`]: crate::QuerySet::select_related
//! [`QuerySet::prefetch_related`]: crate::QuerySet::prefetch_related

mod foreign_key;
mod join;
mod key;
mod link;
mod lookups;
mod manager;
mod many_to_many;
mod prefetch;
mod protect;
mod select_related;
mod subquery;

pub use self::foreign_key::{ForeignKey, ReverseForeignKey};
#[doc(hidden)]
pub use self::join::{KeyJoin, ParentJoins};
pub use self::key::RelatedKey;
pub use self::link::{KeyOf, NewLink};
pub use self::lookups::LoadChildren;
pub use self::manager::{LinkOn, ManyRelatedOn};
pub use self::many_to_many::{ManyRelated, ManyToMany};
pub use self::prefetch::PrefetchRelated;
pub use self::select_related::{ParentOf, SelectRelated};
pub use self::subquery::Matching;

pub(crate) use self::protect::{
    describe_violation, explain_bulk_delete, explain_delete, explain_delete_from, foreign_key_violation,
};
