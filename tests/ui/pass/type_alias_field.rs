use model_runtime::prelude::*;

// An alias works like the type it names: its options are checked through the
// runtime's traits; the SQL type, which Diesel's `table!` needs by name, is said
// with `sql_type` (a name the derive knows, or a path from the root) and
// checked against the alias's `FieldType`.
type Price = Decimal;
type Key = i64;
type Stock = i32;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key, sql_type = BigInt)]
    pub id: Key,
    #[field(max_digits = 6, decimal_places = 2, default = "0.00", sql_type = Numeric)]
    pub price: Price,
    #[field(foreign_key = Self, on_delete = "set_null", sql_type = BigInt)]
    pub parent_id: Option<Key>,
    #[field(sql_type = ::diesel::sql_types::Integer)]
    pub stock: Stock,
}

fn main() {
    let _ = NewItem {
        price: Price::from(3),
        parent_id: None,
        stock: 1,
    };
}
