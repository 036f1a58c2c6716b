// mimalloc rather than glibc's allocator: a batch allocates and frees
// millions of small values (offering documents, pest pairs, report
// buffers) across threads, where glibc spent a fifth of `conform` in
// malloc and free and kept more memory per thread arena. Transparent huge
// pages are off (the `no_thp` feature): with them even a small run was
// 70 MB resident.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = fibf::cli::main();
    // Each command has written and closed its files, and flushed its
    // buffered writers; standard output's own buffer is flushed here, as
    // `std::process::exit` would.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    exit(code)
}

/// End the process without the exit handlers: mimalloc's handler purges
/// every page freed during the run back to the system (a third of the
/// last 40 ms of `fibf docs` at 10x), which the system does anyway when
/// the process ends.
#[cfg(target_os = "linux")]
fn exit(code: i32) -> ! {
    // SAFETY: `_exit` takes any status and does not return; nothing the
    // process leaves behind needs its exit handlers (see above).
    unsafe { libc::_exit(code) }
}

#[cfg(not(target_os = "linux"))]
fn exit(code: i32) -> ! {
    std::process::exit(code)
}
