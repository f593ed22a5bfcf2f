//! Every generated single-row operation is one statement, one round trip
//! to the server, as Django's are; MySQL's `create`, without `RETURNING`,
//! takes a second to read the row back. The statements each sends are
//! counted on every backend.

use model_runtime::prelude::*;
use model_tests::models::{category, create_littlelemon_tables, Category, Menu, NewCategory, NewMenu};
use model_tests::on_every_backend;
use model_tests::statements::StatementLog;

/// The statements `operation` sends on `conn`.
fn statements(conn: &mut Connection, operation: impl FnOnce(&mut Connection)) -> Vec<String> {
    let log = StatementLog::install(conn);
    operation(conn);
    log.statements()
}

fn dish(category_id: i64) -> NewMenu {
    NewMenu {
        title: "Pasta".into(),
        price: "12.50".parse().unwrap(),
        inventory: 3,
        category_id,
        description: None,
    }
}

on_every_backend! {
    fn each_single_row_operation_is_one_statement(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() }).unwrap();
        let backend = conn.backend();

        let mut created = None;
        let sent = statements(&mut conn, |conn| created = Some(Menu::create(conn, dish(mains.id)).unwrap()));
        let mut pasta = created.unwrap();
        if backend == Backend::Mysql {
            assert_eq!(sent.len(), 2, "{sent:#?}");
            assert!(sent[1].contains("= LAST_INSERT_ID()"), "{}", sent[1]);
        } else {
            assert_eq!(sent.len(), 1, "{sent:#?}");
        }
        assert_eq!(pasta.title, "Pasta");

        let sent = statements(&mut conn, |conn| assert_eq!(Menu::get(conn, pasta.id).unwrap(), pasta));
        assert_eq!(sent.len(), 1, "get: {sent:#?}");
        pasta.inventory = 4;
        let sent = statements(&mut conn, |conn| pasta.save(conn).unwrap());
        assert_eq!(sent.len(), 1, "save: {sent:#?}");
        let sent = statements(&mut conn, |conn| assert_eq!(Menu::count(conn).unwrap(), 1));
        assert_eq!(sent.len(), 1, "count: {sent:#?}");
        let sent = statements(&mut conn, |conn| pasta.delete(conn).unwrap());
        assert_eq!(sent.len(), 1, "delete: {sent:#?}");

        // A batch that fits one statement is that statement alone; on
        // PostgreSQL every batch is one COPY.
        let rows: Vec<NewMenu> = (0..100).map(|_| dish(mains.id)).collect();
        let sent = statements(&mut conn, |conn| assert_eq!(Menu::bulk_create(conn, &rows).unwrap(), 100));
        if backend != Backend::Sqlite {
            assert_eq!(sent.len(), 1, "bulk_create: {sent:#?}");
        }
        assert_eq!(Menu::count(&mut conn).unwrap(), 100);
    }
}

on_every_backend! {
    /// `get_or_create` that finds its row is one SELECT, as Django's is.
    /// One that creates sends Django's statements (the SELECT, then the
    /// INSERT in a transaction of its own) and one more, the SELECT that
    /// checks the new row matches the lookup, which Django does not check:
    /// without it, a lookup the row fails would create a row every call.
    /// On MySQL that SELECT is also the read-back `create` needs there
    /// (no `RETURNING`), so every backend sends five statements.
    fn get_or_create_finds_in_one_statement_and_creates_in_django_s_and_a_check(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let backend = conn.backend();
        let specials = || NewCategory { title: "Specials".into() };

        let mut outcome = None;
        let sent = statements(&mut conn, |conn| {
            outcome = Some(Category::objects().get_or_create(conn, category::title.eq("Specials"), specials()).unwrap());
        });
        let (created_row, created) = outcome.take().unwrap();
        assert!(created, "created");
        assert_eq!(sent.len(), 5, "{sent:#?}");
        assert!(sent[1].starts_with("BEGIN") && sent.last().unwrap().starts_with("COMMIT"), "{sent:#?}");
        assert!(sent[2].starts_with("INSERT") && sent[3].starts_with("SELECT"), "{sent:#?}");
        if backend == Backend::Mysql {
            assert!(sent[3].contains("= LAST_INSERT_ID()"), "{}", sent[3]);
        }
        assert_eq!(Category::get(&mut conn, created_row.id).unwrap(), created_row);

        let sent = statements(&mut conn, |conn| {
            outcome = Some(Category::objects().get_or_create(conn, category::title.eq("Specials"), specials()).unwrap());
        });
        assert!(!outcome.take().unwrap().1, "found");
        assert_eq!(sent.len(), 1, "{sent:#?}");
    }
}

