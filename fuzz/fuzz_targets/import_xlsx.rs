//! Any bytes as an `.xlsx` workbook: the importer reads what it can and
//! reports the rest, never a panic (zip bombs are refused by size first).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fibf::import::read_workbook("fuzz.xlsx", std::io::Cursor::new(data));
});
