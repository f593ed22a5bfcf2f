//! What a run prints, and the section of docs/BENCHMARKS.md a full run
//! writes: a table a workload and server.

use std::fmt::Write as _;

use super::cases::Workload;
use super::measure::{DJANGO, OURS};
use crate::competitors::python::Python;
use crate::results::{Row, Table};
use crate::section::Markers;

/// Where a full run writes its section of docs/BENCHMARKS.md.
pub const MARKERS: Markers = Markers {
    start: "<!-- servers: start -->",
    end: "<!-- servers: end -->",
};

/// Why the bars missed are missed, from the profiles: written by hand
/// after a run, and rendered with its section.
const FINDINGS: &str = include_str!("findings.md");

/// The chart a full run draws beside docs/BENCHMARKS.md.
pub const CHART: &str = "benchmarks-servers.svg";

/// A row's throughput over the reference's: median [slowest-fastest round].
fn versus_reference(table: &Table, row: &Row) -> String {
    table
        .ratio(&table.reference, &row.name)
        .map(|r| format!("{:.2}x [{:.2}-{:.2}]", r.median, r.min, r.max))
        .unwrap_or_default()
}

/// A row's client instructions an operation, and over the reference's.
fn instructions(table: &Table, row: &Row) -> Option<String> {
    let count = row.instructions?;
    let count = if count >= 1e6 {
        format!("{:.2}M", count / 1e6)
    } else {
        format!("{:.0}k", count / 1e3)
    };
    Some(match table.instruction_ratio(&row.name) {
        Some(ratio) => format!("{count} ({ratio:.2}x)"),
        None => count,
    })
}

fn throughput(table: &Table, row: &Row) -> Option<String> {
    let time = row.time()?;
    Some(crate::report::rate(table.units_per_op / time.median))
}

pub fn print(table: &Table) {
    println!("\n{} (reference: {})", table.title, table.reference);
    for row in &table.rows {
        let Some(rate) = throughput(table, row) else {
            continue;
        };
        let statements = row
            .statements
            .map_or(String::new(), |n| format!(", {n:.2} statements a call"));
        let instructions = instructions(table, row).map_or(String::new(), |n| {
            format!(", {n} client instructions an operation")
        });
        println!(
            "  {:<24} {:>12} {}/s   {} the reference's throughput{statements}{instructions}",
            row.name,
            rate,
            table.unit,
            versus_reference(table, row)
        );
    }
    if let Some(r) = table.ratio(DJANGO, OURS) {
        println!(
            "  {OURS}: {:.1}x [{:.1}-{:.1}] Django's throughput",
            r.median, r.min, r.max
        );
    }
}

/// What one call of the workload is, for the statements column.
fn call(workload: Workload) -> &'static str {
    match workload {
        Workload::GetByKey => "key",
        Workload::InsertOne | Workload::Update | Workload::Delete => "row",
        _ => "call",
    }
}

