//! Preflight: what a court's e-filing system checks of a PDF before it takes it, checked before it
//! is sent. Text that can be extracted on every page (CRC 2.256(b)), every font embedded, no
//! encryption, no JavaScript, form fields or attached files, US Letter pages, bookmarks in a
//! combined volume, the court's size and file-name limits, and a title that matches the caption.
//! Reads any PDF (through lopdf), not only clearpress's own; `render` preflights what it wrote and
//! `clearpress preflight` checks any file or output folder.

mod read;

use std::fmt;

use crate::input::{ByteSize, FileNameRule};
use read::{Active, Encodings, PageText, Pdf};

/// US Letter in points, and how far a page may be off it (rounding in the media box).
const LETTER: (f32, f32) = (612.0, 792.0);
const SLACK: f32 = 1.0;

/// What a PDF must meet.
pub struct Rules<'a> {
    pub largest_file: Option<ByteSize>,
    pub file_names: Option<&'a FileNameRule>,
    pub title: Title<'a>,
    /// A combined volume, which needs bookmarks: this many (one per document), or any when 0.
    pub bookmarks: Option<usize>,
    /// Whether to read every page's text and fonts: a combined volume's pages are those of its
    /// documents, each preflighted already when `render` makes it.
    pub pages: bool,
}

/// What the PDF's title must be.
pub enum Title<'a> {
    /// Exactly this (the caption's title), printed on the first page.
    Is(&'a str),
    /// Any, printed on the first page: when what the caption says is not known.
    Printed,
    /// Not checked (a combined volume is titled for the package, not a caption).
    Any,
}

/// One problem of one file, on a page or a run of pages when it concerns them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub pages: Option<(usize, usize)>,
    pub message: String,
}

