use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(auto_now, auto_now_add)]
    pub stamp: NaiveDateTime,
}

fn main() {}
