//! Any bytes as a `.fibf` file: decoding, parsing, building the model and
//! every check must return diagnostics, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let decoded = fibf::source::decode(data.to_vec());
    let _ = fibf::workspace::analyze_text("fuzz.fibf", &decoded.text);
});
