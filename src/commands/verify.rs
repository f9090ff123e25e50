//! `verify DIR`: re-hash every file of DIR/manifest.csv and report missing, changed and unexpected
//! files. True when everything matches.

use std::collections::HashSet;
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
    let mut listed = HashSet::new();
    let (mut missing, mut changed, mut ok) = (0, 0, 0);
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| {
            Error::input(
                &manifest.display().to_string(),
                format!("line {}: {e}", i + 2),
            )
        })?;
        let rel = &row[path_col];
        listed.insert(rel.to_string());
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
    for file in walk(dir) {
        let rel = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        if !listed.contains(&rel) && !UNLISTED.contains(&rel.as_str()) {
            unexpected += 1;
            println!("unexpected  {rel}");
        }
    }
    let good = missing + changed + unexpected == 0;
    println!("{ok} files verified, {missing} missing, {changed} changed, {unexpected} unexpected");
    Ok(good)
}

/// SHA-256 and length of a file, read in pieces: a county's zip is gigabytes.
fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let len = std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok((hex(&hasher.finalize()), len))
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p))
            } else {
                out.push(p)
            }
        }
    }
    out
}
