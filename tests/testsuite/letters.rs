//! Letters people can read, placed for the envelope, private through the window, with taglines in
//! other languages' own scripts.

use std::path::Path;

use crate::util::*;

/// Words of page 1 with their boxes (points).
fn page_one_words(pdf: &Path) -> Vec<Word> {
    words_by_page(pdf).into_iter().next().unwrap_or_default()
}

const PRIVATE: [&str; 9] = [
    "convict",
    "cannabis",
    "marijuana",
    "1135",
    "11360",
    "dismiss",
    "sealed",
    "h&s",
    "court",
];

#[test]
fn letters_fit_the_window_and_keep_the_case_private() {
    let dir = workdir("letters");
    let (input, contacts) = synth_data(&dir, 120, 3);
    let out = dir.join("out");
    render(&[&input], &out, &["--contacts", contacts.to_str().unwrap()]);
    let list = read_csv(&out.join("mail/mailing-list.csv"));
    assert!(list.len() > 80, "most people are mailable: {}", list.len());
    for row in &list {
        let words = page_one_words(&out.join(&row["letter"]));
        // The recipient's name: its first word, the first time it appears.
        let first = row["name"].split_whitespace().next().unwrap();
        let name = words
            .iter()
            .find(|w| w.0 == first)
            .unwrap_or_else(|| panic!("{} not on page 1", row["letter"]));
        assert!(
            name.2 >= 1.9 * 72.0 && name.4 <= 3.1 * 72.0,
            "{}: name at y {}..{}",
            row["letter"],
            name.2,
            name.4
        );
        assert!(
            name.1 >= 0.9 * 72.0 && name.3 <= 4.9 * 72.0,
            "{}: name at x {}..{}",
            row["letter"],
            name.1,
            name.3
        );
        // The whole address block sits in the window.
        let zip = words
            .iter()
            .find(|w| w.0 == row["zip"])
            .expect("the ZIP is printed");
        assert!(
            zip.4 <= 3.1 * 72.0 - 9.0,
            "{}: ZIP bottom at {}",
            row["letter"],
            zip.4
        );
        for w in words.iter().filter(|w| w.4 < 3.6 * 72.0) {
            let lower = w.0.to_lowercase();
            assert!(
                !PRIVATE.iter().any(|p| lower.contains(p)),
                "{}: `{}` shows above 3.6 in",
                row["letter"],
                w.0
            );
        }
        let text = pdftotext_flat(&out.join(&row["letter"]));
        if row["language"] == "es" {
            assert!(
                text.contains("Asunto") && text.contains("No tiene que ir a la corte"),
                "{}",
                row["letter"]
            );
        } else {
            assert!(
                text.contains("You do not need to go to court"),
                "{}",
                row["letter"]
            );
        }
    }
    assert!(
        list.iter().any(|r| r["language"] == "es"),
        "the sample has Spanish speakers"
    );
}

/// Flesch-Kincaid grade of plain English text (syllables counted by vowel groups).
fn fk_grade(text: &str) -> f64 {
    let sentences = text
        .split(['.', '!', '?', ':'])
        .filter(|s| s.split_whitespace().count() > 0)
        .count()
        .max(1) as f64;
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let syllables: usize = words
        .iter()
        .map(|w| {
            let mut n = 0;
            let mut prev = false;
            for c in w.chars() {
                let v = "aeiouy".contains(c);
                if v && !prev {
                    n += 1;
                }
                prev = v;
            }
            if w.ends_with('e') && n > 1 {
                n -= 1;
            }
            n.max(1)
        })
        .sum();
    let w = words.len() as f64;
    0.39 * (w / sentences) + 11.8 * (syllables as f64 / w) - 15.59
}

#[test]
fn the_english_letter_reads_at_grade_8_or_below() {
    let dir = workdir("readability");
    let pdf = dir.join("letter.pdf");
    run_expect(&["preview", "letter", "--out", pdf.to_str().unwrap()], 0);
    let text = pdftotext_flat(&pdf);
    // The body: from the greeting to the signature, without the address and the case lines.
    let body = text
        .split("Dear")
        .nth(1)
        .expect("greeting")
        .split("Sincerely")
        .next()
        .unwrap();
    let body: String = body
        .split(". ")
        .filter(|s| !s.contains("case number"))
        .collect::<Vec<_>>()
        .join(". ");
    let grade = fk_grade(&body);
    assert!(grade <= 8.0, "Flesch-Kincaid grade {grade:.1}");
}

/// A reader of neither English nor Spanish (the example's Vietnamese reader) gets a line in each
/// of Los Angeles County's threshold languages, each script printed from a font that has it;
/// every other letter carries none and embeds no extra font.
#[test]
fn other_languages_get_taglines_in_their_own_scripts() {
    let out = workdir("taglines").join("out");
    render(
        &[&example("prop64-results.csv")],
        &out,
        &["--contacts", example("contacts.csv").to_str().unwrap()],
    );
    let (mut with, mut without) = (0, 0);
    for row in read_csv(&out.join("manifest.csv"))
        .iter()
        .filter(|r| r["kind"] == "letter")
    {
        let pdf = out.join(&row["path"]);
        let text = pdftotext_flat(&pdf);
        let fonts = String::from_utf8_lossy(&tool("pdffonts", &[pdf.to_str().unwrap()]).stdout)
            .into_owned();
        if text.contains("Tiếng Việt") {
            with += 1;
            for line in [
                "Español:",
                "Tagalog:",
                "Русский:",
                "繁體中文：",
                "简体中文：",
                "한국어:",
                "Հայերեն",
                "ខ្មែរ",
                "العربية",
                "فارسی",
            ] {
                assert!(
                    text.contains(line),
                    "{}: no `{line}` in {text}",
                    row["path"]
                );
            }
            for font in [
                "NotoSansCJK",
                "NotoSansArmenian",
                "NotoSansKhmer",
                "NotoSansArabic",
            ] {
                assert!(fonts.contains(font), "{}: {fonts}", row["path"]);
            }
            // The Arabic and Farsi lines run right to left, flush right, and the number in them
            // still reads (555) 555-0199 from the left, not 0199-555 (555).
            let page = words_by_page(&pdf).pop().unwrap();
            let english = page
                .iter()
                .find(|w| w.0.starts_with("Español"))
                .expect("the Spanish line");
            let rtl_lines: Vec<f64> = page
                .iter()
                .filter(|w| w.0.contains("(555)"))
                .map(|w| w.2)
                .filter(|&y| y > english.2 + 100.0)
                .collect();
            assert_eq!(rtl_lines.len(), 2, "{page:?}");
            for y in rtl_lines {
                let line: Vec<_> = page.iter().filter(|w| (w.2 - y).abs() < 1.0).collect();
                let x = |text: &str| {
                    line.iter()
                        .find(|w| w.0.contains(text))
                        .unwrap_or_else(|| panic!("`{text}` in {line:?}"))
                        .1
                };
                assert!(x("(555)") < x("555-0199"), "{line:?}");
                let right = line.iter().map(|w| w.3).fold(0.0, f64::max);
                let left = line.iter().map(|w| w.1).fold(f64::MAX, f64::min);
                assert!(
                    right > english.1 + 400.0 && left > english.1 + 20.0,
                    "flush right: {line:?}"
                );
            }
        } else {
            without += 1;
            assert!(!fonts.contains("Noto"), "{}: {fonts}", row["path"]);
        }
    }
    assert!(
        with == 1 && without > 0,
        "{with} letters with taglines, {without} without"
    );
}
