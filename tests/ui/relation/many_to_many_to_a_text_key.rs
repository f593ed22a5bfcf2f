use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Tag {
    #[field(primary_key, auto_increment = false, max_length = 20)]
    pub code: String,
    pub label: String,
}

#[derive(Model)]
#[model(app = "shop", many_to_many(tags = Tag))]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

fn main() {}
