//! `KC_TIMINGS=1` prints how long each phase of a command took, on stderr: a tool for finding
//! where time goes, like rustc's `-Z time-passes`.

use std::sync::Mutex;
use std::time::Instant;

/// When the previous phase ended, and the process's CPU time then.
static LAST: Mutex<Option<(Instant, Option<f64>)>> = Mutex::new(None);

fn enabled() -> bool {
    std::env::var_os("KC_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Records the end of a phase: prints the time since the previous phase ended.
pub fn phase(name: &str) {
    if !enabled() {
        return;
    }
    let now = Instant::now();
    let cpu = cpu_seconds();
    let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((previous, previous_cpu)) = *last {
        let cpu_used = match (previous_cpu, cpu) {
            (Some(before), Some(after)) => format!(", CPU {:.0} ms", (after - before) * 1000.0),
            _ => String::new(),
        };
        eprintln!(
            "kc timing: {name}: {:.1} ms{}{cpu_used}",
            (now - previous).as_secs_f64() * 1000.0,
            resident_memory().map_or(String::new(), |mb| format!(" (resident {mb} MB)"))
        );
    }
    *last = Some((now, cpu));
}

/// Prints a fact about the run so far, such as how much work overlapped with evaluation.
pub fn note(text: impl FnOnce() -> String) {
    if enabled() {
        eprintln!("kc timing: {}", text());
    }
}

/// The CPU time all threads of the process have used, user and system, in seconds (Linux's
/// `/proc/self/stat`, in ticks of 10 ms): a phase that keeps both cores busy uses twice its
/// wall time.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces; the fields after it are plain numbers.
    let fields: Vec<&str> = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .collect();
    // utime and stime are the 14th and 15th fields; the state (3rd) comes first here.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The process's resident memory in MB, where the system says (Linux's `/proc/self/statm`):
/// on a virtual machine, touching fresh memory is a large part of a phase's time.
fn resident_memory() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / 1_000_000)
}
