//! Package: finished files become per-court zips, the manifest and the court index rows. Sees only
//! finished bytes and their metadata, never people or templates.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use zip::write::SimpleFileOptions;

use crate::error::Error;
use crate::output::{OutputDir, Writes, Written};

/// One row of `manifest.csv`.
#[derive(Clone, Debug, Serialize)]
pub struct ManifestRow {
    pub path: String,
    pub kind: String,
    pub court: String,
    pub person_ref: String,
    pub person_name: String,
    pub case_numbers: String,
    pub pages: usize,
    pub bytes: u64,
    pub sha256: String,
}

pub const MANIFEST_HEADER: [&str; 9] = ["path", "kind", "court", "person_ref", "person_name", "case_numbers", "pages", "bytes", "sha256"];

impl ManifestRow {
    pub fn data(w: Written, kind: &str, court: &str) -> ManifestRow {
        ManifestRow {
            path: w.path,
            kind: kind.into(),
            court: court.into(),
            person_ref: String::new(),
            person_name: String::new(),
            case_numbers: String::new(),
            pages: w.pages,
            bytes: w.bytes,
            sha256: w.sha256,
        }
    }
}

/// The order a clerk reads a package in: cover letter, notices, omnibus papers, then each
/// petition followed by its order.
pub fn filing_order(row: &ManifestRow) -> (u8, String) {
    let rank = match row.kind.as_str() {
        "transmittal" => 0,
        "notice-unchallenged" => 1,
        "notice-challenged" => 2,
        "omnibus-motion" => 3,
        "omnibus-order" => 4,
        "petition" | "order" => 5,
        _ => 9,
    };
    let pair = row.path.replace("_petition.pdf", "_1").replace("_order.pdf", "_2");
    (rank, pair)
}

/// Writes `courts/<slug>.zip` holding the given files under `<slug>/`, in path order, stored
/// uncompressed (PDFs are compressed already), with the run date as every entry's timestamp:
/// the same inputs give the same bytes.
pub fn zip_court(out: &OutputDir, slug: &str, files: &[&ManifestRow], as_of: NaiveDate) -> Result<Written, Error> {
    let mut sorted: Vec<&&ManifestRow> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let stamp = zip::DateTime::from_date_and_time(as_of.year().clamp(1980, 2107) as u16, as_of.month() as u8, as_of.day() as u8, 0, 0, 0)
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(stamp)
        .unix_permissions(0o600);
    let rel = format!("courts/{slug}.zip");
    let (written, ()) = out.write_streamed(&rel, Writes::Patching, |file| {
        let mut zip = zip::ZipWriter::new(file);
        for f in sorted {
            let name = f.path.strip_prefix("courts/").unwrap_or(&f.path);
            let mut source = std::fs::File::open(out.root().join(&f.path)).map_err(|e| format!("{}: {e}", f.path))?;
            zip.start_file(name, options).map_err(|e| e.to_string())?;
            std::io::copy(&mut source, &mut zip).map_err(|e| e.to_string())?;
        }
        zip.finish().map(|_| ()).map_err(|e| e.to_string())
    })?;
    Ok(written)
}

/// One row of a court's index CSV: a document, and where it is in the combined volumes.
#[derive(Serialize)]
pub struct IndexRow {
    pub number: usize,
    pub kind: String,
    pub file: String,
    pub person_ref: String,
    pub person_name: String,
    pub case_numbers: String,
    /// The combined PDF that holds it; first_page and last_page are that file's pages.
    pub volume: String,
    pub first_page: usize,
    pub last_page: usize,
    pub sha256: String,
}

pub const INDEX_HEADER: [&str; 10] = ["number", "kind", "file", "person_ref", "person_name", "case_numbers", "volume", "first_page", "last_page", "sha256"];
