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
use crate::settings::{PdfStandard, Settings, Shard, Sources};

/// Which jobs belong to `shard`, as a mask over `jobs`.
pub fn share(jobs: &[Job], shard: Shard) -> Vec<bool> {
    // A letter belongs to the court it is grouped under for mailing.
    let unit = |j: &Job| {
        let court = match (&j.doc.court, &j.doc.mail) {
            (Some(court), _) => court.as_str(),
            (None, Some(mail)) => mail.group.as_str(),
            (None, None) => "",
        };
        (
            court.to_string(),
            j.doc
                .person_ref
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default(),
        )
    };
    let mut units: std::collections::BTreeMap<(String, String), usize> =
        std::collections::BTreeMap::new();
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
    jobs.iter()
        .map(|j| owner.get(&unit(j)) == Some(&shard.index))
        .collect()
}

/// `shard.json`: written last by a finished shard run. It names the run and the settings, so that
/// `merge` can read the same inputs again and check that nothing changed since.
#[derive(Serialize, Deserialize)]
pub struct Record {
    pub run_key: String,
    pub shard: String,
    /// The folder the shard ran in: relative input paths are read from here.
    pub cwd: PathBuf,
    #[serde(flatten)]
    pub sources: Sources,
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
            sources: settings.sources.clone(),
            as_of: settings.as_of.to_string(),
            pdf_standard: settings.pdf_standard.name().to_string(),
        })
    }

    /// The settings the shard ran with, for a merge into `out`.
    pub fn settings(&self, out: &Path, jobs: usize) -> Result<Settings, Error> {
        let as_of = chrono::NaiveDate::parse_from_str(&self.as_of, "%Y-%m-%d")
            .map_err(|e| Error::input(RECORD, e.to_string()))?;
        let mut settings = Settings::new(self.sources.clone(), as_of);
        settings.out = out.to_path_buf();
        settings.jobs = jobs;
        settings.pdf_standard = self
            .pdf_standard
            .parse::<PdfStandard>()
            .map_err(|e| Error::input(RECORD, e))?;
        settings.root = self.cwd.clone();
        Ok(settings)
    }

    pub fn read(dir: &Path) -> Result<Record, Error> {
        let path = dir.join(RECORD);
        let text = std::fs::read_to_string(&path).map_err(|_| {
            Error::input(&dir.display().to_string(), format!("has no {RECORD}: it is not a finished shard (finish it with `render --shard K/N --resume`)"))
        })?;
        serde_json::from_str(&text)
            .map_err(|e| Error::input(&path.display().to_string(), format!("unreadable: {e}")))
    }

    pub fn shard(&self) -> Result<Shard, Error> {
        self.shard
            .parse()
            .map_err(|e: String| Error::input(RECORD, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(court: &str, person: &str) -> Job {
        let doc = crate::plan::Doc {
            kind: crate::model::Kind::Petition,
            template: String::new(),
            path: format!("{court}/{person}"),
            court: Some(crate::model::CourtSlug::new(court)),
            person_ref: Some(crate::model::PersonRef::of_subject(person)),
            person_name: String::new(),
            case_numbers: crate::model::CaseNumbers::default(),
            mail: None,
            title: String::new(),
        };
        Job {
            doc,
            data: crate::plan::Data::new(&serde_json::Value::Null),
        }
    }

    #[test]
    fn shares_cover_every_job_once_and_are_balanced() {
        let jobs: Vec<Job> = (0..97)
            .flat_map(|i| {
                [
                    job(
                        if i % 3 == 0 { "alameda" } else { "fresno" },
                        &format!("p{i:03}"),
                    ),
                    job("fresno", &format!("p{i:03}")),
                ]
            })
            .collect();
        let masks: Vec<Vec<bool>> = (1..=3)
            .map(|k| share(&jobs, Shard { index: k, count: 3 }))
            .collect();
        for i in 0..jobs.len() {
            assert_eq!(
                masks.iter().filter(|m| m[i]).count(),
                1,
                "job {i} in exactly one shard"
            );
        }
        for m in &masks {
            let n = m.iter().filter(|x| **x).count();
            assert!((55..=75).contains(&n), "balanced: {n} of 194");
        }
    }
}
