//! Templates as a theme: export, override, strict and early checks, templates edited for older
//! versions, preview and init.

use crate::util::*;

/// The templates exported to `dir/theme`, with one file changed by `edit`.
fn edited_theme(
    dir: &std::path::Path,
    file: &str,
    edit: impl FnOnce(&str) -> String,
) -> std::path::PathBuf {
    let theme = dir.join("theme");
    run_expect(&["templates", "export", theme.to_str().unwrap()], 0);
    let path = theme.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    theme
}

#[test]
fn a_petition_edited_before_requests_were_a_list_still_numbers_them() {
    let dir = workdir("templates-old-requests");
    // The petition as it was written before `#requests(...)`: one `#request[...]` a line.
    let theme = edited_theme(&dir, "templates/petition.typ.hbs", |text| {
        let start = text.find("#requests(").unwrap();
        let end = start + text[start..].find("\n)\n").unwrap() + 3;
        let old = "#request[that defendant be relieved of OLD STYLE ONE;]\n#request[that the clerk report OLD STYLE TWO.]\n";
        format!("{}{old}{}", &text[..start], &text[end..])
    });
    let out = dir.join("out");
    render(
        &[&example("prop64-results.csv")],
        &out,
        &["--templates", theme.to_str().unwrap()],
    );
    let pdf = files(&out)
        .into_iter()
        .find(|f| f.ends_with("_petition.pdf"))
        .unwrap();
    let words = pdftotext_flat(&out.join(&pdf));
    assert!(
        words.contains("(1) that defendant be relieved of OLD STYLE ONE")
            && words.contains("(2) that the clerk report OLD STYLE TWO"),
        "{words}"
    );
}

#[test]
fn exported_templates_override_the_embedded_ones() {
    let dir = workdir("templates-export");
    let theme = dir.join("theme");
    run_expect(&["templates", "export", theme.to_str().unwrap()], 0);
    for f in [
        "templates/letter.typ.hbs",
        "templates/petition.typ.hbs",
        "templates/lib/pleading.typ",
        "forms/courts.toml",
        "forms/determinations.toml",
        "forms/profiles/gogen.toml",
    ] {
        assert!(theme.join(f).exists(), "{f} exported");
    }
    // Exporting twice never overwrites an edit.
    run_expect(&["templates", "export", theme.to_str().unwrap()], 1);

    // An unedited theme gives exactly the embedded result.
    let input = example("prop64-results.csv");
    let plain = dir.join("plain");
    let themed = dir.join("themed");
    render(&[&input], &plain, &[]);
    render(
        &[&input],
        &themed,
        &["--templates", theme.to_str().unwrap()],
    );
    for f in files(&plain).iter().filter(|f| f.ends_with(".pdf")) {
        assert!(
            std::fs::read(plain.join(f)).unwrap() == std::fs::read(themed.join(f)).unwrap(),
            "{f}"
        );
    }

    // A marker line appended to the letter appears in every letter.
    let letter = theme.join("templates/letter.typ.hbs");
    let mut text = std::fs::read_to_string(&letter).unwrap();
    text.push_str("\nCLERK MARKER 4711\n");
    std::fs::write(&letter, &text).unwrap();
    let marked = dir.join("marked");
    render(
        &[&input],
        &marked,
        &["--templates", theme.to_str().unwrap()],
    );
    let letters: Vec<String> = files(&marked)
        .into_iter()
        .filter(|f| f.starts_with("letters/"))
        .collect();
    assert!(letters.len() >= 3);
    for f in &letters {
        assert!(
            pdftotext_flat(&marked.join(f)).contains("CLERK MARKER 4711"),
            "{f}"
        );
    }

    // An unknown value is reported naming it and the file, before anything is written.
    text.push_str("{{no_such_field_x}}\n");
    std::fs::write(&letter, &text).unwrap();
    let bad = dir.join("bad");
    let r = run_expect(
        &[
            "render",
            input.to_str().unwrap(),
            "--out",
            bad.to_str().unwrap(),
            "--templates",
            theme.to_str().unwrap(),
        ],
        1,
    );
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("no_such_field_x") && err.contains("letter.typ.hbs"),
        "{err}"
    );
    assert!(!bad.exists());

    // A Handlebars syntax error names the file and line.
    std::fs::write(&letter, "{{#if sample}}\nunclosed\n").unwrap();
    let r = run_expect(
        &[
            "check",
            input.to_str().unwrap(),
            "--templates",
            theme.to_str().unwrap(),
        ],
        1,
    );
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("letter.typ.hbs") && err.contains("line"),
        "{err}"
    );

    // A Typst error names the file too.
    std::fs::write(
        &letter,
        "#import \"/lib/letter.typ\": *\n#nosuchfunction()\n",
    )
    .unwrap();
    let r = run_expect(
        &[
            "check",
            input.to_str().unwrap(),
            "--templates",
            theme.to_str().unwrap(),
        ],
        1,
    );
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("letter.typ.hbs") && err.contains("nosuchfunction"),
        "{err}"
    );

    // Raw output would let data become markup: refused.
    std::fs::write(&letter, "{{{person.name}}}\n").unwrap();
    let r = run_expect(
        &[
            "check",
            input.to_str().unwrap(),
            "--templates",
            theme.to_str().unwrap(),
        ],
        1,
    );
    assert!(String::from_utf8_lossy(&r.stderr).contains("raw output"));
}

