//! `render`: every document of the inputs, packaged, into an output folder (or one shard of it).

use super::bar::Bar;
use crate::cli::RenderArgs;
use crate::error::Error;
use crate::run::{self, Produced};
use crate::settings::{self, Settings};

pub fn render(args: &RenderArgs) -> Result<(), Error> {
    let mut settings = super::settings(&args.input)?;
    settings.out = args.out.clone();
    settings.jobs = settings::jobs(args.jobs)?;
    settings.resume = args.resume;
    settings.pdf_standard = args.pdf_standard;
    settings.shard = args.shard;
    settings.sources.previous = args.previous.clone();
    let prepared = run::prepare(&settings)?;
    super::print_warnings(&prepared.warnings);
    let produced = run::produce(prepared, &settings, &[], &Bar::new(args.quiet))?;
    if !args.quiet {
        tell(&settings, &produced);
    }
    Ok(())
}

/// The end of a run, on stderr.
pub(super) fn tell(settings: &Settings, produced: &Produced) {
    match (settings.shard, produced.shard_documents) {
        (Some(s), Some((written, planned))) => {
            eprintln!(
                "shard {s}: wrote {written} of {planned} documents to {}; join all {} shards with `clearpress merge`",
                settings.out.display(),
                s.count
            );
        }
        _ => {
            let total: f64 = produced
                .timings
                .iter()
                .filter(|(k, _)| !matches!(*k, "package_volumes" | "typst_thread_seconds"))
                .map(|(_, s)| s)
                .sum();
            eprint!("{}", produced.summary.screen(Some(&settings.out)));
            eprintln!(
                "wrote {} files to {} in {total:.1} s",
                produced.files,
                settings.out.display()
            );
        }
    }
}
