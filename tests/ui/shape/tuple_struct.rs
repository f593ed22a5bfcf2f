use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item(i64, String);

fn main() {}
