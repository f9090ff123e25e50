//! What preflight reads from a PDF, through lopdf: the pages' sizes, fonts and text, the title,
//! the bookmarks, and anything active or attached. Any PDF, not only clearpress's own.

use std::collections::{BTreeSet, HashMap, HashSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

/// The most a content stream may inflate to: a page of text is far below it, a decompression
/// bomb is not.
const MAX_CONTENT: usize = 64 << 20;

/// Form XObjects nest at most this deep before preflight stops following them.
const MAX_DEPTH: usize = 8;

/// What one page shows, as far as a reader extracting its text sees it.
#[derive(Default)]
pub struct PageText {
    /// The text that can be extracted, runs separated by spaces.
    pub text: String,
    /// The same without whitespace: a title wraps over lines, and extraction sees runs, not words.
    pub squashed: String,
    /// Fonts that show text but map it to no Unicode: their text cannot be extracted.
    pub unmapped: BTreeSet<String>,
}

impl PageText {
    fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.squashed.extend(
            text.chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{AD}')),
        );
    }
}

/// Fonts' Unicode mappings, read once per document: the same font serves every page.
#[derive(Default)]
pub struct Encodings<'a> {
    by_font: HashMap<ObjectId, Option<Encoding<'a>>>,
}

/// A font as a page uses it.
pub struct FontUse {
    /// Its base font name, without a subset tag.
    pub name: String,
    pub embedded: bool,
}

/// A PDF opened for preflight.
pub struct Pdf {
    doc: Document,
    /// It had an /Encrypt entry (it may still have opened, with the empty password).
    pub encrypted: bool,
}

impl Pdf {
    /// Opens `bytes`; the error says why it cannot be read.
    pub fn open(bytes: &[u8]) -> Result<Pdf, String> {
        match Document::load_mem(bytes) {
            Ok(doc) => Ok(Pdf {
                encrypted: doc.was_encrypted() || doc.is_encrypted(),
                doc,
            }),
            Err(_) if contains(bytes, b"/Encrypt") => {
                Err("is encrypted and cannot be opened without a password".into())
            }
            Err(e) => Err(format!("is not a PDF that can be read ({e})")),
        }
    }

    /// The page objects, in page order.
    pub fn pages(&self) -> Vec<ObjectId> {
        self.doc.get_pages().into_values().collect()
    }

    /// The page's size in points (its media box, inherited if need be), width first, as shown
    /// (a page rotated a quarter turn shows its box across).
    pub fn page_size(&self, page: ObjectId) -> Option<(f32, f32)> {
        let b = self.inherited(page, b"MediaBox")?.as_array().ok()?;
        let n: Vec<f32> = b.iter().filter_map(number).collect();
        let [x0, y0, x1, y1] = n[..] else { return None };
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        let turned = self
            .inherited(page, b"Rotate")
            .and_then(|r| r.as_i64().ok())
            .is_some_and(|r| r.rem_euclid(180) == 90);
        Some(if turned { (h, w) } else { (w, h) })
    }

    /// A page attribute, from the page or the nearest node of the page tree above it that has it.
    fn inherited(&self, page: ObjectId, key: &[u8]) -> Option<&Object> {
        let mut node = self.doc.get_dictionary(page).ok()?;
        for _ in 0..64 {
            if let Ok(v) = node.get(key) {
                return self.deref(v);
            }
            let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
            node = self.doc.get_dictionary(parent).ok()?;
        }
        None
    }

    fn deref<'a>(&'a self, o: &'a Object) -> Option<&'a Object> {
        self.doc.dereference(o).ok().map(|(_, o)| o)
    }

    fn dict<'a>(&'a self, o: &'a Object) -> Option<&'a Dictionary> {
        self.deref(o)?.as_dict().ok()
    }

    /// The fonts the page's resources hold, by resource name.
    pub fn fonts(&self, page: ObjectId) -> Vec<FontUse> {
        let fonts = self.doc.get_page_fonts(page).unwrap_or_default();
        fonts
            .values()
            .map(|f| FontUse {
                name: base_name(f),
                embedded: self.embedded(f),
            })
            .collect()
    }

