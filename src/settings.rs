//! Arguments and config files become one validated `Settings`, once. Everything after this takes
//! `&Settings` and never reads arguments or the environment itself.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::{InputArgs, RenderArgs};
use crate::error::Error;
use crate::render::PdfStandardArg;
use crate::shard::Shard;

pub struct Settings {
    pub inputs: Vec<PathBuf>,
    pub contacts: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub profile: Option<PathBuf>,
    pub templates: Option<PathBuf>,
    pub as_of: NaiveDate,
    pub out: PathBuf,
    pub jobs: usize,
    pub resume: bool,
    pub pdf_standard: PdfStandardArg,
    pub quiet: bool,
    pub shard: Option<Shard>,
    /// The folder relative paths above are read from: the current one, except for `merge`, which
    /// reads the inputs from where the shards ran.
    pub root: PathBuf,
}

impl Settings {
    pub fn for_check(args: &InputArgs) -> Result<Settings, Error> {
        let as_of = match &args.as_of {
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| Error::Usage(format!("--as-of {text}: expected a date as YYYY-MM-DD, e.g. 2026-12-01")))?,
            None => chrono::Local::now().date_naive(),
        };
        Ok(Settings {
            inputs: args.inputs.clone(),
            contacts: args.contacts.clone(),
            config: args.config.clone(),
            profile: args.profile.clone(),
            templates: args.templates.clone(),
            as_of,
            out: PathBuf::new(),
            jobs: 1,
            resume: false,
            pdf_standard: PdfStandardArg::Plain,
            quiet: false,
            shard: None,
            root: PathBuf::new(),
        })
    }

    pub fn for_render(args: &RenderArgs) -> Result<Settings, Error> {
        let mut s = Settings::for_check(&args.input)?;
        s.out = args.out.clone();
        s.jobs = jobs(args.jobs)?;
        s.resume = args.resume;
        s.pdf_standard = args.pdf_standard;
        s.quiet = args.quiet;
        s.shard = args.shard;
        Ok(s)
    }

    /// Where to read `path` (one of the input, contacts, config, profile or templates paths) from.
    pub fn file(&self, path: &std::path::Path) -> PathBuf {
        self.root.join(path)
    }
}

/// `--jobs`: at least one; by default one per CPU core.
pub fn jobs(arg: Option<usize>) -> Result<usize, Error> {
    match arg {
        Some(0) => Err(Error::Usage("--jobs 0: give at least 1".into())),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)),
    }
}
