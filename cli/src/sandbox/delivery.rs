//! Callback delivery: one thread that sends every callback, redelivers the
//! ones not answered with HTTP 200 on the schedule below, and moves pending
//! payouts on to their final state.
//!
//! The schedule (modelled on the platform's published one): six tries 10 s
//! apart, then the interval doubles (20 s, 40 s, ...) up to a cap of 4 hours,
//! at most 120 attempts in all. `--time-scale` multiplies every interval
//! (0.001 makes 10 s into 10 ms); `--max-attempts` lowers the count.

use core::sync::atomic::{AtomicBool, Ordering};
use core::time::Duration;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use serde_json::json;

use super::platform::{Plan, State};
use super::{Key, Shared};

/// The most attempts for one callback (the platform's count).
pub const MAX_ATTEMPTS: u32 = 120;
/// The longest interval between two attempts.
pub const MAX_INTERVAL: Duration = Duration::from_secs(4 * 3600);
/// The first interval (and the interval between the first six tries).
pub const FIRST_INTERVAL: Duration = Duration::from_secs(10);
/// How long one attempt may take (connect, send, answer): not scaled.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);

/// The interval after attempt `attempt` (from 1) failed, before scaling.
pub fn interval_after(attempt: u32) -> Duration {
    if attempt < 6 {
        return FIRST_INTERVAL;
    }
    let doublings = (attempt - 5).min(20);
    FIRST_INTERVAL
        .saturating_mul(1u32 << doublings)
        .min(MAX_INTERVAL)
}

/// Work for the delivery thread.
#[derive(Debug, Clone)]
pub enum Task {
    /// Send (again) a signed callback of `state`.
    Deliver {
        /// The payout.
        key: Key,
        /// Attempt number, from 1.
        attempt: u32,
        /// The signed body.
        body: Arc<Vec<u8>>,
        /// Where to.
        url: String,
        /// The state the callback says.
        state: State,
    },
    /// A pending payout reaches its final state.
    Settle {
        /// The payout.
        key: Key,
    },
}

/// The delivery thread's loop: runs until `stop` is set.
pub fn run(shared: &Arc<Shared>, tasks: &Receiver<(Instant, Task)>, stop: &AtomicBool) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(ATTEMPT_TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(0)
        // Never through a proxy from the environment: straight to the receiver.
        .proxy(None)
        .build()
        .into();
    let mut queue: Vec<(Instant, u64, Task)> = Vec::new();
    let mut seq = 0u64;
    while !stop.load(Ordering::Relaxed) {
        let now = Instant::now();
        let next = queue.iter().map(|(due, _, _)| *due).min();
        let wait = next
            .map_or(Duration::from_millis(100), |due| {
                due.saturating_duration_since(now)
            })
            .min(Duration::from_millis(100));
        match tasks.recv_timeout(wait) {
            Ok((due, task)) => {
                seq += 1;
                queue.push((due, seq, task));
                continue;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                if queue.is_empty() {
                    std::thread::sleep(wait);
                }
            }
        }
        // The earliest due task, first come first served among equals.
        let now = Instant::now();
        let ready = queue
            .iter()
            .enumerate()
            .filter(|(_, (due, _, _))| *due <= now)
            .min_by_key(|(_, (due, n, _))| (*due, *n))
            .map(|(i, _)| i);
        if let Some(i) = ready {
            let (_, _, task) = queue.swap_remove(i);
            for (due, task) in perform(shared, &agent, task) {
                seq += 1;
                queue.push((due, seq, task));
            }
        }
    }
    if !queue.is_empty() {
        shared.log.event(
            "delivery_stopped",
            json!({"scheduled_tasks_dropped": queue.len()}),
        );
    }
}

/// Runs one task; returns the tasks it schedules.
fn perform(shared: &Shared, agent: &ureq::Agent, task: Task) -> Vec<(Instant, Task)> {
    match task {
        Task::Deliver {
            key,
            attempt,
            body,
            url,
            state,
        } => {
            let result = agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.as_slice());
            let (status, error) = match result {
                Ok(answer) => (Some(answer.status().as_u16()), None),
                Err(e) => (None, Some(e.to_string())),
            };
            let max = shared.config.max_attempts;
            let delivered = status == Some(200);
            let (outcome, retry) = if delivered {
                ("delivered", None)
            } else if attempt >= max {
                ("gave_up", None)
            } else {
                ("retry", Some(shared.config.scaled(interval_after(attempt))))
            };
            shared.log.event(
                "callback_attempt",
                json!({
                    "project_id": key.0,
                    "payment_id": key.1,
                    "state": state.as_str(),
                    "attempt": attempt,
                    "max_attempts": max,
                    "url": url,
                    "http_status": status,
                    "error": error,
                    "result": outcome,
                    "retry_in_ms": retry.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                }),
            );
            match retry {
                Some(after) => vec![(
                    Instant::now() + after,
                    Task::Deliver {
                        key,
                        attempt: attempt + 1,
                        body,
                        url,
                        state,
                    },
                )],
                // Delivered or given up: a pending payout moves on.
                None if state == State::Processing => vec![(
                    Instant::now() + shared.config.settle_delay(),
                    Task::Settle { key },
                )],
                None => Vec::new(),
            }
        }
        Task::Settle { key } => {
            let payout = {
                let mut payouts = shared.lock_payouts();
                match payouts.get_mut(&key) {
                    Some(p) if p.plan == Plan::PendingThenSuccess => {
                        p.state = State::Success;
                        p.updated = SystemTime::now();
                        Some(p.clone())
                    }
                    _ => None,
                }
            };
            match payout {
                Some(p) => shared.send_callback(&p).into_iter().collect(),
                None => Vec::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule() {
        let secs: Vec<u64> = (1..=17).map(|a| interval_after(a).as_secs()).collect();
        assert_eq!(
            secs,
            [
                10, 10, 10, 10, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 14400,
                14400
            ]
        );
        assert_eq!(interval_after(119), MAX_INTERVAL);
        assert_eq!(interval_after(u32::MAX), MAX_INTERVAL);
    }
}
