//! The legal substance of the papers (docs/legal.md): who files where, the procedure the as-of
//! date calls for, the relief each count gets, the findings an order needs, and what the letters
//! may promise. Read back from the PDFs.

use std::path::{Path, PathBuf};

use crate::util::*;

/// A config that files in the courts given, each with its own table (`extra` lines appended).
fn config_for(dir: &Path, courts: &[&str], extra: &str) -> PathBuf {
    let base = std::fs::read_to_string(example("config.toml")).unwrap();
    let head = &base[..base.find("# This office files").unwrap()];
    let tables: String = courts
        .iter()
        .map(|c| format!("[courts.{c}]\nfiling = \"per-case\"\n"))
        .collect();
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("{head}{extra}\n{tables}")).unwrap();
    path
}

fn kinds(out: &Path) -> Vec<String> {
    manifest(out).iter().map(|r| r["kind"].clone()).collect()
}

/// The first document of `kind` whose path contains `part`.
fn pdf_of(out: &Path, kind: &str, part: &str) -> PathBuf {
    let m = manifest(out);
    let row = m
        .iter()
        .find(|r| r["kind"] == kind && r["path"].contains(part))
        .unwrap_or_else(|| panic!("no {kind} with {part}"));
    out.join(&row["path"])
}

/// Its text without the pleading paper's line numbers.
fn text_of(out: &Path, kind: &str, part: &str) -> String {
    body_text(&pdf_of(out, kind, part))
}

/// Its caption's title column.
fn title_of(out: &Path, kind: &str, part: &str) -> String {
    caption_title(&pdf_of(out, kind, part))
}

#[test]
fn an_office_files_only_in_the_courts_its_config_names() {
    let dir = workdir("own-court");
    let input = example("prop64-results.csv");
    let out = dir.join("out");
    // The bundled config names Los Angeles only.
    render(
        &[&input],
        &out,
        &["--config", example("config.toml").to_str().unwrap()],
    );
    assert_row_identity(&out);
    let courts: Vec<String> = manifest(&out)
        .iter()
        .filter_map(|r| {
            r["path"]
                .strip_prefix("courts/")
                .map(|p| p.split(['/', '.']).next().unwrap().to_string())
        })
        .collect();
    assert!(courts.iter().all(|c| c == "los-angeles"), "{courts:?}");
    let held: Vec<CsvRow> = review(&out)
        .into_iter()
        .filter(|r| r["reason"].starts_with("no-office-for-court"))
        .collect();
    // Sacramento's and San Joaquin's rows of the example.
    assert_eq!(held.len(), 3, "{held:?}");
    for letter in manifest(&out).iter().filter(|r| r["kind"] == "letter") {
        let text = pdftotext_flat(&out.join(&letter["path"]));
        assert!(
            !text.contains("Sacramento") && !text.contains("San Joaquin"),
            "{text}"
        );
    }

    // A unit that files in two counties: Sacramento's papers carry its own signer.
    let dir2 = dir.join("two");
    std::fs::create_dir_all(&dir2).unwrap();
    let config = config_for(
        &dir2,
        &["los-angeles"],
        "[courts.sacramento]\nsigner = { name = \"Sam T. Deputy\", title = \"Deputy District Attorney\", bar_number = \"654321\" }\n",
    );
    let out2 = dir2.join("out");
    render(&[&input], &out2, &["--config", config.to_str().unwrap()]);
    let sac = text_of(&out2, "petition", "courts/sacramento/");
    assert!(
        sac.contains("Sam T. Deputy") && !sac.contains("Jane Q. Prosecutor"),
        "{sac}"
    );
    let la = text_of(&out2, "petition", "courts/los-angeles/");
    assert!(la.contains("Jane Q. Prosecutor"), "{la}");
}

