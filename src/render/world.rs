//! Typst's `World` for clearpress: one immutable `Base` (library, fonts, the Typst files of
//! `templates/lib/`) built once and shared by every thread, and a tiny per-document world that adds
//! only the document's main source under one fixed file id.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::assets::Assets;

pub struct Base {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Which ASCII characters the fonts cover, bit by bit: most of every source is ASCII, and
    /// looking each character up in every font's coverage cost 0.5 % of a run.
    ascii: u128,
    files: HashMap<FileId, Source>,
    main_id: FileId,
    today: Datetime,
}

fn file_id(path: &str) -> FileId {
    // Paths are fixed strings of our own, so they are always valid.
    let vpath = VirtualPath::new(path)
        .unwrap_or_else(|_| VirtualPath::new("/invalid").expect("static path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl Base {
    pub fn new(assets: &Assets, today: NaiveDate) -> Base {
        let fonts: Vec<Font> = assets
            .fonts()
            .flat_map(|b| Font::iter(Bytes::new(b)))
            .collect();
        let files = assets
            .typst_library()
            .map(|(path, bytes)| {
                let id = file_id(&format!("/{}", path.trim_start_matches("templates/")));
                (
                    id,
                    Source::new(id, String::from_utf8_lossy(bytes).into_owned()),
                )
            })
            .collect();
        let ascii = (0..128u32)
            .filter(|&n| fonts.iter().any(|f| f.info().coverage.contains(n)))
            .fold(0, |bits, n| bits | 1 << n);
        Base {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            ascii,
            files,
            main_id: file_id("/main.typ"),
            today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8)
                .unwrap_or(Datetime::from_ymd(2000, 1, 1).expect("valid date")),
        }
    }

    pub fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    pub fn today(&self) -> Datetime {
        self.today
    }

    /// Whether a bundled font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        match u32::from(c) {
            n @ 0..128 => self.ascii >> n & 1 == 1,
            n => self.fonts.iter().any(|f| f.info().coverage.contains(n)),
        }
    }

    /// The library file a diagnostic points into, for messages.
    pub fn file_name(&self, id: FileId) -> Option<String> {
        if id == self.main_id {
            return None;
        }
        self.files
            .contains_key(&id)
            .then(|| format!("templates{}", id.vpath().get_with_slash()))
    }

    pub fn source(&self, id: FileId) -> Option<&Source> {
        self.files.get(&id)
    }

    pub fn document<'a>(&'a self, main: String) -> DocWorld<'a> {
        DocWorld {
            base: self,
            main: Source::new(self.main_id, main),
        }
    }
}

pub struct DocWorld<'a> {
    base: &'a Base,
    pub main: Source,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.base.book
    }
    fn main(&self) -> FileId {
        self.base.main_id
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.base.main_id {
            return Ok(self.main.clone());
        }
        // Nothing outside the bundled library is readable: `#read("/etc/passwd")` finds nothing.
        self.base
            .files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_string()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.base.today)
    }
}
