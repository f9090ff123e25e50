//! Exhibit A of an omnibus paper, laid out on pages before Typst sets it. A county's exhibit is
//! thousands of rows, rendered in parts to keep memory flat (`documents::render_in_parts`), yet
//! every page must say "page N of M": so the rows are measured here, with the font and the
//! numbers of `templates/lib/exhibit.typ`, and each page's first row is marked. Typst then only
//! breaks pages where it is told to, and M is known before the first part is made.
//!
//! Every estimate errs towards more lines than Typst will take: a page may end a row early, never
//! overflow. Should Typst still take more pages (a template edited without this file), the
//! render stage finds out from the page numbers and makes the paper again with the true count.

use serde_json::Value;
use typst::layout::Abs;
use typst::text::{Font, FontInstance, FontStyle, FontVariations, FontWeight};

/// The numbers of `templates/lib/exhibit.typ`, in points.
const SIZE: f64 = 9.0;
/// One line of a row, and the insets above and below a row's lines together.
const LINE: f64 = 11.0;
const ROW_INSETS: f64 = 2.0;
/// A cell's insets, left and right together.
const CELL_INSETS: f64 = 6.0;
/// The height rows may take on a page: US Letter less the top and bottom margins.
const BODY: f64 = 792.0 - (1.45 + 0.8) * 72.0;
/// The width between the margins, and the columns' widths but the name's (which takes the rest):
/// no., date of birth, case, count, code section, level, conviction date, relief.
const TEXT_WIDTH: f64 = 7.0 * 72.0;
const FIXED: [f64; 8] = [32.0, 48.0, 58.0, 32.0, 64.0, 30.0, 48.0, 58.0];
/// Room for rounding between Typst's sums and these.
const SLACK: f64 = 0.5;
/// A character the serif face lacks is set from another font: counted wider than most are.
const FOREIGN_EM: f64 = 1.2;

const ZWSP: char = '\u{200B}';

/// The rows' face, to measure text with.
pub struct Metrics {
    font: Option<FontInstance>,
}

/// Where the pages of an exhibit start: the index of each page's first row, and the exhibit page
/// number it starts (a row taller than a page takes more than one).
pub struct Pages {
    pub starts: Vec<(usize, usize)>,
    pub total: usize,
}

impl Metrics {
    pub fn new(fonts: &[Font]) -> Metrics {
        let font = fonts
            .iter()
            .find(|f| {
                let info = f.info();
                info.family == "Clearpress Serif"
                    && info.variant.weight == FontWeight::REGULAR
                    && info.variant.style == FontStyle::Normal
            })
            .map(|f| {
                f.clone()
                    .instantiate(f.info().variant, Abs::pt(SIZE), &FontVariations::default())
            });
        Metrics { font }
    }

    /// The width of `text` at the rows' size, in points.
    fn width(&self, text: &str) -> f64 {
        text.chars().map(|c| self.advance(c)).sum::<f64>() * SIZE
    }

