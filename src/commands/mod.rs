//! The command line's commands, each a thin function over the library: it turns arguments into
//! settings, calls the stages, and tells the user on stderr what happened.

mod bar;
mod check;
mod merge;
mod preflight;
mod preview;
mod render;
mod templates;
mod verify;

use std::path::{Path, PathBuf};

use crate::assets::Assets;
use crate::cli::{Cli, Command, InputArgs};
use crate::error::Error;
use crate::input::{self, Config, Forms};
use crate::report::Warning;
use crate::settings::{self, Settings, Sources};

/// The templates and forms (with a folder of edited ones) and the office's config (the sample
/// office without one), for the commands that read no input.
fn office(
    templates: Option<&Path>,
    config: Option<&Path>,
) -> Result<(Assets, Forms, Config), Error> {
    let assets = Assets::with_overrides(templates)?;
    let forms = Forms::load(&assets)?;
    let shown = config.map(|p| p.display().to_string());
    let (config, _) = input::config(&assets, &forms, config.zip(shown.as_deref()))?;
    Ok((assets, forms, config))
}

/// Runs one command; the exit code on success (0, or 1 when verify finds a difference).
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Render(args) => render::render(&args).map(|()| 0),
        Command::Merge(args) => merge::merge(&args).map(|()| 0),
        Command::Check(args) => check::check(&args).map(|()| 0),
        Command::Preflight(args) => Ok(if preflight::preflight(&args)? { 0 } else { 1 }),
        Command::Verify { dir } => Ok(if verify::verify(&dir)? { 0 } else { 1 }),
        Command::Templates { action } => templates::templates(action).map(|()| 0),
        Command::Preview(args) => preview::preview(&args).map(|()| 0),
        Command::Synth {
            people,
            seed,
            out,
            county,
        } => {
            let n = crate::synth::synth(&out, people, seed, county.as_deref())?;
            eprintln!(
                "wrote {} rows for {} fictional people to {}",
                n.rows,
                n.people,
                out.display()
            );
            Ok(0)
        }
        Command::Init { file, courts } => init(&file, &courts).map(|()| 0),
    }
}

/// `init FILE [--court SLUG]...`: the sample config, commented, to fill in; a table for each
/// court named, with its e-filing settings commented out.
fn init(file: &PathBuf, courts: &[String]) -> Result<(), Error> {
    if file.exists() {
        return Err(Error::output(file, "already exists; choose another name"));
    }
    let assets = crate::assets::Assets::embedded();
    let mut text = assets.text("forms/sample-config.toml")?.to_string();
    if !courts.is_empty() {
        let forms = crate::input::Forms::load(&assets)?;
        for slug in courts {
            let court = forms.court_by_slug(slug).map(|c| forms.court(c)).ok_or_else(|| {
                Error::Usage(format!(
                    "--court {slug}: no such court; a court's slug is its county in lower case with hyphens, e.g. los-angeles"
                ))
            })?;
            let settings = forms
                .efiling
                .resolve(court, None)
                .map_err(|e| Error::config(&assets.shown("forms/efiling.toml"), e))?;
            text.push_str(&format!(
                "\n[courts.{slug}]\nfiling = \"per-case\"\n\n\
                 # The court's e-filing settings: generic placeholders from forms/efiling.toml, not the\n\
                 # court's own codes. Confirm each with the court's e-filing provider, then uncomment it\n\
                 # (a setting left commented keeps its placeholder).\n{}",
                crate::input::commented_efiling(slug, &settings)
            ));
        }
    }
    std::fs::write(file, text).map_err(|e| Error::output(file, e))?;
    eprintln!(
        "wrote {}: fill in [office] and [signer], give each court you file in a [courts.<slug>] table, then pass --config {}",
        file.display(),
        file.display()
    );
    Ok(())
}

/// The settings of the files to read, from the arguments every command that reads takes.
fn settings(args: &InputArgs) -> Result<Settings, Error> {
    let sources = Sources {
        inputs: args.inputs.clone(),
        contacts: args.contacts.clone(),
        contacts_profile: args.contacts_profile.clone(),
        config: args.config.clone(),
        profile: args.profile.clone(),
        templates: args.templates.clone(),
        decisions: args.decisions.clone(),
        previous: None,
    };
    Ok(Settings::new(
        sources,
        settings::as_of(args.as_of.as_deref())?,
    ))
}

fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
