use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Customer {
    #[field(max_length = 40)]
    pub name: String,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Order {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Customer, on_delete = "cascade")]
    pub customer_id: i64,
}

// Code that goes through the foreign key to the model.
fn customer_of_order_one(conn: &mut Connection) -> Result<Customer> {
    let order = Order::get(conn, 1)?;
    let _same: Vec<Order> = Order::objects().filter(order::customer_id.eq(1)).load(conn)?;
    order.customer(conn)
}

fn main() {
    let mut conn = model_runtime::connect("sqlite::memory:").unwrap();
    let _ = customer_of_order_one(&mut conn);
}
