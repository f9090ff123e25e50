//! `verify DIR`: re-hash every file of DIR/manifest.csv and report missing, changed and unexpected
//! files, and each court's envelopes.json and dispositions.csv naming a file the manifest does
//! not list as they say. True when everything matches.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::model::hex;
use crate::output::UNLISTED;

pub fn verify(dir: &Path) -> Result<bool, Error> {
    let manifest = dir.join("manifest.csv");
    let mut reader = csv::Reader::from_path(&manifest).map_err(|e| {
        Error::input(
            &manifest.display().to_string(),
            format!("cannot read it: {e}"),
        )
    })?;
    let headers = reader
        .headers()
        .map_err(|e| Error::input(&manifest.display().to_string(), e.to_string()))?
        .clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(
                &manifest.display().to_string(),
                format!("no `{name}` column"),
            )
        })
    };
    let (path_col, sha_col, bytes_col) = (col("path")?, col("sha256")?, col("bytes")?);
    // Path → (SHA-256, bytes) as listed.
    let mut listed: HashMap<String, (String, String)> = HashMap::new();
    let (mut missing, mut changed, mut ok) = (0, 0, 0);
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| {
            Error::input(
                &manifest.display().to_string(),
                format!("line {}: {e}", i + 2),
            )
        })?;
        let rel = &row[path_col];
        listed.insert(
            rel.to_string(),
            (row[sha_col].to_string(), row[bytes_col].to_string()),
        );
        match hash_file(&dir.join(rel)) {
            Err(_) => {
                missing += 1;
                println!("missing  {rel}");
            }
            Ok((sha, len)) if sha != row[sha_col] || len.to_string() != row[bytes_col] => {
                changed += 1;
                println!("changed  {rel}");
            }
            Ok(_) => ok += 1,
        }
    }
    let mut unexpected = 0;
    for file in crate::output::files_under(dir) {
        let rel = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        if !listed.contains_key(&rel) && !UNLISTED.contains(&rel.as_str()) {
            unexpected += 1;
            println!("unexpected  {rel}");
        }
    }
    let mut paths: Vec<&String> = listed.keys().collect();
    paths.sort();
    let mut mismatched = 0;
    for rel in paths {
        let Some(folder) = rel.strip_prefix("courts/").and_then(|r| r.split_once('/')) else {
            continue;
        };
        let named = match folder.1 {
            "envelopes.json" => envelope_files(&dir.join(rel)),
            "dispositions.csv" => disposition_files(&dir.join(rel)),
            _ => continue,
        };
        for (file, hash) in named {
            let path = format!("courts/{}/{file}", folder.0);
            let agrees = listed.get(&path).is_some_and(|(sha, bytes)| {
                hash.as_ref()
                    .is_none_or(|(s, b)| s == sha && b.to_string() == *bytes)
            });
            if !agrees {
                mismatched += 1;
                println!("mismatch  {rel}: {file}");
            }
        }
    }
    let good = missing + changed + unexpected + mismatched == 0;
    println!(
        "{ok} files verified, {missing} missing, {changed} changed, {unexpected} unexpected, {mismatched} mismatched in envelopes or dispositions"
    );
    Ok(good)
}

/// Every document an envelopes.json names, with its SHA-256 and bytes. An unreadable file names
/// nothing: its own hash in the manifest tells whether it changed.
fn envelope_files(path: &Path) -> Vec<(String, Option<(String, u64)>)> {
    let Ok(json) = std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).map_err(|e| e.to_string()))
    else {
        return Vec::new();
    };
    json["envelopes"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["filings"].as_array().into_iter().flatten())
        .flat_map(|f| f["documents"].as_array().into_iter().flatten())
        .filter_map(|d| {
            Some((
                d["file"].as_str()?.to_string(),
                Some((d["sha256"].as_str()?.to_string(), d["bytes"].as_u64()?)),
            ))
        })
        .collect()
}

/// Every document and volume a dispositions.csv names.
fn disposition_files(path: &Path) -> Vec<(String, Option<(String, u64)>)> {
    let mut named = std::collections::BTreeSet::new();
    if let Ok(mut r) = csv::Reader::from_path(path)
        && let Ok(h) = r.headers().cloned()
    {
        let cols: Vec<usize> = ["document", "volume"]
            .iter()
            .filter_map(|c| h.iter().position(|x| x == *c))
            .collect();
        for row in r.records().flatten() {
            named.extend(cols.iter().filter_map(|&c| row.get(c)).map(String::from));
        }
    }
    named.into_iter().map(|f| (f, None)).collect()
}

/// SHA-256 and length of a file, read in pieces: a county's zip is gigabytes.
fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let len = std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok((hex(&hasher.finalize()), len))
}
