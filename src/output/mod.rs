//! The output folder: the only place that writes files. Every file is written to a temporary name
//! and renamed into place, owner-only (folders 0700, files 0600), so that a run killed at any
//! moment leaves no partial file under a final name. A journal of finished documents lets
//! `render --resume` complete a killed run.

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::model::hex;

mod streamed;
pub use streamed::{Streamed, Writes};

/// Every file under `dir`, sorted: what `verify` and `preflight` read back, and an edited
/// templates folder.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Names clearpress keeps for itself in the output folder; not part of the manifest.
const MARKER: &str = ".clearpress-run";
const JOURNAL: &str = ".clearpress-journal";
pub const UNLISTED: [&str; 4] = [MARKER, JOURNAL, "manifest.csv", "timings.json"];

/// A file that was written: what the manifest says of it.
#[derive(Clone, Debug)]
pub struct Written {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub pages: usize,
}

pub struct OutputDir {
    root: PathBuf,
    journal: Mutex<fs::File>,
    /// Documents a killed earlier run finished, by path.
    pub done: HashMap<String, Written>,
}

impl OutputDir {
    /// Opens `root` for a run identified by `run_key` (a hash of inputs, config, date and version).
    /// A non-empty folder is refused unless it holds an earlier run with the same key and
    /// `resume` is set.
    pub fn open(root: &Path, run_key: &str, resume: bool) -> Result<OutputDir, Error> {
        let non_empty = fs::read_dir(root)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        let mut done = HashMap::new();
        if non_empty {
            let earlier = fs::read_to_string(root.join(MARKER)).unwrap_or_default();
            if earlier.trim() != run_key {
                let why = if earlier.is_empty() {
                    "is not empty and holds no clearpress run"
                } else {
                    "holds a clearpress run with other inputs, config, date or version"
                };
                return Err(Error::output(
                    root,
                    format!("{why}; choose an empty or new folder"),
                ));
            }
            if !resume {
                return Err(Error::output(
                    root,
                    "already holds this run; add --resume to finish it, or choose a new folder",
                ));
            }
            done = read_journal(&root.join(JOURNAL));
            remove_temporaries(root);
        }
        make_dir(root)?;
        fs::set_permissions(root, fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::output(root, e))?;
        let dir = OutputDir {
            root: root.to_path_buf(),
            journal: Mutex::new(
                fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .mode(0o600)
                    .open(root.join(JOURNAL))
                    .map_err(|e| Error::output(root, e))?,
            ),
            done,
        };
        dir.write_raw(MARKER, format!("{run_key}\n").as_bytes())?;
        Ok(dir)
    }

