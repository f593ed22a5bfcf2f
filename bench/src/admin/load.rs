//! The load generator: a closed loop of `connections` clients, each sending
//! its next request when the last one's response has been read to the end,
//! for a warm-up and then a measured time. Every response of the measured
//! time is timed from the moment its request was ready to go (a new
//! connection's set-up included) to its last byte, and every one is kept:
//! percentiles are read off the sorted list, not an estimate.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hyper::{Method, StatusCode};

use super::client::Client;
use super::cpu::Meter;
use crate::Result;

/// What to send, how hard and for how long.
#[derive(Clone, Debug)]
pub struct Load {
    pub path: String,
    pub cookie: String,
    pub connections: usize,
    pub warmup: Duration,
    pub measured: Duration,
    /// Whose processor time the measured time is charged with.
    pub meter: Meter,
}

/// The measured time's figures.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    pub requests: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Responses that were not 200, or failed: none in a valid run.
    pub errors: usize,
    pub bytes_per_response: usize,
    /// The server's processor time (user and system) a response.
    pub cpu_ms: f64,
    /// The server's processor time over the measured time: the cores it used.
    pub cores_used: f64,
}

/// Runs `load` against `address` on a single-threaded runtime of its own,
/// so that the generator takes the same share of the machine against
/// either server.
pub fn run(address: SocketAddr, load: &Load) -> Result<Figures> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(drive(address, load))
}

struct Tally {
    latencies: Vec<Duration>,
    errors: usize,
    bytes: usize,
    first_error: Option<String>,
}

async fn drive(address: SocketAddr, load: &Load) -> Result<Figures> {
    let start = Instant::now();
    let measure_from = start + load.warmup;
    let end = measure_from + load.measured;
    let meter = load.meter.clone();
    let cpu_before = tokio::spawn(async move {
        tokio::time::sleep_until(measure_from.into()).await;
        meter.snapshot()
    });
    let mut tasks = Vec::new();
    for _ in 0..load.connections {
        let path = load.path.clone();
        let cookie = load.cookie.clone();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(address);
            let mut tally = Tally {
                latencies: Vec::with_capacity(1 << 16),
                errors: 0,
                bytes: 0,
                first_error: None,
            };
            loop {
                let sent = Instant::now();
                if sent >= end {
                    break;
                }
                let outcome = client.send(Method::GET, &path, &cookie, None).await;
                let took = sent.elapsed();
                if sent < measure_from {
                    continue;
                }
                match outcome {
                    Ok(reply) if reply.status == StatusCode::OK => {
                        tally.latencies.push(took);
                        tally.bytes += reply.body.len();
                    }
                    Ok(reply) => {
                        tally.errors += 1;
                        tally
                            .first_error
                            .get_or_insert_with(|| format!("status {}", reply.status));
                    }
                    Err(error) => {
                        tally.errors += 1;
                        tally.first_error.get_or_insert_with(|| error.to_string());
                    }
                }
            }
            tally
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut bytes = 0;
    let mut first_error = None;
    for task in tasks {
        let tally = task.await?;
        latencies.extend(tally.latencies);
        errors += tally.errors;
        bytes += tally.bytes;
        first_error = first_error.or(tally.first_error);
    }
    // Requests sent before the end finish after it: the measured time runs
    // until the last of them is in.
    let seconds = (Instant::now() - measure_from).as_secs_f64();
    let cpu = Meter::seconds(&cpu_before.await?, &load.meter.snapshot());
    if let Some(error) = first_error {
        eprintln!(
            "bench: WARNING: {errors} failed requests to {address}{}, the first: {error}",
            load.path
        );
    }
    latencies.sort_unstable();
    let requests = latencies.len();
    if requests == 0 {
        return Err(format!("no request to {address}{} succeeded", load.path).into());
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    Ok(Figures {
        requests,
        seconds,
        per_second: requests as f64 / seconds,
        p50_ms: ms(percentile(&latencies, 0.50)),
        p99_ms: ms(percentile(&latencies, 0.99)),
        max_ms: ms(latencies[requests - 1]),
        errors,
        bytes_per_response: bytes / requests,
        cpu_ms: cpu * 1000.0 / requests as f64,
        cores_used: cpu / seconds,
    })
}

/// The nearest-rank percentile of sorted `values`.
fn percentile(values: &[Duration], fraction: f64) -> Duration {
    let rank = (fraction * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank_of_every_value() {
        let values: Vec<Duration> = (1..=200).map(Duration::from_millis).collect();
        assert_eq!(percentile(&values, 0.50), Duration::from_millis(100));
        assert_eq!(percentile(&values, 0.99), Duration::from_millis(198));
        assert_eq!(percentile(&values[..1], 0.99), Duration::from_millis(1));
    }
}
