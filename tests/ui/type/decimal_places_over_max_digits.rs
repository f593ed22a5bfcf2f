use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_digits = 4, decimal_places = 6)]
    pub price: Decimal,
}

fn main() {}
