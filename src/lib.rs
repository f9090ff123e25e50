//! clearpress: eligibility results in, court filing packages and letters out.
//!
//! A run goes through its stages in order, each a module that takes and returns plain data:
//! [`input`] (read results, contacts, config, forms) → [`validate`] (every row used, held or
//! rejected; people, cases, counts) → [`decide`] (a reviewer's decisions applied) → [`screen`]
//! (the office's rules: what it does not file is held) → [`waves`] (in a later wave, only what is
//! left to file) → [`plan`] (which documents, with what data) → [`render`] (documents written) →
//! [`package`] (volumes, indexes, zips, the mail run) → [`report`]. [`run`]
//! hands each stage's output to the next; [`output`] is the only writer; [`progress`] is how a
//! stage says how far it is. The command line is one front end over this library.

pub mod assets;
pub mod decide;
pub mod error;
pub mod input;
pub mod model;
pub mod output;
pub mod package;
pub mod plan;
pub mod preflight;
pub mod progress;
pub mod render;
pub mod report;
pub mod run;
pub mod screen;
pub mod settings;
pub mod validate;
pub mod waves;

mod cli;
mod commands;
mod fields;
mod parallel;
mod sample;
mod shards;
mod synth;

pub use cli::Cli;
pub use commands::run as run_command;
pub use error::Error;
pub use render::withhold_panic_messages;
