//! The section of docs/BENCHMARKS.md that `bench compile` writes: a table
//! a profile, the growth with the model count, the runs' load, what was
//! not run, and the findings (`findings.md` beside this file).

use std::fmt::Write as _;
use std::path::Path;

use super::cargo::Profile;
use super::measure::{mb, Measured, Round};
use super::{PROFILES, SIZES};
use crate::method::Spread;
use crate::section::Markers;
use crate::Result;

pub const MARKERS: Markers = Markers {
    start: "<!-- compile: start -->",
    end: "<!-- compile: end -->",
};

/// The bar on every ratio: ours at most 1.1x hand-written Diesel's.
const BAR: f64 = 1.1;

pub fn render(saved: &[Measured]) -> Result<String> {
    let findings_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/compile/findings.md");
    let findings = std::fs::read_to_string(&findings_path).unwrap_or_default();
    let machine = crate::machine::Machine::read();
    let mut s = String::new();
    let _ = writeln!(s, "{}", MARKERS.start);
    let _ = writeln!(s, "## Compile time at scale against hand-written Diesel\n");
    let _ = writeln!(
        s,
        "A crate of N models of 10 fields (one a foreign key to the model before), derived, against the \
         same models hand-written in Diesel (`table!`, `joinable!`, `allow_tables_to_appear_in_same_query!`, \
         a `Queryable`/`Selectable`/`Identifiable`/`AsChangeset`/`Associations` struct and an `Insertable` \
         one). Each crate alone: its dependencies (the same Diesel build for both) are built first, \
         untimed; then `cargo clean -p` of the crate and `cargo build -j1`, timed from spawn to exit. \
         Peak memory is `ru_maxrss` from `wait4(2)` on that cargo process, which covers every descendant \
         it waited for: the one rustc compiling the crate, far larger than cargo. The rebuild (debug, \
         `CARGO_INCREMENTAL=1`) follows the clean build: one field of the middle model changes type \
         (`quantity: i32` to `i64`, `Integer` to `BigInt` in Diesel's `table!` and both structs) and \
         `cargo build -j1` is timed again; the change is then undone. Rounds alternate which side goes \
         first; ratios are ours over Diesel's in the same round, the median with the range in brackets. \
         On {} ({} cores, {:.0} GiB), {}, shared with other builds: the load averages of each run are \
         listed below.\n",
        machine.cpu, machine.cores, machine.memory_gib, machine.rustc
    );
    let _ = writeln!(
        s,
        "```sh\ncargo run -p bench --release -- compile    # this section: 25 to 400 models, debug and release\n```\n"
    );
    for profile in PROFILES {
        let rows: Vec<&Measured> = saved.iter().filter(|m| m.profile == profile).collect();
        if rows.is_empty() {
            continue;
        }
        table(&mut s, profile, &rows);
        growth(&mut s, &rows);
    }
    let _ = writeln!(s, "### Runs\n");
    for m in saved {
        let _ = writeln!(
            s,
            "- {} models, {}: {} round{}, started {}, load average (1, 5, 15 min) {} at the start, {} at \
             the end; model-runtime and model-derive of commit {}.",
            m.models,
            m.profile.name(),
            m.rounds.len(),
            if m.rounds.len() == 1 { "" } else { "s" },
            m.started,
            m.load[0],
            m.load[1],
            &m.commit[..m.commit.len().min(12)]
        );
    }
    let missing: Vec<String> = PROFILES
        .iter()
        .flat_map(|&p| SIZES.iter().map(move |&n| (p, n)))
        .filter(|&(p, n)| !saved.iter().any(|m| m.profile == p && m.models == n))
        .map(|(p, n)| format!("{n} models in {}", p.name()))
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(s, "\nNot run: {}.", missing.join(", "));
    }
    let _ = writeln!(
        s,
        "\nThe incremental rebuild is measured in debug only: release builds are not incremental by default."
    );
    if !findings.trim().is_empty() {
        let _ = writeln!(s, "\n{}", findings.trim_end());
    }
    let _ = writeln!(s, "{}", MARKERS.end);
    Ok(s)
}

