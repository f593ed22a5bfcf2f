use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(related_name = "items")]
    pub category_id: i64,
}

fn main() {}
