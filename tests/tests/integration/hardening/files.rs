//! Migration files under faults: a write cut short by a full disk leaves
//! nothing behind, a file cut short is named, and numbers running out
//! are an error rather than a crash.

use std::path::Path;
use std::process::{Command, ExitCode};

use model_manage::MakemigrationsArgs;
use model_migrations::Migration;
use model_runtime::{Backend, Settings};
use model_tests::project::Project;
use model_tests::TestDb;

/// Set in the child process the write test starts: the migrations folder.
const CHILD_FOLDER: &str = "MODEL_TESTS_HARDENING_FILES_FOLDER";

fn sqlite() -> TestDb {
    TestDb::new(Backend::Sqlite)
}

fn entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_migration_write_cut_short_leaves_no_file_and_the_next_makemigrations_works() {
    if let Ok(folder) = std::env::var(CHILD_FOLDER) {
        // The child: makemigrations of littlelemon into `folder`, under a
        // file-size limit far below the size of its first migration.
        let settings = Settings::new()
            .installed_apps(["littlelemon"])
            .migrations_dir("littlelemon", &folder)
            .database_url("sqlite::memory:");
        let code = model_manage::run_from(
            ["manage", "makemigrations"],
            settings,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        );
        std::process::exit(if code == ExitCode::SUCCESS { 0 } else { 1 });
    }
    let project = Project::new(&sqlite(), &["littlelemon"]);
    let folder = project.folder("littlelemon");
    let test =
        "hardening::files::a_migration_write_cut_short_leaves_no_file_and_the_next_makemigrations_works";
    // SIGXFSZ ignored: the write past the limit fails with EFBIG instead of
    // killing the process. `ulimit -f 1` is 512 bytes in dash, 1024 in bash.
    let output = Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\""])
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_FOLDER, &folder)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the write succeeded: {stderr}");
    let target = folder.join("0001_initial.toml");
    assert!(
        stderr.contains(&format!("cannot write {}: ", target.display())),
        "{stderr}"
    );
    assert_eq!(entries(&folder), Vec::<String>::new(), "{stderr}");

    let (made, _) = project.makemigrations(MakemigrationsArgs::default());
    assert_eq!(made.len(), 1);
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        Migration::parse("0001_initial", &text).unwrap(),
        made[0].migration
    );
    assert_eq!(entries(&folder), ["0001_initial.toml"]);
}

#[test]
fn an_empty_or_cut_short_migration_file_is_named_by_every_command() {
    let project = Project::new(&sqlite(), &["littlelemon"]);
    let (made, _) = project.makemigrations(MakemigrationsArgs::default());
    let path = &made[0].path;
    let whole = std::fs::read_to_string(path).unwrap();
    let cut = whole.find("type = ").unwrap() + "type = \"Big".len();
    for (text, message) in [
        ("", "the file is empty"),
        (&whole[..cut], "TOML parse error at line"),
    ] {
        std::fs::write(path, text).unwrap();
        for command in [&["migrate"][..], &["makemigrations"], &["showmigrations"]] {
            let (code, _, err) = project.run(command);
            assert_eq!(code, ExitCode::FAILURE, "{command:?}");
            assert!(
                err.contains(&format!("{}: {message}", path.display())),
                "{command:?}: {err}"
            );
        }
    }
}

#[test]
fn makemigrations_after_the_highest_number_refuses_naming_the_migration_and_writes_nothing() {
    let project = Project::new(&sqlite(), &["littlelemon"]);
    let folder = project.folder("littlelemon");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("4294967295_start.toml"), "app = \"littlelemon\"\n").unwrap();
    let message = "migration littlelemon.4294967295_start has the highest number a migration can have";
    for command in [
        &["makemigrations"][..],
        &["makemigrations", "--empty", "littlelemon"],
    ] {
        let (code, _, err) = project.run(command);
        assert_eq!(code, ExitCode::FAILURE, "{command:?}: {err}");
        assert!(err.contains(message), "{command:?}: {err}");
    }

    // Two branches, the later at the highest number: --merge refuses too.
    std::fs::write(folder.join("4294967294_other.toml"), "app = \"littlelemon\"\n").unwrap();
    let (code, _, err) = project.run(&["makemigrations", "--merge"]);
    assert_eq!(code, ExitCode::FAILURE, "{err}");
    assert!(err.contains(message), "{err}");
    assert_eq!(
        project.files("littlelemon"),
        ["4294967294_other.toml", "4294967295_start.toml"]
    );
}
