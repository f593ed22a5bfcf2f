//! `bulk_create` splits a large batch into multi-row statements (on SQLite
//! of 64 rows, on MySQL as large as the bind parameter limit allows) and
//! inserts all of it in one transaction; on PostgreSQL it streams every
//! row through one `COPY`.

use std::str::FromStr;

use model_runtime::prelude::*;
use model_tests::models::{create_littlelemon_tables, menu, Category, Menu, NewCategory, NewMenu};
use model_tests::statements::StatementLog;
use model_tests::{on_every_backend, Backend};

const ROWS: usize = 100_000;

fn dishes(count: usize, category_id: i64) -> Vec<NewMenu> {
    (0..count)
        .map(|i| NewMenu {
            title: format!("Dish {i}"),
            price: Decimal::from_str("4.50").unwrap(),
            inventory: i as i32,
            category_id,
            description: (i % 3 == 0).then(|| format!("Description {i}")),
        })
        .collect()
}

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

on_every_backend! {
    /// Batches of one row short of a statement, exactly one, one more, and
    /// two statements and a rest: every row arrives once, with its values.
    fn bulk_create_across_statement_boundaries_keeps_every_row(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() }).unwrap();
        for count in [0, 1, 63, 64, 65, 130] {
            Menu::objects().delete(&mut conn).unwrap();
            let rows = dishes(count, mains.id);
            assert_eq!(Menu::bulk_create(&mut conn, &rows).unwrap(), count, "{count} rows");
            let mut stored: Vec<NewMenu> = Menu::all(&mut conn)
                .unwrap()
                .into_iter()
                .map(|m| NewMenu {
                    title: m.title,
                    price: m.price,
                    inventory: m.inventory,
                    category_id: m.category_id,
                    description: m.description,
                })
                .collect();
            stored.sort_by_key(|m| m.inventory);
            assert_eq!(stored, rows, "{count} rows");
        }
    }

    /// A row the database refuses in a later statement of the batch undoes
    /// the statements before it.
    fn bulk_create_refused_in_a_later_statement_writes_nothing(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() }).unwrap();
        let mut rows = dishes(130, mains.id);
        rows[100].category_id = mains.id + 99;
        let error = Menu::bulk_create(&mut conn, &rows).unwrap_err();
        assert!(matches!(error, Error::ForeignKeyViolation { .. }), "{error:?}");
        assert_eq!(Menu::count(&mut conn).unwrap(), 0);
    }
}

