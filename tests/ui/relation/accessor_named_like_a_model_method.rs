use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Counter {
    #[field(primary_key)]
    pub id: i64,
    pub name: String,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Object {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Counter, on_delete = "cascade")]
    pub count_id: i64,
}

fn main() {}