#[test]
fn the_procedure_follows_the_as_of_date() {
    let dir = workdir("procedure");
    let input = example("prop64-results.csv");
    let config = config_for(&dir, &["los-angeles"], "");
    let config = config.to_str().unwrap();

    // After July 1, 2020: the People's motions, no challenge notice; the ineligible case is
    // listed with its ground and not filed.
    let late = dir.join("late");
    render(&[&input], &late, &["--config", config]);
    let k = kinds(&late);
    assert!(!k.iter().any(|k| k.starts_with("notice")), "{k:?}");
    let title = title_of(&late, "petition", "BA100201");
    assert!(
        title.contains("PEOPLE'S MOTION FOR ORDER DISMISSING AND SEALING CONVICTION"),
        "{title}"
    );
    assert!(!title.contains("11361.9"), "{title}");
    let petition = text_of(&late, "petition", "BA100201");
    assert!(!petition.contains("NO CHALLENGE"), "{petition}");
    assert!(
        petition.contains("The defendant may request one"),
        "{petition}"
    );
    let ineligible = review(&late)
        .into_iter()
        .find(|r| r["reason"].starts_with("not-eligible"))
        .expect("the ineligible case is listed");
    assert!(
        ineligible["reason"].contains("Pen. Code, § 667, subd. (e)(2)(C)(iv)"),
        "{ineligible:?}"
    );

    // On or before July 1, 2020: the § 11361.9 review frame, both notices, the challenged one
    // with its ground in words and a proof of service on the public defender.
    let early = dir.join("early");
    render(
        &[&input],
        &early,
        &["--config", config, "--as-of", REVIEW_AS_OF],
    );
    let k = kinds(&early);
    assert!(
        k.contains(&"notice-challenged".to_string())
            && k.contains(&"notice-unchallenged".to_string()),
        "{k:?}"
    );
    let title = title_of(&early, "petition", "BA100201");
    assert!(
        title.contains("PEOPLE'S NOTICE OF NO CHALLENGE AND MOTION FOR ORDER"),
        "{title}"
    );
    assert!(title.contains("11361.9"), "{title}");
    let challenged = text_of(&early, "notice-challenged", "");
    assert!(
        challenged.contains("Ineligible: prior conviction") && challenged.contains("§ 667"),
        "{challenged}"
    );
    assert!(!challenged.contains("PC 667(e)(2)(c)(iv)"), "{challenged}");
    assert!(
        challenged.contains("PROOF OF SERVICE")
            && challenged.contains("Office of the Public Defender"),
        "{challenged}"
    );
    let unchallenged = text_of(&early, "notice-unchallenged", "");
    assert!(
        unchallenged.contains("A motion and a proposed order for each case"),
        "{unchallenged}"
    );
}

#[test]
fn each_count_gets_the_relief_its_level_and_sentence_call_for() {
    let dir = workdir("relief-levels");
    let mut misdemeanor = count_row(
        "5001",
        "REDUCE,MISS",
        "LOS ANGELES",
        "LA500",
        "101001001000",
    );
    set(
        &mut misdemeanor,
        "Eligibility Determination",
        "Eligible for Reduction",
    );
    // Still serving a long sentence for conduct now lawful: recall and dismiss.
    let mut serving = count_row(
        "5002",
        "SERVING,SAM",
        "LOS ANGELES",
        "LA501",
        "101001002000",
    );
    set(&mut serving, "SENT_LENGTH", "40");
    set(&mut serving, "SENT_TIME_CODE", "Y");
    let input = dir.join("rows.csv");
    gogen_csv(&input, &[misdemeanor, serving]);
    let config = config_for(&dir, &["los-angeles"], "");
    let out = dir.join("out");
    render(&[&input], &out, &["--config", config.to_str().unwrap()]);

    let title = title_of(&out, "petition", "LA500");
    assert!(
        title.contains("REDESIGNATING MISDEMEANOR AS INFRACTION"),
        "{title}"
    );
    let petition = text_of(&out, "petition", "LA500");
    assert!(
        petition.contains("Redesignate as infraction") && !petition.contains("as misdemeanor"),
        "{petition}"
    );
    let order = text_of(&out, "order", "LA500");
    assert!(
        order.contains("REDESIGNATED an infraction for all purposes"),
        "{order}"
    );
    let letter = text_of(&out, "letter", "");
    assert!(
        letter.contains("from a misdemeanor to an infraction")
            || text_of(&out, "letter", "").contains("infraction")
    );

    let title = title_of(&out, "petition", "LA501");
    assert!(title.contains("TO RECALL AND DISMISS SENTENCE"), "{title}");
    let petition = text_of(&out, "petition", "LA501");
    assert!(
        !petition.contains("RESENTENC") && !petition.contains("resentenced"),
        "{petition}"
    );
    let order = text_of(&out, "order", "LA501");
    assert!(
        order.contains("RECALLED, and the conviction is DISMISSED"),
        "{order}"
    );
    assert!(
        order.contains("unreasonable risk of danger to public safety"),
        "{order}"
    );
}

#[test]
fn a_resentencing_order_has_the_findings_a_judge_needs_and_stays_out_of_the_omnibus() {
    let dir = workdir("resentence-order");
    let input = example("prop64-results.csv");
    let base = std::fs::read_to_string(example("config.toml")).unwrap();
    let config = dir.join("omnibus.toml");
    std::fs::write(
        &config,
        base.replace("filing = \"per-case\"", "filing = \"omnibus\""),
    )
    .unwrap();
    let out = dir.join("out");
    render(&[&input], &out, &["--config", config.to_str().unwrap()]);
    // The 2015 case is still being served: its own motion and order, even in omnibus mode.
    let order = text_of(&out, "order", "");
    for needed in [
        "RESENTENCED",
        "would not pose an unreasonable risk of danger to public safety",
        "does not exceed the original sentence",
        "credit for all time already served",
        "supervision for one year",
        "for all purposes",
        "Pen. Code, § 977",
        "former Health and Safety Code section 11590",
        "Penal Code section 290",
        "within 30 days",
    ] {
        assert!(
            order.contains(needed),
            "the order lacks `{needed}`:\n{order}"
        );
    }
    assert!(!order.contains("as the Court notes here"), "{order}");
    for kind in ["omnibus-motion", "omnibus-order"] {
        let text = text_of(&out, kind, "");
        assert!(
            !text.to_lowercase().contains("resentence"),
            "{kind}: {text}"
        );
        assert!(text.contains("(EXHIBIT A)"), "{text}");
    }
}

