//! One case on every competitor: each database set up alike, each answer
//! checked, then interleaved rounds.

use std::path::Path;

use diesel::connection::SimpleConnection;
use model_runtime::{diesel, Backend};

use super::cases::Case;
use super::django::Django;
use super::server::{Database, Server};
use super::{diesel as hand_written, ours, sea_orm, sqlx};
use crate::method::{self, Session};
use crate::results::{Row, Table};
use crate::round_trips::Counter;
use crate::Result;

/// Everyone measured on the servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Competitor {
    /// The reference: hand-written Diesel.
    Diesel,
    Ours,
    Django,
    Sqlx,
    SeaOrm,
}

impl Competitor {
    pub const ALL: [Competitor; 5] = [
        Competitor::Diesel,
        Competitor::Ours,
        Competitor::Sqlx,
        Competitor::SeaOrm,
        Competitor::Django,
    ];

    /// Its database's name on a server.
    pub fn key(self) -> &'static str {
        match self {
            Competitor::Diesel => "diesel",
            Competitor::Ours => "ours",
            Competitor::Django => "django",
            Competitor::Sqlx => "sqlx",
            Competitor::SeaOrm => "sea_orm",
        }
    }

    /// Its row in the report.
    pub fn label(self) -> &'static str {
        match self {
            Competitor::Diesel => REFERENCE,
            Competitor::Ours => OURS,
            Competitor::Django => DJANGO,
            Competitor::Sqlx => "sqlx",
            Competitor::SeaOrm => "SeaORM",
        }
    }
}

pub const REFERENCE: &str = "Diesel (hand-written)";
pub const OURS: &str = "model-runtime";
pub const DJANGO: &str = "Django";

/// A competitor's database on a server, and its session's maker.
pub struct Contender<'s> {
    pub competitor: Competitor,
    /// Django's worker, for Django; ended before its database is dropped.
    pub django: Option<Django>,
    pub database: Database<'s>,
}

/// A competitor's session with the case's reset run before each batch, on
/// the bench's own connection, the same statements for everyone.
struct Reset {
    inner: Box<dyn Session>,
    conn: model_runtime::Connection,
    statements: Vec<String>,
}

impl Session for Reset {
    fn reset(&mut self) -> Result<()> {
        for statement in &self.statements {
            self.conn.batch_execute(statement)?;
        }
        self.inner.reset()
    }

    fn once(&mut self) -> Result<usize> {
        self.inner.once()
    }

    fn run(&mut self, iterations: u64) -> Result<(std::time::Duration, usize)> {
        self.inner.run(iterations)
    }
}

fn session(case: &Case, contender: &Contender) -> Result<Box<dyn Session>> {
    let backend = contender.database.server.backend;
    contender.database.execute(&case.setup(backend))?;
    let url = contender.database.url();
    match (contender.competitor, &contender.django) {
        (Competitor::Django, Some(django)) => with_reset(django.session(case)?, case, backend, &url),
        (Competitor::Django, None) => Err("Django's worker is not running".into()),
        (competitor, _) => rust_session(competitor, case, backend, &url),
    }
}

/// A Rust competitor's session on a database the case was set up in.
fn rust_session(
    competitor: Competitor,
    case: &Case,
    backend: Backend,
    url: &str,
) -> Result<Box<dyn Session>> {
    let inner = match competitor {
        Competitor::Diesel => hand_written::session(backend, case, url)?,
        Competitor::Ours => ours::session(case, url)?,
        Competitor::Sqlx => sqlx::session(backend, case, url)?,
        Competitor::SeaOrm => sea_orm::session(case, url)?,
        Competitor::Django => return Err("Django is not a Rust competitor".into()),
    };
    with_reset(inner, case, backend, url)
}

fn with_reset(inner: Box<dyn Session>, case: &Case, backend: Backend, url: &str) -> Result<Box<dyn Session>> {
    Ok(Box::new(Reset {
        inner,
        conn: model_runtime::connect(url)?,
        statements: case.reset(backend),
    }))
}

/// The environment variable that gives the `instructions` child the
/// competitor's database.
const URL_VARIABLE: &str = "BENCH_INSTRUCTIONS_URL";

