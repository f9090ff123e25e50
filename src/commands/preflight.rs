//! `preflight PATH...`: PDFs, or the courts' files of an output folder, checked as a court's
//! e-filing system would check them. One line per problem on stdout; true when there is none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::PreflightArgs;
use crate::error::Error;
use crate::input::{ByteSize, Config, Efiling, Forms};
use crate::model::CourtId;
use crate::preflight::{self, Rules, Title};

/// One PDF to check, and what is known of it.
struct Target {
    path: PathBuf,
    /// The court whose limits apply, if known.
    court: Option<CourtId>,
    /// Its caption's title, from its court's envelopes.json.
    title: Option<String>,
    /// For a combined volume: how many documents it holds (0 when not known).
    volume: Option<usize>,
}

pub fn preflight(args: &PreflightArgs) -> Result<bool, Error> {
    let (assets, forms, config) = super::office(args.templates.as_deref(), args.config.as_deref())?;
    let forced = match &args.court {
        Some(slug) => Some(forms.court_by_slug(slug).ok_or_else(|| {
            Error::Usage(format!(
                "--court {slug}: no such court; a court's slug is its county in lower case with hyphens, e.g. los-angeles"
            ))
        })?),
        None => None,
    };
    let mut targets = Vec::new();
    let mut good = true;
    for path in &args.paths {
        if path.is_dir() {
            good &= gather(path, &forms, &config, &mut targets)?;
        } else if path.exists() {
            targets.push(Target {
                path: path.clone(),
                court: court_of(path, &forms),
                title: None,
                volume: None,
            });
        } else {
            return Err(Error::input(
                &path.display().to_string(),
                "no such file or folder".into(),
            ));
        }
    }
    let mut settings: BTreeMap<Option<CourtId>, Efiling> = BTreeMap::new();
    let (mut failed, total) = (0, targets.len());
    for t in &targets {
        let court = forced.or(t.court);
        let s = match settings.get(&court) {
            Some(s) => s,
            None => {
                let s = match court {
                    Some(c) => config.efiling(&forms, c)?,
                    None => forms
                        .efiling
                        .defaults()
                        .map_err(|e| Error::config(&assets.shown("forms/efiling.toml"), e))?,
                };
                settings.entry(court).or_insert(s)
            }
        };
        let shown = t.path.display().to_string();
        let bytes = std::fs::read(&t.path)
            .map_err(|e| Error::input(&shown, format!("cannot read it: {e}")))?;
        let name = t
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rules = Rules {
            largest_file: Some(s.largest_file),
            file_names: Some(&s.file_names),
            title: match (&t.title, t.volume) {
                (_, Some(_)) => Title::Any,
                (Some(title), None) => Title::Is(title),
                (None, None) => Title::Printed,
            },
            bookmarks: t.volume,
            pages: true,
        };
        let problems = preflight::check(&name, &bytes, &rules);
        if !problems.is_empty() {
            failed += 1;
        }
        for p in problems {
            println!("{shown}: {p}");
        }
    }
    eprintln!(
        "preflight: {total} files checked, {} passed, {failed} with problems",
        total - failed
    );
    Ok(good && failed == 0)
}

/// The court a file's folder is named after (`courts/<slug>/x.pdf`).
fn court_of(path: &Path, forms: &Forms) -> Option<CourtId> {
    let folder = path.parent()?.file_name()?.to_str()?;
    forms.court_by_slug(folder)
}

/// The PDFs under `dir`: of an output folder, its courts' files, with what its envelopes.json and
/// index.csv say of them, and its envelopes checked against the court's limit; else every PDF.
/// False when an envelope is over its limit.
fn gather(
    dir: &Path,
    forms: &Forms,
    config: &Config,
    targets: &mut Vec<Target>,
) -> Result<bool, Error> {
    let courts = dir.join("courts");
    let output = dir.join("manifest.csv").is_file() && courts.is_dir();
    let root = if output { courts } else { dir.to_path_buf() };
    let mut good = true;
    let mut files = crate::output::files_under(&root);
    files.retain(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    let mut known: BTreeMap<PathBuf, (Option<String>, Option<usize>)> = BTreeMap::new();
    if output {
        for folder in walk_dirs(&root) {
            let Some(court) =
                forms.court_by_slug(&folder.file_name().unwrap_or_default().to_string_lossy())
            else {
                continue;
            };
            let envelopes = folder.join("envelopes.json");
            if let Ok(text) = std::fs::read_to_string(&envelopes) {
                let json: serde_json::Value = serde_json::from_str(&text)
                    .map_err(|e| Error::input(&envelopes.display().to_string(), e.to_string()))?;
                let limit = config.efiling(forms, court)?.largest_envelope;
                good &= envelope_sizes(&envelopes, &json, limit);
                for doc in json["envelopes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|e| e["filings"].as_array().into_iter().flatten())
                    .flat_map(|f| f["documents"].as_array().into_iter().flatten())
                {
                    if let (Some(file), Some(title)) = (doc["file"].as_str(), doc["title"].as_str())
                    {
                        known.insert(folder.join(file), (Some(title.to_string()), None));
                    }
                }
            }
            for (volume, count) in volumes(&folder.join("index.csv")) {
                known.insert(folder.join(volume), (None, Some(count)));
            }
        }
    }
    for path in files {
        let (title, mut volume) = known.get(&path).cloned().unwrap_or_default();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if volume.is_none() && name.starts_with("combined") {
            volume = Some(0);
        }
        targets.push(Target {
            court: court_of(&path, forms),
            path,
            title,
            volume,
        });
    }
    Ok(good)
}

/// Prints a line for each envelope of `json` over `limit`; true when there is none.
fn envelope_sizes(file: &Path, json: &serde_json::Value, limit: ByteSize) -> bool {
    let mut good = true;
    for e in json["envelopes"].as_array().into_iter().flatten() {
        let bytes = e["bytes"].as_u64().unwrap_or(0);
        if bytes > limit.0 {
            good = false;
            println!(
                "{}: envelope {} is {}; the court takes envelopes of at most {limit}",
                file.display(),
                e["id"].as_str().unwrap_or("?"),
                ByteSize(bytes)
            );
        }
    }
    good
}

/// How many documents each combined volume holds, from a court's index.csv.
fn volumes(index: &Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let Ok(mut reader) = csv::Reader::from_path(index) else {
        return counts;
    };
    let Some(col) = reader
        .headers()
        .ok()
        .and_then(|h| h.iter().position(|c| c == "volume"))
    else {
        return counts;
    };
    for row in reader.records().flatten() {
        if let Some(v) = row.get(col) {
            *counts.entry(v.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// The folders directly under `dir`, sorted.
fn walk_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}
