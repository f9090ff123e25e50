use std::process::ExitCode;

use clap::Parser;
use clearpress::{Cli, Error};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Rendering frees and reallocates the same few hundred MB all the time. Returned to the OS
    // (by default 10 ms after it is freed), that memory comes back as page faults and zeroed
    // pages; kept, it is simply reused. (mimalloc is also built without transparent huge pages,
    // `no_thp`: each first touch zeroed 2 MB and raised the peak.)
    // SAFETY: sets a plain integer option before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    clearpress::withhold_panic_messages();
    let cli = Cli::parse();
    match clearpress::run_command(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(if matches!(e, Error::Usage(_)) { 2 } else { 1 })
        }
    }
}