fn ratio(spread: Option<Spread>) -> String {
    spread.map_or("-".to_owned(), |s| {
        format!("{:.2}x [{:.2}-{:.2}]", s.median, s.min, s.max)
    })
}

fn met(spread: Option<Spread>) -> &'static str {
    match spread {
        Some(s) if s.median <= BAR => "yes",
        Some(_) => "**no**",
        None => "-",
    }
}

fn seconds(spread: Option<Spread>) -> String {
    spread.map_or("-".to_owned(), |s| format!("{:.1} s", s.median))
}

fn megabytes(spread: Option<Spread>) -> String {
    spread.map_or("-".to_owned(), |s| format!("{:.0} MB", s.median))
}

fn table(s: &mut String, profile: Profile, rows: &[&Measured]) {
    let _ = writeln!(s, "### {}\n", profile.name());
    let _ = writeln!(
        s,
        "| models | Diesel | ours | ratio | Diesel peak | ours | ratio | Diesel rebuild | ours | ratio | \
         time within 1.1x | memory within 1.1x | rebuild within 1.1x |\n\
         | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | --- | --- | --- | --- |"
    );
    for m in rows {
        let time = m.spread(|r| Some(r.derived.seconds / r.diesel.seconds));
        let memory = m.spread(|r| Some(r.derived.peak_bytes as f64 / r.diesel.peak_bytes as f64));
        let rebuild = m.spread(|r: &Round| Some(r.derived_rebuild?.seconds / r.diesel_rebuild?.seconds));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            m.models,
            seconds(m.spread(|r| Some(r.diesel.seconds))),
            seconds(m.spread(|r| Some(r.derived.seconds))),
            ratio(time),
            megabytes(m.spread(|r| Some(mb(r.diesel.peak_bytes)))),
            megabytes(m.spread(|r| Some(mb(r.derived.peak_bytes)))),
            ratio(memory),
            seconds(m.spread(|r| r.diesel_rebuild.map(|b| b.seconds))),
            seconds(m.spread(|r| r.derived_rebuild.map(|b| b.seconds))),
            ratio(rebuild),
            met(time),
            met(memory),
            met(rebuild),
        );
    }
    let _ = writeln!(s);
}

/// Time a model at each size, and what each model beyond the size before
/// cost in time and peak memory: constant figures mean linear growth.
fn growth(s: &mut String, rows: &[&Measured]) {
    let median = |m: &Measured, f: &dyn Fn(&Round) -> f64| m.spread(|r| Some(f(r))).map_or(0.0, |s| s.median);
    let _ = writeln!(
        s,
        "Growth: time a model, and what each model beyond the size before added.\n\n\
         | models | Diesel s/model | ours s/model | Diesel s/added model | ours s/added model | \
         Diesel MB/added model | ours MB/added model |\n\
         | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    let mut before: Option<&Measured> = None;
    for &m in rows {
        let n = m.models as f64;
        let (t_diesel, t_ours) = (
            median(m, &|r| r.diesel.seconds),
            median(m, &|r| r.derived.seconds),
        );
        let (p_diesel, p_ours) = (
            median(m, &|r| mb(r.diesel.peak_bytes)),
            median(m, &|r| mb(r.derived.peak_bytes)),
        );
        let added = before.map(|b| {
            let dn = n - b.models as f64;
            [
                (t_diesel - median(b, &|r| r.diesel.seconds)) / dn,
                (t_ours - median(b, &|r| r.derived.seconds)) / dn,
                (p_diesel - median(b, &|r| mb(r.diesel.peak_bytes))) / dn,
                (p_ours - median(b, &|r| mb(r.derived.peak_bytes))) / dn,
            ]
        });
        let cell = |k: usize, digits: usize| added.map_or("-".to_owned(), |a| format!("{:.digits$}", a[k]));
        let _ = writeln!(
            s,
            "| {} | {:.3} | {:.3} | {} | {} | {} | {} |",
            m.models,
            t_diesel / n,
            t_ours / n,
            cell(0, 3),
            cell(1, 3),
            cell(2, 1),
            cell(3, 1),
        );
        before = Some(m);
    }
    let _ = writeln!(s);
}
