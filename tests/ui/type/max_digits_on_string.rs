use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_digits = 6, decimal_places = 2)]
    pub price: String,
}

fn main() {}
