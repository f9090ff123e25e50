//! Page numbers, written into the laid-out pages. In Typst a page number is a counter read through
//! the introspector, and a document that reads its introspector is laid out twice: 4.5 % of a run's
//! work. Each page's number is known after the first layout, so templates mark where it goes
//! (`page-number()` in lib/common.typ) and it is written there before export.

use typst::ecow::EcoVec;
use typst::layout::{Em, Frame, FrameItem};
use typst::model::Document;
use typst::text::{Glyph, TextItem};
use typst_layout::PagedDocument;

/// Whether `text` is a placeholder: `page-number()` gives it the language ISO 639 "zxx", no
/// linguistic content. No other text has it, and person data, printed literally, cannot set one.
fn is_mark(text: &TextItem) -> bool {
    text.lang.as_str() == "zxx"
}

/// `document` with every placeholder filled in: its first "0" standing alone becomes the page's
/// number and a second one the last page's ("0", "0 / 0", "Exhibit A — page 0 of 0").
pub fn write(document: PagedDocument) -> PagedDocument {
    let Some(last) = document.pages().last().map(|p| p.number) else {
        return document;
    };
    if !document.pages().iter().any(|p| marked(&p.frame)) {
        return document;
    }
    let mut pages: EcoVec<_> = document.pages().iter().cloned().collect();
    for page in pages.make_mut() {
        let number = page.number;
        stamp(&mut page.frame, &|words| fill(words, number, last));
    }
    PagedDocument::new(pages, document.info().clone())
}

fn marked(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(group) => marked(&group.frame),
        FrameItem::Text(text) => is_mark(text),
        _ => false,
    })
}

fn stamp(frame: &mut Frame, fill: &dyn Fn(&str) -> String) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) if marked(&group.frame) => stamp(&mut group.frame, fill),
            FrameItem::Text(text) if is_mark(text) => {
                let filled = fill(&text.text);
                replace(text, &filled)
            }
            _ => {}
        }
        true
    });
}

/// `words` with its first "0" that stands alone (no digit beside it) replaced by `number` and the
/// second by `last`.
fn fill(words: &str, number: u64, last: u64) -> String {
    let mut out = String::with_capacity(words.len() + 8);
    let mut zeros = 0;
    let chars: Vec<char> = words.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let digit_beside = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_ascii_digit())
        };
        if c == '0' && zeros < 2 && !digit_beside(i.checked_sub(1)) && !digit_beside(Some(i + 1)) {
            out.push_str(&if zeros == 0 { number } else { last }.to_string());
            zeros += 1;
        } else {
            out.push(c);
        }
    }
    out
}

/// Sets `text` in the placeholder's font, size and colour, centred where the placeholder was.
fn replace(item: &mut TextItem, text: &str) {
    let font = &item.font;
    let span = item
        .glyphs
        .first()
        .map(|g| g.span)
        .unwrap_or((typst::syntax::Span::detached(), 0));
    let mut glyphs: Vec<Glyph> = text
        .char_indices()
        .filter_map(|(i, c)| {
            let id = font.ttf().glyph_index(c)?.0;
            let start = u16::try_from(i).ok()?;
            Some(Glyph {
                id,
                x_advance: font.x_advance(id)?,
                x_offset: Em::zero(),
                y_advance: Em::zero(),
                y_offset: Em::zero(),
                range: start..start + c.len_utf8() as u16,
                span,
            })
        })
        .collect();
    let width = |glyphs: &[Glyph]| glyphs.iter().map(|g| g.x_advance).sum::<Em>();
    let shift = (width(&item.glyphs) - width(&glyphs)) / 2.0;
    glyphs.iter_mut().for_each(|g| g.x_offset = shift);
    item.text = text.into();
    item.glyphs = glyphs;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text items of a frame, in order.
    fn texts(frame: &Frame) -> Vec<TextItem> {
        frame
            .items()
            .flat_map(|(_, item)| match item {
                FrameItem::Group(group) => texts(&group.frame),
                FrameItem::Text(text) => vec![text.clone()],
                _ => vec![],
            })
            .collect()
    }

    fn numbered(source: &str) -> Vec<Vec<TextItem>> {
        let base = super::super::world::Base::new(
            &crate::assets::Assets::embedded(),
            chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
        );
        let document = write(
            typst::compile::<PagedDocument>(&base.document(source.into()))
                .output
                .expect("compiles"),
        );
        document.pages().iter().map(|p| texts(&p.frame)).collect()
    }

    fn strings(page: &[TextItem]) -> Vec<&str> {
        page.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn writes_each_pages_number_where_the_template_marks_it() {
        let pages = numbered(
            r#"#import "/lib/common.typ": page-number
#set page(height: 2in, footer: align(center, page-number(of: true)))
#counter(page).update(9)
0 #pagebreak() b #pagebreak() c #page-number()"#,
        );
        // Text that is not a placeholder ("0") stays as it is.
        assert_eq!(
            pages.iter().map(|p| strings(p)).collect::<Vec<_>>(),
            [
                vec!["0", "9 / 11"],
                vec!["b", "10 / 11"],
                vec!["c ", "11", "11 / 11"]
            ]
        );
        // A wider number stays centred where the placeholder "0 / 0" stood.
        let footer = |page: usize| pages[page].last().expect("a footer").glyphs.clone();
        let digit = footer(0)[0].x_advance;
        assert_eq!(
            footer(0)[0].x_offset,
            -digit / 2.0,
            "9 / 11, a digit wider: half a digit to the left"
        );
        assert_eq!(footer(1)[0].x_offset, -digit, "10 / 11, two digits wider");
    }

    #[test]
    fn fills_in_the_zeros_that_stand_alone() {
        assert_eq!(fill("0", 3, 9), "3");
        assert_eq!(fill("0 / 0", 3, 9), "3 / 9");
        assert_eq!(
            fill("Exhibit A — page 0 of 0", 12, 40),
            "Exhibit A — page 12 of 40"
        );
        assert_eq!(
            fill("Exhibit A — page 0 of 1000", 7, 9),
            "Exhibit A — page 7 of 1000"
        );
        assert_eq!(fill("page 0 of 10", 2, 9), "page 2 of 10");
    }

    #[test]
    fn writes_the_page_number_among_words_as_one_centred_piece() {
        let pages = numbered(
            r#"#import "/lib/common.typ": page-number-in
#set page(height: 2in, footer: align(center, page-number-in("Exhibit A — page 0 of 0")))
#counter(page).update(9)
a #pagebreak() b"#,
        );
        assert_eq!(strings(&pages[0]), ["a", "Exhibit A — page 9 of 10"]);
        let pages = numbered(
            r#"#import "/lib/common.typ": page-number-in
#set page(height: 2in, footer: align(center, page-number-in("Exhibit A — page 0 of " + str(1378))))
a"#,
        );
        assert_eq!(strings(&pages[0]), ["a", "Exhibit A — page 1 of 1378"]);
    }

    #[test]
    fn keeps_page_of_pages_whole_in_right_to_left_text() {
        // Bidi would cut "0 / 0" into three pieces; page-number() boxes it.
        let pages = numbered(
            r#"#import "/lib/common.typ": page-number
#set text(dir: rtl)
#set page(height: 2in, footer: align(center, page-number(of: true)))
a #pagebreak() b"#,
        );
        assert_eq!(strings(&pages[1]), ["b", "2 / 2"]);
    }
}
