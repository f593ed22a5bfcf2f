//! The migration engine's errors are typed: a caller branches on the
//! variant and its fields, never on the message, and the message still
//! names the thing at fault.

use model_manage::{CommandError, MigrateArgs, Settings};
use model_migrations::{Executor, MigrateOptions, Migration, MigrationError, MigrationGraph, Target};

fn migration(name: &str, text: &str) -> Migration {
    Migration::parse(name, text).unwrap()
}

fn initial() -> Migration {
    migration("0001_initial", "app = \"shop\"")
}

#[test]
fn a_missing_dependency_names_both_migrations() {
    let second = migration(
        "0002_more",
        "app = \"shop\"\ndependencies = [\"shop.0001_initial\", \"stock.0001_initial\"]",
    );
    let error = MigrationGraph::new([initial(), second]).unwrap_err();
    let MigrationError::MissingDependency {
        migration,
        dependency,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(
        (migration.as_str(), dependency.as_str()),
        ("shop.0002_more", "stock.0001_initial")
    );
    assert_eq!(
        error.to_string(),
        "migration shop.0002_more depends on stock.0001_initial, which does not exist"
    );
}

#[test]
fn a_migration_defined_twice_is_named() {
    let error = MigrationGraph::new([initial(), initial()]).unwrap_err();
    assert!(
        matches!(&error, MigrationError::Duplicate { migration } if migration == "shop.0001_initial"),
        "{error:?}"
    );
}

#[test]
fn unknown_ambiguous_and_appless_targets_are_told_apart() {
    let graph = MigrationGraph::new([
        initial(),
        migration(
            "0002_price",
            "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]",
        ),
        migration(
            "0003_prices",
            "app = \"shop\"\ndependencies = [\"shop.0002_price\"]",
        ),
    ])
    .unwrap();
    assert!(matches!(
        graph.find("shop", "0009"),
        Err(MigrationError::UnknownMigration { app, name, existing })
            if app == "shop" && name == "0009" && existing == ["0001_initial", "0002_price", "0003_prices"]
    ));
    assert!(matches!(
        graph.find("stock", "0001"),
        Err(MigrationError::NoMigrations { app }) if app == "stock"
    ));
    let Err(MigrationError::AmbiguousMigration { candidates, .. }) = graph.find("shop", "000") else {
        panic!("`000` fits three migrations");
    };
    assert_eq!(candidates, ["0001_initial", "0002_price", "0003_prices"]);
}

#[test]
fn unapplying_a_run_sql_without_reverse_is_irreversible_and_runs_nothing() {
    let graph = MigrationGraph::new([migration(
        "0001_initial",
        "app = \"shop\"\n\n[[operations]]\nop = \"RunSql\"\nsql = \"CREATE TABLE shop_note (id integer)\"\n",
    )])
    .unwrap();
    let mut conn = model_runtime::connect("sqlite::memory:").unwrap();
    let mut executor = Executor::new(&mut conn, &graph).unwrap();
    executor
        .migrate(&Target::Latest, &MigrateOptions::default())
        .unwrap();

    let error = executor
        .migrate(&Target::Zero("shop".into()), &MigrateOptions::default())
        .unwrap_err();
    let MigrationError::Irreversible { migration, operation } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        (migration.as_str(), operation.as_str()),
        ("shop.0001_initial", "Raw SQL operation")
    );
    assert_eq!(executor.applied().len(), 1);
}

#[test]
fn the_runtimes_errors_convert_into_the_migration_error_and_the_command_error() {
    let error = MigrationError::from(model_runtime::Error::Config("no such backend".into()));
    assert!(matches!(
        &error,
        MigrationError::Model(model_runtime::Error::Config(_))
    ));
    assert_eq!(error.to_string(), "no such backend");

    let error = CommandError::from(model_runtime::Error::Config("no such backend".into()));
    assert!(matches!(
        error,
        CommandError::Migration(MigrationError::Model(model_runtime::Error::Config(_)))
    ));
}

