use model_runtime::prelude::*;

pub struct Category {
    pub id: i64,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Category, on_delete = "cascade")]
    pub category_id: i64,
}

fn main() {}
