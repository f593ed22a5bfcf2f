use model_runtime::prelude::*;

fn positive(value: &i32) -> Result<(), String> {
    if *value > 0 {
        Ok(())
    } else {
        Err("Give a positive number.".into())
    }
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(validate = positive)]
    pub name: String,
}

fn main() {}