/// How each workload runs on each competitor, under its heading.
fn how(workload: Workload) -> &'static str {
    match workload {
        Workload::BulkCreate => {
            "Into an empty `users` table. This project's `bulk_create` sends one `COPY ... FROM STDIN` \
             on PostgreSQL and multi-row INSERTs as large as the bind limit allows on MySQL; \
             hand-written Diesel sends the guide's multi-row INSERTs, as large as the bind limit allows, \
             in one transaction; sqlx the same with `QueryBuilder::push_values`, SeaORM with \
             `insert_many`; Django calls `bulk_create`, building its instances in the timed loop as \
             its users must."
        }
        Workload::Load => {
            "`User::all`, Diesel's `users::table.select(User::as_select()).load`, sqlx's \
             `query_as(\"SELECT ...\").fetch_all`, SeaORM's `Entity::find().all`, Django's \
             `list(User.objects.all())`."
        }
        Workload::Join => {
            "One post a user, each read with its user in one query: `Post::objects().select_related(Post::USER)`, \
             Diesel's `posts::table.inner_join(users::table)`, sqlx's `INNER JOIN` mapped by hand, \
             SeaORM's `find_both_related`, Django's `select_related(\"user\")`."
        }
        Workload::GetByKey => {
            "10,000 random keys (a seeded `SmallRng`, the same for everyone) over as many users, one \
             `User::get` each; Diesel's reference is the guide's `users::table.find(key).first()`; \
             sqlx's `fetch_one`, SeaORM's `find_by_id(key).one`, Django's `User.objects.get(pk=key)`."
        }
        Workload::InsertOne => {
            "One new user a call, committed on its own (the server's durable commit, the same for \
             everyone, is most of the time), read back with its key: `User::create` (`RETURNING` on \
             PostgreSQL, the insert then the row by `LAST_INSERT_ID()` on MySQL); Diesel as its guide \
             writes it (`returning(User::as_returning()).get_result()` on PostgreSQL, the insert and \
             then the newest row in one transaction on MySQL); sqlx's `RETURNING` on PostgreSQL, the \
             insert's `last_insert_id()` on MySQL; SeaORM's `ActiveModel::insert`; Django's \
             `User.objects.create()`."
        }
        Workload::Update => {
            "1,000 users loaded beforehand, each changed and saved with its own UPDATE, the thousand in \
             one transaction (with a durable commit each, the time would be the disk's): `save` inside \
             `model_runtime::atomic`, Diesel's `update(&row).set(&row)` inside `transaction`, sqlx's \
             `UPDATE` inside `begin()`/`commit()`, SeaORM's `ActiveModel::update` (which reads the row \
             back) inside `begin()`/`commit()`, Django's `save()` inside `transaction.atomic()`."
        }
        Workload::Delete => {
            "1,000 users, each deleted with its own DELETE, the thousand in one transaction, the rows \
             put back before each batch: `delete` inside `model_runtime::atomic`, Diesel's \
             `delete(users::table.find(id))` inside `transaction`, sqlx's `DELETE` and SeaORM's \
             `delete_by_id` inside theirs, Django's `delete()` inside \
             `transaction.atomic()`, which also runs its cascade to the posts itself, one more query \
             a row: that is its behaviour, and counted."
        }
        Workload::QuerySet => {
            "The 100 newest black-haired users of 10,000: `User::objects().filter(user::hair_color.eq(\"black\"))\
             .order_by(user::id.desc()).limit(100)`, the same in Diesel's DSL, in sqlx's SQL and \
             in SeaORM's `find().filter().order_by_desc().limit()`, Django's \
             `User.objects.filter(hair_color=\"black\").order_by(\"-id\")[:100]`."
        }
    }
}

/// The load averages of `/proc/loadavg` (1, 5 and 15 minutes), which say
/// whether other work shared the cores during a run.
#[derive(Clone, Copy, Debug)]
pub struct Load([f64; 3]);

impl Load {
    pub fn read() -> Option<Load> {
        let text = std::fs::read_to_string("/proc/loadavg").ok()?;
        let mut values = text.split_whitespace().map(|v| v.parse::<f64>().ok());
        Some(Load([values.next()??, values.next()??, values.next()??]))
    }
}

impl std::fmt::Display for Load {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2}, {:.2}, {:.2}", self.0[0], self.0[1], self.0[2])
    }
}

