//! Person data prints as given: markup in a name is printed literally and never run, every script
//! prints from a font that has it (or the row is listed), and long names wrap where they belong.

use crate::util::*;

#[test]
fn person_data_prints_literally() {
    let input = example("prop64-results.csv");
    let out = workdir("injection").join("out");
    render(&[&input], &out, &[]);
    let manifest = read_csv(&out.join("manifest.csv"));
    let petition = manifest
        .iter()
        .find(|r| r["kind"] == "petition" && r["case_numbers"] == "BA301122")
        .expect("the injection case");
    let text = pdftotext_flat(&out.join(&petition["path"]));
    for literal in ["#read(\"/etc/", "$x$", "*BOLD*", "{{x}}", "<x>", "\\ \"Q\""] {
        assert!(text.contains(literal), "{literal} missing from: {text}");
    }
    assert!(!text.contains("root:x:0"), "no file content may leak in");
    let nguyen = manifest
        .iter()
        .find(|r| r["case_numbers"] == "LA0774512" && r["kind"] == "petition")
        .unwrap();
    assert!(pdftotext_flat(&out.join(&nguyen["path"])).contains("THỊ HƯƠNG NGUYỄN"));
}

#[test]
fn names_with_markup_print_literally() {
    let d = workdir("markup");
    let input = d.join("markup.csv");
    // (PRI_NAME, case, what the petition must show)
    let people: [(&str, &str, &[&str]); 7] = [
        (
            "#read(\"/etc/passwd\") $x$,*BOLD* _em_",
            "MK1001",
            &["#read(\"/etc/passwd\")", "$x$", "*BOLD*", "_em_"],
        ),
        (
            "{{x}} {{{raw}}} <lbl>,@ref [br] ] //c /*c*/",
            "MK1002",
            &[
                "{{x}}",
                "{{{raw}}}",
                "<lbl>",
                "@ref",
                "[br] ]",
                "//c",
                "/*c*/",
            ],
        ),
        (
            "BACK\\SLASH \"DQ\",C:\\TEMP\\n O'BRIEN",
            "MK1003",
            &["BACK\\SLASH", "\"DQ\"", "C:\\TEMP\\n", "O'BRIEN"],
        ),
        (
            "LINE\nBREAK,ANN\r\nMARIE",
            "MK1004",
            &["ANN MARIE LINE BREAK"],
        ),
        ("NGUYỄN,THỊ HƯƠNG", "MK1005", &["THỊ HƯƠNG NGUYỄN"]),
        (
            "MUÑOZ-GARCÍA,JOSÉ ÁNGEL",
            "MK1006",
            &["JOSÉ ÁNGEL MUÑOZ-GARCÍA"],
        ),
        ("ØSTERGÅRD,ZOË ÇELİK", "MK1007", &["ZOË ÇELİK ØSTERGÅRD"]),
    ];
    let mut rows_in: Vec<Row> = people
        .iter()
        .enumerate()
        .map(|(i, (name, case, _))| {
            count_row(
                &format!("{}", 1001 + i),
                name,
                "SACRAMENTO",
                case,
                "101001001000",
            )
        })
        .collect();
    // After the name that spans three lines the count must go on right: the header, 7 rows and
    // 2 embedded line breaks put this row on line 11.
    rows_in.push(count_row(
        "2001",
        "SMITH,ALEX",
        "SACRAMENTO",
        "NULL",
        "101001001000",
    ));
    gogen_csv(&input, &rows_in);
    let out = d.join("out");
    render_ok(&[&input], &out);
    for (_, case, shown) in &people {
        let text = pdftotext_flat(&petition(&out, case));
        for s in *shown {
            assert!(text.contains(s), "{case}: `{s}` missing from: {text}");
        }
        assert!(!text.contains("root:x:0"), "no file content may leak in");
    }
    assert_eq!(
        exception_lines(&out, &input),
        [(11, "no-case-number".to_string())]
    );
}

