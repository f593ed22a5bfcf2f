use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Tag {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

#[derive(Model)]
#[model(app = "shop", many_to_many, many_to_many(tags), many_to_many(tags = Tag, throught = ItemTag))]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

fn main() {}
