use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Dish {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 10, choices = [("main", "Main")])]
    pub course: String,
}

fn main() {}
