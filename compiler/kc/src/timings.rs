//! `KC_TIMINGS=1` prints how long each phase of a command took, on stderr: a tool for finding
//! where time goes, like rustc's `-Z time-passes`.

use std::sync::Mutex;
use std::time::Instant;

static LAST: Mutex<Option<Instant>> = Mutex::new(None);

fn enabled() -> bool {
    std::env::var_os("KC_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Records the end of a phase: prints the time since the previous phase ended.
pub fn phase(name: &str) {
    if !enabled() {
        return;
    }
    let now = Instant::now();
    let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(previous) = *last {
        eprintln!(
            "kc timing: {name}: {:.1} ms{}",
            (now - previous).as_secs_f64() * 1000.0,
            resident_memory().map_or(String::new(), |mb| format!(" (resident {mb} MB)"))
        );
    }
    *last = Some(now);
}

/// The process's resident memory in MB, where the system says (Linux's `/proc/self/statm`):
/// on a virtual machine, touching fresh memory is a large part of a phase's time.
fn resident_memory() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / 1_000_000)
}