    fn embedded(&self, font: &Dictionary) -> bool {
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let font = match subtype {
            // Its glyphs are drawn by the PDF itself.
            b"Type3" => return true,
            b"Type0" => {
                let first = font
                    .get(b"DescendantFonts")
                    .ok()
                    .and_then(|d| self.deref(d))
                    .and_then(|d| d.as_array().ok())
                    .and_then(|a| a.first())
                    .and_then(|d| self.dict(d));
                match first {
                    Some(d) => d,
                    None => return false,
                }
            }
            _ => font,
        };
        font.get(b"FontDescriptor")
            .ok()
            .and_then(|d| self.dict(d))
            .is_some_and(|d| {
                [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                    .iter()
                    .any(|k| d.has(k))
            })
    }

    /// The text of a page as a reader extracts it, and the fonts whose text cannot be. Reading
    /// stops at the end of a text object once `enough` says so: the page's content is most of
    /// the work of preflight.
    pub fn text<'a>(
        &'a self,
        page: ObjectId,
        encodings: &mut Encodings<'a>,
        enough: &dyn Fn(&PageText) -> bool,
    ) -> PageText {
        let mut out = PageText::default();
        let resources = self.page_resources(page);
        let content = self
            .doc
            .get_page_content_with_limit(page, MAX_CONTENT)
            .unwrap_or_default();
        let mut seen = HashSet::new();
        let mut scan = Scan {
            encodings,
            seen: &mut seen,
            out: &mut out,
            enough,
        };
        self.scan(&content, &resources, 0, &mut scan);
        out
    }

    /// The names of the fonts of a page's resources whose text cannot be extracted.
    pub fn unmapped_fonts(&self, page: ObjectId) -> BTreeSet<String> {
        let fonts = self.doc.get_page_fonts(page).unwrap_or_default();
        fonts
            .values()
            .filter(|f| !self.maps_to_unicode(f))
            .map(|f| base_name(f))
            .collect()
    }

    /// The page's resource dictionaries, nearest first.
    fn page_resources(&self, page: ObjectId) -> Vec<&Dictionary> {
        let Ok((direct, ids)) = self.doc.get_page_resources(page) else {
            return Vec::new();
        };
        direct
            .into_iter()
            .chain(
                ids.into_iter()
                    .filter_map(|id| self.doc.get_dictionary(id).ok()),
            )
            .collect()
    }

    /// An entry of a resource category (`Font`, `XObject`) by name, from the nearest resources
    /// that have it.
    fn resource<'a>(
        &'a self,
        resources: &[&'a Dictionary],
        category: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'a Object)> {
        resources.iter().find_map(|r| {
            let table = self.dict(r.get(category).ok()?)?;
            let entry = table.get(name).ok()?;
            let (id, object) = self.doc.dereference(entry).ok()?;
            Some((id, object))
        })
    }