    /// Takes the documents a finished shard run wrote in `shard_dir` (checked against their
    /// hashes) as done: hard-linked when on the same disk, copied otherwise.
    pub fn adopt(&mut self, shard_dir: &Path) -> Result<(), Error> {
        let entries = read_journal(&shard_dir.join(JOURNAL));
        for (rel, w) in entries {
            let (from, to) = (shard_dir.join(&rel), self.root.join(&rel));
            make_dir(to.parent().unwrap_or(&self.root))?;
            if fs::hard_link(&from, &to).is_err() {
                fs::copy(&from, &to).map_err(|e| Error::output(&to, e))?;
                fs::set_permissions(&to, fs::Permissions::from_mode(0o600))
                    .map_err(|e| Error::output(&to, e))?;
            }
            self.done.insert(rel, w);
        }
        Ok(())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `rel` atomically and returns its manifest entry.
    pub fn write(&self, rel: &str, bytes: &[u8], pages: usize) -> Result<Written, Error> {
        self.write_raw(rel, bytes)?;
        Ok(Written {
            path: rel.to_string(),
            bytes: bytes.len() as u64,
            sha256: hex(&Sha256::digest(bytes)),
            pages,
        })
    }

    /// Like `write`, and records the document in the journal so that a resumed run skips it.
    pub fn write_document(&self, rel: &str, bytes: &[u8], pages: usize) -> Result<Written, Error> {
        let w = self.write(rel, bytes, pages)?;
        let mut journal = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        writeln!(
            journal,
            "{}\t{}\t{}\t{}",
            w.path, w.bytes, w.sha256, w.pages
        )
        .map_err(|e| Error::output(&self.root.join(JOURNAL), e))?;
        Ok(w)
    }

    /// Writes a large file through `fill` straight to disk (a zip or a combined PDF can be larger
    /// than memory should hold), atomically, hashing it as it goes. Returns what `fill` returns.
    pub fn write_streamed<T>(
        &self,
        rel: &str,
        writes: Writes,
        fill: impl FnOnce(&mut BufWriter<Streamed>) -> Result<T, String>,
    ) -> Result<(Written, T), Error> {
        let target = self.root.join(rel);
        let parent = target.parent().unwrap_or(&self.root);
        make_dir(parent)?;
        let tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(parent)
            .map_err(|e| Error::output(parent, e))?;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::output(&target, e))?;
        let mut w = BufWriter::new(Streamed::new(tmp.as_file(), writes));
        let value = fill(&mut w).map_err(|e| Error::output(&target, e))?;
        let streamed = w
            .into_inner()
            .map_err(|e| Error::output(&target, e.into_error()))?;
        let (bytes, sha256) = streamed.finish().map_err(|e| Error::output(&target, e))?;
        tmp.persist(&target)
            .map_err(|e| Error::output(&target, e.error))?;
        Ok((
            Written {
                path: rel.to_string(),
                bytes,
                sha256,
                pages: 0,
            },
            value,
        ))
    }

    fn write_raw(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.root.join(rel);
        let parent = target.parent().unwrap_or(&self.root);
        make_dir(parent)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(parent)
            .map_err(|e| Error::output(parent, e))?;
        tmp.write_all(bytes)
            .map_err(|e| Error::output(&target, e))?;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::output(&target, e))?;
        tmp.persist(&target)
            .map_err(|e| Error::output(&target, e.error))?;
        Ok(())
    }

    /// Writes rows as CSV with a header, even when there are no rows.
    pub fn write_csv<T: serde::Serialize>(
        &self,
        rel: &str,
        header: &[&str],
        rows: &[T],
    ) -> Result<Written, Error> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        let io = |e: csv::Error| Error::output(&self.root.join(rel), e);
        w.write_record(header).map_err(io)?;
        for row in rows {
            w.serialize(row).map_err(io)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::output(&self.root.join(rel), e))?;
        self.write(rel, &bytes, 0)
    }

    /// The run finished: its journal is no longer needed.
    pub fn finish(self) -> Result<(), Error> {
        drop(self.journal);
        let j = self.root.join(JOURNAL);
        fs::remove_file(&j).map_err(|e| Error::output(&j, e))
    }
}

/// Temporary files a killed run left behind (never under a final name).
fn remove_temporaries(dir: &Path) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_temporaries(&path);
        } else if entry.file_name().to_string_lossy().starts_with(".tmp-") {
            let _ = fs::remove_file(&path);
        }
    }
}

fn make_dir(dir: &Path) -> Result<(), Error> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::output(dir, e))
}

fn read_journal(path: &Path) -> HashMap<String, Written> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let root = path.parent().unwrap_or(Path::new("."));
    text.lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let w = Written {
                path: f.next()?.to_string(),
                bytes: f.next()?.parse().ok()?,
                sha256: f.next()?.to_string(),
                pages: f.next()?.parse().ok()?,
            };
            // Trust an entry only if the file is there with exactly those bytes.
            let on_disk = fs::read(root.join(&w.path)).ok()?;
            (hex(&Sha256::digest(&on_disk)) == w.sha256).then(|| (w.path.clone(), w))
        })
        .collect()
}
