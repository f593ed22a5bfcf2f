use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop", tabel = "shop_items")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
}

fn main() {}
