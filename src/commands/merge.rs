//! `merge`: the folders of all N `render --shard K/N` runs joined into the output one run would
//! have written. The shards' folders are checked to be all N shards of one run, the inputs are
//! read again from where the shards ran, and the run is completed with the shards' documents.

use std::path::Path;

use super::bar::Bar;
use crate::cli::MergeArgs;
use crate::error::Error;
use crate::run;
use crate::settings;
use crate::shards::Record;

pub fn merge(args: &MergeArgs) -> Result<(), Error> {
    let records: Vec<Record> = args
        .shards
        .iter()
        .map(|d| Record::read(d))
        .collect::<Result<_, _>>()?;
    let first = &records[0];
    let count = first.shard()?.count;
    let mut found: Vec<Option<&Path>> = vec![None; count];
    for (dir, r) in args.shards.iter().zip(&records) {
        let s = r.shard()?;
        let shown = dir.display().to_string();
        if s.count != count || r.run_key != first.run_key {
            return Err(Error::input(
                &shown,
                format!(
                    "is shard {s} of another run than {} (other inputs, date, config or shard count)",
                    args.shards[0].display()
                ),
            ));
        }
        if let Some(other) = found[s.index - 1].replace(dir) {
            return Err(Error::input(
                &shown,
                format!("is shard {s}, and so is {}", other.display()),
            ));
        }
    }
    if let Some(k) = found.iter().position(Option::is_none) {
        return Err(Error::Usage(format!(
            "shard {}/{count} is missing: give the folders of all {count} shards",
            k + 1
        )));
    }
    let settings = first.settings(&args.out, settings::jobs(args.jobs)?)?;
    let prepared = run::prepare(&settings)?;
    if prepared.key != first.run_key {
        let inputs: Vec<String> = settings
            .sources
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(Error::input(&inputs.join(", "), "changed since the shards ran (or their config, contacts or templates did); render the shards again".into()));
    }
    super::print_warnings(&prepared.warnings);
    let produced = run::produce(prepared, &settings, &args.shards, &Bar::new(args.quiet))?;
    if !args.quiet {
        super::render::tell(&settings, &produced);
    }
    Ok(())
}
