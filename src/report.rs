//! What a run tells its user: `summary.json` and the one-screen summary on stderr.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::validate::RowCounts;

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
    pub config_sha256: Option<String>,
    pub sample: bool,
    pub pdf_standard: String,
}

impl Summary {
    /// The summary a clerk reads at the end of a run.
    pub fn screen(&self, out: Option<&std::path::Path>) -> String {
        let r = &self.rows;
        let mut s = String::new();
        s.push_str(&format!(
            "rows read {}: used {}, skipped {} (context rows without a determination), held for review {}, rejected {}\n",
            r.rows_read, r.rows_used, r.rows_skipped, r.rows_held, r.rows_rejected
        ));
        s.push_str(&format!("people {}, cases {}, courts {}\n", self.people, self.cases, self.courts.join(", ")));
        if !self.documents.is_empty() {
            let docs: Vec<String> = self.documents.iter().map(|(k, n)| format!("{k} {n}")).collect();
            s.push_str(&format!("documents: {}\n", docs.join(", ")));
        }
        s.push_str(&format!("letters: {} mailable, {} not mailable (see mail/unmailable.csv)\n", self.letters_mailable, self.letters_unmailable));
        if let Some(out) = out {
            if r.rows_rejected > 0 {
                s.push_str(&format!("{} rows could not be filed: see {}\n", r.rows_rejected, out.join("exceptions.csv").display()));
            }
            if r.rows_held > 0 {
                s.push_str(&format!("{} rows are held for a person to review: see {}\n", r.rows_held, out.join("review.csv").display()));
            }
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
