//! Joining finished PDFs into one: the combined filing PDF of a court (a bookmark per document,
//! page labels that match the printed page numbers), long notices rendered in parts, and the mail
//! run (every letter padded to an even page count for duplex printing).
//!
//! The parts are PDFs that clearpress itself wrote through Typst: a classic cross-reference table,
//! no object streams, no incremental updates. That lets the join work on bytes: each object a
//! page needs is copied as it is, with only its object numbers shifted, and stream data is never
//! decoded. A general PDF library parses every object into a tree first, which made joining cost
//! as much as rendering. Anything unexpected is refused with an error, never guessed at.

use std::collections::HashMap;
use std::io::Write;

/// One PDF to append.
pub struct Part {
    pub pdf: Vec<u8>,
    /// The outline entry that points at its first page.
    pub bookmark: Option<String>,
    /// Add a blank page when the part has an odd number of pages.
    pub pad_to_even: bool,
    /// Label its pages 1, 2, … (as printed) instead of continuing the previous part's numbers.
    pub restart_labels: bool,
}

/// Joins `parts` into one PDF written to `sink`; returns its page count. Parts are taken one at a
/// time and the output goes out as it is made, so a volume of thousands of documents never sits
/// in memory whole.
pub fn join(
    parts: impl IntoIterator<Item = Result<Part, String>>,
    title: &str,
    sink: &mut dyn Write,
) -> Result<usize, String> {
    let mut w = Writer {
        out: Vec::new(),
        written: 0,
        offsets: Vec::new(),
        sink,
    };
    w.out.extend_from_slice(b"%PDF-1.7\n%\x80\x80\x80\x80\n");
    let pages_id = w.reserve();
    let mut kids: Vec<u32> = Vec::new();
    let mut outline: Vec<(String, u32)> = Vec::new();
    let mut labels = String::new();
    for (i, part) in parts.into_iter().enumerate() {
        let part = part?;
        let pdf = Pdf::parse(&part.pdf).map_err(|e| format!("part {}: {e}", i + 1))?;
        let pages = pdf.pages()?;
        let Some(&first) = pages.first() else {
            continue;
        };
        // Objects the pages need, found by following references (not the old page tree or the
        // tagged structure, which does not survive a join).
        let mut keep: Vec<u32> = Vec::new();
        let mut renumber: HashMap<u32, u32> = HashMap::new();
        let mut todo: Vec<u32> = pages.clone();
        while let Some(id) = todo.pop() {
            if renumber.contains_key(&id) {
                continue;
            }
            renumber.insert(id, w.reserve());
            keep.push(id);
            let body = dict_part(pdf.object(id)?);
            if pages.contains(&id) {
                // Not the page's /Parent: that is the old page tree.
                todo.extend(
                    entries(body)
                        .into_iter()
                        .filter(|(k, _)| *k != b"/Parent")
                        .flat_map(|(_, v)| refs(v)),
                );
            } else {
                todo.extend(refs(body));
            }
        }
        if part.restart_labels || labels.is_empty() {
            labels.push_str(&format!("{} <</S/D/St 1>> ", kids.len()));
        }
        if let Some(b) = part.bookmark {
            outline.push((b, renumber[&first]));
        }
        keep.sort_unstable_by_key(|id| renumber[id]);
        for id in keep {
            let body = pdf.object(id)?;
            let new_id = renumber[&id];
            if pages.contains(&id) {
                w.page(new_id, body, pages_id, &renumber)?;
            } else {
                w.begin(new_id);
                copy_renumbered(body, &renumber, &mut w.out)?;
                w.end();
            }
        }
        kids.extend(pages.iter().map(|p| renumber[p]));
        if part.pad_to_even && pages.len() % 2 == 1 {
            let media_box = pdf
                .entry(pdf.object(first)?, b"MediaBox")
                .unwrap_or(b"[0 0 612 792]")
                .to_vec();
            let blank = w.reserve();
            w.begin(blank);
            write!(
                w.out,
                "<</Type/Page/Parent {pages_id} 0 R/Resources<<>>/MediaBox"
            )
            .ok();
            w.out.extend_from_slice(&media_box);
            w.out.extend_from_slice(b">>");
            w.end();
            kids.push(blank);
        }
        w.drain()?;
    }
    let count = kids.len();
    w.begin(pages_id);
    write!(w.out, "<</Type/Pages/Count {count}/Kids[").ok();
    for k in &kids {
        write!(w.out, "{k} 0 R ").ok();
    }
    w.out.extend_from_slice(b"]>>");
    w.end();
    let outlines = (!outline.is_empty()).then(|| w.outlines(&outline));
    let catalog = w.reserve();
    w.begin(catalog);
    write!(
        w.out,
        "<</Type/Catalog/Pages {pages_id} 0 R/PageLabels<</Nums[{labels}]>>"
    )
    .ok();
    if let Some(o) = outlines {
        write!(w.out, "/Outlines {o} 0 R/PageMode/UseOutlines").ok();
    }
    w.out.extend_from_slice(b">>");
    w.end();
    let info = w.reserve();
    w.begin(info);
    w.out.extend_from_slice(b"<</Title");
    text_string(title, &mut w.out);
    w.out.extend_from_slice(b"/Producer(clearpress)>>");
    w.end();
    w.finish(catalog, info)?;
    Ok(count)
}