/// A letter template edited before the taglines knew their direction prints them as it did: one
/// line each, as text.
#[test]
fn a_letter_template_edited_before_right_to_left_taglines_still_prints_them() {
    let dir = workdir("templates-old-taglines");
    let theme = edited_theme(&dir, "templates/letter.typ.hbs", |text| {
        let start = text.find("#taglines[").expect("the tagline box");
        let end = start + text[start..].find("{{/each}}]").unwrap() + "{{/each}}]".len();
        let old = "#block(breakable: false, stroke: 0.5pt, inset: 8pt, width: 100%, text(size: 9.5pt)[\n{{#each taglines}}{{this}} \\\n{{/each}}])";
        format!("{}{old}{}", &text[..start], &text[end..])
    });
    let out = dir.join("out");
    render(
        &[&example("prop64-results.csv")],
        &out,
        &[
            "--contacts",
            example("contacts.csv").to_str().unwrap(),
            "--templates",
            theme.to_str().unwrap(),
        ],
    );
    let letters: Vec<String> = read_csv(&out.join("manifest.csv"))
        .iter()
        .filter(|r| r["kind"] == "letter")
        .map(|r| pdftotext_flat(&out.join(&r["path"])))
        .collect();
    let with = letters
        .iter()
        .find(|t| t.contains("Tiếng Việt"))
        .expect("the Vietnamese reader's letter");
    assert!(
        with.contains("Tagalog:") && with.contains("العربية") && !with.contains("[object]"),
        "{with}"
    );
}

