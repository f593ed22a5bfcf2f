use model_runtime::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "shop")]
pub struct Customer {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "shop")]
pub struct Order {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Customer, on_delete = "cascade")]
    pub customer_id: i64,
    #[field(defualt = 1)]
    pub quantity: i32,
}

// Code that goes through the foreign key both ways, and joins along it.
fn orders_of_customer_one(conn: &mut Connection) -> Result<Vec<Order>> {
    let customer = Customer::get(conn, 1)?;
    let orders = customer.orders(conn)?;
    let _customer: Customer = orders[0].customer(conn)?;
    let _pairs: Vec<(Order, Customer)> = Order::objects().select_related(Order::CUSTOMER).load(conn)?;
    let _joined: Vec<(Order, Customer)> = order::table
        .inner_join(customer::table)
        .filter(order::quantity.gt(2))
        .load(conn)?;
    Order::bulk_create(conn, &[NewOrder { customer_id: 1, quantity: 3 }])?;
    Ok(orders)
}

fn main() {
    let mut conn = model_runtime::connect("sqlite::memory:").unwrap();
    let _ = orders_of_customer_one(&mut conn);
}
