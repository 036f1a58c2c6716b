//! The `fibf` command: see `fibf --help`, or the library's [`fibf::cli`].

// mimalloc rather than glibc's allocator: a batch allocates and frees
// millions of small values (offering documents, pest pairs, report
// buffers) across threads, where glibc spent a fifth of `conform` in
// malloc and free and kept more memory per thread arena. Transparent huge
// pages are off (the `no_thp` feature): with them even a small run was
// 70 MB resident.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // mimalloc 3 gives memory that was freed back to the system only after
    // it has been unused for a second. `docs` and `compile` free the model
    // entity by entity while they export it, within a second, so at 100
    // times the bundled standards the freed entities and their export were
    // resident together: `docs` peaked at 517 MiB, 48 MiB more than with
    // the 10 ms of mimalloc 2, at the same speed (docs/performance.md).
    // The environment's MIMALLOC_PURGE_DELAY still decides when it is set.
    fibf::cli::purge_freed_memory_after(10);
    std::process::exit(fibf::cli::main());
}
