//! Any text the parser accepts formats, and formatting it again changes
//! nothing.
#![no_main]

use fibf::source::FileId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(once) = fibf::fmt::format_source(FileId(0), text) {
        let twice = fibf::fmt::format_source(FileId(0), &once).expect("formatted text parses");
        assert_eq!(once, twice, "formatting is idempotent");
    }
});
