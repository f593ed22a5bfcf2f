//! Two branches merged in git leave an app with two latest migrations:
//! `migrate`, `makemigrations` and `check` refuse, naming both, and
//! `makemigrations --merge` writes the migration that joins them, after
//! which `migrate` applies both branches.

use crate::history_support;

use history_support::{history, pages_after, Project, APP, INITIAL, ISBN};
use model_manage::{CheckArgs, CommandError, MakemigrationsArgs, NewMigration};
use model_migrations::autodetect::NonInteractive;
use model_migrations::introspect;
use model_migrations::MigrationKey;
use model_tests::{on_every_backend, TestDb};

/// A third branch that cannot apply beside the first: it adds `isbn` too.
const ISBN_AGAIN: &str = r#"app = "shelf"
dependencies = ["shelf.0001_initial"]

[[operations]]
op = "AddField"
model = "Book"

[operations.field]
field = "isbn"
column = "isbn"
type = "Text"
max_length = 10
nullable = true
"#;

/// `0001_initial`, then two branches: `0002_book_isbn` and `0002_book_pages`.
fn branched(db: &TestDb) -> Project {
    let project = Project::new(db, &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN)]);
    project.write("0002_book_pages", &pages_after("0001_initial"));
    project
}

fn makemigrations(
    project: &Project,
    args: MakemigrationsArgs,
) -> (Result<Vec<NewMigration>, CommandError>, String) {
    let mut out = Vec::new();
    let result = model_manage::makemigrations(&project.settings, &args, &mut NonInteractive, &mut out);
    (result, String::from_utf8(out).unwrap())
}

fn merge_args() -> MakemigrationsArgs {
    MakemigrationsArgs {
        apps: vec![APP.into()],
        merge: true,
        ..Default::default()
    }
}

/// The refusal of a branched history: both names, and the way out.
fn assert_names_both_branches(message: &str) {
    assert!(
        message.contains("conflicting migrations in app `shelf`"),
        "{message}"
    );
    assert!(message.contains("0002_book_isbn, 0002_book_pages"), "{message}");
    assert!(message.contains("makemigrations --merge shelf"), "{message}");
}

on_every_backend! {
    fn a_branched_history_is_refused_until_merged_then_both_branches_apply(db) {
        let project = branched(db);

        match project.try_migrate(&[]) {
            (Err(CommandError::Refused(message)), out) => {
                assert_names_both_branches(&message);
                assert_eq!(out, "");
            }
            (other, out) => panic!("migrate was not refused: {other:?}\n{out}"),
        }
        let mut conn = db.connect();
        assert!(history(&mut conn).is_empty(), "nothing ran");
        assert!(introspect::table(&mut conn, "shelf_book").unwrap().is_none(), "nothing ran");

        let (made, out) = makemigrations(&project, merge_args());
        let made = made.unwrap();
        assert_eq!(made.len(), 1);
        let merge = &made[0].migration;
        assert_eq!(merge.name, "0003_merge_0002_book_isbn_0002_book_pages");
        assert_eq!(
            merge.dependencies,
            [MigrationKey::new(APP, "0002_book_isbn"), MigrationKey::new(APP, "0002_book_pages")]
        );
        assert!(merge.operations.is_empty());
        assert!(made[0].path.exists());
        assert_eq!(
            out.lines().take(5).collect::<Vec<_>>(),
            [
                "Merging shelf",
                "  Branch 0002_book_isbn",
                "    - Add field isbn to book",
                "  Branch 0002_book_pages",
                "    - Add field pages to book",
            ]
        );

        let out = project.migrate(&[]);
        for name in ["0001_initial", "0002_book_isbn", "0002_book_pages", merge.name.as_str()] {
            assert!(out.contains(&format!("Applying shelf.{name}... OK")), "{out}");
        }
        let book = introspect::table(&mut conn, "shelf_book").unwrap().unwrap();
        assert!(book.column("isbn").is_some() && book.column("pages").is_some());
        assert_eq!(history(&mut conn).len(), 4);
    }
}

#[test]
fn makemigrations_and_check_name_both_branches_and_merge_writes_nothing_without_a_branch() {
    let db = TestDb::new(model_tests::Backend::Sqlite);
    let project = branched(&db);

    let (result, _) = makemigrations(&project, MakemigrationsArgs::default());
    match result {
        Err(CommandError::Refused(message)) => assert_names_both_branches(&message),
        other => panic!("makemigrations was not refused: {other:?}"),
    }
    let mut out = Vec::new();
    let problems = model_manage::check_with(&project.settings, &CheckArgs::default(), &mut out).unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("0002_book_isbn, 0002_book_pages")),
        "{problems:?}"
    );

    let dry = MakemigrationsArgs {
        dry_run: true,
        ..merge_args()
    };
    let (made, _) = makemigrations(&project, dry);
    assert!(!made.unwrap()[0].written);
    assert!(!project
        .dir
        .join("0003_merge_0002_book_isbn_0002_book_pages.toml")
        .exists());

    makemigrations(&project, merge_args()).0.unwrap();
    let (made, out) = makemigrations(&project, merge_args());
    assert!(made.unwrap().is_empty());
    assert_eq!(out, "No conflicts detected to merge.\n");
    let mut out = Vec::new();
    let problems = model_manage::check_with(&project.settings, &CheckArgs::default(), &mut out).unwrap();
    assert!(
        !problems.iter().any(|p| p.contains("conflicting")),
        "{problems:?}"
    );
}

#[test]
fn branches_that_cannot_both_apply_are_not_merged() {
    let db = TestDb::new(model_tests::Backend::Sqlite);
    let project = Project::new(&db, &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN)]);
    project.write("0002_book_isbn10", ISBN_AGAIN);
    match makemigrations(&project, merge_args()).0 {
        Err(CommandError::Refused(message)) => {
            assert!(
                message.contains("the branches of `shelf` cannot both apply"),
                "{message}"
            );
            assert!(message.contains("isbn"), "{message}");
        }
        other => panic!("merged: {other:?}"),
    }
    let files = std::fs::read_dir(&project.dir).unwrap().count();
    assert_eq!(files, 3, "no merge file written");
}
