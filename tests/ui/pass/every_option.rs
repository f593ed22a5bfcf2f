use model_runtime::prelude::*;

// Every option on a field type it fits: none of the checks may reject it.
#[derive(Model)]
#[model(app = "shop", table = "shop_tickets", unique_together = [["kind", "day"]], indexes = [["day"]])]
pub struct Ticket {
    #[field(primary_key, auto_increment = false)]
    pub code: Uuid,
    #[field(max_length = 20, default = "general", column = "ticket_kind")]
    pub kind: String,
    #[field(max_digits = 6, decimal_places = 2, default = 9.5)]
    pub price: Option<Decimal>,
    #[field(default = -1, index)]
    pub rank: i16,
    #[field(default = true)]
    pub open: bool,
    #[field(default = 0.25)]
    pub ratio: f64,
    #[field(unique)]
    pub day: NaiveDate,
    #[field(foreign_key = Self, on_delete = "restrict")]
    pub group: Uuid,
}

fn main() {}
