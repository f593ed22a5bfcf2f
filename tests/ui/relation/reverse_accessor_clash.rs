use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Category {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

#[derive(Model)]
#[model(app = "shop", many_to_many(categories = Category))]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Category, on_delete = "cascade")]
    pub main_category_id: i64,
}

fn main() {}