#[test]
fn a_tagline_the_fonts_cannot_print_stops_the_run_before_anything_is_written() {
    let dir = workdir("templates-tagline");
    let theme = edited_theme(&dir, "forms/taglines.toml", |text| {
        text.replace(
            "lines = [\n",
            "lines = [\n  \"Tiếng Việt: fine\",\n  \"हिन्दी: {phone}\",\n",
        )
    });
    let out = dir.join("out");
    let r = clearpress(&[
        "render",
        example("prop64-results.csv").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--templates",
        theme.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("taglines.toml")
            && stderr.contains("line 2 of the taglines")
            && stderr.contains("U+0939"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
}

/// A failure inside Typst on one person's document (here reached through an edited template that
/// turns kerning off for all text, which Typst 0.15 cannot export in Hebrew) lists that document
/// in exceptions.csv and the batch goes on; the panic's message, which quotes the text, is not
/// printed.
#[test]
fn typst_failing_on_one_document_lists_it_and_the_batch_goes_on() {
    let dir = workdir("templates-typst-panic");
    let theme = edited_theme(&dir, "templates/letter.typ.hbs", |text| {
        text.replacen(
            "#show: letter.with(",
            "#show text: set text(kerning: false)\n#show: letter.with(",
            1,
        )
    });
    let input = dir.join("in.csv");
    gogen_csv(
        &input,
        &[
            count_row("1", "RIVERA,ANA", "LOS ANGELES", "BA1", "101001001000"),
            count_row("2", "כהן,דוד", "LOS ANGELES", "BA2", "101001001000"),
        ],
    );
    let out = dir.join("out");
    let r = render(&[&input], &out, &["--templates", theme.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(
        !stderr.contains("דוד") && !stderr.contains("panicked"),
        "{stderr}"
    );
    let exceptions = read_csv(&out.join("exceptions.csv"));
    assert!(
        exceptions.iter().any(|e| e["code"] == "render-failed"
            && e["case_number"] == "BA2"
            && e["message"].starts_with("the letter")),
        "{exceptions:?}"
    );
    let manifest = read_csv(&out.join("manifest.csv"));
    let made = |case: &str, kind: &str| {
        manifest
            .iter()
            .any(|r| r["case_numbers"] == case && r["kind"] == kind)
    };
    assert!(
        made("BA1", "letter")
            && made("BA2", "petition")
            && made("BA2", "order")
            && !made("BA2", "letter"),
        "{manifest:?}"
    );
    assert_row_identity(&out);
}

#[test]
fn preview_writes_pdf_and_png() {
    let dir = workdir("preview");
    for kind in [
        "petition",
        "order",
        "letter",
        "letter-es",
        "notice-unchallenged",
        "notice-challenged",
        "transmittal",
        "court-index",
    ] {
        let pdf = dir.join(format!("{kind}.pdf"));
        let r = clearpress(&["preview", kind, "--out", pdf.to_str().unwrap(), "--png"]);
        assert!(
            r.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
        qpdf_check(&pdf);
        let png = dir.join(format!("{kind}-1.png"));
        assert!(
            std::fs::read(&png).unwrap().starts_with(b"\x89PNG"),
            "{kind}"
        );
    }
    run_expect(
        &[
            "preview",
            "nonsense",
            "--out",
            dir.join("x.pdf").to_str().unwrap(),
        ],
        2,
    );
    // The omnibus papers need a config that files a court omnibus.
    let config = dir.join("omnibus.toml");
    std::fs::write(
        &config,
        std::fs::read_to_string(example("config.toml"))
            .unwrap()
            .replace("filing = \"per-case\"", "filing = \"omnibus\""),
    )
    .unwrap();
    for kind in ["omnibus-motion", "omnibus-order"] {
        let pdf = dir.join(format!("{kind}.pdf"));
        run_expect(
            &[
                "preview",
                kind,
                "--out",
                pdf.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ],
            0,
        );
        assert!(pdftotext_flat(&pdf).contains("EXHIBIT A"));
    }
}

#[test]
fn init_writes_a_config_that_renders_clean() {
    let dir = workdir("init");
    let config = dir.join("office.toml");
    run_expect(&["init", config.to_str().unwrap()], 0);
    run_expect(&["init", config.to_str().unwrap()], 1);
    let out = dir.join("out");
    render(
        &[&example("prop64-results.csv")],
        &out,
        &["--config", config.to_str().unwrap()],
    );
    assert_eq!(summary(&out)["sample"], false);
}

/// The bookmarks of a court's combined PDF, in order.
fn bookmarks(pdf: &std::path::Path) -> Vec<String> {
    let json = tool(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    v["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap().to_string())
        .collect()
}

/// A court's index rows as (kind, person, cases), in filing order.
fn filing_order(out: &std::path::Path, court: &str) -> Vec<(String, String, String)> {
    read_csv(&out.join(format!("courts/{court}/index.csv")))
        .into_iter()
        .map(|r| {
            (
                r["kind"].clone(),
                r["person_ref"].clone(),
                r["case_numbers"].clone(),
            )
        })
        .collect()
}

#[test]
fn edited_file_names_keep_the_filing_order_and_bookmarks() {
    let dir = workdir("templates-file-pattern");
    // Person before case, and the order sorting before its petition by name: a filing order
    // taken from file names would change.
    let theme = edited_theme(&dir, "forms/documents.toml", |text| {
        text.replace(
            "courts/{court}/{case}_{person}_petition.pdf",
            "courts/{court}/{person}-{case}-z-application.pdf",
        )
        .replace(
            "courts/{court}/{case}_{person}_order.pdf",
            "courts/{court}/{person}-{case}-a-proposed-order.pdf",
        )
    });
    let (plain, edited) = (dir.join("plain"), dir.join("edited"));
    let inputs = [&example("prop64-results.csv") as &std::path::Path];
    render(
        &inputs,
        &plain,
        &["--config", example("config.toml").to_str().unwrap()],
    );
    render(
        &inputs,
        &edited,
        &[
            "--config",
            example("config.toml").to_str().unwrap(),
            "--templates",
            theme.to_str().unwrap(),
        ],
    );
    assert!(
        files(&edited)
            .iter()
            .any(|f| f.ends_with("-a-proposed-order.pdf")),
        "the pattern is used"
    );
    let courts: Vec<String> = summary(&plain)["courts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert!(!courts.is_empty());
    for court in courts {
        let order = filing_order(&plain, &court);
        assert!(
            order.iter().any(|(k, _, _)| k == "petition"),
            "{court} has petitions"
        );
        assert_eq!(
            order,
            filing_order(&edited, &court),
            "{court}: filing order"
        );
        let combined = format!("courts/{court}/combined.pdf");
        assert_eq!(
            bookmarks(&plain.join(&combined)),
            bookmarks(&edited.join(&combined)),
            "{court}: bookmarks"
        );
    }
}

#[test]
fn titles_and_statute_descriptions_come_from_the_forms() {
    let dir = workdir("templates-wording");
    let theme = edited_theme(&dir, "forms/documents.toml", |text| {
        text.replace(
            "NOTICE TO THE COURT OF CONVICTIONS NOT CHALLENGED",
            "NOTICE OF UNCONTESTED CASES EDITED",
        )
    });
    let edit = |file: &str, from: &str, to: &str| {
        let path = theme.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} holds {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "forms/statutes.toml",
        "title = \"possession of marijuana\"",
        "title = \"possession of cannabis, edited\"",
    );
    edit(
        "forms/papers.toml",
        "motion = \"FOR ORDER DISMISSING AND SEALING CONVICTION\"",
        "motion = \"TO DISMISS AND SEAL, EDITED\"",
    );
    edit(
        "forms/papers.toml",
        "order = \"DISMISSING AND SEALING CONVICTION\"",
        "order = \"DISMISSING AND SEALING, EDITED\"",
    );
    let out = dir.join("out");
    // In the § 11361.9 review frame, so that the notices are written.
    render(
        &[&example("prop64-results.csv")],
        &out,
        &[
            "--templates",
            theme.to_str().unwrap(),
            "--as-of",
            REVIEW_AS_OF,
        ],
    );
    let manifest = manifest(&out);
    let text_of = |kind: &str| -> String {
        manifest
            .iter()
            .filter(|r| r["kind"] == kind)
            .map(|r| {
                let pdf = out.join(&r["path"]);
                format!("{} {}", caption_title(&pdf), body_text(&pdf))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(text_of("notice-unchallenged").contains("NOTICE OF UNCONTESTED CASES EDITED"));
    assert!(text_of("letter").contains("possession of cannabis, edited"));
    let petitions = text_of("petition");
    assert!(
        petitions.contains("NO CHALLENGE AND MOTION TO DISMISS AND SEAL, EDITED"),
        "{petitions}"
    );
    assert!(text_of("order").contains("[PROPOSED] ORDER DISMISSING AND SEALING, EDITED"));
}

#[test]
fn templates_fields_lists_what_each_template_is_given_as_docs_templates_md_does() {
    let out = run_expect(&["templates", "fields", "petition"], 0);
    let petition = lossy(&out.stdout);
    assert!(
        petition.contains("`doc.title`") && petition.contains("`counts[].relief`"),
        "{petition}"
    );
    assert!(
        !petition.contains("`recipient`"),
        "only the petition's fields"
    );
    let all = lossy(&run_expect(&["templates", "fields"], 0).stdout);
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md"),
    )
    .unwrap();
    assert!(
        docs.contains(&all),
        "docs/templates.md holds the output of `clearpress templates fields`"
    );
    let refused = run_expect(&["templates", "fields", "petiton"], 2);
    assert!(lossy(&refused.stderr).contains("unknown kind `petiton`"));
}
