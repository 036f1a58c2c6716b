//! Any bytes as a `.fibf` file: decoding, parsing, building the model and
//! every check must return diagnostics, never panic or hang; and the direct
//! reader of the grammar must read the text as pest does, or give up where
//! pest refuses it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let decoded = fibf::source::decode(data.to_vec());
    if let Err(difference) = fibf::syntax::readers_agree(&decoded.text) {
        panic!("the readers disagree on {:?}: {difference}", decoded.text);
    }
    let _ = fibf::workspace::analyze_text("fuzz.fibf", &decoded.text);
});
