//! End-to-end timings on the bundled standards (`cargo bench --bench
//! pipeline`): reading and checking the workspace, exporting the model,
//! generating the documentation site in memory (the target is well under a
//! second on two cores), and checking an offering. Writing files is left
//! out: it measures the disk, not fibf.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use fibf::workspace::{Input, Options, analyze};

fn standards() -> Input {
    Input::Path(PathBuf::from("standards"))
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("bundled standards");
    group.sample_size(20);
    group.bench_function("check", |b| {
        b.iter(|| black_box(analyze(&standards(), Options::default())))
    });
    let analysis = analyze(&standards(), Options::default());
    let model = analysis
        .model
        .as_ref()
        .expect("the bundled standards are clean");
    group.bench_function("export model", |b| {
        b.iter(|| black_box(fibf::export::export(model, None)))
    });
    let doc = fibf::export::export(model, None);
    group.bench_function("docs html", |b| {
        b.iter(|| black_box(fibf::docs::build(&doc, fibf::docs::Format::Html).unwrap()))
    });
    group.bench_function("docs markdown", |b| {
        b.iter(|| black_box(fibf::docs::build(&doc, fibf::docs::Format::Markdown).unwrap()))
    });
    let standard = fibf::conform::Standard::new(model).unwrap();
    group.bench_function("conform one offering", |b| {
        b.iter(|| {
            let file = fibf::validate::read_file(
                "examples/offerings/acme-payables.yaml".as_ref(),
                None,
                u64::MAX,
            )
            .ok()
            .unwrap();
            black_box(fibf::conform::check(
                &standard,
                file,
                fibf::source::FileId(0),
                &[],
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