    /// Follows a content stream: the text it shows, through the form XObjects it draws. False
    /// once the scan has read enough.
    fn scan<'a>(
        &'a self,
        content: &[u8],
        resources: &[&'a Dictionary],
        depth: usize,
        scan: &mut Scan<'a, '_>,
    ) -> bool {
        let mut font: Option<Vec<u8>> = None;
        for op in Content::decode_iter(content) {
            let Ok(op) = op else { break };
            let strings: Vec<&[u8]> = match op.operator.as_str() {
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(<[u8]>::to_vec);
                    continue;
                }
                "Tj" | "'" => op.operands.iter().filter_map(string).collect(),
                "\"" => op.operands.get(2).and_then(string).into_iter().collect(),
                "TJ" => op
                    .operands
                    .first()
                    .and_then(|a| a.as_array().ok())
                    .map(|a| a.iter().filter_map(string).collect())
                    .unwrap_or_default(),
                "ET" => {
                    scan.out.push(" ");
                    if (scan.enough)(scan.out) {
                        return false;
                    }
                    continue;
                }
                "Do" if depth < MAX_DEPTH => {
                    if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok())
                        && !self.draw(name, resources, depth, scan)
                    {
                        return false;
                    }
                    continue;
                }
                _ => continue,
            };
            if strings.iter().all(|s| s.is_empty()) {
                continue;
            }
            let Some(name) = &font else { continue };
            let Some((id, font)) = self.resource(resources, b"Font", name) else {
                continue;
            };
            let Ok(font) = font.as_dict() else { continue };
            let encoding = match id {
                Some(id) => scan
                    .encodings
                    .by_font
                    .entry(id)
                    .or_insert_with(|| self.encoding(font))
                    .as_ref(),
                None => None,
            };
            let own;
            let encoding = match (encoding, id) {
                (Some(e), _) => Some(e),
                (None, Some(_)) => None,
                (None, None) => {
                    own = self.encoding(font);
                    own.as_ref()
                }
            };
            match encoding {
                Some(e) => {
                    for s in strings {
                        if let Ok(t) = Document::decode_text(e, s) {
                            scan.out.push(&t);
                        }
                    }
                }
                None => {
                    scan.out.unmapped.insert(base_name(font));
                }
            }
        }
        true
    }

    /// A form XObject drawn by `Do`: its text is the page's. False once the scan has read enough.
    fn draw<'a>(
        &'a self,
        name: &[u8],
        resources: &[&'a Dictionary],
        depth: usize,
        scan: &mut Scan<'a, '_>,
    ) -> bool {
        let Some((id, Object::Stream(form))) = self.resource(resources, b"XObject", name) else {
            return true;
        };
        if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return true;
        }
        if let Some(id) = id
            && !scan.seen.insert(id)
        {
            return true;
        }
        let Ok(content) = form.decompressed_content_with_limit(MAX_CONTENT) else {
            return true;
        };
        let own = form.dict.get(b"Resources").ok().and_then(|r| self.dict(r));
        let inner: Vec<&Dictionary> = own.into_iter().chain(resources.iter().copied()).collect();
        self.scan(&content, &inner, depth + 1, scan)
    }

    /// Whether a font's codes map to Unicode, so that its text can be extracted: a ToUnicode map,
    /// or a simple font with an encoding or standard Latin glyphs.
    fn maps_to_unicode(&self, font: &Dictionary) -> bool {
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        font.has(b"ToUnicode")
            || (subtype != b"Type0" && (font.has(b"Encoding") || self.nonsymbolic(font)))
    }

    /// How a font's codes map to Unicode; `None` when they do not.
    fn encoding<'a>(&'a self, font: &'a Dictionary) -> Option<Encoding<'a>> {
        if !self.maps_to_unicode(font) {
            return None;
        }
        font.get_font_encoding_with_limit(&self.doc, MAX_CONTENT)
            .ok()
    }

    /// A simple font whose codes are standard Latin text: flagged nonsymbolic, or one of the
    /// standard fonts other than Symbol and ZapfDingbats.
    fn nonsymbolic(&self, font: &Dictionary) -> bool {
        let flags = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|d| self.dict(d))
            .and_then(|d| d.get(b"Flags").ok())
            .and_then(|f| f.as_i64().ok());
        match flags {
            Some(f) => f & 32 != 0,
            None => {
                let name = base_name(font);
                STANDARD_FONTS.iter().any(|s| name.starts_with(s))
                    && !matches!(name.as_str(), "Symbol" | "ZapfDingbats")
            }
        }
    }

    /// The document's title: the Info dictionary's, or else the XMP metadata's `dc:title`.
    pub fn title(&self) -> Option<String> {
        let info = self
            .doc
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|i| self.dict(i))
            .and_then(|i| i.get(b"Title").ok())
            .and_then(|t| self.deref(t))
            .and_then(|t| lopdf::decode_text_string(t).ok());
        info.filter(|t| !t.trim().is_empty())
    }

    /// How many bookmarks the outline has at its top level; 0 when it has none.
    pub fn bookmarks(&self) -> usize {
        let first = self
            .doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"Outlines").ok())
            .and_then(|o| self.dict(o))
            .and_then(|o| o.get(b"First").ok())
            .and_then(|f| f.as_reference().ok());
        let mut count = 0;
        let mut next = first;
        let mut seen = HashSet::new();
        while let Some(id) = next {
            if !seen.insert(id) {
                break;
            }
            count += 1;
            next = self
                .doc
                .get_dictionary(id)
                .ok()
                .and_then(|d| d.get(b"Next").ok())
                .and_then(|n| n.as_reference().ok());
        }
        count
    }

    /// Active or attached content anywhere in the file: JavaScript, form fields, attached files.
    pub fn active(&self) -> BTreeSet<Active> {
        let mut found = BTreeSet::new();
        if let Ok(catalog) = self.doc.catalog() {
            if catalog
                .get(b"AcroForm")
                .ok()
                .and_then(|f| self.dict(f))
                .is_some_and(|f| {
                    f.get(b"Fields")
                        .ok()
                        .and_then(|a| self.deref(a))
                        .and_then(|a| a.as_array().ok())
                        .is_some_and(|a| !a.is_empty())
                        || f.has(b"XFA")
                })
            {
                found.insert(Active::Forms);
            }
            if let Some(names) = catalog.get(b"Names").ok().and_then(|n| self.dict(n)) {
                if names.has(b"JavaScript") {
                    found.insert(Active::JavaScript);
                }
                if names.has(b"EmbeddedFiles") {
                    found.insert(Active::Attachments);
                }
            }
        }
        let mut check = |d: &Dictionary| {
            let name = |k: &[u8]| d.get(k).and_then(Object::as_name).ok();
            if d.has(b"JS") || name(b"S") == Some(b"JavaScript") {
                found.insert(Active::JavaScript);
            }
            match (name(b"Type"), name(b"Subtype")) {
                (_, Some(b"Widget")) => {
                    found.insert(Active::Forms);
                }
                (Some(b"EmbeddedFile"), _) | (_, Some(b"FileAttachment")) => {
                    found.insert(Active::Attachments);
                }
                (Some(b"Filespec"), _) if d.has(b"EF") => {
                    found.insert(Active::Attachments);
                }
                _ => {}
            }
        };
        for object in self.doc.objects.values() {
            visit(object, &mut check);
        }
        found
    }
}

