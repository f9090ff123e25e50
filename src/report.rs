//! What a run tells its user: `summary.json`, the one-screen summary, and the lists of rows that
//! were not filed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::decide::{Applied, DECISIONS_HEADER, Decided};
use crate::error::Error;
use crate::input::{ContactCounts, Encoding, Loaded, RowIssue};
use crate::model::{
    CourtId, EXCEPTIONS_HEADER, Exception, FILED_HEADER, Filed, Held, REVIEW_HEADER, Wave,
};
use crate::output::{OutputDir, Written};
use crate::plan::{Totals, Unmailable};
use crate::settings::Settings;
use crate::validate::{Batch, RowCounts};

#[derive(Serialize)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
}

#[derive(Serialize)]
pub struct Summary {
    pub tool: &'static str,
    pub version: &'static str,
    pub as_of: String,
    #[serde(flatten)]
    pub rows: RowCounts,
    pub people: usize,
    pub cases: usize,
    pub courts: Vec<String>,
    pub documents: BTreeMap<String, usize>,
    pub letters_mailable: usize,
    pub letters_unmailable: usize,
    pub exceptions: usize,
    pub held_for_review: usize,
    pub warnings: usize,
    pub inputs: Vec<InputFile>,
    pub contacts_sha256: Option<String>,
    /// The encoding the contacts file was found in.
    pub contacts_encoding: Option<Encoding>,
    #[serde(flatten)]
    pub contacts: ContactCounts,
    pub config_sha256: Option<String>,
    pub sample: bool,
    pub pdf_standard: String,
    /// Identifies the run (the same inputs, config, decisions, date and version give the same).
    pub run_key: String,
    /// 1, or for a later wave (`--previous`) the earlier run's and one.
    pub wave: u32,
    pub previous_run_key: Option<String>,
    /// Every wave filed so far, this run's last.
    pub waves: Vec<Wave>,
    /// Counts this run filed (its rows of `filed.csv`).
    pub counts_filed: usize,
    /// In a later wave, counts of the input filed before as they are now, not filed again.
    pub counts_already_filed: usize,
    /// Of `filed.csv`, for the next wave to check it by.
    pub filed_sha256: Option<String>,
    pub decisions_sha256: Option<String>,
    /// How many lines of the decisions file were applied (matched a count).
    pub decisions_applied: usize,
    /// What preflight found of the files filed with the courts.
    pub preflight: PreflightCounts,
    /// What the courts' e-filing files hold.
    pub efiling: EfilingCounts,
}

/// Preflight of a run: court documents, combined volumes and indexes checked, and what failed.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct PreflightCounts {
    pub checked: usize,
    pub passed: usize,
    pub failed: usize,
    /// Documents held back from their court's package: failed, or in a filing with one that did.
    pub documents_held: usize,
}

/// The courts' `envelopes.json` and `dispositions.csv`, counted.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct EfilingCounts {
    pub envelopes: usize,
    pub filings: usize,
    /// Rows of dispositions.csv: counts filed.
    pub dispositions: usize,
}

/// What e-filing made of a run, for the summary.
#[derive(Clone, Copy, Debug, Default)]
pub struct Efiled {
    pub preflight: PreflightCounts,
    pub efiling: EfilingCounts,
}

impl Efiled {
    /// Counts preflight's findings, one list of problems per file.
    pub fn count(&mut self, problems: &[Vec<crate::preflight::Problem>]) {
        let failed = problems.iter().filter(|p| !p.is_empty()).count();
        self.preflight.checked += problems.len();
        self.preflight.failed += failed;
        self.preflight.passed += problems.len() - failed;
    }
}

impl Summary {
    /// The summary of a run that read `loaded`, found `batch` and planned `totals` in `courts`;
    /// `documents` counts the files by kind.
    pub fn new(
        settings: &Settings,
        loaded: &Loaded,
        batch: &Batch,
        totals: &Totals,
        courts: &[CourtId],
        unmailable: &[Unmailable],
        documents: BTreeMap<String, usize>,
    ) -> Summary {
        let unmailable_letters = unmailable.iter().filter(|u| !u.deceased).count();
        Summary {
            tool: "clearpress",
            version: env!("CARGO_PKG_VERSION"),
            as_of: settings.as_of.to_string(),
            rows: batch.rows,
            people: totals.people,
            cases: totals.cases,
            courts: courts
                .iter()
                .map(|c| loaded.forms.court(*c).slug.clone())
                .collect(),
            documents,
            letters_mailable: totals.letters - unmailable_letters,
            letters_unmailable: unmailable.len(),
            exceptions: batch.exceptions.len(),
            held_for_review: batch.review.len(),
            warnings: batch.warnings.len(),
            inputs: loaded
                .files()
                .map(|i| InputFile {
                    path: i.path.clone(),
                    sha256: i.sha256.clone(),
                })
                .collect(),
            contacts_sha256: loaded.contacts_sha256.clone(),
            contacts_encoding: loaded.contacts.encoding(),
            contacts: totals.contacts,
            config_sha256: loaded.config_sha256.clone(),
            sample: loaded.config.sample,
            pdf_standard: settings.pdf_standard.name().into(),
            run_key: String::new(),
            wave: 1,
            previous_run_key: loaded.previous.as_ref().map(|p| p.run_key.clone()),
            waves: Vec::new(),
            counts_filed: 0,
            counts_already_filed: 0,
            filed_sha256: None,
            decisions_sha256: loaded.decisions.as_ref().map(|d| d.sha256.clone()),
            decisions_applied: 0,
            preflight: PreflightCounts::default(),
            efiling: EfilingCounts::default(),
        }
    }

