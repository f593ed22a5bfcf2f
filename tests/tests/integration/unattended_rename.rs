//! `makemigrations` with no one to ask: a field gone while one of the same
//! definition is new may be a rename, so the command stops and names
//! `renamed_from` rather than dropping the column and its data; only
//! `--not-renamed` confirms the drop.

use std::process::ExitCode;

use model_runtime::Backend;
use model_tests::project::Project;
use model_tests::TestDb;

/// A project whose first migration calls Menu's `description` `note`: to
/// the models, `note` is gone and `description` is new.
fn renamed_in_the_models() -> Project {
    let project = Project::new(&TestDb::new(Backend::Sqlite), &["littlelemon"]);
    let (code, _, err) = project.run(&["makemigrations", "--no-input"]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    let file = project.folder("littlelemon").join("0001_initial.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let renamed = text.replace(
        "field = \"description\"\ncolumn = \"description\"",
        "field = \"note\"\ncolumn = \"note\"",
    );
    assert_ne!(renamed, text, "the first migration names Menu.description");
    std::fs::write(&file, renamed).unwrap();
    project
}

#[test]
fn a_possible_rename_without_a_terminal_stops_and_names_renamed_from() {
    let project = renamed_in_the_models();
    let (code, out, err) = project.run(&["makemigrations", "--no-input"]);
    assert_eq!(code, ExitCode::FAILURE, "{out}{err}");
    assert!(
        err.contains(
            "littlelemon.Menu.note is gone and littlelemon.Menu.description has the same definition: if it was \
             renamed, add #[field(renamed_from = \"note\")] to description; if not, pass --not-renamed to drop \
             note and its data (run makemigrations without --no-input to be asked)"
        ),
        "{err}"
    );
    assert_eq!(project.files("littlelemon"), ["0001_initial.toml"]);
}

#[test]
fn not_renamed_confirms_the_drop_and_the_add() {
    let project = renamed_in_the_models();
    let (code, out, err) = project.run(&["makemigrations", "--no-input", "--not-renamed"]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}{err}");
    // The drop is named where the migration is made, not only in `migrate --plan`.
    assert!(
        out.contains("    - Remove field note from menu  [DESTRUCTIVE: its data is dropped]\n"),
        "{out}"
    );
    let files = project.files("littlelemon");
    assert_eq!(files.len(), 2, "{files:?}");
    let second = std::fs::read_to_string(project.folder("littlelemon").join(&files[1])).unwrap();
    assert!(
        second.contains("op = \"RemoveField\"") && second.contains("op = \"AddField\""),
        "{second}"
    );
}
