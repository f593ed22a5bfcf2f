//! Workloads 1-6: every competitor on every case, in interleaved rounds,
//! hand-written Diesel the reference.

use std::path::Path;

use crate::competitors::python::Python;
use crate::competitors::Competitor;
use crate::method::{self, Plan, Session};
use crate::results::{Row, Table};
use crate::workloads::cases::{Case, Workload};
use crate::Result;

/// The cases of a run.
pub fn cases(quick: bool) -> Vec<Case> {
    Workload::ALL
        .into_iter()
        .flat_map(|workload| {
            let sizes = if quick {
                workload.quick_sizes()
            } else {
                workload.full_sizes()
            };
            sizes.iter().map(move |&size| Case { workload, size })
        })
        .collect()
}

/// Measures one case on `competitors`.
pub fn measure(
    case: &Case,
    competitors: &[Competitor],
    plan: &Plan,
    work_dir: &Path,
    python: Option<&Python>,
) -> Result<Table> {
    let competitors: Vec<Competitor> = competitors.iter().copied().filter(|c| c.runs(case)).collect();
    let mut sessions: Vec<(Box<dyn Session>, u64)> = Vec::new();
    let mut produced = Vec::new();
    for competitor in &competitors {
        let mut session = competitor
            .session(case, work_dir, python)
            .map_err(|e| format!("{case} on {}: {e}", competitor.key()))?;
        let (mut iterations, made) = method::calibrate(session.as_mut(), plan)?;
        // Deleted rows come back only with a reset: one pass per batch.
        if case.workload == Workload::Delete {
            iterations = 1;
        }
        produced.push((competitor.key(), made));
        sessions.push((session, iterations));
    }
    // Everyone must have done the same work, or the comparison says nothing.
    if let Some((first, expected)) = produced.first().copied() {
        for (who, made) in &produced {
            if *made != expected {
                return Err(format!("{case}: {who} produced {made}, {first} produced {expected}").into());
            }
        }
    }
    let samples = method::interleave(&mut sessions, plan)?;
    let rows = competitors
        .iter()
        .zip(samples)
        .map(|(competitor, samples)| {
            Row::new(
                competitor.label(),
                samples.per_op.iter().map(|d| d.as_secs_f64()).collect(),
            )
        })
        .collect();
    Ok(Table {
        workload: case.workload.number(),
        id: case.to_string(),
        title: case.title(),
        units_per_op: case.units() as f64,
        unit: case.unit().to_owned(),
        reference: Competitor::Diesel.label().to_owned(),
        rows,
        notes: notes(case),
    })
}

fn notes(case: &Case) -> Vec<String> {
    let note = match case.workload {
        Workload::InsertBatch => {
            "This project's `bulk_create` sends multi-row INSERTs of 64 rows, each cached once \
             prepared, and the rows left over one cached single-row INSERT each, in a transaction \
             (its SQLite strategy); the others send one multi-row INSERT. Django builds its model \
             instances inside the timed loop, as its users must."
        }
        Workload::BulkCreate => {
            "Diesel and sqlx: multi-row INSERTs of 16,383 rows (SQLite's bind limit) in one \
             transaction; this project: cached multi-row INSERTs of 64 rows in one transaction; \
             rusqlite and Python: one prepared INSERT in a loop in one transaction; Django's \
             `bulk_create` batches itself."
        }
        Workload::GetByKey => {
            "Diesel's reference is the guide's `find(key).first()`; the row below it is the same \
             lookup without `LIMIT`, which is what the generated `get` runs."
        }
        Workload::Join => {
            "Each user has one post; Django runs `Post.objects.select_related(\"user\")`, the \
             same rows as an inner join."
        }
        Workload::Delete => {
            "Django's `delete()` also looks for the posts its cascade would delete, one query per \
             row: that is its behaviour, and counted."
        }
        _ => return Vec::new(),
    };
    vec![note.to_owned()]
}