/// Runs `create`, `get`, `save`, `count` and `delete` three times each on
/// `conn`, on rows of their own.
fn three_rounds_of_each_operation(conn: &mut Connection) {
    let mains = Category::create(
        conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap();
    for _ in 0..3 {
        let mut pasta = Menu::create(conn, dish(mains.id)).unwrap();
        assert_eq!(Menu::get(conn, pasta.id).unwrap(), pasta);
        pasta.inventory += 1;
        pasta.save(conn).unwrap();
        assert_eq!(Menu::count(conn).unwrap(), 1);
        pasta.delete(conn).unwrap();
    }
}

/// On PostgreSQL each generated single-row operation is prepared once per
/// connection and run again from then on: after three rounds the session
/// holds one prepared statement an operation, not one a call.
#[cfg(feature = "postgres")]
#[test]
fn postgres_prepares_each_operation_once_per_connection() {
    use model_runtime::diesel::dsl::sql;
    use model_runtime::diesel::sql_types::Text;

    let db = model_tests::TestDb::new(Backend::Postgres);
    let mut conn = db.connect();
    create_littlelemon_tables(&mut conn).unwrap();
    three_rounds_of_each_operation(&mut conn);
    let prepared: Vec<String> = model_runtime::diesel::select(sql::<Text>(
        "statement FROM pg_prepared_statements WHERE statement LIKE '%\"littlelemon_menu\"%'",
    ))
    .load(&mut conn)
    .unwrap();
    assert_eq!(prepared.len(), 5, "{prepared:#?}");
}

/// On MySQL the server counts the statements each session prepares: three
/// rounds of five operations prepare five, once each.
#[cfg(feature = "mysql")]
#[test]
fn mysql_prepares_each_operation_once_per_connection() {
    use model_tests::statements::mysql_prepares;

    let db = model_tests::TestDb::new(Backend::Mysql);
    let mut conn = db.connect();
    create_littlelemon_tables(&mut conn).unwrap();
    let category = mysql_prepares(&mut conn, |conn| {
        Category::create(
            conn,
            NewCategory {
                title: "Starters".into(),
            },
        )
        .unwrap();
    });
    let prepared = mysql_prepares(&mut conn, three_rounds_of_each_operation);
    // Menu's create is two statements (the INSERT, then the row read back
    // by LAST_INSERT_ID()); the category's create is prepared already.
    assert_eq!(category, 2);
    assert_eq!(prepared, 6, "{prepared} statements prepared");
}

/// The admin's and the shell's path (a model known by its schema) keeps
/// its statements by key prepared as the typed methods do: three rounds
/// of create, get, update and delete through the registry prepare four
/// statements on PostgreSQL, one an operation.
#[cfg(feature = "postgres")]
#[test]
fn postgres_prepares_each_registry_operation_once_per_connection() {
    use model_runtime::diesel::dsl::sql;
    use model_runtime::diesel::sql_types::Text;

    let db = model_tests::TestDb::new(Backend::Postgres);
    let mut conn = db.connect();
    create_littlelemon_tables(&mut conn).unwrap();
    let categories = model_runtime::registry::find_model("littlelemon.Category").unwrap();
    for round in 0..3 {
        let row = categories
            .create(&mut conn, &[("title", &format!("Mains {round}"))])
            .unwrap();
        let key = row.primary_key().clone();
        assert_eq!(categories.get(&mut conn, &key).unwrap(), row);
        categories
            .update(&mut conn, &key, &[("title", &format!("Starters {round}"))])
            .unwrap();
        categories.delete(&mut conn, &key).unwrap();
    }
    let prepared: Vec<String> = model_runtime::diesel::select(sql::<Text>(
        "statement FROM pg_prepared_statements WHERE statement LIKE '%\"littlelemon_category\"%'",
    ))
    .load(&mut conn)
    .unwrap();
    assert_eq!(prepared.len(), 4, "{prepared:#?}");
}
