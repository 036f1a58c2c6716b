//! The hot paths on the bundled standards (`cargo bench --bench pipeline`):
//! parsing alone (one thread, throughput in bytes), lowering + resolving +
//! checking, the whole `check` (reading files, in parallel), exporting the
//! model, emitting every JSON Schema, the documentation site in memory, and
//! conformance of an offering. Writing files is left out: it measures the
//! disk, not fibf. Whole commands at 1x to 100x, against the peer tools,
//! are timed by `benches/compare.sh`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fibf::workspace::{Input, Options, analyze};

// The allocator the `fibf` binary uses (src/main.rs): with glibc's, the
// parallel check was no faster than one thread, which is not what the
// command does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn standards() -> Input {
    Input::Path(PathBuf::from("standards"))
}

/// Every `.fibf` file of the bundled standards, read into memory.
fn sources() -> Vec<String> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new("standards")
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "fibf"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn front_end(c: &mut Criterion) {
    let texts = sources();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("front end, one thread");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(fibf::syntax::parse(fibf::source::FileId(0), t).unwrap());
            }
        });
    });
    group.bench_function("parse + lower", |b| {
        b.iter(|| {
            for t in &texts {
                let ast = fibf::syntax::parse(fibf::source::FileId(0), t).unwrap();
                black_box(fibf::model::lower(&ast));
            }
        });
    });
    let joined = texts.join("\n");
    group.bench_function("parse + resolve + check", |b| {
        b.iter(|| black_box(fibf::workspace::analyze_text("all.fibf", &joined)));
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("bundled standards");
    group.sample_size(20);
    group.bench_function("check", |b| {
        b.iter(|| black_box(analyze(&standards(), Options::default())));
    });
    let analysis = analyze(&standards(), Options::default());
    let model = analysis
        .model
        .as_ref()
        .expect("the bundled standards are clean");
    group.bench_function("export model", |b| {
        b.iter(|| black_box(fibf::model_json::export(model, None)));
    });
    group.bench_function("compile (model + all schemas)", |b| {
        b.iter(|| {
            black_box(
                fibf::compile::outputs(
                    model,
                    fibf::model_json::Sources {
                        map: &analysis.sources,
                        root: analysis.root.as_deref(),
                    },
                )
                .unwrap(),
            )
        });
    });
    let doc = std::sync::Arc::new(fibf::model_json::export(model, None));
    group.bench_function("docs html", |b| {
        b.iter(|| black_box(fibf::docs::build(&doc, fibf::docs::Format::Html).unwrap()));
    });
    group.bench_function("docs markdown", |b| {
        b.iter(|| black_box(fibf::docs::build(&doc, fibf::docs::Format::Markdown).unwrap()));
    });
    let standard = fibf::conform::Standard::new(model).unwrap();
    group.bench_function("conform one offering", |b| {
        b.iter(|| {
            let file = fibf::validate::read_data_text(
                &fibf::io::NativeIo,
                "examples/offerings/acme-payables.yaml".as_ref(),
                u64::MAX,
            )
            .ok()
            .unwrap();
            black_box(fibf::conform::check(
                &standard,
                file,
                fibf::data::Format::Yaml,
                fibf::source::FileId(0),
                &[],
            ))
        });
    });
    group.finish();
}

criterion_group!(benches, front_end, pipeline);
criterion_main!(benches);
