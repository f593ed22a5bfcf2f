//! What a foreign key field's type says about the row it points at: always
//! one (`i64`), or maybe none (`Option<i64>`). Read through a trait, never
//! from the spelling of the type, so type aliases work.

use super::join::{InnerJoin, LeftJoin};
use crate::field::KeyField;

/// A foreign key field type, and what it points at: the parent itself for
/// a key that is never `NULL`, an `Option` of it for a nullable one.
///
/// Implemented for the key types (`i16`, `i32`, `i64`, `String`, `Uuid`)
/// and their `Option`s. It decides what the forward accessor returns
/// (`menu.category(&mut conn)` is a `Category`, `booking.favourite(&mut
/// conn)` an `Option<Menu>`) and which join
/// [`select_related`](crate::QuerySet::select_related) writes: an `INNER
/// JOIN`, or a `LEFT JOIN` giving `Option<Parent>`.
///
/// ```
/// use model_runtime::relations::RelatedKey;
///
/// fn parent_of<K: RelatedKey>(key: &K) -> Result<K::Parent<String>, ()> {
///     key.parent(|key| Ok(format!("row {key:?}")))
/// }
/// assert_eq!(parent_of(&7_i64), Ok("row 7".to_string()));
/// assert_eq!(parent_of(&None::<i64>), Ok(None));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a foreign key",
    label = "not a key type",
    note = "a foreign key field has the type of the target's primary key, or an Option of it"
)]
pub trait RelatedKey: KeyField {
    /// `P` for a key that is never `NULL`, `Option<P>` for a nullable one.
    type Parent<P>;
    /// The join `select_related` writes: inner, or left outer.
    #[doc(hidden)]
    type Join;

    /// The parent, read by `get` from the key; a `NULL` key reads nothing.
    fn parent<P, E>(&self, get: impl FnOnce(&Self::Key) -> Result<P, E>) -> Result<Self::Parent<P>, E>;
}

macro_rules! related_key {
    ($($t:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl RelatedKey for $t {
            type Parent<P> = P;
            type Join = InnerJoin;

            fn parent<P, E>(&self, get: impl FnOnce(&$t) -> Result<P, E>) -> Result<P, E> {
                get(self)
            }
        }

        #[diagnostic::do_not_recommend]
        impl RelatedKey for Option<$t> {
            type Parent<P> = Option<P>;
            type Join = LeftJoin;

            fn parent<P, E>(&self, get: impl FnOnce(&$t) -> Result<P, E>) -> Result<Option<P>, E> {
                self.as_ref().map(get).transpose()
            }
        }
    )*};
}
related_key!(i16, i32, i64, String, uuid::Uuid);
