//! The measuring method: interleaved rounds (A B C A B C ...), each
//! competitor's time divided by the baseline's time of the same round, and
//! the median ratio reported with its spread. Machine load that comes and
//! goes then hits every competitor of a round alike.

use std::time::{Duration, Instant};

use crate::Result;

/// A prepared workload on one competitor: the database is set up, and the
/// operation can run any number of times.
pub trait Session {
    /// Untimed: puts the database back where a batch starts (rows to
    /// delete are there again, a table to fill is empty).
    fn reset(&mut self) -> Result<()> {
        Ok(())
    }

    /// Runs the operation once; returns what it produced (rows loaded or
    /// written), so that competitors can be checked to do the same work.
    fn once(&mut self) -> Result<usize>;

    /// Runs the operation `iterations` times and returns the time it took,
    /// as measured where it ran (a subprocess times itself, leaving its pipe
    /// out), and the result of the last run.
    fn run(&mut self, iterations: u64) -> Result<(Duration, usize)> {
        let start = Instant::now();
        let mut produced = 0;
        for _ in 0..iterations {
            produced = std::hint::black_box(self.once()?);
        }
        Ok((start.elapsed(), produced))
    }
}

/// A session made of a state and two functions of it.
pub struct FnSession<S> {
    state: S,
    reset: fn(&mut S) -> Result<()>,
    once: fn(&mut S) -> Result<usize>,
}

impl<S> FnSession<S> {
    pub fn with_reset(
        state: S,
        reset: fn(&mut S) -> Result<()>,
        once: fn(&mut S) -> Result<usize>,
    ) -> Box<Self> {
        Box::new(FnSession { state, reset, once })
    }
}

impl<S> Session for FnSession<S> {
    fn reset(&mut self) -> Result<()> {
        (self.reset)(&mut self.state)
    }

    fn once(&mut self) -> Result<usize> {
        (self.once)(&mut self.state)
    }
}

/// How long and how often to measure.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub rounds: usize,
    /// The time one timed batch aims at; a batch holds as many iterations
    /// as fit, at least one.
    pub batch: Duration,
}

/// Picks the iterations of a batch from one untimed run (which also warms
/// statement caches up).
pub fn calibrate(session: &mut dyn Session, plan: &Plan) -> Result<(u64, usize)> {
    session.reset()?;
    let (once, produced) = session.run(1)?;
    let per_batch = plan.batch.as_secs_f64() / once.as_secs_f64().max(1e-9);
    Ok((per_batch.clamp(1.0, 1e7) as u64, produced))
}

/// One competitor's time per operation in each round.
#[derive(Clone, Debug, Default)]
pub struct Samples {
    pub per_op: Vec<Duration>,
}

/// Runs `sessions` in interleaved rounds, the order rotating each round so
/// that no competitor always runs right after the same one.
pub fn interleave(sessions: &mut [(Box<dyn Session>, u64)], plan: &Plan) -> Result<Vec<Samples>> {
    let mut samples = vec![Samples::default(); sessions.len()];
    for round in 0..plan.rounds {
        for k in 0..sessions.len() {
            let which = (k + round) % sessions.len();
            let (session, iterations) = &mut sessions[which];
            session.reset()?;
            let (elapsed, _) = session.run(*iterations)?;
            samples[which].per_op.push(Duration::from_secs_f64(
                elapsed.as_secs_f64() / *iterations as f64,
            ));
        }
    }
    Ok(samples)
}

/// A median with the smallest and largest value beside it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let middle = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) {
            (sorted[middle - 1] + sorted[middle]) / 2.0
        } else {
            sorted[middle]
        };
        Some(Spread {
            median,
            min: sorted[0],
            max: sorted[sorted.len() - 1],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let spread = Spread::of(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(
            spread,
            Spread {
                median: 2.5,
                min: 1.0,
                max: 4.0
            }
        );
    }
}