/// The section: a heading a workload, a table a server under it.
pub fn render(
    tables: &[(Workload, Table)],
    python: Option<&Python>,
    load: (Option<Load>, Option<Load>),
) -> String {
    let machine = crate::machine::Machine::read();
    let django = python.map_or("Django (not run here)".to_owned(), |p| {
        format!("Django {}", p.django_version)
    });
    let mut s = String::new();
    let _ = writeln!(s, "{}", MARKERS.start);
    let _ = writeln!(s, "## PostgreSQL and MariaDB\n");
    let _ = writeln!(
        s,
        "The local servers (PostgreSQL and MariaDB on loopback TCP), each competitor in a database of \
         its own with the same tables (this project's `CREATE TABLE`), filled by the same SQL before \
         each case; interleaved rounds, the median with the slowest and fastest round beside it, each \
         competitor's answer (rows, or the sum of the keys read) checked against the expected one \
         before timing. The statements a call are the server's count, not a client's: PostgreSQL's \
         `pg_stat_statements` (`BEGIN` and `COMMIT` among them) and MariaDB's general query log (each \
         query, prepare and execute) on the competitor's database, over one operation after its \
         reset, divided by its calls (`bench/src/round_trips.rs`). The client instructions are \
         callgrind's count of the bench process alone (the server is another process), over an \
         operation's timed loop in a child run on the competitor's database; Django's are not \
         counted. Hand-written Diesel is the reference; this project runs on the connection \
         `model_runtime::connect` opens; sqlx 0.9 on one connection, SeaORM 2 on a pool of one, both \
         on a single-threaded tokio runtime; {django} runs with psycopg and mysqlclient and times its \
         own loops. On {} ({} cores){}.\n",
        machine.cpu,
        machine.cores,
        match load {
            (Some(start), Some(end)) => format!(
                "; load averages (1, 5, 15 minutes) {start} when the run started and {end} when it \
                 ended, other work sharing the cores when they are above the cores' number"
            ),
            _ => String::new(),
        }
    );
    let _ = writeln!(
        s,
        "```sh\ncargo run -p bench --release -- servers    # this section and its chart\n```\n"
    );
    let _ = writeln!(
        s,
        "![Time per operation relative to hand-written Diesel, a panel a server]({CHART})\n"
    );
    for workload in Workload::ALL {
        let of_workload: Vec<&Table> = tables
            .iter()
            .filter(|(w, _)| *w == workload)
            .map(|(_, t)| t)
            .collect();
        let Some(first) = of_workload.first() else {
            continue;
        };
        let rounds = first.rows.first().map_or(0, |r| r.seconds.len());
        let _ = writeln!(
            s,
            "### {}\n\n{} {rounds} interleaved rounds.\n",
            workload.heading(),
            how(workload)
        );
        for server in ["PostgreSQL", "MariaDB"] {
            let on_server: Vec<&&Table> = of_workload.iter().filter(|t| t.title.ends_with(server)).collect();
            if on_server.is_empty() {
                continue;
            }
            let _ = writeln!(
                s,
                "| case | competitor | {}/s | throughput / Diesel's | statements a {} | client instructions an operation (/ Diesel's) | |\n| --- | --- | --- | --- | --- | --- | --- |",
                first.unit,
                call(workload)
            );
            for table in &on_server {
                for row in &table.rows {
                    let Some(rate) = throughput(table, row) else {
                        continue;
                    };
                    let versus_django = match (row.name.as_str(), table.ratio(DJANGO, OURS)) {
                        (OURS, Some(r)) => format!("{:.1}x Django's", r.median),
                        _ => String::new(),
                    };
                    let statements = row
                        .statements
                        .map_or("not counted".to_owned(), |n| format!("{n:.2}"));
                    let instructions = instructions(table, row).unwrap_or_else(|| "not counted".to_owned());
                    let _ = writeln!(
                        s,
                        "| {} | {} | {rate} | {} | {statements} | {instructions} | {versus_django} |",
                        table.title,
                        row.name,
                        versus_reference(table, row)
                    );
                }
            }
            for table in on_server {
                for note in &table.notes {
                    let _ = writeln!(s, "\n{}: {note}", table.title);
                }
            }
            let _ = writeln!(s);
        }
    }
    let _ = writeln!(
        s,
        "Bars: `bulk_create` at least 3x Django's and at least the fastest competitor measured on \
         100,000 rows, on each server; elsewhere within 1.05x of hand-written Diesel, one round trip \
         a single-row operation."
    );
    let _ = writeln!(s, "\n{}", FINDINGS.trim_end());
    let _ = writeln!(s, "{}", MARKERS.end);
    s
}
