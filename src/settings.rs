//! What a run is asked to do, validated once. Everything after this takes `&Settings` and never
//! reads arguments or the environment itself; a front end (the command line, a web page) builds it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Error;

pub struct Settings {
    pub sources: Sources,
    pub as_of: NaiveDate,
    pub out: PathBuf,
    pub jobs: usize,
    pub resume: bool,
    pub pdf_standard: PdfStandard,
    pub shard: Option<Shard>,
    /// The folder relative paths above are read from: the current one, except for `merge`, which
    /// reads the inputs from where the shards ran.
    pub root: PathBuf,
}

/// The files a run reads, as the user named them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Sources {
    /// Eligibility results, one file per county run.
    pub inputs: Vec<PathBuf>,
    pub contacts: Option<PathBuf>,
    /// A column-mapping profile for the contacts export.
    #[serde(default)]
    pub contacts_profile: Option<PathBuf>,
    pub config: Option<PathBuf>,
    /// A column-mapping profile for another engine's CSV.
    pub profile: Option<PathBuf>,
    /// A folder of edited templates and forms.
    pub templates: Option<PathBuf>,
    /// A reviewer's decisions on counts.
    #[serde(default)]
    pub decisions: Option<PathBuf>,
    /// The output folder of the run this one follows, as a later wave.
    #[serde(default)]
    pub previous: Option<PathBuf>,
}

impl Settings {
    /// Settings to read `sources` as of `as_of`, with nothing written; the rest is set by the caller.
    pub fn new(sources: Sources, as_of: NaiveDate) -> Settings {
        Settings {
            sources,
            as_of,
            out: PathBuf::new(),
            jobs: 1,
            resume: false,
            pdf_standard: PdfStandard::Plain,
            shard: None,
            root: PathBuf::new(),
        }
    }

    /// Where to read `path` (one of the input, contacts, config, profile or templates paths) from.
    pub fn file(&self, path: &Path) -> PathBuf {
        self.root.join(path)
    }
}

/// `--as-of`: a date as YYYY-MM-DD; today when not given.
pub fn as_of(text: Option<&str>) -> Result<NaiveDate, Error> {
    match text {
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            Error::Usage(format!(
                "--as-of {text}: expected a date as YYYY-MM-DD, e.g. 2026-12-01"
            ))
        }),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// `--jobs`: at least one; by default one per CPU core.
pub fn jobs(arg: Option<usize>) -> Result<usize, Error> {
    match arg {
        Some(0) => Err(Error::Usage("--jobs 0: give at least 1".into())),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)),
    }
}

/// The PDF flavour of the documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PdfStandard {
    /// PDF 1.7.
    #[default]
    Plain,
    /// PDF/A-2b, for archives and e-filing.
    A2b,
    /// PDF/A-2b and PDF/UA-1 (accessible, tagged).
    A2bUa1,
}

impl PdfStandard {
    const ALL: [PdfStandard; 3] = [PdfStandard::Plain, PdfStandard::A2b, PdfStandard::A2bUa1];

    /// The name on the command line and in summary.json.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::Plain => "1.7",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A2bUa1 => "a-2b-ua-1",
        }
    }
}

impl std::str::FromStr for PdfStandard {
    type Err = String;

    fn from_str(text: &str) -> Result<PdfStandard, String> {
        PdfStandard::ALL
            .into_iter()
            .find(|s| s.name() == text)
            .ok_or_else(|| format!("`{text}`: expected 1.7, a-2b or a-2b-ua-1"))
    }
}

/// Shard K of N, 1-based as people count ("shard 2 of 3").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || {
            format!(
                "`{text}`: expected K/N with 1 <= K <= N, e.g. 2/3 (with a 0-based index such as JOB_COMPLETION_INDEX, pass $((INDEX + 1))/N)"
            )
        };
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_and_standards_parse_from_their_names() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        assert!(
            "0/3".parse::<Shard>().is_err()
                && "4/3".parse::<Shard>().is_err()
                && "x".parse::<Shard>().is_err()
        );
        for s in PdfStandard::ALL {
            assert_eq!(s.name().parse::<PdfStandard>(), Ok(s));
        }
        assert!("a-3".parse::<PdfStandard>().is_err());
    }
}
