//! Workbooks made from the input's bytes, valid as files, so that the
//! importer's sheet recognition and assembly run on them (the
//! `import_xlsx` target's random bytes rarely get past the zip reader).
//! Each byte chooses a cell's content among the headers, IDs, kinds and
//! texts published workbooks have, or a fragment of the input; the import
//! reports what it makes of the sheets, never a panic, and what it writes
//! parses.
#![no_main]

use std::path::PathBuf;

use fibf::io::MemoryIo;
use libfuzzer_sys::fuzz_target;
use rust_xlsxwriter::Workbook;

/// What cells of the published workbooks hold: headers the recognisers
/// look for, IDs of every shape, kinds, lists and text.
const CELLS: [&str; 40] = [
    "Capability ID",
    "Business Capability Statement",
    "Business Capability Type (I)",
    "Function",
    "Activity",
    "Activity ID",
    "Activity Name",
    "Activity Description",
    "Authoritative Reference",
    "Other Source",
    "Data Element Label",
    "Capability Ref",
    "Service Area",
    "Function ID",
    "Function Name",
    "Definition",
    "Measure",
    "Business Scenario",
    "Input",
    "Output",
    "Process",
    "I",
    "P",
    "O",
    "GRM.010.010",
    "GRM.010.010.011",
    "GRM.010",
    "GRMSR.1.2",
    "FFM.030.070",
    "FFMSR.2.2.1.4",
    "GRM - Grants Management",
    "31 U.S.C. 6304; 2 CFR 200.201",
    "- first item\n- second item",
    "See Authoritative Source",
    "",
    " ",
    "Capture the award",
    "ERM.010.020.010-S",
    "Documentation",
    "Version 2.1",
];

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let mut book = Workbook::new();
    // One to three sheets, named from the vocabulary of published ones.
    let sheets = 1 + usize::from(shape % 3);
    let columns = 2 + u16::from(shape / 3 % 8);
    let names = [
        "Business Capabilities",
        "Service Activities",
        "Data Elements",
        "Scenarios",
    ];
    let mut bytes = rest.iter().copied();
    for s in 0..sheets {
        let sheet = book.add_worksheet();
        if sheet
            .set_name(names[(usize::from(shape) + s) % names.len()])
            .is_err()
        {
            return;
        }
        let mut row = 0u32;
        let mut col = 0u16;
        while let Some(b) = bytes.next() {
            if b == 0xff {
                // The next sheet.
                break;
            }
            let text = if b < 0xe0 {
                CELLS[usize::from(b) % CELLS.len()].to_owned()
            } else {
                // A fragment of the input, as text.
                let n = usize::from(b - 0xe0) + 1;
                let raw: Vec<u8> = bytes.by_ref().take(n).collect();
                String::from_utf8_lossy(&raw).into_owned()
            };
            if sheet.write_string(row, col, &text).is_err() {
                return;
            }
            col += 1;
            if col == columns {
                col = 0;
                row += 1;
            }
        }
    }
    let Ok(xlsx) = book.save_to_buffer() else {
        return;
    };
    // To turn a failing input into a regression workbook for
    // `tests/fuzz-regressions/import_cells/` (see fuzz/README.md).
    if let Some(path) = std::env::var_os("FIBF_FUZZ_SAVE") {
        std::fs::write(path, &xlsx).expect("FIBF_FUZZ_SAVE is writable");
    }
    let io = MemoryIo::new().with_file("/in/fuzz.xlsx", xlsx);
    let options = fibf::import::Options {
        prefer: fibf::import::Release::Workbook,
        separate: shape & 0x80 != 0,
    };
    let outcome = fibf::import::import_in(&io, &[PathBuf::from("/in/fuzz.xlsx")], options);
    // What it writes is DSL the parser reads.
    for (path, text) in outcome.output.iter() {
        if path.extension().is_some_and(|x| x == "fibf") {
            let text = String::from_utf8_lossy(text);
            if let Err(e) = fibf::syntax::parse(fibf::source::FileId(0), &text) {
                panic!(
                    "{}: the import wrote a file that does not parse: {e:?}\n{text}",
                    path.display()
                );
            }
        }
    }
});
