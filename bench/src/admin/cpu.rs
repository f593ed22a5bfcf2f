//! The processor time a server spends, read from `/proc` before and after
//! a measured time: user plus system time of the server's threads (this
//! project's, in the bench's process) or processes (gunicorn's master and
//! workers). Divided by the responses, it gives a cost per request that a
//! busy machine changes far less than it changes requests per second.

use std::collections::HashMap;
use std::path::Path;

/// The name the admin server's runtime gives its threads.
pub const SERVER_THREADS: &str = "admin-server";

/// Whose time is read.
#[derive(Clone, Debug)]
pub enum Meter {
    /// This process's threads of this name.
    Threads(&'static str),
    /// A process and its children.
    Family(u32),
}

/// Clock ticks by thread or process id.
pub type Snapshot = HashMap<u32, u64>;

impl Meter {
    pub fn snapshot(&self) -> Snapshot {
        let mut ticks = HashMap::new();
        match self {
            Meter::Threads(name) => {
                for (id, stat) in stats(Path::new("/proc/self/task")) {
                    if stat.name == *name {
                        ticks.insert(id, stat.ticks);
                    }
                }
            }
            Meter::Family(parent) => {
                for (id, stat) in stats(Path::new("/proc")) {
                    if id == *parent || stat.parent == *parent {
                        ticks.insert(id, stat.ticks);
                    }
                }
            }
        }
        ticks
    }

    /// Seconds of processor time spent between `before` and `after`; a
    /// thread or process new in `after` counts from zero.
    pub fn seconds(before: &Snapshot, after: &Snapshot) -> f64 {
        let ticks: u64 = after
            .iter()
            .map(|(id, t)| t.saturating_sub(before.get(id).copied().unwrap_or(0)))
            .sum();
        ticks as f64 / ticks_per_second()
    }
}

struct Stat {
    name: String,
    parent: u32,
    ticks: u64,
}

/// `<dir>/<id>/stat` of every numbered entry of `dir`.
fn stats(dir: &Path) -> Vec<(u32, Stat)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let id: u32 = entry.file_name().to_str()?.parse().ok()?;
            let text = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            Some((id, parse(&text)?))
        })
        .collect()
}

/// `pid (comm) state ppid ...`: the name sits in parentheses and may hold
/// spaces, so fields are counted from its closing one; utime and stime are
/// fields 14 and 15.
fn parse(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text[open + 1..close].to_owned();
    let fields: Vec<&str> = text[close + 1..].split_whitespace().collect();
    let parent = fields.get(1)?.parse().ok()?;
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(Stat {
        name,
        parent,
        ticks: user + system,
    })
}

/// `sysconf(_SC_CLK_TCK)`, asked of `getconf`; Linux's is 100.
fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stat_line_gives_name_parent_and_time() {
        let line = "4242 (admin server) S 17 4242 17 0 -1 4194560 500 0 0 0 250 30 0 0 20 0 9 0 1 0 0";
        let stat = parse(line).unwrap();
        assert_eq!(stat.name, "admin server");
        assert_eq!(stat.parent, 17);
        assert_eq!(stat.ticks, 280);
    }

    #[test]
    fn this_threads_time_is_read() {
        let spin = std::thread::Builder::new()
            .name("bench-cpu-test".into())
            .spawn(|| {
                let meter = Meter::Threads("bench-cpu-test");
                let before = meter.snapshot();
                let start = std::time::Instant::now();
                let mut x = 0u64;
                while start.elapsed().as_millis() < 300 {
                    x = std::hint::black_box(x.wrapping_add(1));
                }
                Meter::seconds(&before, &meter.snapshot())
            })
            .unwrap();
        let seconds = spin.join().unwrap();
        assert!(seconds > 0.05, "{seconds}");
    }
}