/// A part, read just far enough to find its objects and its pages.
struct Pdf<'a> {
    data: &'a [u8],
    /// Object number → the bytes between `N G obj` and `endobj`.
    objects: HashMap<u32, &'a [u8]>,
    root: u32,
}

impl<'a> Pdf<'a> {
    fn parse(data: &'a [u8]) -> Result<Pdf<'a>, String> {
        let unsupported = |what: &str| format!("not a PDF clearpress can join ({what})");
        let sx = rfind(data, b"startxref").ok_or_else(|| unsupported("no startxref"))?;
        let xref_at: usize =
            first_int(&data[sx + 9..]).ok_or_else(|| unsupported("bad startxref"))? as usize;
        let mut rest = data
            .get(xref_at..)
            .filter(|r| r.starts_with(b"xref"))
            .ok_or_else(|| unsupported("a cross-reference stream"))?;
        rest = &rest[4..];
        let mut offsets: Vec<(usize, u32)> = Vec::new();
        loop {
            rest = trim_start(rest);
            if rest.starts_with(b"trailer") {
                break;
            }
            let line_end = rest
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .ok_or_else(|| unsupported("truncated xref"))?;
            let mut nums = rest[..line_end]
                .split(|b| *b == b' ')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    std::str::from_utf8(s)
                        .ok()
                        .and_then(|s| s.parse::<u32>().ok())
                });
            let (Some(Some(start)), Some(Some(n))) = (nums.next(), nums.next()) else {
                return Err(unsupported("bad xref subsection"));
            };
            rest = trim_start(&rest[line_end..]);
            for k in 0..n as usize {
                let entry = rest
                    .get(k * 20..k * 20 + 18)
                    .ok_or_else(|| unsupported("truncated xref"))?;
                if entry[17] == b'n' {
                    let off =
                        first_int(&entry[..10]).ok_or_else(|| unsupported("bad xref entry"))?;
                    offsets.push((off as usize, start + k as u32));
                }
            }
            rest = &rest[n as usize * 20..];
        }
        let trailer = &rest[7..];
        if find(trailer, b"/Prev").is_some() {
            return Err(unsupported("an incrementally updated file"));
        }
        offsets.sort_unstable();
        let mut objects = HashMap::with_capacity(offsets.len());
        for (k, &(off, id)) in offsets.iter().enumerate() {
            let end = offsets.get(k + 1).map_or(xref_at, |n| n.0);
            let span = data
                .get(off..end)
                .ok_or_else(|| unsupported("an object past the end"))?;
            let start =
                find(span, b"obj").ok_or_else(|| unsupported("an object without `obj`"))? + 3;
            let stop =
                rfind(span, b"endobj").ok_or_else(|| unsupported("an object without `endobj`"))?;
            objects.insert(
                id,
                span.get(start..stop)
                    .ok_or_else(|| unsupported("a malformed object"))?,
            );
        }
        let pdf = Pdf {
            data,
            objects,
            root: 0,
        };
        let root = pdf
            .entry_ref(trailer, b"Root")
            .ok_or_else(|| unsupported("no /Root"))?;
        Ok(Pdf { root, ..pdf })
    }

    fn object(&self, id: u32) -> Result<&'a [u8], String> {
        self.objects
            .get(&id)
            .copied()
            .ok_or_else(|| format!("object {id} is missing ({} bytes)", self.data.len()))
    }

    /// The pages in order, walking the page tree from the catalog.
    fn pages(&self) -> Result<Vec<u32>, String> {
        let mut pages = Vec::new();
        let root_pages = self
            .entry_ref(self.object(self.root)?, b"Pages")
            .ok_or("the catalog has no /Pages")?;
        let mut stack = vec![(root_pages, 0)];
        while let Some((node, depth)) = stack.pop() {
            if depth > 32 {
                return Err("the page tree is too deep".into());
            }
            let body = self.object(node)?;
            if self.entry(body, b"Type") == Some(b"/Pages") {
                let kids = self
                    .entry(body, b"Kids")
                    .ok_or("a page-tree node has no /Kids")?;
                stack.extend(refs(kids).into_iter().rev().map(|r| (r, depth + 1)));
            } else {
                pages.push(node);
            }
        }
        Ok(pages)
    }

    /// The raw value of `/key` in the top-level dictionary of `body`.
    fn entry(&self, body: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
        entries(dict_part(body))
            .into_iter()
            .find(|(k, _)| &k[1..] == key)
            .map(|(_, v)| v)
    }

    fn entry_ref(&self, body: &[u8], key: &[u8]) -> Option<u32> {
        refs(self.entry(body, key)?).first().copied()
    }
}