/// The bench's `instructions` child for a server case: the competitor's
/// session on the database named by [`URL_VARIABLE`], one operation to warm
/// up, then `iterations` counted under callgrind.
pub fn instructions(target: &str, competitor: &str, iterations: u64) -> Result<()> {
    let (backend, case) = Case::parse_target(target).ok_or_else(|| format!("unknown target {target}"))?;
    let competitor = Competitor::ALL
        .into_iter()
        .find(|c| c.key() == competitor)
        .ok_or_else(|| format!("unknown competitor {competitor}"))?;
    let url = std::env::var(URL_VARIABLE).map_err(|_| format!("{URL_VARIABLE} is not set"))?;
    let mut session = rust_session(competitor, &case, backend, &url)?;
    session.reset()?;
    session.once()?;
    session.reset()?;
    crate::callgrind::start();
    session.run(iterations)?;
    crate::callgrind::stop();
    Ok(())
}

/// The client instructions an operation of each Rust competitor runs,
/// counted by callgrind in a child process on the competitor's database.
fn count_instructions(
    case: &Case,
    contenders: &[Contender],
    table: &mut Table,
    work_dir: &Path,
) -> Result<()> {
    for (contender, row) in contenders.iter().zip(&mut table.rows) {
        if contender.competitor == Competitor::Django {
            continue;
        }
        let Some(time) = row.time() else { continue };
        // Valgrind runs some 50 times slower: about 20 ms of native work,
        // one pass where each pass needs a reset.
        let iterations = if case.one_pass_per_batch() {
            1
        } else {
            (0.02 / time.median).clamp(1.0, 1000.0) as u64
        };
        let url = contender.database.url();
        let target = case.target(contender.database.server.backend);
        let total = crate::callgrind::count_with(
            &target,
            contender.competitor.key(),
            iterations,
            work_dir,
            &[(URL_VARIABLE, &url)],
        )?;
        row.instructions = Some(total as f64 / iterations as f64);
    }
    Ok(())
}

/// Every contender on `case` on `server`; with `callgrind`, a folder for
/// the profiles of the Rust competitors' instruction counts.
pub fn measure(
    case: &Case,
    server: &Server,
    contenders: &[Contender],
    callgrind: Option<&Path>,
) -> Result<Table> {
    let title = case.title(server.name());
    let plan = case.workload.plan(case.quick);
    let expected = case.expected();
    let mut sessions = Vec::new();
    let mut counts = Vec::new();
    let mut notes = Vec::new();
    for contender in contenders {
        let label = contender.competitor.label();
        let mut session = session(case, contender).map_err(|e| format!("{title}, {label}: {e}"))?;
        let (mut iterations, produced) = method::calibrate(session.as_mut(), &plan)?;
        // A competitor that does other work than the rest fails the run.
        if produced != expected {
            return Err(format!("{title}: {label} answered {produced}, expected {expected}").into());
        }
        if case.one_pass_per_batch() {
            iterations = 1;
        }
        let counted = statements(session.as_mut(), case, &contender.database)
            .map_err(|e| format!("{title}, {label}: counting statements: {e}"))?;
        let counted = match counted {
            Ok(per_call) => Some(per_call),
            Err(why) => {
                if !notes.contains(&why) {
                    notes.push(why);
                }
                None
            }
        };
        sessions.push((session, iterations));
        counts.push(counted);
    }
    let samples = method::interleave(&mut sessions, &plan)?;
    // Their connections closed, so that a child's counted run waits on none.
    drop(sessions);
    let rows = contenders
        .iter()
        .zip(samples)
        .zip(counts)
        .map(|((contender, samples), counted)| {
            let mut row = Row::new(
                contender.competitor.label(),
                samples.per_op.iter().map(|d| d.as_secs_f64()).collect(),
            );
            row.statements = counted;
            row
        })
        .collect();
    let mut table = Table {
        workload: 0,
        id: case.id(server.name()),
        title,
        units_per_op: case.units() as f64,
        unit: case.workload.unit().into(),
        reference: REFERENCE.into(),
        rows,
        notes,
    };
    if let Some(work_dir) = callgrind {
        count_instructions(case, contenders, &mut table, work_dir)
            .map_err(|e| format!("{}: counting instructions: {e}", table.title))?;
    }
    Ok(table)
}

/// The statements one call of the case sends, as the server counts them
/// on the competitor's database (`round_trips`): one operation run after
/// the case's reset, divided by its calls. Or why the server cannot count.
fn statements(
    session: &mut dyn Session,
    case: &Case,
    database: &Database,
) -> Result<std::result::Result<f64, String>> {
    let server = database.server;
    let mut counter = match Counter::new(server.backend, &server.admin_url(), database.name())? {
        Ok(counter) => counter,
        Err(why) => return Ok(Err(why)),
    };
    session.reset()?;
    counter.start()?;
    session.run(1)?;
    let statements = counter.statements()?;
    Ok(Ok(statements as f64 / case.calls() as f64))
}
