//! The files clearpress carries inside its binary — forms, templates, fonts — and the user's
//! overrides of them. One table drives loading, `--templates` overrides and `templates export`,
//! the way mdBook ships a theme.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../", $path)))),*]
    };
}

/// Every embedded file, by its path relative to the project root.
pub static EMBEDDED: &[(&str, &[u8])] = embed![
    "forms/courts.toml",
    "forms/determinations.toml",
    "forms/documents.toml",
    "forms/efiling.toml",
    "forms/envelope.toml",
    "forms/papers.toml",
    "forms/grounds.toml",
    "forms/statutes.toml",
    "forms/taglines.toml",
    "forms/waves.toml",
    "forms/sample-config.toml",
    "forms/profiles/gogen.toml",
    "forms/profiles/canonical.toml",
    "forms/profiles/contacts.toml",
    "templates/lib/common.typ",
    "templates/lib/pleading.typ",
    "templates/lib/letter.typ",
    "templates/lib/exhibit.typ",
    "templates/petition.typ.hbs",
    "templates/order.typ.hbs",
    "templates/letter.typ.hbs",
    "templates/notice.typ.hbs",
    "templates/transmittal.typ.hbs",
    "templates/index.typ.hbs",
    "templates/omnibus.typ.hbs",
    "templates/partials/attorney.typ.hbs",
    "templates/partials/signature.typ.hbs",
    "fonts/ClearpressSerif-Regular.ttf",
    "fonts/ClearpressSerif-Bold.ttf",
    "fonts/ClearpressSerif-Italic.ttf",
    "fonts/ClearpressSerif-BoldItalic.ttf",
    "fonts/ClearpressSans-Regular.ttf",
    "fonts/ClearpressSans-Bold.ttf",
    "fonts/NotoSansArmenian-Regular.ttf",
    "fonts/NotoSansKhmer-Regular.ttf",
    "fonts/NotoSansArabic-Regular.ttf",
    "fonts/NotoSansCJKtc-Taglines.otf",
    "fonts/LICENSE-OFL.txt",
];

/// Only forms and templates are the user's to edit; fonts stay as shipped so that a PDF never
/// depends on the machine.
fn editable(path: &str) -> bool {
    path.starts_with("forms/") || path.starts_with("templates/")
}

/// The files in force for one run: embedded ones, with any override from `--templates DIR`.
pub struct Assets {
    files: BTreeMap<&'static str, Cow<'static, [u8]>>,
    /// Where each overridden file came from, for messages.
    overridden: BTreeMap<&'static str, PathBuf>,
    /// Files in the override folder that match nothing clearpress uses.
    pub unknown: Vec<String>,
}

impl Assets {
    pub fn embedded() -> Assets {
        Assets {
            files: EMBEDDED
                .iter()
                .map(|(p, b)| (*p, Cow::Borrowed(*b)))
                .collect(),
            overridden: BTreeMap::new(),
            unknown: Vec::new(),
        }
    }

    /// The embedded files, with each file found under `dir` (same relative path) in its place.
    pub fn with_overrides(dir: Option<&Path>) -> Result<Assets, Error> {
        let mut assets = Assets::embedded();
        let Some(dir) = dir else { return Ok(assets) };
        if !dir.is_dir() {
            return Err(Error::config(
                &dir.display().to_string(),
                "not a folder (--templates takes the folder that `clearpress templates export` wrote)",
            ));
        }
        for (path, _) in EMBEDDED.iter().filter(|(p, _)| editable(p)) {
            let file = dir.join(path);
            if file.exists() {
                let bytes = std::fs::read(&file).map_err(|e| {
                    Error::config(&file.display().to_string(), format!("cannot read it: {e}"))
                })?;
                assets.files.insert(path, Cow::Owned(bytes));
                assets.overridden.insert(path, file);
            }
        }
        for found in crate::output::files_under(dir) {
            let rel = found
                .strip_prefix(dir)
                .unwrap_or(&found)
                .to_string_lossy()
                .replace('\\', "/");
            if !EMBEDDED.iter().any(|(p, _)| *p == rel) {
                assets.unknown.push(rel);
            }
        }
        Ok(assets)
    }

    pub fn bytes(&self, path: &str) -> &[u8] {
        self.files.get(path).map(|c| c.as_ref()).unwrap_or_default()
    }

    /// A text file, or an error naming the file the user gave.
    pub fn text(&self, path: &str) -> Result<&str, Error> {
        std::str::from_utf8(self.bytes(path))
            .map_err(|_| Error::config(&self.shown(path), "not valid UTF-8 text"))
    }

    /// How to name `path` in a message: the user's file when overridden.
    pub fn shown(&self, path: &str) -> String {
        match self.overridden.get(path) {
            Some(p) => p.display().to_string(),
            None => format!("{path} (embedded)"),
        }
    }

    pub fn fonts(&self) -> impl Iterator<Item = &'static [u8]> {
        EMBEDDED
            .iter()
            .filter(|(p, _)| p.ends_with(".ttf") || p.ends_with(".otf"))
            .map(|(_, b)| *b)
    }

    /// Paths under `templates/lib/`: the Typst library the templates import.
    pub fn typst_library(&self) -> impl Iterator<Item = (&'static str, &[u8])> {
        self.files
            .iter()
            .filter(|(p, _)| p.starts_with("templates/lib/"))
            .map(|(p, b)| (*p, b.as_ref()))
    }

    /// Writes every editable file under `dir`, refusing to overwrite anything.
    pub fn export(dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let mut written = Vec::new();
        for (path, bytes) in EMBEDDED.iter().filter(|(p, _)| editable(p)) {
            let target = dir.join(path);
            if target.exists() {
                return Err(Error::output(
                    &target,
                    "already exists; export into an empty folder",
                ));
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::output(parent, e))?;
            }
            std::fs::write(&target, bytes).map_err(|e| Error::output(&target, e))?;
            written.push(target);
        }
        Ok(written)
    }
}
