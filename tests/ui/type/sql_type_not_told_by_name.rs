use model_runtime::prelude::*;

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
pub enum Course {
    Main,
    Dessert,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Dish {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 10)]
    pub course: Course,
}

fn main() {}