    /// What identifies the run, its wave and what the decisions did.
    pub fn of_run(
        &mut self,
        run_key: &str,
        wave: u32,
        loaded: &Loaded,
        decided: &Decided,
        already_filed: usize,
    ) {
        self.run_key = run_key.to_string();
        self.wave = wave;
        self.waves = loaded
            .previous
            .as_ref()
            .map(|p| p.waves.clone())
            .unwrap_or_default();
        if let Ok(as_of) = self.as_of.parse() {
            self.waves.push(Wave {
                wave,
                run_key: run_key.to_string(),
                as_of,
            });
        }
        self.counts_already_filed = already_filed;
        self.decisions_applied = decided.lines_applied;
    }

    /// The summary a clerk reads at the end of a run.
    pub fn screen(&self, out: Option<&std::path::Path>) -> String {
        let r = &self.rows;
        let mut s = String::new();
        s.push_str(&format!(
            "rows read {}: used {}, skipped {} (context rows without a determination), held for review {}, rejected {}\n",
            r.rows_read, r.rows_used, r.rows_skipped, r.rows_held, r.rows_rejected
        ));
        s.push_str(&format!(
            "people {}, cases {}, courts {}\n",
            self.people,
            self.cases,
            self.courts.join(", ")
        ));
        if !self.documents.is_empty() {
            let docs: Vec<String> = self
                .documents
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            s.push_str(&format!("documents: {}\n", docs.join(", ")));
        }
        s.push_str(&format!(
            "letters: {} mailable, {} not mailable (see mail/unmailable.csv)\n",
            self.letters_mailable, self.letters_unmailable
        ));
        if let Some(encoding) = self.contacts_encoding {
            let c = &self.contacts;
            s.push_str(&format!(
                "contacts rows {} ({encoding}): used {}, for nobody in the input {}, unreadable {}, duplicates {}\n",
                c.contacts_rows,
                c.contacts_used,
                c.contacts_unmatched,
                c.contacts_broken,
                c.contacts_duplicates
            ));
        }
        if let Some(out) = out {
            if r.rows_rejected > 0 {
                s.push_str(&format!(
                    "{} rows could not be filed: see {}\n",
                    r.rows_rejected,
                    out.join("exceptions.csv").display()
                ));
            }
            if r.rows_held > 0 {
                s.push_str(&format!(
                    "{} rows are held for a person to review: see {}\n",
                    r.rows_held,
                    out.join("review.csv").display()
                ));
            }
        }
        if let Some(previous) = &self.previous_run_key {
            s.push_str(&format!(
                "wave {}: {} counts new or changed since run {}, {} already filed and not filed again\n",
                self.wave,
                self.counts_filed,
                previous.get(..12).unwrap_or(previous),
                self.counts_already_filed
            ));
        }
        if self.decisions_sha256.is_some() {
            s.push_str(&format!(
                "decisions: {} lines applied{}\n",
                self.decisions_applied,
                if out.is_some() {
                    " (see decisions.csv)"
                } else {
                    ""
                }
            ));
        }
        let p = &self.preflight;
        if p.checked > 0 {
            s.push_str(&format!(
                "preflight: {} files checked, {} passed, {} failed; {} envelopes of {} filings\n",
                p.checked, p.passed, p.failed, self.efiling.envelopes, self.efiling.filings
            ));
        }
        if p.documents_held > 0 {
            s.push_str(&format!(
                "{} documents are held back from their court's package (preflight): see exceptions.csv\n",
                p.documents_held
            ));
        }
        if self.warnings > 0 {
            s.push_str(&format!("{} warnings (listed above)\n", self.warnings));
        }
        if self.sample {
            s.push_str("no --config: the sample office was used and every page is stamped SAMPLE — NOT FOR FILING\n");
        }
        s
    }
}

/// Writes `exceptions.csv` and `review.csv`.
pub fn write_lists(
    out: &OutputDir,
    exceptions: &[Exception],
    review: &[Held],
) -> Result<[Written; 2], Error> {
    Ok([
        out.write_csv("exceptions.csv", &EXCEPTIONS_HEADER, exceptions)?,
        out.write_csv("review.csv", &REVIEW_HEADER, review)?,
    ])
}

/// Writes `filed.csv`, the ledger: every count filed so far.
pub fn write_ledger(out: &OutputDir, rows: &[Filed]) -> Result<Written, Error> {
    out.write_csv("filed.csv", &FILED_HEADER, rows)
}

/// Writes `decisions.csv`: every count a decision was applied to, with who decided it.
pub fn write_decisions(out: &OutputDir, rows: &[Applied]) -> Result<Written, Error> {
    out.write_csv("decisions.csv", &DECISIONS_HEADER, rows)
}

/// Something the user should know that does not stop the run.
pub enum Warning {
    /// A file in the templates folder that matches no file clearpress uses.
    UnknownTemplate(String),
    /// A row read with a repair.
    Row(RowIssue),
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::UnknownTemplate(name) => write!(
                f,
                "{name} in the templates folder matches no file clearpress uses; it is ignored"
            ),
            Warning::Row(w) => write!(f, "{}:{}: {}", w.source.file, w.source.line, w.message),
        }
    }
}
