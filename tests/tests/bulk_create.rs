//! `bulk_create` splits a large batch to fit each backend's bind parameter
//! limit, and inserts all of it in one transaction.

use std::str::FromStr;

use model_runtime::prelude::*;
use model_tests::models::{create_littlelemon_tables, menu, Category, Menu, NewCategory, NewMenu};
use model_tests::on_every_backend;

const ROWS: usize = 100_000;

on_every_backend! {
    /// 100,000 rows of 5 columns are 500,000 parameters: several statements
    /// on every backend, all committed together.
    fn bulk_create_of_100_000_rows_succeeds(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() }).unwrap();
        let price = Decimal::from_str("4.50").unwrap();
        let rows: Vec<NewMenu> = (0..ROWS)
            .map(|i| NewMenu {
                title: format!("Dish {i}"),
                price: price.clone(),
                inventory: i as i32,
                category_id: mains.id,
                description: (i % 2 == 0).then(|| format!("Description {i}")),
            })
            .collect();

        assert_eq!(Menu::bulk_create(&mut conn, &rows).unwrap(), ROWS);
        assert_eq!(Menu::count(&mut conn).unwrap(), ROWS as i64);

        let last: Vec<Menu> = menu::table
            .filter(menu::inventory.eq(ROWS as i32 - 1))
            .load(&mut conn)
            .unwrap();
        assert_eq!(last.len(), 1);
        assert_eq!(last[0].title, format!("Dish {}", ROWS - 1));
        assert_eq!(last[0].price, price);
        assert_eq!(last[0].description, None);
    }
}
