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
        Err(MigrationError::UnknownMigration { app, name }) if app == "shop" && name == "0009"
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
            CommandError::Migration(MigrationError::UnknownMigration { app, name }) if app == "shop" && name == "0009"
        ),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "app `shop` has no migration named `0009`");
}
