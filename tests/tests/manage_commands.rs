//! The manage commands as library functions: makemigrations into temporary
//! folders, then migrate, showmigrations, sqlmigrate and check against a
//! fresh database of each backend.

use std::path::Path;
use std::process::ExitCode;

use model_manage::{CommandError, MakemigrationsArgs, MigrateArgs, ShowmigrationsArgs, SqlmigrateArgs};
use model_migrations::autodetect::NonInteractive;
use model_migrations::introspect;
use model_migrations::{Migration, Operation, Outcome};
use model_runtime::{Backend, Settings};
use model_tests::models::{create_littlelemon_tables, Category, NewCategory};
use model_tests::project::Project;
use model_tests::{on_every_backend, TestDb};

fn sqlite() -> TestDb {
    TestDb::new(Backend::Sqlite)
}

fn littlelemon_tables(conn: &mut model_runtime::Connection) -> Vec<String> {
    introspect::table_names(conn)
        .unwrap()
        .into_iter()
        .filter(|t| t.starts_with("littlelemon_"))
        .collect()
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

#[test]
fn makemigrations_writes_0001_initial_then_nothing_the_second_time() {
    let project = Project::new(&sqlite(), &["littlelemon"]);

    let (made, out) = project.makemigrations(MakemigrationsArgs::default());
    assert_eq!(made.len(), 1, "{out}");
    let initial = &made[0];
    assert!(initial.written);
    assert_eq!(initial.migration.name, "0001_initial");
    assert_eq!(
        initial.path,
        project.folder("littlelemon").join("0001_initial.toml")
    );
    assert!(out.starts_with("Migrations for 'littlelemon':\n"), "{out}");
    assert!(out.contains("0001_initial.toml\n"), "{out}");
    for model in ["Category", "Menu", "Booking"] {
        assert!(out.contains(&format!("    - Create model {model}\n")), "{out}");
    }
    let text = std::fs::read_to_string(&initial.path).unwrap();
    assert_eq!(
        Migration::parse("0001_initial", &text).unwrap(),
        initial.migration
    );

    let (again, out) = project.makemigrations(MakemigrationsArgs::default());
    assert!(again.is_empty());
    assert_eq!(out, "No changes detected\n");
    assert_eq!(project.files("littlelemon"), ["0001_initial.toml"]);

    let (_, out) = project.makemigrations(MakemigrationsArgs {
        apps: vec!["littlelemon".into()],
        ..Default::default()
    });
    assert_eq!(out, "No changes detected in app 'littlelemon'\n");
}

#[test]
fn makemigrations_check_exits_1_with_a_pending_change_and_0_without() {
    let project = Project::new(&sqlite(), &["littlelemon"]);

    let (code, out, _) = project.run(&["makemigrations", "--check"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(out.contains("Create model Menu"), "{out}");
    assert!(project.files("littlelemon").is_empty(), "--check wrote a file");

    project.makemigrations(MakemigrationsArgs::default());
    let (code, out, _) = project.run(&["makemigrations", "--check"]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert_eq!(out, "No changes detected\n");
}

#[test]
fn makemigrations_dry_run_prints_the_operations_and_writes_nothing() {
    let project = Project::new(&sqlite(), &["littlelemon"]);
    let (made, out) = project.makemigrations(MakemigrationsArgs {
        dry_run: true,
        ..Default::default()
    });
    assert_eq!(made.len(), 1);
    assert!(!made[0].written);
    assert!(out.contains("    - Create model Booking\n"), "{out}");
    assert!(project.files("littlelemon").is_empty());
    assert!(!project.folder("littlelemon").exists());
}

#[test]
fn makemigrations_name_overrides_the_automatic_name() {
    let project = Project::new(&sqlite(), &["littlelemon"]);
    let (made, _) = project.makemigrations(MakemigrationsArgs {
        name: Some("first".into()),
        ..Default::default()
    });
    assert_eq!(made[0].migration.name, "0001_first");
    assert_eq!(project.files("littlelemon"), ["0001_first.toml"]);

    let mut out = Vec::new();
    let error = model_manage::makemigrations(
        &project.settings,
        &MakemigrationsArgs {
            name: Some("../escape".into()),
            empty: true,
            apps: vec!["littlelemon".into()],
            ..Default::default()
        },
        &mut NonInteractive,
        &mut out,
    )
    .unwrap_err();
    assert!(error.to_string().contains("--name `../escape`"), "{error}");
}

#[test]
fn makemigrations_empty_writes_a_run_sql_placeholder_to_fill_in() {
    let project = Project::new(&sqlite(), &["littlelemon"]);
    project.makemigrations(MakemigrationsArgs::default());

    let (made, out) = project.makemigrations(MakemigrationsArgs {
        apps: vec!["littlelemon".into()],
        empty: true,
        name: Some("fill_inventory".into()),
        ..Default::default()
    });
    assert_eq!(made.len(), 1);
    assert!(out.contains("0002_fill_inventory.toml"), "{out}");
    let path = project.folder("littlelemon").join("0002_fill_inventory.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("# op = \"RunSql\""), "{text}");
    assert!(text.contains("# reverse_sql = "), "{text}");
    let migration = Migration::parse("0002_fill_inventory", &text).unwrap();
    assert!(migration.operations.is_empty());
    assert_eq!(migration.dependencies[0].to_string(), "littlelemon.0001_initial");

    // Filled in by hand, it runs, forwards and backwards.
    let filled = text
        .replace("# [[operations]]", "[[operations]]")
        .replace("# op = ", "op = ")
        .replace(
            "# sql = \"UPDATE littlelemon_menu SET inventory = 10 WHERE inventory = 0\"",
            "sql = \"INSERT INTO littlelemon_category (title) VALUES ('Filled')\"",
        )
        .replace(
            "# reverse_sql = \"UPDATE littlelemon_menu SET inventory = 0 WHERE inventory = 10\"",
            "reverse_sql = \"DELETE FROM littlelemon_category WHERE title = 'Filled'\"",
        );
    write(&path, &filled);
    project.migrate(MigrateArgs::default());
    let db_url = project.settings.url().to_owned();
    let mut conn = model_runtime::connect(&db_url).unwrap();
    assert_eq!(Category::count(&mut conn).unwrap(), 1);
    project.migrate_to("littlelemon", "0001");
    assert_eq!(Category::count(&mut conn).unwrap(), 0);

    let mut sink = Vec::new();
    let error = model_manage::makemigrations(
        &project.settings,
        &MakemigrationsArgs {
            empty: true,
            ..Default::default()
        },
        &mut NonInteractive,
        &mut sink,
    )
    .unwrap_err();
    assert!(error.to_string().contains("--empty needs the app"), "{error}");
}

on_every_backend! {
    fn migrate_applies_shows_and_unapplies_with_rows_kept(db) {
        let project = Project::new(db, &["littlelemon"]);
        project.makemigrations(MakemigrationsArgs::default());
        // A second, hand-written migration to roll back past.
        write(
            &project.folder("littlelemon").join("0002_mains.toml"),
            "app = \"littlelemon\"\n\
             dependencies = [\"littlelemon.0001_initial\"]\n\n\
             [[operations]]\n\
             op = \"RunSql\"\n\
             sql = \"INSERT INTO littlelemon_category (title) VALUES ('Mains')\"\n\
             reverse_sql = \"DELETE FROM littlelemon_category WHERE title = 'Mains'\"\n",
        );

        assert_eq!(
            project.showmigrations(ShowmigrationsArgs::default()),
            "littlelemon\n [ ] 0001_initial\n [ ] 0002_mains\n"
        );
        let (outcomes, out) = project.migrate(MigrateArgs::default());
        assert_eq!(outcomes, [Outcome::Applied, Outcome::Applied]);
        assert_eq!(
            out,
            "Operations to perform:\n  Apply all migrations: littlelemon\nRunning migrations:\n  \
             Applying littlelemon.0001_initial... OK\n  Applying littlelemon.0002_mains... OK\n"
        );
        let mut conn = db.connect();
        assert_eq!(
            littlelemon_tables(&mut conn),
            ["littlelemon_booking", "littlelemon_category", "littlelemon_menu"]
        );
        Category::create(&mut conn, NewCategory { title: "Desserts".into() }).unwrap();
        assert_eq!(Category::count(&mut conn).unwrap(), 2);
        assert_eq!(
            project.showmigrations(ShowmigrationsArgs::default()),
            "littlelemon\n [X] 0001_initial\n [X] 0002_mains\n"
        );
        assert_eq!(
            project.showmigrations(ShowmigrationsArgs { plan: true, ..Default::default() }),
            "[X]  littlelemon.0001_initial\n[X]  littlelemon.0002_mains\n"
        );

        let (_, out) = project.migrate(MigrateArgs::default());
        assert!(out.contains("  No migrations to apply.\n"), "{out}");

        let out = project.migrate_to("littlelemon", "0001");
        assert!(out.contains("  Target specific migration: 0001_initial, from littlelemon\n"), "{out}");
        assert!(out.contains("  Unapplying littlelemon.0002_mains... OK\n"), "{out}");
        let titles: Vec<String> = Category::all(&mut conn).unwrap().into_iter().map(|c| c.title).collect();
        assert_eq!(titles, ["Desserts"], "the row 0002 added is gone, the others stay");
        assert_eq!(
            project.showmigrations(ShowmigrationsArgs::default()),
            "littlelemon\n [X] 0001_initial\n [ ] 0002_mains\n"
        );

        project.migrate(MigrateArgs { app: Some("littlelemon".into()), ..Default::default() });
        assert_eq!(Category::count(&mut conn).unwrap(), 2);

        let out = project.migrate_to("littlelemon", "zero");
        assert!(out.contains("  Unapply all migrations: littlelemon\n"), "{out}");
        assert!(littlelemon_tables(&mut conn).is_empty());
        assert_eq!(
            project.showmigrations(ShowmigrationsArgs::default()),
            "littlelemon\n [ ] 0001_initial\n [ ] 0002_mains\n"
        );
    }

    fn migrate_plan_lists_the_steps_and_flags_destructive_ones(db) {
        let project = Project::new(db, &["littlelemon"]);
        project.makemigrations(MakemigrationsArgs::default());

        let (_, plan) = project.migrate(MigrateArgs { plan: true, ..Default::default() });
        assert!(plan.starts_with("Planned operations:\nApply littlelemon.0001_initial\n"), "{plan}");
        assert!(plan.contains("    - Create model Menu\n"), "{plan}");
        assert!(!plan.contains("DESTRUCTIVE"), "{plan}");
        let mut conn = db.connect();
        assert!(littlelemon_tables(&mut conn).is_empty(), "--plan ran something");

        project.migrate(MigrateArgs::default());
        let (_, plan) = project.migrate(MigrateArgs {
            app: Some("littlelemon".into()),
            target: Some("zero".into()),
            plan: true,
            ..Default::default()
        });
        assert!(plan.contains("Unapply littlelemon.0001_initial\n"), "{plan}");
        assert!(plan.contains("    - Delete model Menu  [DESTRUCTIVE: its data is dropped]\n"), "{plan}");
        assert_eq!(littlelemon_tables(&mut conn).len(), 3, "--plan ran something");
    }

    fn sqlmigrate_prints_the_sql_as_the_executor_runs_it(db) {
        let project = Project::new(db, &["littlelemon"]);
        project.makemigrations(MakemigrationsArgs::default());
        let sql = |backwards: bool| {
            let args = SqlmigrateArgs { app: "littlelemon".into(), migration: "0001".into(), backwards };
            let mut out = Vec::new();
            let sql = model_manage::sqlmigrate(&project.settings, &args, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), sql);
            sql
        };

        let forwards = sql(false);
        assert!(forwards.contains("--\n-- Create model Category\n--\nCREATE TABLE "), "{forwards}");
        assert!(forwards.contains("littlelemon_menu"), "{forwards}");
        match db.backend() {
            Backend::Sqlite => {
                assert!(forwards.starts_with("PRAGMA foreign_keys = OFF;\nBEGIN;\n"), "{forwards}");
                assert!(
                    forwards.ends_with("PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON;\n"),
                    "{forwards}"
                );
            }
            Backend::Postgres => {
                assert!(forwards.starts_with("BEGIN;\n") && forwards.ends_with("COMMIT;\n"), "{forwards}");
            }
            Backend::Mysql => assert!(!forwards.contains("BEGIN;"), "{forwards}"),
        }
        let backwards = sql(true);
        assert!(backwards.contains("DROP TABLE"), "{backwards}");
        assert!(backwards.contains("-- Delete model Booking\n"), "{backwards}");

        // Nothing ran.
        let mut conn = db.connect();
        assert!(littlelemon_tables(&mut conn).is_empty());
    }

    fn migrate_fake_records_without_running(db) {
        let project = Project::new(db, &["littlelemon"]);
        project.makemigrations(MakemigrationsArgs::default());

        let (outcomes, out) = project.migrate(MigrateArgs { fake: true, ..Default::default() });
        assert_eq!(outcomes, [Outcome::Faked]);
        assert!(out.contains("  Applying littlelemon.0001_initial... FAKED\n"), "{out}");
        let mut conn = db.connect();
        assert!(littlelemon_tables(&mut conn).is_empty());
        assert_eq!(
            project.showmigrations(ShowmigrationsArgs::default()),
            "littlelemon\n [X] 0001_initial\n"
        );

        let (outcomes, _) = project.migrate(MigrateArgs {
            app: Some("littlelemon".into()),
            target: Some("zero".into()),
            fake: true,
            ..Default::default()
        });
        assert_eq!(outcomes, [Outcome::Faked]);
        assert_eq!(
            project.showmigrations(ShowmigrationsArgs::default()),
            "littlelemon\n [ ] 0001_initial\n"
        );
    }

    fn migrate_fake_initial_adopts_tables_created_by_hand(db) {
        let project = Project::new(db, &["littlelemon"]);
        project.makemigrations(MakemigrationsArgs::default());
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        Category::create(&mut conn, NewCategory { title: "Kept".into() }).unwrap();

        // Without the flag, the initial migration runs, and fails on the
        // tables already there, recording nothing.
        let error = model_manage::migrate(&project.settings, &MigrateArgs::default(), &mut Vec::new()).unwrap_err();
        assert!(error.to_string().contains("littlelemon.0001_initial"), "{error}");
        assert_eq!(
            project.showmigrations(ShowmigrationsArgs::default()),
            "littlelemon\n [ ] 0001_initial\n"
        );

        let (outcomes, out) = project.migrate(MigrateArgs { fake_initial: true, ..Default::default() });
        assert_eq!(outcomes, [Outcome::FakedInitial], "{out}");
        assert!(out.contains("  Applying littlelemon.0001_initial... FAKED"), "{out}");
        assert_eq!(
            project.showmigrations(ShowmigrationsArgs::default()),
            "littlelemon\n [X] 0001_initial\n"
        );
        assert_eq!(Category::count(&mut conn).unwrap(), 1);
    }

    fn a_model_of_an_app_not_installed_is_not_migrated_and_check_says_so(db) {
        let project = Project::new(db, &["littlelemon"]);
        let (made, _) = project.makemigrations(MakemigrationsArgs::default());
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].migration.app, "littlelemon");
        project.migrate(MigrateArgs::default());

        let mut conn = db.connect();
        let tables = introspect::table_names(&mut conn).unwrap();
        assert!(!tables.iter().any(|t| t == "types_everything" || t == "ticket_codes"), "{tables:?}");

        let (code, out, _) = project.run(&["check"]);
        assert_eq!(code, ExitCode::FAILURE);
        assert!(
            out.contains("types.Everything: app `types` is not in installed apps, so it is not migrated\n"),
            "{out}"
        );
        assert!(out.contains("keys.Ticket: app `keys` is not in installed apps"), "{out}");
        assert!(out.ends_with("System check identified 2 issues.\n"), "{out}");
    }

    fn check_passes_when_every_app_is_installed_and_migrated(db) {
        let project = Project::new(db, &["littlelemon", "types", "keys"]);
        let (code, out, _) = project.run(&["check"]);
        assert_eq!(code, ExitCode::FAILURE, "models without migrations: {out}");
        assert!(out.contains("app `types`: the models have changes that no migration holds"), "{out}");

        let (made, _) = project.makemigrations(MakemigrationsArgs::default());
        assert_eq!(made.len(), 3);
        let (code, out, _) = project.run(&["check"]);
        assert_eq!(code, ExitCode::SUCCESS, "{out}");
        assert_eq!(out, "System check identified no issues.\n");

        project.migrate(MigrateArgs::default());
        let mut conn = db.connect();
        let tables = introspect::table_names(&mut conn).unwrap();
        assert!(tables.iter().any(|t| t == "types_everything"), "{tables:?}");
        assert!(tables.iter().any(|t| t == "ticket_codes"), "{tables:?}");
    }
}

#[test]
fn errors_name_the_thing_at_fault() {
    let db = sqlite();
    let project = Project::new(&db, &["littlelemon"]);
    project.makemigrations(MakemigrationsArgs::default());

    let (code, _, err) = project.run(&["migrate", "nope"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(err, "error: app `nope` is not in installed apps (littlelemon)\n");

    let (code, _, err) = project.run(&["sqlmigrate", "littlelemon", "0009"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.starts_with("error: ") && err.contains("`0009`"), "{err}");

    let (code, _, err) = project.run(&["migrate", "--bogus"]);
    assert_eq!(code, ExitCode::from(2), "usage errors exit with 2");
    assert!(err.contains("--bogus"), "{err}");

    let broken = project.folder("littlelemon").join("0002_broken.toml");
    write(&broken, "app = \"littlelemon\"\noperations = 3\n");
    let error =
        model_manage::migrate(&project.settings, &MigrateArgs::default(), &mut Vec::new()).unwrap_err();
    assert!(matches!(error, CommandError::Migration(_)));
    assert!(
        error.to_string().contains(&broken.display().to_string()),
        "{error}"
    );

    write(&broken, "app = \"types\"\n");
    let error =
        model_manage::migrate(&project.settings, &MigrateArgs::default(), &mut Vec::new()).unwrap_err();
    assert!(error.to_string().contains("0002_broken.toml"), "{error}");
    assert!(error.to_string().contains("`app = \"types\"`"), "{error}");
}

#[test]
fn a_crate_with_several_apps_keeps_a_migrations_subfolder_per_app() {
    let settings = Settings::new().installed_apps(["types", "keys"]);
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        settings.migrations_folder("types").unwrap(),
        crate_dir.join("migrations").join("types")
    );
    assert_eq!(
        settings.migrations_folder("keys").unwrap(),
        crate_dir.join("migrations").join("keys")
    );
    assert_eq!(settings.migrations_folder("unknown"), None);
}

#[test]
fn operations_in_a_made_migration_are_the_ones_printed() {
    let project = Project::new(&sqlite(), &["keys"]);
    let (made, out) = project.makemigrations(MakemigrationsArgs::default());
    let printed: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("    - ")).collect();
    let operations: Vec<String> = made[0]
        .migration
        .operations
        .iter()
        .map(Operation::to_string)
        .collect();
    assert_eq!(printed, operations);
}
