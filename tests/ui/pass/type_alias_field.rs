use model_runtime::prelude::*;

// Field types resolve through traits, so an alias works like the type it names.
type Price = Decimal;
type Key = i64;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: Key,
    #[field(max_digits = 6, decimal_places = 2, default = "0.00")]
    pub price: Price,
    #[field(foreign_key = Self, on_delete = "set_null")]
    pub parent_id: Option<Key>,
}

fn main() {
    let _ = NewItem {
        price: Price::from(3),
        parent_id: None,
    };
}
