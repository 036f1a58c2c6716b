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
    std::process::exit(fibf::cli::main());
}
