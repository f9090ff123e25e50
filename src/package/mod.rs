//! Package: finished documents become each court's combined volumes, index CSV and zip, and the
//! mail run. Sees finished files and what the plan said of them, never people or templates.

pub mod efiling;
pub mod join;
mod mail;
mod manifest;
mod zip;

use chrono::NaiveDate;

pub use mail::MailRun;
pub use manifest::{INDEX_HEADER, IndexRow, MANIFEST_HEADER, ManifestRow};

use crate::error::Error;
use crate::model::{CourtId, CourtSlug, Kind};
use crate::output::{OutputDir, Writes, Written};
use crate::parallel;
use crate::plan::{IndexEntry, Volume};
use crate::progress::{Progress, Stage};

/// A combined PDF holds this many bytes of documents at most, so that each volume stays well
/// below the 25 MB that e-filing systems commonly accept.
const VOLUME_BYTES: u64 = 15 << 20;

/// A court's documents, in filing order.
pub struct Court {
    pub id: CourtId,
    pub slug: CourtSlug,
    pub docs: Vec<ManifestRow>,
    /// The most bytes of documents a combined volume holds: 15 MB, or less where the court takes
    /// smaller files.
    pub volume_bytes: u64,
    /// Files made for the court besides its documents, volumes and indexes (its e-filing
    /// envelopes and dispositions): zipped with them.
    pub data: Vec<ManifestRow>,
}

/// Each court's documents among `documents`, in filing order.
pub fn courts(ids: &[(CourtId, CourtSlug)], documents: &[ManifestRow]) -> Vec<Court> {
    ids.iter()
        .map(|(id, slug)| {
            let mut docs: Vec<ManifestRow> = documents
                .iter()
                .filter(|m| m.court.as_ref() == Some(slug))
                .cloned()
                .collect();
            docs.sort_by(|a, b| a.filing_order().cmp(&b.filing_order()));
            Court {
                id: *id,
                slug: slug.clone(),
                docs,
                volume_bytes: VOLUME_BYTES,
                data: Vec::new(),
            }
        })
        .collect()
}

/// One combined PDF of a court, written: its documents with their numbers in the court's index and
/// their first pages in the volume.
pub struct Joined {
    /// Index into the courts given to `volumes`.
    pub court: usize,
    pub number: usize,
    pub count: usize,
    pub combined: ManifestRow,
    /// (number in the court's index, first page in this volume, the document).
    docs: Vec<(usize, usize, ManifestRow)>,
}

impl Joined {
    /// The combined PDF's file name.
    pub fn file_name(&self) -> &str {
        self.combined.file_name()
    }

    /// The volume's documents as its index lists them.
    pub fn entries(&self) -> Vec<IndexEntry<'_>> {
        self.docs
            .iter()
            .map(|(number, first_page, m)| IndexEntry {
                number: *number,
                kind: m.kind,
                file: m.file_name(),
                person_ref: m.person_ref.as_ref(),
                case_numbers: &m.case_numbers,
                first_page: *first_page,
                pages: m.pages,
                sha256: &m.sha256,
            })
            .collect()
    }

    /// Each document's path and its first page in this volume.
    pub fn first_pages(&self) -> impl Iterator<Item = (&str, usize)> {
        self.docs
            .iter()
            .map(|(_, page, m)| (m.path.as_str(), *page))
    }

    /// How many documents the volume holds.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    pub fn volume(&self) -> Volume<'_> {
        Volume {
            number: self.number,
            count: self.count,
            combined: self.file_name(),
        }
    }

    fn index_rows(&self) -> impl Iterator<Item = IndexRow> + '_ {
        self.docs.iter().map(|(number, first_page, m)| IndexRow {
            number: *number,
            kind: m.kind,
            file: m.file_name().to_string(),
            person_ref: m.person_ref.clone(),
            person_name: m.person_name.clone(),
            case_numbers: m.case_numbers.clone(),
            volume: self.file_name().to_string(),
            first_page: *first_page,
            last_page: first_page + m.pages.saturating_sub(1),
            sha256: m.sha256.clone(),
        })
    }
}