#[test]
fn a_command_returns_the_migration_error_underneath() {
    let dir = std::env::temp_dir().join(format!("migration-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("0001_initial.toml"), "app = \"shop\"\n").unwrap();
    let settings = Settings::new()
        .installed_apps(["shop"])
        .migrations_dir("shop", &dir)
        .database_url("sqlite::memory:");
    let args = MigrateArgs {
        app: Some("shop".into()),
        target: Some("0009".into()),
        ..MigrateArgs::default()
    };
    let error = model_manage::migrate(&settings, &args, &mut std::io::sink()).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        matches!(
            &error,
            CommandError::Migration(MigrationError::UnknownMigration { app, name, .. }) if app == "shop" && name == "0009"
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "app `shop` has no migration named `0009`; its migrations are: 0001_initial"
    );
}

/// A first migration every case below builds on: a model with a key, a
/// title and an index.
const INITIAL: &str = r#"app = "shop"

[[operations]]
op = "CreateModel"
name = "Menu"
table = "shop_menu"

[[operations.fields]]
field = "id"
column = "id"
type = "Integer"
primary_key = true
auto_increment = true

[[operations.fields]]
field = "title"
column = "title"
type = "Text"
max_length = 50

[[operations.indexes]]
columns = ["title"]
"#;

/// A second migration adding a column, with `extra` lines added to the
/// column's table.
fn add_field(extra: &str) -> String {
    format!(
        "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]\n\n[[operations]]\nop = \"AddField\"\n\
         model = \"Menu\"\n\n[operations.field]\nfield = \"size\"\ncolumn = \"size\"\ntype = \"Integer\"\n{extra}"
    )
}

#[test]
fn a_misspelled_key_at_any_level_is_refused_by_every_command_and_nothing_is_applied() {
    // (the second file, the message after `0002_next.toml: `)
    let cases: Vec<(String, &str)> = vec![
        (
            "app = \"shop\"\ndependancies = [\"shop.0001_initial\"]\n".into(),
            "unknown key `dependancies`; did you mean `dependencies`?",
        ),
        (
            add_field("default = 0\n").replace("model = \"Menu\"\n", "model = \"Menu\"\npreserve_defualt = false\n"),
            "operation 1 (AddField): unknown key `preserve_defualt`; did you mean `preserve_default`?",
        ),
        (
            add_field("nulable = true\n"),
            "operation 1 (AddField), field: unknown key `nulable`; did you mean `nullable`?",
        ),
        (
            add_field("defualt = 5\n"),
            "operation 1 (AddField), field: unknown key `defualt`; did you mean `default`?",
        ),
        (
            add_field(
                "nullable = true\n\n[operations.field.foreign_key]\napp = \"shop\"\nmodel = \"Menu\"\n\
                 table = \"shop_menu\"\ncolumn = \"id\"\non_delet = \"cascade\"\n",
            ),
            "operation 1 (AddField), field, foreign_key: unknown key `on_delet`; did you mean `on_delete`?",
        ),
        (
            add_field("\n[[operations.field.choices]]\nvalue = 1\nlable = \"Small\"\n"),
            "operation 1 (AddField), field, choice 1: unknown key `lable`; did you mean `label`?",
        ),
        (
            "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]\n\n[[operations]]\nop = \"AddIndex\"\n\
             model = \"Menu\"\n\n[operations.index]\ncolumns = [\"title\"]\nuniqe = true\n"
                .into(),
            "operation 1 (AddIndex), index: unknown key `uniqe`; did you mean `unique`?",
        ),
        (
            "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]\n\n[[operations]]\nop = \"CreateModel\"\n\
             name = \"Dish\"\ntable = \"shop_dish\"\n\n[[operations.fields]]\nfield = \"id\"\ncolumn = \"id\"\n\
             type = \"Integer\"\nprimay_key = true\n\n[[operations.indexes]]\ncolumns = [\"id\"]\n"
                .into(),
            "operation 1 (CreateModel), field `id`: unknown key `primay_key`; did you mean `primary_key`?",
        ),
        (
            "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]\n\n[[operations]]\nop = \"CreateModel\"\n\
             name = \"Dish\"\ntable = \"shop_dish\"\n\n[[operations.fields]]\nfield = \"id\"\ncolumn = \"id\"\n\
             type = \"Integer\"\nprimary_key = true\n\n[[operations.indexes]]\ncolumns = [\"id\"]\nuniqe = true\n"
                .into(),
            "operation 1 (CreateModel), index 1: unknown key `uniqe`; did you mean `unique`?",
        ),
        (
            "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]\n\n[[operations]]\nop = \"RunSql\"\n\
             sql = \"SELECT 1\"\n\n[[operations]]\nop = \"RemoveFeild\"\nmodel = \"Menu\"\nname = \"title\"\n"
                .into(),
            "operation 2: unknown operation `RemoveFeild`; did you mean `RemoveField`?",
        ),
    ];
    for (second, message) in cases {
        let db = model_tests::TestDb::new(model_runtime::Backend::Sqlite);
        let dir = std::env::temp_dir().join(format!(
            "migration-errors-keys-{}-{}",
            std::process::id(),
            message.len()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("0001_initial.toml"), INITIAL).unwrap();
        std::fs::write(dir.join("0002_next.toml"), &second).unwrap();
        let settings = Settings::new()
            .installed_apps(["shop"])
            .migrations_dir("shop", &dir)
            .database_url(db.url());
        let expected = format!("{}: {message}", dir.join("0002_next.toml").display());

        let migrated = model_manage::migrate(&settings, &MigrateArgs::default(), &mut std::io::sink());
        let made = model_manage::makemigrations(
            &settings,
            &model_manage::MakemigrationsArgs::default(),
            &mut model_migrations::autodetect::NonInteractive,
            &mut std::io::sink(),
        );
        let shown = model_manage::showmigrations(
            &settings,
            &model_manage::ShowmigrationsArgs::default(),
            &mut std::io::sink(),
        );
        let tables = model_migrations::introspect::table_names(&mut db.connect()).unwrap();
        let files = std::fs::read_dir(&dir).unwrap().count();
        std::fs::remove_dir_all(&dir).unwrap();

        for error in [
            migrated.map(|_| ()).unwrap_err(),
            made.map(|_| ()).unwrap_err(),
            shown.map(|_| ()).unwrap_err(),
        ] {
            assert!(
                matches!(&error, CommandError::Migration(MigrationError::File { .. })),
                "{error:?}"
            );
            assert_eq!(error.to_string(), expected);
        }
        assert!(tables.is_empty(), "{message}: {tables:?}");
        assert_eq!(files, 2, "{message}: a command wrote a file");
        // The reader the tests and the fuzz target use refuses it too.
        assert!(Migration::parse("0002_next", &second).is_err());
    }
}

#[test]
fn a_file_written_back_reads_as_the_same_migration_and_the_same_text() {
    for text in [INITIAL.to_owned(), add_field("nullable = true\ndefault = 5\n")] {
        let name = if text.contains("AddField") {
            "0002_next"
        } else {
            "0001_initial"
        };
        let migration = Migration::parse(name, &text).unwrap();
        let written = migration.to_toml();
        let again = Migration::parse(name, &written).unwrap();
        assert_eq!(again, migration);
        assert_eq!(again.to_toml(), written);
    }
}

#[test]
fn a_migration_depending_on_itself_is_named_as_such_not_as_a_conflict() {
    let second = migration(
        "0002_more",
        "app = \"shop\"\ndependencies = [\"shop.0001_initial\", \"shop.0002_more\"]",
    );
    let error = MigrationGraph::new([initial(), second]).unwrap_err();
    assert!(
        matches!(&error, MigrationError::SelfDependency { migration } if migration == "shop.0002_more"),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "migration shop.0002_more depends on itself");
}

#[test]
fn a_circle_of_dependencies_is_named_migration_by_migration() {
    let depends = |name: &str, on: &str| {
        let app = name.split('.').next().unwrap();
        migration(
            name.split('.').nth(1).unwrap(),
            &format!("app = \"{app}\"\ndependencies = [\"{on}\"]"),
        )
    };
    // A circle of three, and a migration after it that is not part of it.
    let error = MigrationGraph::new([
        depends("shop.0001_a", "shop.0003_c"),
        depends("shop.0002_b", "shop.0001_a"),
        depends("shop.0003_c", "shop.0002_b"),
        depends("aaa.0001_after", "shop.0003_c"),
    ])
    .unwrap_err();
    let MigrationError::Circular { cycle, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(cycle, &["shop.0003_c", "shop.0002_b", "shop.0001_a"]);
    assert_eq!(
        error.to_string(),
        "migrations depend on each other in a circle: shop.0003_c depends on shop.0002_b, which depends \
         on shop.0001_a, which depends on shop.0003_c"
    );

    let error = MigrationGraph::new([
        depends("shop.0001_a", "shop.0002_b"),
        depends("shop.0002_b", "shop.0001_a"),
    ])
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "migrations depend on each other in a circle: shop.0001_a depends on shop.0002_b, which depends \
         on shop.0001_a"
    );
}

#[test]
fn the_next_number_after_the_highest_possible_is_an_error_naming_the_migration() {
    let last = migration(
        "4294967295_last",
        "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]",
    );
    let graph = MigrationGraph::new([initial(), last]).unwrap();
    let error = graph.next_number("shop").unwrap_err();
    assert!(
        matches!(&error, MigrationError::NumberExhausted { migration } if migration == "shop.4294967295_last"),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with(
            "migration shop.4294967295_last has the highest number a migration can have (4294967295)"
        ),
        "{error}"
    );
    assert_eq!(graph.next_number("stock").unwrap(), 1);
    let graph = MigrationGraph::new([initial(), migration("4294967294_next", "app = \"shop\"")]).unwrap();
    assert_eq!(graph.next_number("shop").unwrap(), u32::MAX);
}
