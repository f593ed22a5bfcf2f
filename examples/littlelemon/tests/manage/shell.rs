//! `manage shell` as a user runs it: at a real terminal (a pseudo-terminal)
//! with completion, history across two sessions, multi-line input, Ctrl-C
//! and an error followed by a working statement; scripts from `-c` and
//! standard input with their exit status; `dbshell` without its client;
//! and the README's walk through
//! the seed, replayed line by line. On SQLite, PostgreSQL and MariaDB.

use model_tests::TestDb;

use super::built_in_apps::run_with;
use super::*;

/// How long the terminal waits for each expected text.
const WAIT_MS: u64 = 30_000;

/// What rustyline writes as each new line starts (it turns bracketed paste
/// on): the sign that the shell waits for input. Keys typed before it may
/// be dropped, as at any rustyline prompt, so each line waits for it.
const READY: &str = "\u{1b}[?2004h";

/// Waits until the shell asks for the next line.
fn prompt(shell: &mut rexpect::session::PtySession) {
    shell.exp_string(READY).unwrap();
    shell.exp_string(">>> ").unwrap();
}

/// Types `line` at the next prompt.
fn type_line(shell: &mut rexpect::session::PtySession, line: &str) {
    prompt(shell);
    shell.send_line(line).unwrap();
}

/// A migrated database in a working directory of its own.
fn migrated(db: &TestDb) -> WorkDir {
    let dir = WorkDir::new();
    let ran = run_with(MANAGE, &dir.0, db.url(), &["migrate"], &[], "");
    assert_eq!(ran.code, 0, "{}{}", ran.out, ran.err);
    dir
}

/// `manage shell` at a pseudo-terminal, its history in `history`.
fn terminal(dir: &WorkDir, db: &TestDb, history: &Path) -> rexpect::session::PtySession {
    let mut command = Command::new(MANAGE);
    command
        .arg("shell")
        .current_dir(&dir.0)
        .env("DATABASE_URL", db.url())
        .env("MODEL_SHELL_HISTORY", history);
    let mut session = rexpect::session::spawn_command(command, Some(WAIT_MS)).unwrap();
    session.exp_string("Ctrl-D leaves.").unwrap();
    session
}

