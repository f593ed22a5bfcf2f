use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Order {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Client, on_delete = "cascade")]
    pub client_id: i64,
}

fn main() {}