#[test]
fn a_deceased_person_is_held_unless_the_office_files_them() {
    let dir = workdir("deceased");
    let input = example("prop64-results.csv");
    let config = config_for(&dir, &["los-angeles", "sacramento"], "");
    let out = dir.join("held");
    render(&[&input], &out, &["--config", config.to_str().unwrap()]);
    assert!(
        review(&out)
            .iter()
            .any(|r| r["reason"].starts_with("deceased"))
    );
    assert!(
        !manifest(&out)
            .iter()
            .any(|r| r["path"].contains("courts/sacramento/")
                && r["kind"] == "petition"
                && pdftotext_flat(&out.join(&r["path"])).contains("deceased"))
    );

    let filed = dir.join("filed");
    std::fs::create_dir_all(&filed).unwrap();
    let config = config_for(
        &filed,
        &["los-angeles", "sacramento"],
        "[policy]\ndeceased = \"file\"\n",
    );
    let out = filed.join("out");
    render(
        &[&input],
        &out,
        &[
            "--config",
            config.to_str().unwrap(),
            "--contacts",
            example("contacts.csv").to_str().unwrap(),
        ],
    );
    // Filed, but no letter goes to a person DOJ reports deceased.
    assert!(
        read_csv(&out.join("mail/unmailable.csv"))
            .iter()
            .any(|r| r["reason"].contains("deceased"))
    );
    let deceased: Vec<String> = manifest(&out)
        .iter()
        .filter(|r| r["kind"] == "petition" && r["path"].contains("courts/sacramento/"))
        .map(|r| body_text(&out.join(&r["path"])))
        .filter(|t| t.contains("is deceased"))
        .collect();
    assert_eq!(deceased.len(), 1);
    assert!(
        !deceased[0].contains("completed the sentence"),
        "{}",
        deceased[0]
    );
}

#[test]
fn signatures_follow_the_office_and_the_filing_channel() {
    let dir = workdir("signatures");
    let input = example("prop64-results.csv");
    let out = dir.join("efile");
    render(
        &[&input],
        &out,
        &["--config", example("config.toml").to_str().unwrap()],
    );
    let petition = text_of(&out, "petition", "BA100201");
    assert!(
        petition.contains("Alex R. Example") && petition.contains("By: /s/ Jane Q. Prosecutor"),
        "{petition}"
    );
    assert!(
        petition.contains("Email: records@da.example.gov"),
        "{petition}"
    );
    // The footer's short title fits on its line.
    assert!(
        petition.contains("PEOPLE'S MOTION TO DISMISS AND SEAL (HS 11361.8)"),
        "{petition}"
    );

    let config = dir.join("wet.toml");
    std::fs::write(
        &config,
        std::fs::read_to_string(example("config.toml"))
            .unwrap()
            .replace("signature = \"electronic\"", "signature = \"wet-ink\""),
    )
    .unwrap();
    let out = dir.join("wet");
    render(&[&input], &out, &["--config", config.to_str().unwrap()]);
    let petition = text_of(&out, "petition", "BA100201");
    assert!(
        !petition.contains("/s/") && petition.contains("By:"),
        "{petition}"
    );
}

#[test]
fn letters_promise_only_what_the_office_asked() {
    let dir = workdir("letter-promises");
    let input = example("prop64-results.csv");
    let out = dir.join("out");
    render(
        &[&input],
        &out,
        &[
            "--config",
            example("config.toml").to_str().unwrap(),
            "--contacts",
            example("contacts.csv").to_str().unwrap(),
        ],
    );
    let letters: Vec<String> = manifest(&out)
        .iter()
        .filter(|r| r["kind"] == "letter")
        .map(|r| pdftotext_flat(&out.join(&r["path"])))
        .collect();
    assert!(!letters.is_empty());
    for text in &letters {
        assert!(text.contains("The court has not decided yet"), "{text}");
        assert!(
            !text.contains("is now a misdemeanor") && !text.contains("truthfully"),
            "{text}"
        );
        assert!(
            text.contains("$25") && text.contains("BCIA 8705") && text.contains("gun"),
            "{text}"
        );
        assert!(
            text.contains("(213) 555-0177"),
            "the legal help line: {text}"
        );
    }
    let spanish: Vec<&String> = letters.iter().filter(|t| t.contains("Estimado")).collect();
    assert!(!spanish.is_empty(), "the example has a Spanish reader");
    for text in spanish {
        assert!(
            text.contains("desestime") || text.contains("desestimado"),
            "{text}"
        );
        assert!(!text.contains("anule"), "{text}");
        assert!(
            text.contains("Dear "),
            "the English original follows: {text}"
        );
    }
}