fn terminal_session(db: &TestDb) {
    let dir = migrated(db);
    let history = dir.0.join("history");
    let mut shell = terminal(&dir, db, &history);

    // Tab completes a model's name, then a lookup after `__`.
    prompt(&mut shell);
    shell.send("Cat").unwrap();
    shell.send("\t").unwrap();
    shell
        .send_line(r#".objects.create(#{title: "Mains"}); print("made=" + Category.objects.count())"#)
        .unwrap();
    shell.exp_string("made=1").unwrap();
    prompt(&mut shell);
    shell
        .send(r#"print("found=" + Category.objects.filter(#{title__icon"#)
        .unwrap();
    shell.send("\t").unwrap();
    shell.send_line(r#": "MAIN"}).count())"#).unwrap();
    shell.exp_string("found=1").unwrap();

    // An open brace carries the statement to the next lines.
    type_line(&mut shell, "atomic(|| {");
    shell
        .send_line(r#"    Category.objects.create(#{title: "Desserts"});"#)
        .unwrap();
    shell.send_line("})").unwrap();
    type_line(&mut shell, r#"print("after=" + Category.objects.count())"#);
    shell.exp_string("after=2").unwrap();

    // Ctrl-C drops the line being typed; nothing runs.
    prompt(&mut shell);
    shell.send("Category.objects.all().delete()").unwrap();
    shell.send_control('c').unwrap();
    shell.exp_string("KeyboardInterrupt").unwrap();

    // A failing statement prints one line and the session goes on.
    type_line(&mut shell, r#"Category.objects.create(#{title: "Mains"})"#);
    shell.exp_string("error: unique constraint failed").unwrap();
    type_line(&mut shell, r#"print("still=" + Category.objects.count())"#);
    shell.exp_string("still=2").unwrap();

    // Ctrl-D leaves.
    prompt(&mut shell);
    shell.send_control('d').unwrap();
    shell.exp_eof().unwrap();

    // The next session recalls the last line (Ctrl-P, the up arrow's twin).
    let mut shell = terminal(&dir, db, &history);
    prompt(&mut shell);
    shell.send_control('p').unwrap();
    shell.send_line("").unwrap();
    shell.exp_string("still=2").unwrap();
    prompt(&mut shell);
    shell.send_control('d').unwrap();
    shell.exp_eof().unwrap();
    let kept = std::fs::read_to_string(&history).unwrap();
    assert!(kept.contains("atomic(|| {"), "{kept}");
}

fn scripts(db: &TestDb) {
    let dir = migrated(db);
    let url = db.url();
    let ran = run_with(MANAGE, &dir.0, url, &["shell", "-c", "print(1)"], &[], "");
    assert_eq!((ran.code, ran.out.as_str()), (0, "1\n"), "{}", ran.err);

    let script = r#"let mains = Category.objects.create(#{title: "Mains"});
print("categories: " + Category.objects.count());
Menu.objects.create(#{title: "Pasta", price: "twelve", category_id: mains.pk});
print("never printed");
"#;
    let ran = run_with(MANAGE, &dir.0, url, &["shell"], &[], script);
    assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
    assert_eq!(ran.out, "categories: 1\n");
    assert!(
        ran.err.contains("Menu.price: ") && ran.err.contains("line 3"),
        "{}",
        ran.err
    );

    let ran = run_with(
        MANAGE,
        &dir.0,
        url,
        &["shell", "-c", "Category.objects.get(99)"],
        &[],
        "",
    );
    assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
    assert!(
        ran.err.contains("Category matching query does not exist"),
        "{}",
        ran.err
    );
}

/// The README's terminal session, between its markers: each `>>> ` line is
/// typed, and each line after it must be printed.
fn readme_walk(db: &TestDb) {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    let start = readme
        .find("<!-- shell session -->")
        .expect("the README's shell session");
    let end = readme[start..]
        .find("<!-- end shell session -->")
        .expect("its end")
        + start;
    let block = &readme[start..end];
    let session: Vec<&str> = block
        .lines()
        .skip_while(|line| !line.starts_with("$ manage shell"))
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .collect();
    assert!(session.len() > 5, "{block}");
    let dir = migrated(db);
    let mut shell = terminal(&dir, db, &dir.0.join("history"));
    for line in session {
        match line.strip_prefix(">>> ") {
            Some(input) => type_line(&mut shell, input),
            None => {
                shell
                    .exp_string(line)
                    .unwrap_or_else(|e| panic!("`{line}` was not printed: {e}"));
            }
        }
    }
    type_line(&mut shell, r#"print("walk=" + Menu.objects.count())"#);
    shell.exp_string("walk=0").unwrap();
    prompt(&mut shell);
    shell.send_control('d').unwrap();
    shell.exp_eof().unwrap();
}

#[cfg(feature = "sqlite")]
mod sqlite {
    use super::*;

    fn db() -> TestDb {
        TestDb::new(model_runtime::Backend::Sqlite)
    }

    #[test]
    fn a_terminal_session_completes_remembers_continues_and_recovers() {
        terminal_session(&db());
    }

    #[test]
    fn scripts_run_from_c_and_stdin_and_fail_with_the_line() {
        scripts(&db());
    }

    #[test]
    fn the_readme_walk_through_the_seed_replays() {
        readme_walk(&db());
    }
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;

    fn db() -> TestDb {
        TestDb::new(model_runtime::Backend::Postgres)
    }

    #[test]
    fn a_terminal_session_completes_remembers_continues_and_recovers() {
        terminal_session(&db());
    }

    #[test]
    fn scripts_run_from_c_and_stdin_and_fail_with_the_line() {
        scripts(&db());
    }

    #[test]
    fn the_readme_walk_through_the_seed_replays() {
        readme_walk(&db());
    }
}

#[cfg(feature = "mysql")]
mod mariadb {
    use super::*;

    fn db() -> TestDb {
        TestDb::new(model_runtime::Backend::Mysql)
    }

    #[test]
    fn a_terminal_session_completes_remembers_continues_and_recovers() {
        terminal_session(&db());
    }

    #[test]
    fn scripts_run_from_c_and_stdin_and_fail_with_the_line() {
        scripts(&db());
    }

    #[test]
    fn the_readme_walk_through_the_seed_replays() {
        readme_walk(&db());
    }
}
