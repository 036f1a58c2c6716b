fn main() {
    std::process::exit(fibf::cli::main());
}
