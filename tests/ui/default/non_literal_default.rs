use model_runtime::prelude::*;

const STOCK: i32 = 10;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(default = STOCK)]
    pub stock: i32,
}

fn main() {}