/// A connection to `db` with the littlelemon tables, and a category.
fn with_a_category(db: &model_tests::TestDb) -> (Connection, Category) {
    let mut conn = db.connect();
    create_littlelemon_tables(&mut conn).unwrap();
    let mains = Category::create(
        &mut conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap();
    (conn, mains)
}

/// On SQLite, 130 rows are two INSERTs of 64 rows and two of one row, not
/// 130 statements.
#[cfg(feature = "sqlite")]
#[test]
fn sqlite_bulk_create_sends_64_rows_a_statement() {
    let db = model_tests::TestDb::new(Backend::Sqlite);
    let (mut conn, mains) = with_a_category(&db);
    let log = StatementLog::install(&mut conn);
    Menu::bulk_create(&mut conn, &dishes(130, mains.id)).unwrap();
    let rows_per_insert: Vec<usize> = log
        .writes()
        .iter()
        .map(|sql| sql.matches("), (").count() + 1)
        .collect();
    assert_eq!(rows_per_insert, [64, 64, 1, 1]);
}

/// On PostgreSQL, any number of rows is one statement, `COPY ... FROM
/// STDIN`, which streams them all: one round trip, no bind parameter limit.
#[cfg(feature = "postgres")]
#[test]
fn postgres_bulk_create_streams_every_row_in_one_copy() {
    let db = model_tests::TestDb::new(Backend::Postgres);
    let (mut conn, mains) = with_a_category(&db);
    let log = StatementLog::install(&mut conn);
    assert_eq!(
        Menu::bulk_create(&mut conn, &dishes(ROWS, mains.id)).unwrap(),
        ROWS
    );
    let statements = log.statements();
    assert_eq!(statements.len(), 1, "{statements:?}");
    assert!(
        statements[0].starts_with(r#"COPY "littlelemon_menu"("title", "price", "inventory", "category_id", "description") FROM STDIN WITH (FORMAT text)"#),
        "{}",
        statements[0]
    );
    assert_eq!(Menu::count(&mut conn).unwrap(), ROWS as i64);
}

/// On MySQL, a batch of wide rows is cut to fit the server's
/// `max_allowed_packet` as well as the bind parameter limit: rows holding
/// two and a half packets of text go in several INSERTs, all of them
/// arriving, where one statement would be refused by the server.
#[cfg(feature = "mysql")]
#[test]
fn mysql_bulk_create_keeps_each_statement_within_max_allowed_packet() {
    use model_runtime::diesel::dsl::sql;
    use model_runtime::diesel::sql_types::BigInt;

    let db = model_tests::TestDb::new(Backend::Mysql);
    let (mut conn, mains) = with_a_category(&db);
    let packet: i64 = model_runtime::diesel::select(sql::<BigInt>("CAST(@@max_allowed_packet AS SIGNED)"))
        .get_result(&mut conn)
        .unwrap();
    const TEXT: usize = 100_000;
    let count = (packet as usize * 5 / 2).div_ceil(TEXT);
    let mut rows = dishes(count, mains.id);
    for (i, row) in rows.iter_mut().enumerate() {
        row.description = Some(format!("{i:08}{}", "x".repeat(TEXT)));
    }
    let log = StatementLog::install(&mut conn);
    assert_eq!(Menu::bulk_create(&mut conn, &rows).unwrap(), count);
    let inserts = log
        .writes()
        .iter()
        .filter(|sql| sql.starts_with("INSERT"))
        .count();
    assert!(
        inserts >= 3,
        "{count} rows of {TEXT} bytes in {inserts} INSERTs, packet {packet}"
    );
    let stored = menu::table
        .select(sql::<BigInt>("CAST(SUM(LENGTH(description)) AS SIGNED)"))
        .get_result::<i64>(&mut conn)
        .unwrap();
    assert_eq!(stored as usize, count * (TEXT + 8));
}

/// On MySQL, a statement as large as the bind parameter limit allows is
/// prepared once per connection and run again for each such chunk: two
/// batches of two full statements and a rest prepare three statements,
/// the full one once and each rest once, where preparing every statement
/// would be six.
#[cfg(feature = "mysql")]
#[test]
fn mysql_bulk_create_prepares_a_full_statement_once_per_connection() {
    use model_tests::statements::mysql_prepares;

    let db = model_tests::TestDb::new(Backend::Mysql);
    let mut conn = db.connect();
    create_littlelemon_tables(&mut conn).unwrap();
    // One column: 65,535 rows a statement.
    let count = 2 * 65_535 + 5;
    let batches: Vec<Vec<NewCategory>> = (0..2)
        .map(|batch| {
            (0..count)
                .map(|i| NewCategory {
                    title: format!("Category {batch}-{i}"),
                })
                .collect()
        })
        .collect();
    let prepared = mysql_prepares(&mut conn, |conn| {
        for rows in &batches {
            assert_eq!(Category::bulk_create(conn, rows).unwrap(), count);
        }
    });
    assert_eq!(prepared, 3, "{prepared} statements prepared");
    assert_eq!(Category::count(&mut conn).unwrap(), 2 * count as i64);
}

/// On MySQL a `NULL` is bound, not written into the statement: two full
/// statements whose rows are null in different places share one text, so
/// a batch of two full statements and a rest prepares two, where writing
/// `NULL` as the keyword would make the second full statement a text of
/// its own (three).
#[cfg(feature = "mysql")]
#[test]
fn mysql_bulk_create_binds_null_so_full_statements_share_one_text() {
    use model_tests::statements::mysql_prepares;

    let db = model_tests::TestDb::new(Backend::Mysql);
    let (mut conn, mains) = with_a_category(&db);
    // Five columns: 13,107 rows a statement, an odd number, so that the
    // second statement's rows are null where the first's are not.
    let per_statement = 65_535 / 5;
    let mut rows = dishes(2 * per_statement + 5, mains.id);
    for (i, row) in rows.iter_mut().enumerate() {
        row.description = (i % 2 == 0).then(|| format!("Description {i}"));
    }
    let prepared = mysql_prepares(&mut conn, |conn| {
        assert_eq!(Menu::bulk_create(conn, &rows).unwrap(), rows.len());
    });
    assert_eq!(prepared, 2, "{prepared} statements prepared");
    let nulls = Menu::objects()
        .filter(menu::description.is_null())
        .count(&mut conn)
        .unwrap();
    assert_eq!(nulls as usize, rows.len() / 2);
}
