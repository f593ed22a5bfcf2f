//! The admin benchmark's section of docs/BENCHMARKS.md, between two
//! markers: `bench admin` writes it in place, and a full run of the other
//! workloads, which writes the rest of the file, keeps it.

use std::fmt::Write as _;
use std::path::Path;

use super::{AdminRun, Outcome};
use crate::report::thousands;
use crate::section::Markers;

const START: &str = "<!-- admin benchmark: written by `cargo run -p bench --release -- admin` -->";
const END: &str = "<!-- end of the admin benchmark -->";

/// The bar of the issue: 10x Django's requests per second at a lower p99.
pub fn verdict(outcome: &Outcome) -> bool {
    outcome.ours.per_second >= 10.0 * outcome.django.per_second && outcome.ours.p99_ms < outcome.django.p99_ms
}

/// The section, its markers included.
pub fn render(run: &AdminRun) -> String {
    let m = &run.machine;
    let v = &run.versions;
    let mut s = String::new();
    let _ = writeln!(s, "{START}");
    let _ = writeln!(s, "## The admin site against Django's admin\n");
    let _ = writeln!(
        s,
        "Little Lemon's admin (`examples/littlelemon/src/admin.rs`) against Django's admin with the same \
         `list_display`, `search_fields`, `list_filter`, `ordering` and `list_per_page` \
         (`bench/django/littlelemon/admin.py`), \
         each over its own SQLite file holding the same {} dishes in 5 categories and one superuser, each \
         made by its own framework's migrate and bulk insert. Each server is logged in through its login form; \
         then one load generator asks each the same page, with that session, for the same time at the same \
         concurrency.\n",
        thousands(run.rows as f64)
    );
    let _ = writeln!(
        s,
        "```sh\ncargo run -p bench --release -- admin    # this section (about 2 minutes)\n```\n"
    );
    // The load average during a measurement counts the servers' and the
    // generator's own threads, which keep both cores busy by design: only
    // the load before the first measurement tells of other work.
    if run.load_before > run.machine.cores as f64 / 2.0 {
        let _ = writeln!(
            s,
            "**Measured on a busy machine**: the one-minute load average was {:.2} on {} cores before the \
             first measurement, so other work shared the processors with both servers (see the findings on \
             reading the rates with the CPU column). Run the command again on a quiet machine for figures \
             that do not depend on it.\n",
            run.load_before, run.machine.cores
        );
    }
    let _ = writeln!(
        s,
        "| target | scenario | figure | met |\n| --- | --- | --- | --- |"
    );
    for outcome in &run.outcomes {
        let _ = writeln!(
            s,
            "| at least 10x Django's requests/s at a lower p99 | {} | {:.2}x the requests/s; p99 {} ms against {} ms; \
             {:.1}x less server CPU a response | {} |",
            outcome.scenario.title,
            outcome.ours.per_second / outcome.django.per_second,
            ms(outcome.ours.p99_ms),
            ms(outcome.django.p99_ms),
            outcome.django.cpu_ms / outcome.ours.cpu_ms,
            if verdict(outcome) { "yes" } else { "**no**" }
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| scenario | server | requests/s | p50 ms | p99 ms | max ms | responses | errors | bytes a response | \
         server CPU ms a response | cores the server used | load average after |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for outcome in &run.outcomes {
        for (name, figures, load) in [
            ("this project", &outcome.ours, outcome.load_ours),
            ("Django + gunicorn", &outcome.django, outcome.load_django),
        ] {
            let _ = writeln!(
                s,
                "| {} | {name} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {load:.2} |",
                outcome.scenario.title,
                thousands(figures.per_second),
                ms(figures.p50_ms),
                ms(figures.p99_ms),
                ms(figures.max_ms),
                thousands(figures.requests as f64),
                figures.errors,
                thousands(figures.bytes_per_response as f64),
                ms(figures.cpu_ms),
                figures.cores_used,
            );
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "### How it was measured\n");
    let _ = writeln!(
        s,
        "- {}, {}, {} logical cores, {:.1} GiB, {}; {}. One-minute load average {:.2} before the first \
         measurement; the load average after each one counts the servers' and the generator's own threads.",
        m.date, m.cpu, m.cores, m.memory_gib, m.os, m.rustc, run.load_before
    );
    let _ = writeln!(
        s,
        "- Django {} on Python {}, served by gunicorn {} with {} sync workers (`gunicorn --workers {} \
         benchproject.wsgi`; the sync worker class is gunicorn's default; `-- admin --workers N` sets \
         another count), `DEBUG = False`, \
         startproject's middleware, database sessions and a new SQLite connection a request \
         (`CONN_MAX_AGE = 0`), all Django's defaults. gunicorn's sync workers close the connection after \
         every response, so each of Django's requests opens a new one; that is counted in its time.",
        v.django, v.python, v.gunicorn, run.workers, run.workers
    );
    let _ = writeln!(
        s,
        "- This project: `model_admin::router` served by `axum::serve` on a multi-threaded tokio runtime \
         ({} worker threads, the default) in the bench's process, a pool of 8 SQLite connections as \
         `manage runserver` has, connections kept alive.",
        m.cores
    );
    let _ = writeln!(
        s,
        "- The load generator (`bench/src/admin/load.rs`): {} connections in a closed loop on one thread of \
         the same process, each sending its next request when the last response is read to its end; \
         {} s of warm-up, then {} s measured. Every response of the measured time is timed, from when \
         its request was ready to go (a new connection's set-up included) to its last byte, and the \
         percentiles are read off the sorted list of all of them. The generator shares the machine with \
         the server in either case; the other server is idle meanwhile. A closed loop measures what \
         {} clients that each wait for their answer see: a p99 near connections / throughput is the wait \
         behind the other connections, and no correction is made for the requests a fixed arrival rate \
         would have queued meanwhile.",
        run.connections, run.warmup_s, run.measured_s, run.connections
    );
    let _ = writeln!(
        s,
        "- The server's processor time (user and system, from `/proc`) over the measured time, divided by \
         its responses: its cost a request, which a busy machine changes less than the rates; and divided \
         by the time: the cores it used. This project's is its runtime's threads; Django's, gunicorn's \
         master and workers; the kernel's loopback work is charged to whichever side's system call did it."
    );
    let _ = writeln!(
        s,
        "- Before measuring, each server's pages are checked: (a) must show the search's count \
         ({}) and the first matching title, (b) the dish's title; a response other than 200 is an error.",
        thousands(run.matched as f64)
    );
    let _ = writeln!(
        s,
        "- The pages are each admin's own markup, not the same bytes (the table gives their sizes): both change \
         lists have the search box, the filter by category, the delete-selected action's checkboxes and the \
         paginator, and Django's pages also carry its navigation sidebar. Django's `list_display` \
         shows the category's key through a method, `category_key`, as this project's `category_id` column \
         does: given `\"category_id\"`, Django's change list shows the category's name and loads each row's \
         category with a query of its own."
    );
    let findings = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("admin-findings.md"))
        .unwrap_or_default();
    if !findings.trim().is_empty() {
        let _ = writeln!(s, "\n### Findings\n\n{}", findings.trim());
    }
    let _ = writeln!(s, "{END}");
    s
}

/// Where the admin's section sits in docs/BENCHMARKS.md.
pub const MARKERS: Markers = Markers {
    start: START,
    end: END,
};

fn ms(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}