/// Joins each court's documents into combined volumes of at most `VOLUME_BYTES`, a bookmark per
/// document and page labels that restart with each, as its pages are printed. All volumes of all
/// courts are made on all threads, one at a time per thread: each holds its documents in memory.
pub fn volumes(
    courts: &[Court],
    out: &OutputDir,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Vec<Joined>, Error> {
    let units: Vec<(usize, usize, usize, &[ManifestRow], usize)> = courts
        .iter()
        .enumerate()
        .flat_map(|(c, court)| {
            let cuts = cut(&court.docs, court.volume_bytes);
            let count = cuts.len();
            cuts.into_iter()
                .enumerate()
                .map(move |(i, (first, docs))| (c, i + 1, count, docs, first))
        })
        .collect();
    progress.start(Stage::Volumes, units.len() as u64);
    let made = parallel::run(
        threads,
        &units,
        |_| false,
        |&(c, number, count, docs, first)| {
            let joined = join_volume(out, &courts[c].slug, c, number, count, docs, first);
            progress.step();
            joined
        },
    )?;
    progress.finish();
    made.into_iter().collect()
}

/// A court's documents cut into volumes of at most `most` bytes of documents: (index of the first
/// document, the documents).
fn cut(docs: &[ManifestRow], most: u64) -> Vec<(usize, &[ManifestRow])> {
    let mut cuts = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, d) in docs.iter().enumerate() {
        if size + d.bytes > most && i > start {
            cuts.push((start, &docs[start..i]));
            (start, size) = (i, 0);
        }
        size += d.bytes;
    }
    if start < docs.len() {
        cuts.push((start, &docs[start..]));
    }
    cuts
}

fn join_volume(
    out: &OutputDir,
    slug: &CourtSlug,
    court: usize,
    number: usize,
    count: usize,
    docs: &[ManifestRow],
    first: usize,
) -> Result<Joined, Error> {
    let rel = if count > 1 {
        format!("courts/{slug}/combined-{number:02}.pdf")
    } else {
        format!("courts/{slug}/combined.pdf")
    };
    // Read one document at a time as the volume is written: a volume is 15 MB.
    let parts = docs.iter().map(|d| {
        let pdf = std::fs::read(out.root().join(&d.path))
            .map_err(|e| format!("cannot read {}: {e}", d.path))?;
        Ok(join::Part {
            pdf,
            bookmark: Some(d.bookmark()),
            pad_to_even: false,
            restart_labels: true,
        })
    });
    let (written, pages) = out.write_streamed(&rel, Writes::Forward, |w| {
        join::join(parts, &format!("{slug} filing"), w)
    })?;
    let combined = ManifestRow::file(Written { pages, ..written }, Kind::Combined, Some(slug));
    let mut page = 1;
    let docs = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let entry = (first + i + 1, page, d.clone());
            page += d.pages;
            entry
        })
        .collect();
    Ok(Joined {
        court,
        number,
        count,
        combined,
        docs,
    })
}

/// The last step of a run: each court's index CSV and zip (of everything in its folder: documents,
/// volumes, indexes) and the mail run's print files, on the same threads (one court's zip alone
/// would leave the others idle). `volumes` are the joined volumes, each with its rendered index.
pub fn finish(
    courts: &[Court],
    volumes: &[(Joined, ManifestRow)],
    mail: &MailRun,
    out: &OutputDir,
    as_of: NaiveDate,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Vec<ManifestRow>, Error> {
    enum Finish {
        Court(usize),
        Print(usize),
    }
    let work: Vec<Finish> = (0..courts.len())
        .map(Finish::Court)
        .chain((0..mail.print_files()).map(Finish::Print))
        .collect();
    progress.start(Stage::Package, work.len() as u64);
    let finished = parallel::run(
        threads,
        &work,
        |_| false,
        |f| {
            let rows = match f {
                Finish::Court(c) => finish_court(
                    &courts[*c],
                    volumes.iter().filter(|(j, _)| j.court == *c),
                    out,
                    as_of,
                ),
                Finish::Print(i) => Ok(vec![ManifestRow::file(
                    mail.print(out, *i)?,
                    Kind::MailRun,
                    None,
                )]),
            };
            progress.step();
            rows
        },
    )?;
    progress.finish();
    let mut manifest = Vec::new();
    for rows in finished {
        manifest.extend(rows?);
    }
    Ok(manifest)
}

fn finish_court<'a>(
    court: &Court,
    volumes: impl Iterator<Item = &'a (Joined, ManifestRow)>,
    out: &OutputDir,
    as_of: NaiveDate,
) -> Result<Vec<ManifestRow>, Error> {
    let slug = &court.slug;
    let mut rows: Vec<ManifestRow> = Vec::new();
    let mut index_rows: Vec<IndexRow> = Vec::new();
    for (volume, index) in volumes {
        rows.extend([index.clone(), volume.combined.clone()]);
        index_rows.extend(volume.index_rows());
    }
    rows.push(ManifestRow::file(
        out.write_csv(
            &format!("courts/{slug}/index.csv"),
            &INDEX_HEADER,
            &index_rows,
        )?,
        Kind::Data,
        Some(slug),
    ));
    rows.extend(court.data.iter().cloned());
    let files: Vec<&ManifestRow> = court.docs.iter().chain(&rows).collect();
    let zip = zip::zip_court(out, slug, &files, as_of)?;
    rows.push(ManifestRow::file(zip, Kind::Package, Some(slug)));
    Ok(rows)
}
