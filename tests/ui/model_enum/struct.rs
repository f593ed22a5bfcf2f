use model_runtime::prelude::*;

#[derive(ModelEnum)]
pub struct Course {
    pub name: String,
}

fn main() {}
