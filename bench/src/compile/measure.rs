//! One size in one profile: the two crates written, their dependencies
//! built, then interleaved rounds of a clean build of each crate and, in
//! debug, its incremental rebuild after one field changes.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::cargo::{Build, Cargo, Profile};
use super::crates::{Crate, Side};
use crate::method::Spread;
use crate::Result;

/// One round: each side's clean build, and in debug its rebuild.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Round {
    pub diesel: Build,
    pub derived: Build,
    pub diesel_rebuild: Option<Build>,
    pub derived_rebuild: Option<Build>,
}

/// The figures of one size in one profile.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Measured {
    pub profile: Profile,
    pub models: usize,
    /// Fields a model, its foreign key counted, its key not.
    pub fields: usize,
    /// The commit of the model-runtime and derive built against.
    pub commit: String,
    /// When the measurement started, UTC.
    pub started: String,
    /// `/proc/loadavg`'s three load averages when it started and ended.
    pub load: [String; 2],
    pub rounds: Vec<Round>,
}

impl Measured {
    /// The median and range of a figure over the rounds.
    pub fn spread(&self, figure: impl Fn(&Round) -> Option<f64>) -> Option<Spread> {
        let values: Vec<f64> = self.rounds.iter().filter_map(figure).collect();
        Spread::of(&values)
    }

    /// A line for the terminal.
    pub fn summary(&self) -> String {
        let median = |f: &dyn Fn(&Round) -> Option<f64>| {
            self.spread(f)
                .map_or("-".to_owned(), |s| format!("{:.2}", s.median))
        };
        format!(
            "compile {} {} models: time {} s vs {} s (ratio {}), peak {} MB vs {} MB (ratio {}), \
             rebuild {} s vs {} s (ratio {}); load {} -> {}",
            self.profile.name(),
            self.models,
            median(&|r| Some(r.derived.seconds)),
            median(&|r| Some(r.diesel.seconds)),
            median(&|r| Some(r.derived.seconds / r.diesel.seconds)),
            median(&|r| Some(mb(r.derived.peak_bytes))),
            median(&|r| Some(mb(r.diesel.peak_bytes))),
            median(&|r| Some(r.derived.peak_bytes as f64 / r.diesel.peak_bytes as f64)),
            median(&|r| r.derived_rebuild.map(|b| b.seconds)),
            median(&|r| r.diesel_rebuild.map(|b| b.seconds)),
            median(&|r| Some(r.derived_rebuild?.seconds / r.diesel_rebuild?.seconds)),
            self.load[0],
            self.load[1],
        )
    }
}

/// Bytes as MB.
pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

pub fn measure(
    root: &Path,
    runtime: &Path,
    commit: &str,
    profile: Profile,
    models: usize,
    rounds: usize,
) -> Result<Measured> {
    let started = model_runtime::chrono::Utc::now()
        .format("%Y-%m-%d %H:%M UTC")
        .to_string();
    eprintln!(
        "bench: compile: {models} models, {}, {rounds} rounds",
        profile.name()
    );
    let target_dir = root.join("target");
    let mut sides = Vec::new();
    for side in Side::BOTH {
        let krate = Crate::write(side, root, runtime, models, true)?;
        let cargo = Cargo {
            dir: krate.dir.clone(),
            target_dir: target_dir.clone(),
            profile,
        };
        // The dependencies, untimed, with every core: the crate's own
        // source is empty for this build.
        std::fs::write(krate.dir.join("src/lib.rs"), "")?;
        cargo.run("build", &[])?;
        krate.write_source(None)?;
        sides.push((krate, cargo));
    }
    let load_before = load_average();
    let mut measured = Vec::new();
    for round in 0..rounds {
        let mut builds = [None, None];
        let mut rebuilds = [None, None];
        // The order alternates, so that a slow spell hits both sides alike.
        let order: Vec<usize> = if round % 2 == 0 { vec![0, 1] } else { vec![1, 0] };
        for k in order {
            let (krate, cargo) = &sides[k];
            cargo.clean(&krate.name)?;
            let build = cargo.timed_build()?;
            builds[k] = Some(build);
            if profile == Profile::Debug {
                krate.write_source(Some(krate.edited_model()))?;
                let rebuilt = cargo.timed_build();
                krate.write_source(None)?;
                rebuilds[k] = Some(rebuilt?);
            }
            eprintln!(
                "bench: compile: round {}, {:?}: {:.1} s, {:.0} MB{}",
                round + 1,
                krate.side,
                build.seconds,
                mb(build.peak_bytes),
                rebuilds[k].map_or(String::new(), |b: Build| format!(
                    "; rebuild {:.1} s, {:.0} MB",
                    b.seconds,
                    mb(b.peak_bytes)
                ))
            );
        }
        let [Some(diesel), Some(derived)] = builds else {
            unreachable!("both sides build every round")
        };
        measured.push(Round {
            diesel,
            derived,
            diesel_rebuild: rebuilds[0],
            derived_rebuild: rebuilds[1],
        });
    }
    Ok(Measured {
        profile,
        models,
        fields: sides[0].0.fields(),
        commit: commit.to_owned(),
        started,
        load: [load_before, load_average()],
        rounds: measured,
    })
}

/// The figures saved so far.
pub fn load(path: &Path) -> Result<Vec<Measured>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(serde_json::from_str(&text)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

/// Saves `measured` in place of an earlier figure of its size and profile;
/// returns everything saved, sorted by profile and size.
pub fn save(path: &Path, measured: Measured) -> Result<Vec<Measured>> {
    let mut saved = load(path)?;
    saved.retain(|m| !(m.profile == measured.profile && m.models == measured.models));
    saved.push(measured);
    saved.sort_by_key(|m| (m.profile == Profile::Release, m.models));
    std::fs::write(path, serde_json::to_string_pretty(&saved)?)?;
    Ok(saved)
}
