use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Category {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Category, on_delete = "cascade")]
    pub category_id: i64,
    #[field(foreign_key = Category, on_delete = "set_null")]
    pub backup_category_id: Option<i64>,
}

fn main() {}
