//! Past one machine: `render --shard K/N` renders a deterministic share of the documents, and
//! `merge` joins the shards' folders into exactly the output one run would have written.
//!
//! A share is a contiguous run of (court, person) units in sorted order, cut so that every shard
//! gets about the same amount of work. Court papers (notices, transmittal, omnibus) are units of
//! their own; the index, combined volumes, zips, mail run and reports are made by `merge`, which
//! sees every document.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::plan::Job;
use crate::render::PdfStandardArg;
use crate::settings::Settings;

/// Shard K of N, 1-based as people count ("shard 2 of 3").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}`: expected K/N with 1 <= K <= N, e.g. 2/3 (with a 0-based index such as JOB_COMPLETION_INDEX, pass $((INDEX + 1))/N)");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
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

/// Which jobs belong to `shard`, as a mask over `jobs`.
pub fn share(jobs: &[Job], shard: Shard) -> Vec<bool> {
    // A letter belongs to the court it is grouped under for mailing.
    let unit = |j: &Job| {
        let court = match &j.mail {
            Some(mail) if j.court.is_empty() => &mail.group,
            _ => &j.court,
        };
        (court.to_string(), j.person_ref.clone())
    };
    let mut units: std::collections::BTreeMap<(String, String), usize> = std::collections::BTreeMap::new();
    for j in jobs {
        *units.entry(unit(j)).or_default() += j.weight();
    }
    let total: usize = units.values().sum::<usize>().max(1);
    let mut before = 0;
    let mut owner = std::collections::HashMap::new();
    for (key, w) in units {
        // The unit goes to the shard whose equal slice of the total holds its first piece of work.
        owner.insert(key, before * shard.count / total + 1);
        before += w;
    }
    jobs.iter().map(|j| owner.get(&unit(j)) == Some(&shard.index)).collect()
}

/// `shard.json`: written last by a finished shard run. It names the run and the settings, so that
/// `merge` can read the same inputs again and check that nothing changed since.
#[derive(Serialize, Deserialize)]
pub struct Record {
    pub run_key: String,
    pub shard: String,
    /// The folder the shard ran in: relative input paths are read from here.
    pub cwd: PathBuf,
    pub inputs: Vec<PathBuf>,
    pub contacts: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub profile: Option<PathBuf>,
    pub templates: Option<PathBuf>,
    pub as_of: String,
    pub pdf_standard: String,
}

pub const RECORD: &str = "shard.json";

impl Record {
    /// The record of a shard run with `settings`, identified by `run_key`.
    pub fn new(run_key: &str, shard: Shard, settings: &Settings) -> Result<Record, Error> {
        let cwd = std::env::current_dir().map_err(|e| Error::output(&settings.out, e))?;
        Ok(Record {
            run_key: run_key.to_string(),
            shard: shard.to_string(),
            cwd: cwd.join(&settings.root),
            inputs: settings.inputs.clone(),
            contacts: settings.contacts.clone(),
            config: settings.config.clone(),
            profile: settings.profile.clone(),
            templates: settings.templates.clone(),
            as_of: settings.as_of.to_string(),
            pdf_standard: settings.pdf_standard.name().to_string(),
        })
    }

    /// The settings the shard ran with, for a merge into `out`.
    pub fn settings(&self, out: &Path, jobs: usize, quiet: bool) -> Result<Settings, Error> {
        let as_of = chrono::NaiveDate::parse_from_str(&self.as_of, "%Y-%m-%d").map_err(|e| Error::input(RECORD, e.to_string()))?;
        let pdf_standard = <PdfStandardArg as clap::ValueEnum>::from_str(&self.pdf_standard, false).map_err(|e| Error::input(RECORD, e))?;
        Ok(Settings {
            inputs: self.inputs.clone(),
            contacts: self.contacts.clone(),
            config: self.config.clone(),
            profile: self.profile.clone(),
            templates: self.templates.clone(),
            as_of,
            out: out.to_path_buf(),
            jobs,
            resume: false,
            pdf_standard,
            quiet,
            shard: None,
            root: self.cwd.clone(),
        })
    }

    pub fn read(dir: &Path) -> Result<Record, Error> {
        let path = dir.join(RECORD);
        let text = std::fs::read_to_string(&path).map_err(|_| {
            Error::input(&dir.display().to_string(), format!("has no {RECORD}: it is not a finished shard (finish it with `render --shard K/N --resume`)"))
        })?;
        serde_json::from_str(&text).map_err(|e| Error::input(&path.display().to_string(), format!("unreadable: {e}")))
    }

    pub fn shard(&self) -> Result<Shard, Error> {
        self.shard.parse().map_err(|e: String| Error::input(RECORD, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(court: &str, person: &str) -> Job {
        Job { kind: "petition".into(), template: String::new(), path: format!("{court}/{person}"), court: court.into(), person_ref: person.into(), person_name: String::new(), case_numbers: String::new(), mail: None, data: crate::plan::Data::new(&serde_json::Value::Null) }
    }

    #[test]
    fn shares_cover_every_job_once_and_are_balanced() {
        let jobs: Vec<Job> = (0..97).flat_map(|i| [job(if i % 3 == 0 { "alameda" } else { "fresno" }, &format!("p{i:03}")), job("fresno", &format!("p{i:03}"))]).collect();
        let masks: Vec<Vec<bool>> = (1..=3).map(|k| share(&jobs, Shard { index: k, count: 3 })).collect();
        for i in 0..jobs.len() {
            assert_eq!(masks.iter().filter(|m| m[i]).count(), 1, "job {i} in exactly one shard");
        }
        for m in &masks {
            let n = m.iter().filter(|x| **x).count();
            assert!((55..=75).contains(&n), "balanced: {n} of 194");
        }
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        assert!("0/3".parse::<Shard>().is_err() && "4/3".parse::<Shard>().is_err() && "x".parse::<Shard>().is_err());
    }
}
