//! An earlier run (`render --previous DIR`): what it filed, its ledger `filed.csv`, checked against
//! its `summary.json`, so that a later wave files only what is new or changed.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::model::{Filed, Wave, hex, ymd};

/// The earlier run, as the next wave needs it.
#[derive(Debug)]
pub struct Previous {
    /// Its folder, as the user named it.
    pub dir: String,
    pub run_key: String,
    pub as_of: NaiveDate,
    /// Every wave filed so far, this run's last.
    pub waves: Vec<Wave>,
    /// Every count filed so far.
    pub ledger: Vec<Filed>,
}

impl Previous {
    /// This run's wave number.
    pub fn wave(&self) -> u32 {
        self.waves.last().map_or(0, |w| w.wave)
    }
}

/// What is read of the earlier run's `summary.json`.
#[derive(Deserialize)]
struct Summary {
    tool: String,
    #[serde(with = "ymd")]
    as_of: NaiveDate,
    run_key: Option<String>,
    waves: Option<Vec<Wave>>,
    filed_sha256: Option<String>,
}

/// Reads the earlier run in `dir` (named `shown`) for a run as of `as_of`.
pub fn read(dir: &Path, shown: &str, as_of: NaiveDate) -> Result<Previous, Error> {
    let fail = |message: String| Error::input(shown, message);
    let text = std::fs::read(dir.join("summary.json")).map_err(|_| {
        fail(
            "has no summary.json: --previous takes the folder of a finished render (or merge)"
                .into(),
        )
    })?;
    let summary: Summary = serde_json::from_slice(&text)
        .map_err(|e| fail(format!("summary.json cannot be read: {e}")))?;
    if summary.tool != "clearpress" {
        return Err(fail("summary.json is not clearpress's".into()));
    }
    let (Some(run_key), Some(waves), Some(filed_sha256)) =
        (summary.run_key, summary.waves, summary.filed_sha256)
    else {
        return Err(fail(
            "was made by a clearpress that kept no ledger (filed.csv); waves start from a run of this version".into(),
        ));
    };
    if as_of < summary.as_of {
        return Err(Error::Usage(format!(
            "--as-of {as_of} is before the date of the run in {shown} ({}); a later wave is dated after the earlier one",
            summary.as_of
        )));
    }
    let file = dir.join("filed.csv");
    let bytes = std::fs::read(&file).map_err(|e| fail(format!("filed.csv cannot be read: {e}")))?;
    if hex(&Sha256::digest(&bytes)) != filed_sha256 {
        return Err(fail(
            "filed.csv is not the file the run wrote (its SHA-256 differs from summary.json's); `clearpress verify` the folder".into(),
        ));
    }
    let ledger = csv::Reader::from_reader(&bytes[..])
        .deserialize::<Filed>()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| fail(format!("filed.csv line {}: {e}", i + 2))))
        .collect::<Result<Vec<Filed>, Error>>()?;
    Ok(Previous {
        dir: shown.to_string(),
        run_key,
        as_of: summary.as_of,
        waves,
        ledger,
    })
}
