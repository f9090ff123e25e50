//! clearpress: eligibility results in, court filing packages and letters out.
//!
//! read → validate & group → plan → render → package & write; each stage a module that takes and
//! returns plain data. `run` wires them together for each command.

pub mod assets;
pub mod cli;
pub mod config;
pub mod contacts;
pub mod error;
pub mod forms;
pub mod mail;
pub mod merge;
pub mod model;
pub mod output;
pub mod package;
pub mod plan;
pub mod read;
pub mod render;
pub mod report;
pub mod settings;
pub mod shard;
pub mod synth;
pub mod validate;
pub mod verify;

mod pipeline;

pub use error::Error;

use cli::{Cli, Command, TemplatesAction};

/// Runs one command; the exit code on success (0, or 1 when verify finds a difference).
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Render(args) => {
            let settings = settings::Settings::for_render(&args)?;
            pipeline::render(&settings)?;
            Ok(0)
        }
        Command::Merge(args) => {
            pipeline::merge(&args)?;
            Ok(0)
        }
        Command::Check(args) => {
            let settings = settings::Settings::for_check(&args)?;
            pipeline::check(&settings)?;
            Ok(0)
        }
        Command::Verify { dir } => Ok(if verify::verify(&dir)? { 0 } else { 1 }),
        Command::Templates { action: TemplatesAction::Export { dir } } => {
            let written = assets::Assets::export(&dir)?;
            eprintln!("wrote {} files under {}; edit them and pass --templates {}", written.len(), dir.display(), dir.display());
            Ok(0)
        }
        Command::Preview(args) => {
            pipeline::preview(&args)?;
            Ok(0)
        }
        Command::Synth { people, seed, out, county } => {
            let n = synth::synth(&out, people, seed, county.as_deref())?;
            eprintln!("wrote {} rows for {} fictional people to {}", n.rows, n.people, out.display());
            Ok(0)
        }
        Command::Init { file } => {
            if file.exists() {
                return Err(Error::output(&file, "already exists; choose another name"));
            }
            let sample = assets::Assets::embedded();
            std::fs::write(&file, sample.bytes("forms/sample-config.toml")).map_err(|e| Error::output(&file, e))?;
            eprintln!("wrote {}: fill in [office] and [signer], then pass --config {}", file.display(), file.display());
            Ok(0)
        }
    }
}
