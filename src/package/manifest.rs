//! `manifest.csv` and each court's `index.csv`: every file a run wrote, with what it is, and
//! where each document sits in its court's combined volumes.

use serde::Serialize;

use crate::model::{CaseNumbers, CourtSlug, Kind, PersonRef};
use crate::output::Written;
use crate::plan::Doc;

/// One row of `manifest.csv`.
#[derive(Clone, Debug, Serialize)]
pub struct ManifestRow {
    pub path: String,
    pub kind: Kind,
    pub court: Option<CourtSlug>,
    pub person_ref: Option<PersonRef>,
    pub person_name: String,
    pub case_numbers: CaseNumbers,
    pub pages: usize,
    pub bytes: u64,
    pub sha256: String,
    /// A court document's title (its caption's), for its e-filing envelope; not a column.
    #[serde(skip)]
    pub title: String,
}

pub const MANIFEST_HEADER: [&str; 9] = [
    "path",
    "kind",
    "court",
    "person_ref",
    "person_name",
    "case_numbers",
    "pages",
    "bytes",
    "sha256",
];

impl ManifestRow {
    /// A rendered document.
    pub fn document(doc: &Doc, w: Written) -> ManifestRow {
        ManifestRow {
            path: w.path,
            kind: doc.kind,
            court: doc.court.clone(),
            person_ref: doc.person_ref.clone(),
            person_name: doc.person_name.clone(),
            case_numbers: doc.case_numbers.clone(),
            pages: w.pages,
            bytes: w.bytes,
            sha256: w.sha256,
            title: doc.title.clone(),
        }
    }

    /// A file made from documents or data (a volume, a zip, a list).
    pub fn file(w: Written, kind: Kind, court: Option<&CourtSlug>) -> ManifestRow {
        ManifestRow {
            path: w.path,
            kind,
            court: court.cloned(),
            person_ref: None,
            person_name: String::new(),
            case_numbers: CaseNumbers::default(),
            pages: w.pages,
            bytes: w.bytes,
            sha256: w.sha256,
            title: String::new(),
        }
    }

    /// The document's file name within its court's folder.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// Where a document goes in its court's package: cover letter, notices, omnibus papers, then
    /// each case's petition followed by its order — paired by case and person, never by file name.
    pub fn filing_order(&self) -> (u8, String, &CaseNumbers, u8) {
        let case = match &self.person_ref {
            Some(person) => format!("{}_{person}", self.case_numbers.stem()),
            None => String::new(),
        };
        (
            self.kind.filing_rank(),
            case,
            &self.case_numbers,
            u8::from(self.kind == Kind::Order),
        )
    }

    /// The document's bookmark in a combined volume.
    pub fn bookmark(&self) -> String {
        if self.person_name.is_empty() {
            self.kind.to_string()
        } else {
            format!(
                "{} {} — {}",
                self.case_numbers.joined(", "),
                self.kind,
                self.person_name
            )
        }
    }
}

/// One row of a court's index CSV: a document, and where it is in the combined volumes.
#[derive(Serialize)]
pub struct IndexRow {
    pub number: usize,
    pub kind: Kind,
    pub file: String,
    pub person_ref: Option<PersonRef>,
    pub person_name: String,
    pub case_numbers: CaseNumbers,
    /// The combined PDF that holds it; first_page and last_page are that file's pages.
    pub volume: String,
    pub first_page: usize,
    pub last_page: usize,
    pub sha256: String,
}

pub const INDEX_HEADER: [&str; 10] = [
    "number",
    "kind",
    "file",
    "person_ref",
    "person_name",
    "case_numbers",
    "volume",
    "first_page",
    "last_page",
    "sha256",
];
