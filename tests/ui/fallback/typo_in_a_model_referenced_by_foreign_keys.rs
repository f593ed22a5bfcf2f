use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Customer {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_lenght = 40)]
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

#[derive(Model)]
#[model(app = "shop")]
pub struct Invoice {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Customer, on_delete = "protect", related_name = "invoices")]
    pub customer_id: Option<i64>,
    #[field(foreign_key = Order, on_delete = "cascade")]
    pub order_id: i64,
}

// Code that names the model, its `New…` struct and its table module.
fn orders_of_customer_one(conn: &mut Connection) -> Result<Vec<(Order, Customer)>> {
    let customer = Customer::get(conn, 1)?;
    let _orders: Vec<Order> = customer.orders(conn)?;
    let _invoices: Vec<Invoice> = customer.invoices(conn)?;
    Customer::create(conn, NewCustomer { name: "Ada".into() })?;
    let rows = order::table
        .inner_join(customer::table)
        .filter(customer::name.eq("Ada"))
        .load::<(Order, Customer)>(conn)?;
    Ok(rows)
}

fn main() {
    let mut conn = model_runtime::connect("sqlite::memory:").unwrap();
    let _ = orders_of_customer_one(&mut conn);
}
