//! `atomic` nests as Django's `transaction.atomic`: a failure, returned or
//! panicked, rolls back exactly its own level.

use std::panic::{self, AssertUnwindSafe};

use model_runtime::prelude::*;
use model_tests::models::{category, create_littlelemon_tables, Category, NewCategory};
use model_tests::on_every_backend;

fn add(conn: &mut Connection, title: &str) -> Result<Category> {
    Category::create(conn, NewCategory { title: title.into() })
}

fn titles(conn: &mut Connection) -> Vec<String> {
    Category::objects()
        .order_by(category::title.asc())
        .values(conn, category::title)
        .unwrap()
}

fn failure() -> Error {
    Error::NotFound {
        model: "Category".into(),
    }
}

on_every_backend! {
    fn a_successful_block_commits(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let value = atomic(&mut conn, |conn| {
            add(conn, "Mains")?;
            atomic(conn, |conn| add(conn, "Desserts"))?;
            Ok::<_, Error>(7)
        })
        .unwrap();
        assert_eq!(value, 7);
        // Committed: another connection sees the rows.
        assert_eq!(titles(&mut db.connect()), ["Desserts", "Mains"]);
    }

    fn an_inner_error_rolls_back_the_inner_level_only(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        atomic(&mut conn, |conn| {
            add(conn, "Mains")?;
            let inner = atomic(conn, |conn| {
                add(conn, "Desserts")?;
                Err::<(), _>(failure())
            });
            assert!(matches!(inner, Err(Error::NotFound { .. })));
            // The outer level sees its own row, not the inner one, and goes on.
            assert_eq!(titles(conn), ["Mains"]);
            add(conn, "Drinks")?;
            Ok::<_, Error>(())
        })
        .unwrap();
        assert_eq!(titles(&mut conn), ["Drinks", "Mains"]);
    }

    fn an_inner_panic_rolls_back_the_inner_level_and_unwinds(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        atomic(&mut conn, |conn| {
            add(conn, "Mains")?;
            let unwound = panic::catch_unwind(AssertUnwindSafe(|| {
                atomic(conn, |conn| -> Result<()> {
                    add(conn, "Desserts")?;
                    panic!("the kitchen is on fire");
                })
            }));
            let payload = unwound.expect_err("the panic goes on unwinding");
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"the kitchen is on fire"));
            // The connection is usable, inside the outer level still.
            assert_eq!(titles(conn), ["Mains"]);
            add(conn, "Drinks")?;
            Ok::<_, Error>(())
        })
        .unwrap();
        assert_eq!(titles(&mut conn), ["Drinks", "Mains"]);
    }

    fn an_outer_error_rolls_back_the_committed_inner_levels_too(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let outcome = atomic(&mut conn, |conn| {
            add(conn, "Mains")?;
            atomic(conn, |conn| {
                add(conn, "Desserts")?;
                atomic(conn, |conn| add(conn, "Drinks"))
            })?;
            assert_eq!(titles(conn), ["Desserts", "Drinks", "Mains"]);
            Err::<(), _>(failure())
        });
        assert!(matches!(outcome, Err(Error::NotFound { .. })));
        assert!(titles(&mut conn).is_empty());
        // The connection is out of any transaction: the next block commits.
        atomic(&mut conn, |conn| add(conn, "Specials")).unwrap();
        assert_eq!(titles(&mut db.connect()), ["Specials"]);
    }

    fn an_outer_panic_rolls_back_everything(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let unwound = panic::catch_unwind(AssertUnwindSafe(|| {
            atomic(&mut conn, |conn| -> Result<()> {
                add(conn, "Mains")?;
                atomic(conn, |conn| add(conn, "Desserts"))?;
                panic!("out of lemons");
            })
        }));
        assert!(unwound.is_err());
        assert!(titles(&mut conn).is_empty());
        add(&mut conn, "Specials").unwrap();
        assert_eq!(titles(&mut db.connect()), ["Specials"]);
    }

    /// A database error inside a level (here a unique violation) is an
    /// `Err` like any other: on PostgreSQL too, where the failed statement
    /// would otherwise abort the whole transaction.
    fn a_refused_statement_rolls_back_its_level_and_the_outer_goes_on(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        atomic(&mut conn, |conn| {
            add(conn, "Mains")?;
            let duplicate = atomic(conn, |conn| add(conn, "Mains"));
            assert!(matches!(duplicate, Err(Error::UniqueViolation { .. })), "{duplicate:?}");
            add(conn, "Drinks")?;
            Ok::<_, Error>(())
        })
        .unwrap();
        assert_eq!(titles(&mut conn), ["Drinks", "Mains"]);
    }

    /// `atomic` takes plain Diesel connections too.
    fn atomic_runs_on_the_plain_diesel_connection(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        macro_rules! check {
            ($inner:expr) => {{
                let outcome = atomic($inner, |inner| {
                    Category::create(inner, NewCategory { title: "Mains".into() })?;
                    let inner_outcome = atomic(inner, |inner| {
                        Category::create(inner, NewCategory { title: "Desserts".into() })?;
                        Err::<(), _>(failure())
                    });
                    assert!(inner_outcome.is_err());
                    Category::objects().count(inner)
                });
                assert_eq!(outcome.unwrap(), 1);
            }};
        }
        match &mut conn {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(inner) => check!(inner),
            #[cfg(feature = "postgres")]
            Connection::Postgres(inner) => check!(inner),
            #[cfg(feature = "mysql")]
            Connection::Mysql(inner) => check!(inner),
        }
        assert_eq!(titles(&mut conn), ["Mains"]);
    }
}
