//! The generated table module is a Diesel table: the typed DSL filters,
//! orders, joins through the foreign key, groups and updates, on the
//! any-backend connection.

use std::str::FromStr;

use model_runtime::prelude::*;
use model_tests::models::{category, create_littlelemon_tables, menu, Category, Menu, NewCategory, NewMenu};
use model_tests::on_every_backend;

fn price(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn seed(conn: &mut Connection) -> (Category, Category) {
    create_littlelemon_tables(conn).unwrap();
    let mains = Category::create(
        conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap();
    let desserts = Category::create(
        conn,
        NewCategory {
            title: "Desserts".into(),
        },
    )
    .unwrap();
    for (title, cost, category) in [
        ("Pasta", "12.50", &mains),
        ("Lamb", "24.00", &mains),
        ("Soup", "6.75", &mains),
        ("Tiramisu", "7.25", &desserts),
    ] {
        let row = NewMenu {
            title: title.into(),
            price: price(cost),
            inventory: 5,
            category_id: category.id,
            description: None,
        };
        Menu::create(conn, row).unwrap();
    }
    (mains, desserts)
}

on_every_backend! {
    fn filter_and_order_run_on_the_generated_columns(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let cheap: Vec<String> = menu::table
            .filter(menu::price.lt(price("10")))
            .order(menu::price.desc())
            .select(menu::title)
            .load(&mut conn)
            .unwrap();
        assert_eq!(cheap, ["Tiramisu", "Soup"]);

        let found: Menu = menu::table.find(1_i64).first(&mut conn).unwrap();
        assert_eq!(found.title, "Pasta");
        let described: i64 = menu::table.filter(menu::description.is_null()).count().get_result(&mut conn).unwrap();
        assert_eq!(described, 4);
    }

    fn inner_join_follows_the_foreign_key(db) {
        let mut conn = db.connect();
        let (_, desserts) = seed(&mut conn);
        let pairs: Vec<(Menu, Category)> = menu::table
            .inner_join(category::table)
            .filter(category::title.eq("Mains"))
            .order(menu::title)
            .load(&mut conn)
            .unwrap();
        let names: Vec<(&str, &str)> = pairs.iter().map(|(m, c)| (m.title.as_str(), c.title.as_str())).collect();
        assert_eq!(names, [("Lamb", "Mains"), ("Pasta", "Mains"), ("Soup", "Mains")]);

        // And from the parent's side, as a left join.
        let counted: Vec<(String, i64)> = category::table
            .left_join(menu::table)
            .group_by(category::title)
            .select((category::title, model_runtime::diesel::dsl::count(menu::id.nullable())))
            .order(category::title)
            .load(&mut conn)
            .unwrap();
        assert_eq!(counted, [("Desserts".to_string(), 1), ("Mains".to_string(), 3)]);

        let in_desserts = Menu::belonging_to(&desserts).select(menu::title).load::<String>(&mut conn).unwrap();
        assert_eq!(in_desserts, ["Tiramisu"]);
    }

    fn updates_and_arithmetic_use_the_typed_columns(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let changed = model_runtime::diesel::update(menu::table.filter(menu::title.eq("Soup")))
            .set((menu::inventory.eq(menu::inventory + 10), menu::price.eq(menu::price * price("2"))))
            .execute(&mut conn)
            .unwrap();
        assert_eq!(changed, 1);
        let soup: Menu = menu::table.filter(menu::title.eq("Soup")).first(&mut conn).unwrap();
        assert_eq!((soup.inventory, soup.price), (15, price("13.50")));

        let total: Option<i64> = menu::table.select(model_runtime::diesel::dsl::sum(menu::inventory)).first(&mut conn).unwrap();
        assert_eq!(total, Some(30));
    }

    fn the_same_queries_run_on_plain_diesel_connections(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        // Model methods accept the inner Diesel connection too.
        let count = match &mut conn {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(inner) => Menu::count(inner).unwrap(),
            #[cfg(feature = "postgres")]
            Connection::Postgres(inner) => Menu::count(inner).unwrap(),
            #[cfg(feature = "mysql")]
            Connection::Mysql(inner) => Menu::count(inner).unwrap(),
        };
        assert_eq!(count, 4);
    }
}

/// PostgreSQL's `ONLY` works on the generated tables, as on Diesel's own.
#[cfg(feature = "postgres")]
#[test]
fn only_selects_from_the_table_itself_on_postgres() {
    let db = model_tests::TestDb::new(Backend::Postgres);
    let mut conn = db.connect();
    seed(&mut conn);
    use model_runtime::diesel::dsl::OnlyDsl;
    let model_runtime::Connection::Postgres(pg) = &mut conn else {
        unreachable!()
    };
    let titles: Vec<String> = menu::table
        .only()
        .select(menu::title)
        .order(menu::title)
        .load(pg)
        .unwrap();
    assert_eq!(titles, ["Lamb", "Pasta", "Soup", "Tiramisu"]);
}