impl Problem {
    fn file(message: impl Into<String>) -> Problem {
        Problem {
            pages: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pages {
            Some((a, b)) if a == b => write!(f, "page {a}: {}", self.message),
            Some((a, b)) => write!(f, "pages {a}–{b}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Everything wrong with the PDF `bytes`, named `name` (its file name), under `rules`; empty when
/// it may be filed.
pub fn check(name: &str, bytes: &[u8], rules: &Rules) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(rule) = rules.file_names
        && let Some(p) = rule.problem(name)
    {
        problems.push(Problem::file(p));
    }
    if let Some(limit) = rules.largest_file
        && bytes.len() as u64 > limit.0
    {
        problems.push(Problem::file(format!(
            "is {}; the court takes files of at most {limit}",
            ByteSize(bytes.len() as u64)
        )));
    }
    let pdf = match Pdf::open(bytes) {
        Ok(pdf) => pdf,
        Err(e) => {
            problems.push(Problem::file(e));
            return problems;
        }
    };
    if pdf.encrypted {
        problems.push(Problem::file(
            "is encrypted (or restricted by a password); courts take unencrypted PDFs only",
        ));
    }
    for active in pdf.active() {
        problems.push(Problem::file(match active {
            Active::JavaScript => "has JavaScript; courts take no active content",
            Active::Forms => "has form fields; flatten them (print to PDF) before filing",
            Active::Attachments => "has attached files; file each document on its own",
        }));
    }
    let pages = pdf.pages();
    if pages.is_empty() {
        problems.push(Problem::file(if pdf.encrypted {
            "cannot be read without its password"
        } else {
            "has no pages"
        }));
        return problems;
    }
    // The title the first page must print: the caption's, or else the PDF's own.
    let title = pdf.title();
    let printed = match (&rules.title, title.as_deref()) {
        (Title::Any, _) => None,
        (Title::Is(want), have) => {
            match have {
                Some(have) if have == *want => {}
                Some(have) => problems.push(Problem::file(format!(
                    "its title is \"{have}\", not the caption's \"{want}\""
                ))),
                None => problems.push(Problem::file(format!(
                    "has no title; it must be the caption's, \"{want}\""
                ))),
            }
            Some(*want)
        }
        (Title::Printed, Some(have)) => Some(have),
        (Title::Printed, None) => {
            problems.push(Problem::file(
                "has no title; it must be the caption's title, as the first page prints it",
            ));
            None
        }
    };
    let printed_squashed = printed.map(squashed).unwrap_or_default();
    let mut title_found = printed.is_none();
    let mut by_page: Vec<(usize, String)> = Vec::new();
    let mut not_embedded: Vec<(String, usize)> = Vec::new();
    let mut encodings = Encodings::default();
    for (i, &page) in pages.iter().enumerate() {
        let n = i + 1;
        match pdf.page_size(page) {
            Some((w, h)) if near(w, h, LETTER) || near(h, w, LETTER) => {}
            Some((w, h)) => by_page.push((
                n,
                format!(
                    "is {:.2} × {:.2} in, not US Letter (8.5 × 11 in)",
                    w / 72.0,
                    h / 72.0
                ),
            )),
            None => by_page.push((n, "has no page size".into())),
        }
        if !rules.pages && n > 1 {
            continue;
        }
        for font in pdf.fonts(page) {
            if !font.embedded && !not_embedded.iter().any(|(f, _)| *f == font.name) {
                not_embedded.push((font.name, n));
            }
        }
        // Reading a page stops once it has shown text (on the first page, once it has shown the
        // title too): the content is most of preflight's work.
        let find_title = n == 1 && !title_found;
        let enough = |t: &PageText| {
            !t.squashed.is_empty() && (!find_title || t.squashed.contains(&printed_squashed))
        };
        let text = pdf.text(page, &mut encodings, &enough);
        if find_title {
            title_found = text.squashed.contains(&printed_squashed);
        }
        let mut unmapped = pdf.unmapped_fonts(page);
        unmapped.extend(text.unmapped);
        if !unmapped.is_empty() {
            let fonts: Vec<&str> = unmapped.iter().map(String::as_str).collect();
            by_page.push((
                n,
                format!(
                    "text in {} cannot be extracted (the font maps no characters to Unicode)",
                    fonts.join(", ")
                ),
            ));
        } else if text.squashed.is_empty() {
            by_page.push((
                n,
                "has no text that can be extracted (an image only?); courts need text-searchable PDFs".into(),
            ));
        }
    }
    for (font, page) in not_embedded {
        problems.push(Problem {
            pages: Some((page, page)),
            message: format!("font {font} is not embedded"),
        });
    }
    problems.extend(runs(by_page));
    if let Some(t) = printed
        && !title_found
    {
        problems.push(Problem {
            pages: Some((1, 1)),
            message: format!("does not print the document's title, \"{t}\""),
        });
    }
    if let Some(want) = rules.bookmarks {
        let have = pdf.bookmarks();
        if have == 0 {
            problems.push(Problem::file(
                "has no bookmarks; a combined volume needs one per document",
            ));
        } else if want > 0 && have != want {
            problems.push(Problem::file(format!(
                "has {have} bookmarks for {want} documents; a combined volume needs one per document"
            )));
        }
    }
    problems
}

fn near(w: f32, h: f32, (lw, lh): (f32, f32)) -> bool {
    (w - lw).abs() <= SLACK && (h - lh).abs() <= SLACK
}

/// Text compared without its whitespace: a title wraps over lines in a caption, and extraction
/// sees runs, not words.
fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{AD}'))
        .collect()
}

/// One problem per message for a run of consecutive pages, in page order.
fn runs(mut by_page: Vec<(usize, String)>) -> Vec<Problem> {
    by_page.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
    let mut out: Vec<Problem> = Vec::new();
    for (page, message) in by_page {
        match out.last_mut() {
            Some(p) if p.message == message && p.pages.is_some_and(|(_, b)| b + 1 == page) => {
                if let Some((_, b)) = &mut p.pages {
                    *b = page;
                }
            }
            _ => out.push(Problem {
                pages: Some((page, page)),
                message,
            }),
        }
    }
    out.sort_by_key(|p| p.pages);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_pages_with_one_problem_are_one_line() {
        let lines: Vec<String> = runs(vec![
            (1, "a".into()),
            (2, "a".into()),
            (3, "b".into()),
            (4, "a".into()),
            (5, "a".into()),
        ])
        .iter()
        .map(Problem::to_string)
        .collect();
        assert_eq!(lines, ["pages 1–2: a", "page 3: b", "pages 4–5: a"]);
    }

    /// A one-page PDF showing `HELLO WORLD` in Helvetica, not embedded, titled `HELLO`; `catalog`
    /// is added to its catalog, and object 7 is a JavaScript action when it is given.
    fn one_page(media: &str, catalog: &str) -> Vec<u8> {
        let content = "BT /F1 12 Tf 72 700 Td (HELLO WORLD) Tj ET";
        let objects = [
            format!("<</Type/Catalog/Pages 2 0 R{catalog}>>"),
            "<</Type/Pages/Kids[3 0 R]/Count 1>>".into(),
            format!(
                "<</Type/Page/Parent 2 0 R/MediaBox[{media}]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>"
            ),
            format!("<</Length {}>>stream\n{content}\nendstream", content.len()),
            "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>".into(),
            "<</Title(HELLO)>>".into(),
            // An action the catalog may point to; without it the object is empty (preflight
            // looks at every object, used or not).
            if catalog.is_empty() {
                "<<>>".into()
            } else {
                "<</S/JavaScript/JS(app.alert(1))>>".into()
            },
        ];
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        let n = objects.len() + 1;
        pdf.extend_from_slice(format!("xref\n0 {n}\n0000000000 65535 f \n").as_bytes());
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size {n}/Root 1 0 R/Info 6 0 R>>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        pdf
    }

    fn lines(bytes: &[u8], title: Title) -> Vec<String> {
        let rules = Rules {
            largest_file: None,
            file_names: None,
            title,
            bookmarks: None,
            pages: true,
        };
        check("x.pdf", bytes, &rules)
            .iter()
            .map(Problem::to_string)
            .collect()
    }

    #[test]
    fn a_font_not_embedded_a_page_not_letter_and_javascript_are_each_a_line() {
        let letter = one_page("0 0 612 792", "");
        assert_eq!(
            lines(&letter, Title::Printed),
            ["page 1: font Helvetica is not embedded"]
        );
        assert_eq!(
            lines(&letter, Title::Is("GOODBYE")),
            [
                "its title is \"HELLO\", not the caption's \"GOODBYE\"",
                "page 1: font Helvetica is not embedded",
                "page 1: does not print the document's title, \"GOODBYE\"",
            ]
        );
        let a4 = one_page("0 0 595 842", "/OpenAction 7 0 R");
        assert_eq!(
            lines(&a4, Title::Any),
            [
                "has JavaScript; courts take no active content",
                "page 1: font Helvetica is not embedded",
                "page 1: is 8.26 × 11.69 in, not US Letter (8.5 × 11 in)",
            ]
        );
    }

    #[test]
    fn a_file_that_is_no_pdf_is_one_clear_line() {
        let rules = Rules {
            largest_file: Some(ByteSize(4)),
            file_names: None,
            title: Title::Printed,
            bookmarks: None,
            pages: true,
        };
        let p = check("x.pdf", b"not a pdf", &rules);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].message.contains("at most 4 bytes"));
        assert!(p[1].message.starts_with("is not a PDF"));
    }
}