/// The part of an object before its stream data (the whole object when it has none).
fn dict_part(body: &[u8]) -> &[u8] {
    let mut end = body.len();
    scan_spans(body, &mut |t, start, _| {
        if t == Token::Stream {
            end = start;
        }
    });
    &body[..end]
}

/// The `/Key value` pairs of the dictionary that `body` starts with, as raw bytes.
fn entries(body: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut toks: Vec<(Token, usize, usize)> = Vec::new();
    scan_spans(body, &mut |t, start, end| toks.push((t, start, end)));
    let mut out = Vec::new();
    if toks.first().map(|t| t.0) != Some(Token::Open) {
        return out;
    }
    let mut i = 1;
    while let Some(&(Token::Name, key_start, key_end)) = toks.get(i) {
        i += 1;
        let Some(&(t, start, mut end)) = toks.get(i) else {
            break;
        };
        i += 1;
        if t == Token::Open {
            let mut depth = 1;
            while depth > 0 && i < toks.len() {
                match toks[i].0 {
                    Token::Open => depth += 1,
                    Token::Close => depth -= 1,
                    _ => {}
                }
                end = toks[i].2;
                i += 1;
            }
        }
        out.push((&body[key_start..key_end], &body[start..end]));
    }
    out
}

/// Every object number `body` refers to.
fn refs(body: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    scan(body, &mut |t| {
        if let Token::Ref(r) = t {
            out.push(r);
        }
    });
    out
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Token {
    /// `N G R`
    Ref(u32),
    Name,
    /// `<<` or `[`
    Open,
    /// `>>` or `]`
    Close,
    /// The `stream` keyword: what follows is data.
    Stream,
    Other,
}

fn scan(body: &[u8], f: &mut impl FnMut(Token)) {
    scan_spans(body, &mut |t, _, _| f(t));
}

/// ASCII whitespace and PDF delimiters, as a table: joining looks at every byte of every dictionary.
const DELIMITERS: [bool; 256] = {
    let mut table = [false; 256];
    let set = b" \t\n\x0c\r()<>[]{}/%";
    let mut i = 0;
    while i < set.len() {
        table[set[i] as usize] = true;
        i += 1;
    }
    table
};

fn is_delimiter(b: u8) -> bool {
    DELIMITERS[usize::from(b)]
}

/// Calls `f` with each token of a PDF object and its byte span, stopping at stream data.
fn scan_spans(body: &[u8], f: &mut impl FnMut(Token, usize, usize)) {
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        let start = i;
        match b {
            _ if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'%' => {
                while i < body.len() && body[i] != b'\n' && body[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'(' => {
                let mut depth = 0;
                while i < body.len() {
                    match body[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                f(Token::Other, start, i.min(body.len()));
            }
            b'<' if body.get(i + 1) == Some(&b'<') => {
                i += 2;
                f(Token::Open, start, i);
            }
            b'>' if body.get(i + 1) == Some(&b'>') => {
                i += 2;
                f(Token::Close, start, i);
            }
            b'<' => {
                while i < body.len() && body[i] != b'>' {
                    i += 1;
                }
                i += 1;
                f(Token::Other, start, i.min(body.len()));
            }
            b'[' => {
                i += 1;
                f(Token::Open, start, i);
            }
            b']' => {
                i += 1;
                f(Token::Close, start, i);
            }
            b'/' => {
                i += 1;
                while i < body.len() && !is_delimiter(body[i]) {
                    i += 1;
                }
                f(Token::Name, start, i);
            }
            _ => {
                while i < body.len() && !is_delimiter(body[i]) {
                    i += 1;
                }
                let word = &body[start..i];
                if word == b"stream" {
                    f(Token::Stream, start, i);
                    return;
                }
                // `N G R`: two unsigned integers and the letter R.
                if let Some((id, end)) = reference(body, start) {
                    i = end;
                    f(Token::Ref(id), start, end);
                } else {
                    f(Token::Other, start, i);
                }
            }
        }
    }
}

/// A reference `N G R` starting at `at`: the object number and where it ends.
fn reference(body: &[u8], at: usize) -> Option<(u32, usize)> {
    let int = |from: usize| {
        let n = body[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (n > 0 && body.get(from + n).is_none_or(|b| is_delimiter(*b))).then_some(from + n)
    };
    let ws = |from: usize| {
        from + body[from..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count()
    };
    let a = int(at)?;
    let g_start = ws(a);
    if g_start == a {
        return None;
    }
    let g = int(g_start)?;
    let r = ws(g);
    if r == g || body.get(r) != Some(&b'R') || body.get(r + 1).is_some_and(|b| !is_delimiter(*b)) {
        return None;
    }
    let id = std::str::from_utf8(&body[at..a]).ok()?.parse().ok()?;
    Some((id, r + 1))
}

/// Copies an object with every reference renumbered; stream data is copied untouched.
fn copy_renumbered(
    body: &[u8],
    renumber: &HashMap<u32, u32>,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let mut copied = 0;
    let mut missing = None;
    scan_spans(body, &mut |t, start, end| {
        if let Token::Ref(id) = t {
            out.extend_from_slice(&body[copied..start]);
            match renumber.get(&id) {
                Some(n) => {
                    let _ = write!(out, "{n} 0 R");
                }
                None => missing = Some(id),
            }
            copied = end;
        }
    });
    if let Some(id) = missing {
        return Err(format!(
            "a reference to object {id}, which the page does not reach"
        ));
    }
    out.extend_from_slice(&body[copied..]);
    Ok(())
}

struct Writer<'w> {
    /// What is not yet written to `sink`.
    out: Vec<u8>,
    /// Bytes already written to `sink`.
    written: usize,
    /// Byte offset of each object, by number (index 0 unused).
    offsets: Vec<usize>,
    sink: &'w mut dyn Write,
}

impl Writer<'_> {
    fn reserve(&mut self) -> u32 {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.offsets.push(0);
        (self.offsets.len() - 1) as u32
    }

    fn begin(&mut self, id: u32) {
        self.offsets[id as usize] = self.written + self.out.len();
        let _ = writeln!(self.out, "{id} 0 obj");
    }

    fn end(&mut self) {
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// A page, with its /Parent pointing at the new page tree and without its link into the
    /// part's structure tree.
    fn page(
        &mut self,
        id: u32,
        body: &[u8],
        parent: u32,
        renumber: &HashMap<u32, u32>,
    ) -> Result<(), String> {
        self.begin(id);
        let dict = dict_part(body);
        self.out.extend_from_slice(b"<<");
        for (key, value) in entries(dict) {
            if key == b"/Parent" || key == b"/StructParents" {
                continue;
            }
            self.out.extend_from_slice(key);
            self.out.push(b' ');
            copy_renumbered(value, renumber, &mut self.out)?;
        }
        let _ = write!(self.out, "/Parent {parent} 0 R>>");
        self.end();
        Ok(())
    }

    /// A flat outline: one entry per bookmark, in order. Returns the outline root.
    fn outlines(&mut self, entries: &[(String, u32)]) -> u32 {
        let root = self.reserve();
        let ids: Vec<u32> = entries.iter().map(|_| self.reserve()).collect();
        for (i, (title, page)) in entries.iter().enumerate() {
            self.begin(ids[i]);
            self.out.extend_from_slice(b"<</Title");
            text_string(title, &mut self.out);
            let _ = write!(self.out, "/Parent {root} 0 R/Dest[{page} 0 R/Fit]");
            if i > 0 {
                let _ = write!(self.out, "/Prev {} 0 R", ids[i - 1]);
            }
            if i + 1 < ids.len() {
                let _ = write!(self.out, "/Next {} 0 R", ids[i + 1]);
            }
            self.out.extend_from_slice(b">>");
            self.end();
        }
        self.begin(root);
        let _ = write!(
            self.out,
            "<</Type/Outlines/First {} 0 R/Last {} 0 R/Count {}>>",
            ids[0],
            ids[ids.len() - 1],
            ids.len()
        );
        self.end();
        root
    }

    /// Sends what is made so far to the sink.
    fn drain(&mut self) -> Result<(), String> {
        self.sink
            .write_all(&self.out)
            .map_err(|e| format!("cannot write: {e}"))?;
        self.written += self.out.len();
        self.out.clear();
        Ok(())
    }

    fn finish(mut self, catalog: u32, info: u32) -> Result<(), String> {
        let xref = self.written + self.out.len();
        let _ = write!(
            self.out,
            "xref\n0 {}\n0000000000 65535 f\r\n",
            self.offsets.len()
        );
        for off in &self.offsets[1..] {
            let _ = write!(self.out, "{off:010} 00000 n\r\n");
        }
        let _ = write!(
            self.out,
            "trailer\n<</Size {}/Root {catalog} 0 R/Info {info} 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len()
        );
        self.drain()
    }
}

/// A PDF text string in UTF-16BE with a byte-order mark, as hex, so accented names survive.
fn text_string(text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push(b'>');
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    &b[b.iter().take_while(|c| c.is_ascii_whitespace()).count()..]
}

fn first_int(b: &[u8]) -> Option<u64> {
    let b = trim_start(b);
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    std::str::from_utf8(&b[..n]).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_outside_strings_and_names_only() {
        let body =
            b"<</A 1 0 R/B(2 0 R \\) 3 0 R)/C[4 0 R 0 0 612 792]/R 5 0 R/D<00 0 R>/E 66 0 R>>";
        assert_eq!(refs(body), vec![1, 4, 5, 66]);
        let keys: Vec<&[u8]> = entries(body).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec![&b"/A"[..], b"/B", b"/C", b"/R", b"/D", b"/E"]);
        assert_eq!(entries(body)[2].1, b"[4 0 R 0 0 612 792]");
        let map: HashMap<u32, u32> = [(1, 10), (4, 40), (5, 50), (66, 7)].into();
        let mut out = Vec::new();
        copy_renumbered(
            b"<</A 1 0 R/S 5 0 R>>stream\n4 0 R\nendstream",
            &map,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, b"<</A 10 0 R/S 50 0 R>>stream\n4 0 R\nendstream");
    }

    #[test]
    fn a_pdf_it_cannot_join_is_refused() {
        let part = Part {
            pdf: b"%PDF-1.7\n1 0 obj<</Type/XRef>>stream\nendstream endobj\nstartxref\n9\n%%EOF"
                .to_vec(),
            bookmark: None,
            pad_to_even: false,
            restart_labels: false,
        };
        assert!(
            join([Ok(part)], "x", &mut Vec::new())
                .unwrap_err()
                .contains("cross-reference stream")
        );
    }
}