#[test]
fn a_name_no_font_can_print_is_listed_not_blank() {
    let dir = workdir("tofu");
    let input = dir.join("in.csv");
    // Han characters beyond the few the taglines use are in no bundled font.
    let mut a = count_row("1", "LEE,龍雲", "LOS ANGELES", "BA1", "101001001000");
    set(
        &mut a,
        "Eligibility Determination",
        "Eligible for Dismissal",
    );
    // Armenian is: the name prints from Noto Sans Armenian.
    let b = count_row("2", "ՊԵՏՐՈՍՅԱՆ,ԱՐԱՄ", "LOS ANGELES", "BA2", "101001001000");
    // Hebrew is in the serif and sans faces, and prints right to left (it once crashed the run).
    let c = count_row("3", "כהן,דוד", "LOS ANGELES", "BA3", "101001001000");
    // Arabic script prints from Noto Sans Arabic.
    let d = count_row("4", "حداد,سامي", "LOS ANGELES", "BA4", "101001001000");
    gogen_csv(&input, &[a, b, c, d]);
    let out = dir.join("out");
    render(&[&input], &out, &["--as-of", REVIEW_AS_OF]);
    let exceptions = read_csv(&out.join("exceptions.csv"));
    // Rejected at its line before anything is planned: the court's notice, which lists every
    // case, is still made (it once failed for everyone on this one name).
    assert!(
        exceptions.iter().any(|e| e["code"] == "unprintable"
            && e["case_number"] == "BA1"
            && e["line"] == "2"
            && e["message"].contains("U+9F8D")),
        "{exceptions:?}"
    );
    assert!(
        out.join("courts/los-angeles/notice-unchallenged.pdf")
            .exists(),
        "the notice is made"
    );
    let manifest = read_csv(&out.join("manifest.csv"));
    assert!(
        !manifest
            .iter()
            .any(|r| r["case_numbers"] == "BA1" && r["kind"] == "petition")
    );
    let petition = manifest
        .iter()
        .find(|r| r["case_numbers"] == "BA2" && r["kind"] == "petition")
        .expect("BA2 petition");
    assert!(
        pdftotext_flat(&out.join(&petition["path"])).contains("ԱՐԱՄ ՊԵՏՐՈՍՅԱՆ"),
        "the Armenian name prints"
    );
    for (case, words) in [("BA3", ["דוד", "כהן"]), ("BA4", ["سامي", "حداد"])] {
        for kind in ["petition", "order", "letter"] {
            let doc = manifest
                .iter()
                .find(|r| r["case_numbers"] == case && r["kind"] == kind)
                .unwrap_or_else(|| panic!("{case} {kind}"));
            let text = pdftotext_flat(&out.join(&doc["path"]));
            assert!(
                words.iter().all(|w| text.contains(w)),
                "the name prints on the {kind}: {text}"
            );
        }
    }
    assert_row_identity(&out);
}

#[test]
fn a_name_with_a_word_longer_than_a_caption_line_wraps_inside_the_caption() {
    let d = workdir("long-word");
    let input = d.join("long-word.csv");
    let word = "Q".repeat(90);
    gogen_csv(
        &input,
        &[count_row(
            "1001",
            &format!("{word},ANN"),
            "SACRAMENTO",
            "LW1001",
            "101001001000",
        )],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    let pdf = petition(&out, "LW1001");
    let words: Vec<_> = words_by_page(&pdf).into_iter().flatten().collect();
    let qs = |w: &Word| w.0.chars().filter(|c| *c == 'Q').count();
    // In the caption (between "v." and "Defendant.") the name wraps left of the middle rule, at
    // 4.5 in (half-way across the text, which runs from 1.5 in to 7.5 in); nowhere does it run past
    // the right margin.
    let v = words.iter().position(|w| w.0 == "v.").unwrap();
    let defendant = v + words[v..].iter().position(|w| w.0 == "Defendant.").unwrap();
    let caption: Vec<_> = words[v..defendant].iter().filter(|w| qs(w) > 0).collect();
    assert!(
        caption.len() >= 3,
        "the word wraps onto several caption lines: {caption:?}"
    );
    assert_eq!(
        caption.iter().map(|w| qs(w)).sum::<usize>(),
        90,
        "every letter is in the caption"
    );
    for w in &caption {
        assert!(
            w.3 < 4.5 * 72.0,
            "`{}` ends at {} pt, past the caption's middle",
            w.0,
            w.3
        );
    }
    for w in words.iter().filter(|w| qs(w) > 0) {
        assert!(
            w.3 <= 7.5 * 72.0 + 1.0,
            "`{}` ends at {} pt, past the right margin",
            w.0,
            w.3
        );
    }
}
