//! What `values()` and `aggregate()` return: a field type, or a tuple of
//! them, read the way a model reads its fields.

use crate::field::FieldType;

/// A row of selected values: one [`FieldType`] (`String`, `i64`,
/// `Option<Decimal>`, ...) for one expression, or a tuple of up to twelve
/// for a tuple of expressions.
///
/// Values are read as model fields are: a `Decimal` that SQLite stores as
/// a double comes back as the shortest decimal of that double (`9.99`, not
/// `9.9900000000000002131628...`).
pub trait ValueRow: Sized {
    /// What Diesel reads from the row, before [`ValueRow::from_load`].
    type Load;

    /// The values from what Diesel read, or why one cannot be read (a
    /// `ModelEnum` value no variant is stored as).
    fn from_load(load: Self::Load) -> Result<Self, String>;
}

impl<T: FieldType> ValueRow for T {
    type Load = T::Load;

    fn from_load(load: T::Load) -> Result<T, String> {
        T::from_load(load)
    }
}

macro_rules! tuple_row {
    ($($name:ident),+) => {
        impl<$($name: FieldType),+> ValueRow for ($($name,)+) {
            type Load = ($($name::Load,)+);

            #[allow(non_snake_case)]
            fn from_load(load: Self::Load) -> Result<Self, String> {
                let ($($name,)+) = load;
                Ok(($($name::from_load($name)?,)+))
            }
        }
    };
}

tuple_row!(A);
tuple_row!(A, B);
tuple_row!(A, B, C);
tuple_row!(A, B, C, D);
tuple_row!(A, B, C, D, E);
tuple_row!(A, B, C, D, E, F);
tuple_row!(A, B, C, D, E, F, G);
tuple_row!(A, B, C, D, E, F, G, H);
tuple_row!(A, B, C, D, E, F, G, H, I);
tuple_row!(A, B, C, D, E, F, G, H, I, J);
tuple_row!(A, B, C, D, E, F, G, H, I, J, K);
tuple_row!(A, B, C, D, E, F, G, H, I, J, K, L);