    /// A character's advance in ems.
    fn advance(&self, c: char) -> f64 {
        if matches!(c, ZWSP | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}') {
            return 0.0;
        }
        self.font
            .as_ref()
            .and_then(|f| {
                let id = f.ttf().glyph_index(c)?;
                f.x_advance(id.0)
            })
            .map_or(FOREIGN_EM, |em| em.get())
    }

    /// How many lines `text` takes in a cell `avail` points wide, breaking only at spaces and
    /// zero-width spaces (Typst may break at more places, so takes no more lines). A word wider
    /// than the cell gets zero-width spaces where it must break, so that it wraps rather than
    /// running into the next column: then the text is returned changed.
    fn lines(&self, text: &str, avail: f64) -> (usize, Option<String>) {
        let space = self.width(" ");
        let mut lines = 1;
        let mut used: Option<f64> = None;
        let mut changed = false;
        let mut out = String::with_capacity(text.len());
        for (i, spaced) in text.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            for (j, word) in spaced.split(ZWSP).enumerate() {
                if j > 0 {
                    out.push(ZWSP);
                }
                let sep = if j == 0 { space } else { 0.0 };
                let w = self.width(word);
                match used {
                    Some(u) if u + sep + w + SLACK <= avail => {
                        used = Some(u + sep + w);
                        out.push_str(word);
                        continue;
                    }
                    Some(_) => lines += 1,
                    None => {}
                }
                if w + SLACK <= avail {
                    used = Some(w);
                    out.push_str(word);
                    continue;
                }
                // Too wide for any line: break it where the line is full.
                changed = true;
                let mut piece = 0.0;
                for (k, c) in word.chars().enumerate() {
                    let a = self.advance(c) * SIZE;
                    if k > 0 && piece + a + SLACK > avail {
                        out.push(ZWSP);
                        lines += 1;
                        piece = 0.0;
                    }
                    piece += a;
                    out.push(c);
                }
                used = Some(piece);
            }
        }
        (lines, changed.then_some(out))
    }

    /// The columns' widths: the name's is what the others leave.
    fn widths(dob: bool) -> Vec<f64> {
        let mut w: Vec<f64> = FIXED.to_vec();
        if !dob {
            w.remove(1);
        }
        let name = TEXT_WIDTH - w.iter().sum::<f64>();
        w.insert(1, name);
        w
    }

    /// A row's height in points, the row given zero-width spaces where a word must break.
    fn row_height(&self, row: &mut Value, widths: &[f64], dob: bool) -> f64 {
        let mut keys: Vec<&[&str]> = vec![
            &["row"],
            &["name", "aka"],
            &["dob"],
            &["case"],
            &["n"],
            &["section"],
            &["level"],
            &["date"],
            &["relief"],
        ];
        if !dob {
            keys.remove(2);
        }
        let mut most = 1;
        for (fields, width) in keys.iter().zip(widths) {
            let avail = width - CELL_INSETS;
            let mut lines = 0;
            for (f, field) in fields.iter().enumerate() {
                let text = match row.get(*field) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => continue,
                };
                if f > 0 && text.is_empty() {
                    continue;
                }
                // A second field (the AKA) is on a line of its own after "AKA ".
                let shown = if f > 0 { format!("AKA {text}") } else { text };
                let (n, changed) = self.lines(&shown, avail);
                lines += n;
                if let Some(c) = changed {
                    let c = if f > 0 {
                        c["AKA ".len()..].to_string()
                    } else {
                        c
                    };
                    row[*field] = Value::String(c);
                }
            }
            most = most.max(lines);
        }
        most as f64 * LINE + ROW_INSETS
    }

    /// Lays Exhibit A's rows out on pages, when `data` is an exhibit's: marks the first row of
    /// each page but the first (`page_break`) and a row taller than a page (`tall`), gives long
    /// words their break points, and sets `exhibit.pages`.
    pub fn lay_out(&self, data: &mut Value) -> Option<Pages> {
        let dob = data.get("exhibit")?.get("dob")?.as_bool()?;
        let widths = Metrics::widths(dob);
        let rows = data.get_mut("rows")?.as_array_mut()?;
        let mut starts = Vec::new();
        let mut page = 0;
        let mut used = BODY;
        for (i, row) in rows.iter_mut().enumerate() {
            let h = self.row_height(row, &widths, dob);
            if used + h <= BODY {
                used += h;
                continue;
            }
            if i > 0 {
                row["page_break"] = Value::Bool(true);
            }
            page += 1;
            starts.push((i, page));
            used = h;
            if h > BODY {
                // It runs over pages of its own; the next row starts a new one.
                row["tall"] = Value::Bool(true);
                page += (h / BODY).ceil() as usize - 1;
                used = BODY;
            }
        }
        let total = page.max(1);
        if let Some(e) = data.get_mut("exhibit") {
            e["pages"] = Value::from(total);
        }
        Some(Pages { starts, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn metrics() -> Metrics {
        let base = super::super::world::Base::new(
            &crate::assets::Assets::embedded(),
            chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
        );
        Metrics::new(base.fonts())
    }

    fn row(n: usize, name: &str) -> Value {
        json!({"row": n, "name": name, "aka": "", "dob": "01/02/1970", "case": "BA123456", "n": 1,
               "section": "HS 11357(a)", "level": "M", "date": "06/12/1995", "relief": "Dismiss/seal"})
    }

    #[test]
    fn measures_with_the_serif_face() {
        let m = metrics();
        assert!(m.font.is_some());
        // Times metrics: a digit is half an em, a space a quarter.
        assert!((m.width("0") - 4.5).abs() < 0.01);
        assert!((m.width(" ") - 2.25).abs() < 0.01);
        assert_eq!(m.lines("JANE DOE", 100.0), (1, None));
        assert_eq!(m.lines("", 100.0), (1, None));
        assert_eq!(m.lines("JANE DOE", 30.0), (2, None));
        // A word wider than the cell is given break points, and reads the same without them.
        let (n, changed) = m.lines("WWWWWWWWWWWWWWWWWWWW", 40.0);
        let changed = changed.expect("break points");
        assert_eq!(changed.replace(ZWSP, ""), "WWWWWWWWWWWWWWWWWWWW");
        assert_eq!(n, changed.matches(ZWSP).count() + 1);
        assert!(n >= 5, "{n}");
    }

    #[test]
    fn every_column_fits_its_header_and_a_typical_row_is_one_line() {
        let m = metrics();
        let widths = Metrics::widths(true);
        assert!((widths[1] - 134.0).abs() < 0.01, "{widths:?}");
        // The header is bold: drawn with 3.5 % more spacing.
        for (header, w) in [
            "No.",
            "Name",
            "Born",
            "Case No.",
            "Count",
            "Code section",
            "Level",
            "Convicted",
            "Relief",
        ]
        .iter()
        .zip(&widths)
        {
            let bold = m.width(header) + header.chars().count() as f64 * 0.035 * SIZE;
            assert!(bold + CELL_INSETS <= *w, "{header}: {bold} in {w}");
        }
        let mut r = row(61234, "MARIA ELENA GONZALEZ-RODRIGUEZ");
        assert_eq!(m.row_height(&mut r, &widths, true), LINE * 2.0 + ROW_INSETS);
        let mut r = row(61234, "MARIA ELENA GONZALEZ");
        assert_eq!(m.row_height(&mut r, &widths, true), LINE + ROW_INSETS);
        let mut r = row(1, "JOSÉ ÁNGEL MUÑOZ");
        r["aka"] = json!("JOSE MUNOZ");
        assert_eq!(m.row_height(&mut r, &widths, true), 2.0 * LINE + ROW_INSETS);
    }

    #[test]
    fn pages_hold_forty_eight_one_line_rows_and_say_how_many_there_are() {
        let m = metrics();
        let mut data = json!({"exhibit": {"dob": true, "pages": 0},
            "rows": (1..=100).map(|i| row(i, "JANE DOE")).collect::<Vec<_>>()});
        let pages = m.lay_out(&mut data).expect("an exhibit");
        assert_eq!(pages.starts, [(0, 1), (48, 2), (96, 3)]);
        assert_eq!(
            (pages.total, data["exhibit"]["pages"].as_u64()),
            (3, Some(3))
        );
        assert!(data["rows"][48]["page_break"].as_bool().unwrap());
        assert!(data["rows"][0].get("page_break").is_none());
        // A row taller than a page has pages of its own.
        let mut data = json!({"exhibit": {"dob": false, "pages": 0},
            "rows": [row(1, "A"), row(2, &"WWWWWWWWWWWWWWW ".repeat(70)), row(3, "B")]});
        let pages = m.lay_out(&mut data).expect("an exhibit");
        assert!(data["rows"][1]["tall"].as_bool().unwrap());
        assert_eq!(pages.starts.len(), 3);
        assert!(pages.total >= 4, "{}", pages.total);
        // Not an exhibit: nothing to lay out.
        assert!(m.lay_out(&mut json!({"rows": []})).is_none());
    }

    /// The sample's omnibus order, with `rows` for its exhibit.
    fn order_with(rows: Vec<Value>) -> (super::super::Renderer, Value) {
        use crate::input::{Config, Forms};
        let assets = crate::assets::Assets::embedded();
        let forms = Forms::load(&assets).unwrap();
        // The sample plans an omnibus filing of every court, whatever the config files.
        let config = Config::sample(&assets, &forms).unwrap();
        let job = crate::sample::jobs(&forms, &config)
            .unwrap()
            .into_iter()
            .find(|j| j.doc.kind == crate::model::Kind::OmnibusOrder)
            .unwrap();
        let mut data = job.data.value();
        data["rows"] = Value::Array(rows);
        let renderer = super::super::Renderer::new(
            assets,
            crate::sample::as_of(),
            crate::settings::PdfStandard::Plain,
        )
        .unwrap();
        (renderer, data)
    }

    #[test]
    fn typst_takes_the_pages_laid_out_and_no_more() {
        // Names that wrap or not, with and without an AKA, in scripts other fonts set.
        let names = [
            "JANE DOE",
            "MARIA ELENA GONZALEZ-RODRIGUEZ",
            "JOSÉ ÁNGEL MUÑOZ-GARCÍA",
            "NGUYỄN VĂN AN",
            "HUBERT BLAINE WOLFESCHLEGELSTEINHAUSENBERGERDORFF",
            "ԱՐԱՄ ՊԵՏՐՈՍՅԱՆ",
            "محمد عبد الله",
            "WWWWWWWWWWWWWWWWWWWW MMMMMMMMMMMMM",
            "LI",
        ];
        let rows: Vec<Value> = (0..300)
            .map(|i| {
                let mut r = row(i + 1, names[i % names.len()]);
                if i % 7 == 3 {
                    r["aka"] = json!(names[(i / 7) % names.len()]);
                }
                if i % 11 == 5 {
                    r["case"] = json!("BA123456; BA654321");
                }
                r
            })
            .collect();
        let (renderer, mut data) = order_with(rows);
        let pages = renderer.metrics.lay_out(&mut data).unwrap();
        let made = renderer.render("omnibus.typ.hbs", &data, "t", "").unwrap();
        assert_eq!(made.last_number, pages.total);
        assert!(pages.total >= 7, "{}", pages.total);
    }

    #[test]
    fn one_line_rows_fill_the_pages_as_typst_would() {
        let rows: Vec<Value> = (0..200).map(|i| row(i + 1, "JANE DOE")).collect();
        let (renderer, mut data) = order_with(rows);
        let pages = renderer.metrics.lay_out(&mut data).unwrap();
        // Without the marks Typst breaks the pages itself: at the same rows.
        let mut natural = data.clone();
        for r in natural["rows"].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("page_break");
        }
        let planned = renderer.render("omnibus.typ.hbs", &data, "t", "").unwrap();
        let flowed = renderer
            .render("omnibus.typ.hbs", &natural, "t", "")
            .unwrap();
        assert_eq!(planned.pages, flowed.pages);
        assert_eq!((planned.last_number, pages.total), (5, 5));
    }
}
