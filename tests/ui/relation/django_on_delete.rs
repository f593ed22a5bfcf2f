use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Category {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub title: String,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Category, on_delete = models.CASCADE)]
    pub category_id: i64,
}

fn main() {}
