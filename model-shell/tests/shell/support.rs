//! A shell over the Little Lemon models on a fresh database, and a typed
//! connection beside it to check what the shell did.

use model_runtime::prelude::*;
use model_shell::Shell;
use model_tests::models::{create_littlelemon_tables, Category, Menu, NewCategory, NewMenu};
use model_tests::TestDb;

pub struct Session {
    pub shell: Shell,
    /// A second connection, for the typed API.
    pub conn: Connection,
}

/// The tables, two categories and three dishes, and a shell over them.
pub fn session(db: &TestDb) -> Session {
    let mut conn = db.connect();
    create_littlelemon_tables(&mut conn).unwrap();
    let mains = Category::create(
        &mut conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap();
    let desserts = Category::create(
        &mut conn,
        NewCategory {
            title: "Desserts".into(),
        },
    )
    .unwrap();
    for (title, price, inventory, category) in [
        ("Pasta", "12.50", 5, &mains),
        ("Lemon tart", "6.00", 0, &desserts),
        ("Greek salad", "9.25", 12, &mains),
    ] {
        Menu::create(
            &mut conn,
            NewMenu {
                title: title.into(),
                price: price.parse().unwrap(),
                inventory,
                category_id: category.id,
                description: None,
            },
        )
        .unwrap();
    }
    Session {
        shell: Shell::new(db.connect(), &["littlelemon".to_owned()]),
        conn,
    }
}

impl Session {
    /// The shown value of `code`, which must succeed.
    pub fn value(&mut self, code: &str) -> String {
        match self.shell.run(code) {
            Ok(outcome) => outcome.value.unwrap_or_default(),
            Err(error) => panic!("`{code}` failed: {error}"),
        }
    }

    /// The error `code` fails with.
    pub fn error(&mut self, code: &str) -> String {
        match self.shell.run(code) {
            Ok(outcome) => panic!("`{code}` succeeded: {outcome:?}"),
            Err(error) => error.to_string(),
        }
    }

    /// The menu's titles in key order, through the typed API.
    pub fn titles(&mut self) -> Vec<String> {
        let mut dishes = Menu::all(&mut self.conn).unwrap();
        dishes.sort_by_key(|m| m.id);
        dishes.into_iter().map(|m| m.title).collect()
    }

    pub fn dish(&mut self, title: &str) -> Menu {
        Menu::objects()
            .filter(model_tests::models::menu::title.eq(title.to_owned()))
            .get(&mut self.conn)
            .unwrap()
    }
}
