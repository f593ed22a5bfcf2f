//! Workload 7: `makemigrations` for M models of 20 fields against Django's
//! `makemigrations --dry-run` on the same models, and `migrate` from zero
//! through 100 migrations against Django's. Both sides run in-process
//! (Django's interpreter start and `django.setup()` are not counted),
//! interleaved round by round.

use std::path::Path;
use std::time::Instant;

use model_manage::{MakemigrationsArgs, MigrateArgs};
use model_migrations::autodetect::NonInteractive;
use model_migrations::{MigrationGraph, ProjectState};
use model_runtime::Settings;
use serde_json::json;

use crate::competitors::python::Python;
use crate::results::{Row, Table};
use crate::workloads::wide;
use crate::{schema, Result};

pub const OURS: &str = "this project";
pub const OURS_COMMAND: &str = "this project, `model_manage::makemigrations`";
pub const DJANGO: &str = "Django";

/// Model counts of `makemigrations`, and the length of `migrate`'s history.
pub fn sizes(quick: bool) -> (&'static [usize], usize) {
    if quick {
        (&[10], 5)
    } else {
        (&[10, 100, 500], 100)
    }
}

/// The app name of `count` wide models.
pub fn app(count: usize) -> String {
    format!("bench_m{count}")
}

/// The app whose history `migrate` replays.
pub fn history_app(count: usize) -> String {
    format!("bench_mig{count}")
}

/// `makemigrations` for `count` models: our autodetector pipeline, and for
/// the linked app also the whole `model_manage::makemigrations` command.
pub fn makemigrations(
    count: usize,
    rounds: usize,
    work_dir: &Path,
    python: Option<&Python>,
) -> Result<Table> {
    let app = app(count);
    let models = ProjectState::from_models(wide::schemas(&app, count));
    let no_history = MigrationGraph::new(Vec::new())?;
    let django_root = work_dir.join("django_apps");
    let mut django = match python {
        Some(python) => {
            wide::write_django_app(&django_root, &app, count, false)?;
            Some(python.worker(&["wide", &app], Some(&django_root))?)
        }
        None => None,
    };
    // The linked ten models also go through the command itself, registry,
    // migration folder and all, to show the pipeline is the command's cost.
    let command = (count == 10).then(|| {
        let empty = work_dir.join("empty_migrations");
        let _ = std::fs::create_dir_all(&empty);
        Settings::new()
            .installed_apps([wide::LINKED_APP])
            .migrations_dir(wide::LINKED_APP, empty)
    });

    let (mut ours, mut theirs, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        let operations = wide::makemigrations_dry_run(&no_history, &models)?;
        ours.push(start.elapsed().as_secs_f64());
        if operations != count {
            return Err(format!("makemigrations of {count} models made {operations} operations").into());
        }
        if let Some(settings) = &command {
            let args = MakemigrationsArgs {
                dry_run: true,
                no_input: true,
                ..Default::default()
            };
            let start = Instant::now();
            model_manage::makemigrations(settings, &args, &mut NonInteractive, &mut std::io::sink())?;
            whole.push(start.elapsed().as_secs_f64());
        }
        if let Some(worker) = &mut django {
            let (seconds, created) = worker.timed(json!({"cmd": "makemigrations"}))?;
            if created != count {
                return Err(format!("Django's makemigrations of {count} models created {created}").into());
            }
            theirs.push(seconds.as_secs_f64());
        }
    }
    let mut rows = vec![Row::new(OURS, ours)];
    if !whole.is_empty() {
        rows.push(Row::new(OURS_COMMAND, whole));
    }
    if !theirs.is_empty() {
        rows.push(Row::new(DJANGO, theirs));
    }
    Ok(Table {
        workload: 7,
        id: format!("makemigrations-{count}"),
        title: format!("makemigrations --dry-run, {count} models of 20 fields"),
        units_per_op: count as f64,
        unit: "models".to_owned(),
        reference: OURS.to_owned(),
        rows,
        notes: vec![
            "Ours: the autodetector, arranging and listing that `makemigrations --dry-run` runs, \
             on the schemas of M generated models (see \"Method\"); Django: \
             `call_command(\"makemigrations\", app, dry_run=True)` on the same models in `models.py`."
                .to_owned(),
        ],
    })
}

/// `migrate` from zero through `count` migrations, each creating one wide
/// model, on a new database file each round.
pub fn migrate(count: usize, rounds: usize, work_dir: &Path, python: Option<&Python>) -> Result<Table> {
    let app = history_app(count);
    let history = work_dir.join(format!("{app}_migrations"));
    if history.exists() {
        std::fs::remove_dir_all(&history)?;
    }
    let written = wide::write_history(&wide::schemas(&app, count), &history)?;
    if written != count {
        return Err(format!("expected {count} migrations, wrote {written}").into());
    }
    let ours_db = work_dir.join(format!("{app}-ours.sqlite3"));
    let settings = Settings::new()
        .installed_apps([app.as_str()])
        .migrations_dir(&app, &history)
        .database_url(ours_db.display().to_string());
    // To the last migration by name: Django's `migrate APP` does not run its
    // autodetector after applying migrations, and neither does ours then.
    let args = MigrateArgs {
        app: Some(app.clone()),
        target: Some(format!("{count:04}")),
        ..Default::default()
    };
    let django_root = work_dir.join("django_apps");
    let django_db = work_dir.join(format!("{app}-django.sqlite3"));
    let mut django = match python {
        Some(python) => {
            wide::write_django_app(&django_root, &app, count, true)?;
            Some(python.worker(&["wide", &app, schema::PRAGMAS], Some(&django_root))?)
        }
        None => None,
    };

    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        super::remove_sqlite_files(&ours_db)?;
        let start = Instant::now();
        let steps = model_manage::migrate(&settings, &args, &mut std::io::sink())?;
        ours.push(start.elapsed().as_secs_f64());
        if steps.len() != count {
            return Err(format!("migrate applied {} of {count} migrations", steps.len()).into());
        }
        if let Some(worker) = &mut django {
            let request = json!({"cmd": "migrate", "db": django_db.display().to_string()});
            let (seconds, applied) = worker.timed(request)?;
            if applied != count {
                return Err(format!("Django's migrate applied {applied} of {count} migrations").into());
            }
            theirs.push(seconds.as_secs_f64());
        }
    }
    let mut rows = vec![Row::new(OURS, ours)];
    if !theirs.is_empty() {
        rows.push(Row::new(DJANGO, theirs));
    }
    Ok(Table {
        workload: 7,
        id: format!("migrate-{count}"),
        title: format!("migrate from zero through {count} migrations, file, WAL"),
        units_per_op: count as f64,
        unit: "migrations".to_owned(),
        reference: OURS.to_owned(),
        rows,
        notes: vec![
            "Each migration creates one model of 20 fields with a foreign key to the previous one. \
             Ours: `model_manage::migrate` (files read and parsed, history checked, each migration in its \
             own transaction); Django: `call_command(\"migrate\", app)`, its migration modules \
             imported once and cached by Python after the first round."
                .to_owned(),
        ],
    })
}

/// The target of `instructions makemigrations-M`: our pipeline once.
pub fn makemigrations_once(count: usize) -> Result<impl FnMut() -> Result<usize>> {
    let app = app(count);
    let models = ProjectState::from_models(wide::schemas(&app, count));
    let graph = MigrationGraph::new(Vec::new())?;
    Ok(move || wide::makemigrations_dry_run(&graph, &models))
}
