use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item<T> {
    #[field(primary_key)]
    pub id: i64,
    pub value: T,
}

fn main() {}