/// A scan of a page's content under way.
struct Scan<'a, 'b> {
    encodings: &'b mut Encodings<'a>,
    seen: &'b mut HashSet<ObjectId>,
    out: &'b mut PageText,
    enough: &'b dyn Fn(&PageText) -> bool,
}

/// Something in a PDF that courts refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Active {
    JavaScript,
    Forms,
    Attachments,
}

/// Calls `f` on every dictionary in `object`, nested ones included.
fn visit(object: &Object, f: &mut impl FnMut(&Dictionary)) {
    match object {
        Object::Dictionary(d) => {
            f(d);
            for (_, v) in d.iter() {
                visit(v, f);
            }
        }
        Object::Stream(s) => {
            f(&s.dict);
            for (_, v) in s.dict.iter() {
                visit(v, f);
            }
        }
        Object::Array(a) => {
            for v in a {
                visit(v, f);
            }
        }
        _ => {}
    }
}

const STANDARD_FONTS: [&str; 6] = [
    "Times",
    "Helvetica",
    "Courier",
    "Symbol",
    "ZapfDingbats",
    "Arial",
];

/// A font's base name without its subset tag (`ABCDEF+ClearpressSerif` → `ClearpressSerif`).
fn base_name(font: &Dictionary) -> String {
    let name = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|_| "(unnamed)".into());
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => {
            rest.to_string()
        }
        _ => name,
    }
}

fn string(o: &Object) -> Option<&[u8]> {
    match o {
        Object::String(s, _) => Some(s),
        _ => None,
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
