use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub enum Item {
    Small,
    Large,
}

fn main() {}
