//! `fibf`: a compiler and validator for the Federal Integrated Business
//! Framework standards.
//!
//! The pipeline, one module per stage:
//! [`source`] (files and spans) → [`syntax`] (pest grammar to AST) →
//! [`model`] (typed, resolved entities; one descriptor per kind in
//! [`model::kinds`]) → [`check`] (rules over the whole standard) →
//! emitters ([`model_json`], [`schema`] and [`compile`], [`conform`],
//! [`docs`], [`diff`], [`export`], [`fmt`]) → the command line (`cli`, behind
//! the default `cli` feature). [`diag`] is the diagnostic type every stage
//! reports through; [`workspace`] runs the stages over a workspace, reading
//! every file through an [`io::Io`] environment: the disk, files in memory,
//! or an editor's buffers over the disk.
//!
//! The library stands without the command line: depend on it with
//! `default-features = false` and it brings neither the argument parser,
//! the progress bars nor the allocator.
//!
//! # Check a workspace held in memory
//!
//! ```
//! use fibf::io::MemoryIo;
//! use fibf::model::EntityKind;
//! use fibf::workspace::{Input, Options, analyze_in};
//!
//! let io = MemoryIo::new()
//!     .with_file("/ws/fibf.toml", "name = \"grants\"\nversion = \"1.0.0\"\n")
//!     .with_file("/ws/areas.fibf", "area GRM \"Grants Management\"\n")
//!     .with_file(
//!         "/ws/lifecycle.fibf",
//!         "function GRM.010 \"Program Administration\" {\n  area GRM\n}\n\n\
//!          function GRM.020 \"Awards\" {\n  area GMR\n}\n",
//!     );
//! let analysis = analyze_in(&io, &Input::Path("/ws".into()), Options::default());
//!
//! // One error: `GMR` names no area. It is reported where it is written,
//! // with a stable code and a "did you mean".
//! let errors: Vec<_> = analysis.diagnostics.iter().filter(|d| d.is_error()).collect();
//! assert_eq!(errors.len(), 1);
//! assert_eq!(errors[0].code.as_str(), "E0301");
//! assert_eq!(errors[0].help.as_deref(), Some("did you mean `GRM`?"));
//! let at = analysis.sources.describe(errors[0].primary_span().unwrap());
//! assert_eq!(at, "/ws/lifecycle.fibf:6:8");
//!
//! // The model is built all the same, references resolved across files.
//! let model = analysis.model.unwrap();
//! let function = model.lookup("GRM.010").unwrap();
//! assert_eq!(function.kind, EntityKind::Function);
//! assert_eq!(model.functions[0].area.target, model.lookup("GRM"));
//! ```
//!
//! # Check a vendor offering
//!
//! ```
//! use fibf::conform::Standard;
//! use fibf::data::Format;
//! use fibf::source::{FileId, SourceFile};
//! use fibf::workspace::analyze_text;
//!
//! let standard = r#"
//! area GRM "Grants Management"
//! function GRM.010 "Program Administration" { area GRM }
//! activity GRM.010.010 "Program Set-up" { function GRM.010 }
//! capability GRM.010.010.011 input {
//!   activity GRM.010.010
//!   statement "Capture the authorizing legislation"
//! }
//! profile BASE "Baseline" { require GRM.010.010.011 }
//! "#;
//! let analysis = analyze_text("standard.fibf", standard);
//! let model = analysis.model.unwrap();
//! let standard = Standard::new(&model).expect("the offering schema compiles");
//!
//! let offering = "vendor: Acme\nproduct: Grants Cloud\nversion: \"1\"\n\
//!     standards: {name: grants, version: 1.0.0}\nprofiles: [BASE]\n\
//!     capabilities:\n  GRM.010.010.011: {support: planned}\n";
//! let file = SourceFile::new("acme.yaml", None, offering);
//! let report = fibf::conform::check(&standard, file, Format::Yaml, FileId(0), &[]);
//! // A planned capability does not deliver what the profile requires.
//! assert!(!report.conformant());
//! assert_eq!(report.profiles[0].not_delivered, ["GRM.010.010.011"]);
//! ```
//!
//! # Compile the JSON Schemas
//!
//! ```
//! use fibf::model_json::Sources;
//! use fibf::workspace::analyze_text;
//!
//! let analysis = analyze_text(
//!     "data.fibf",
//!     "element InvoiceDate {\n  definition \"The date on the invoice.\"\n  type date\n}\n\n\
//!      record Invoice \"Invoice\" {\n  field InvoiceDate required\n}\n",
//! );
//! let model = analysis.model.as_ref().unwrap();
//! let sources = Sources { map: &analysis.sources, root: None };
//! let files = fibf::compile::outputs(model, sources).unwrap();
//! let schema: serde_json::Value =
//!     serde_json::from_slice(files.get("schemas/records/Invoice.schema.json").unwrap()).unwrap();
//! assert_eq!(schema["required"], serde_json::json!(["InvoiceDate"]));
//! let validator = fibf::schema::validator(&schema).unwrap();
//! assert!(validator.is_valid(&serde_json::json!({ "InvoiceDate": "2026-12-03" })));
//! assert!(!validator.is_valid(&serde_json::json!({ "InvoiceDate": "03/12/2026" })));
//! ```
//!
//! # Format a file
//!
//! ```
//! let tidy = fibf::fmt::format_source(
//!     fibf::source::FileId(0),
//!     "area   GRM \"Grants Management\" {\nstatus final\n}\n",
//! )
//! .unwrap();
//! assert_eq!(tidy, "area GRM \"Grants Management\" {\n  status final\n}\n");
//! ```

pub mod builtin;
pub mod check;
pub mod ci;
#[cfg(feature = "cli")]
pub mod cli;
pub mod compile;
pub mod conform;
pub mod data;
pub mod diag;
pub mod diff;
pub mod docs;
pub mod export;
pub mod fmt;
pub mod html;
pub mod ide;
pub mod import;
pub mod io;
pub mod lints;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod model;
pub mod model_json;
pub mod output;
mod pretty;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod validate;
pub mod workspace;
