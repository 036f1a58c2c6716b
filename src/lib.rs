//! `fibf`: a compiler and validator for the Federal Integrated Business
//! Framework standards.
//!
//! The pipeline, one module per stage:
//! [`source`] (files and spans) → [`syntax`] (pest grammar to AST) →
//! [`model`] (typed, resolved entities) → [`check`] (rules over the whole
//! standard) → emitters → [`cli`]. [`diag`] is the diagnostic type every stage
//! reports through; [`workspace`] runs the stages over a directory of files.

pub mod check;
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
pub mod import;
pub mod io;
pub mod model;
pub mod output;
mod pretty;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod validate;
pub mod workbook;
pub mod workspace;
