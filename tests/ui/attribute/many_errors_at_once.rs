use model_runtime::prelude::*;

// Every mistake of one struct is reported in one build, not one per build.
#[derive(Model)]
#[model(app = "shop", ordering = ["name"])]
pub struct Item {
    pub id: i64,
    #[field(max_lenght = 40)]
    pub name: String,
    #[field(max_digits = 2, decimal_places = 4)]
    pub price: Decimal,
    #[field(foreign_key = Item)]
    pub parent_id: Option<i64>,
}

fn main() {}
