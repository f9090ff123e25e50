//! A court's filing package as one zip.

use chrono::{Datelike, NaiveDate};
use zip::write::SimpleFileOptions;

use super::ManifestRow;
use crate::error::Error;
use crate::model::CourtSlug;
use crate::output::{OutputDir, Writes, Written};

/// Writes `courts/<slug>.zip` holding the given files under `<slug>/`, in path order, stored
/// uncompressed (PDFs are compressed already), with the run date as every entry's timestamp:
/// the same inputs give the same bytes.
pub fn zip_court(
    out: &OutputDir,
    slug: &CourtSlug,
    files: &[&ManifestRow],
    as_of: NaiveDate,
) -> Result<Written, Error> {
    let mut sorted: Vec<&&ManifestRow> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let stamp = zip::DateTime::from_date_and_time(
        as_of.year().clamp(1980, 2107) as u16,
        as_of.month() as u8,
        as_of.day() as u8,
        0,
        0,
        0,
    )
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
            let mut source = std::fs::File::open(out.root().join(&f.path))
                .map_err(|e| format!("{}: {e}", f.path))?;
            zip.start_file(name, options).map_err(|e| e.to_string())?;
            std::io::copy(&mut source, &mut zip).map_err(|e| e.to_string())?;
        }
        zip.finish().map(|_| ()).map_err(|e| e.to_string())
    })?;
    Ok(written)
}
