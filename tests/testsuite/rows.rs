//! What happens to each row: used, rejected to exceptions.csv with its line, held in review.csv,
//! or challenged in the court's notice.

use crate::util::*;

#[test]
fn check_reports_without_writing() {
    let input = example("prop64-results.csv");
    let r = run_expect(&["check", input.to_str().unwrap(), "--as-of", AS_OF], 0);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("prop64-results.csv:10: no usable case number"),
        "{err}"
    );
    assert!(err.contains("rows read 11"), "{err}");
}

#[test]
fn ragged_rows_become_exceptions_and_the_rest_renders() {
    let d = workdir("ragged");
    let input = d.join("ragged.csv");
    let bytes = write_rows(
        &input,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "RG1001", "101001001000"),
            count_row(
                "1002",
                "ROE,RICHARD",
                "SACRAMENTO",
                "RG1002",
                "101001001000",
            ),
            count_row("1003", "POE,PAT", "SACRAMENTO", "RG1003", "101001001000"),
            count_row("1004", "LOE,LEE", "SACRAMENTO", "RG1004", "101001001000"),
        ],
    );
    let mut lines = lines_of(&bytes);
    assert_eq!(lines.len(), 5);
    lines[2] = ",,1002,,,,,,,,,\"ROE,RICHARD\",,19700101".into(); // too few fields (line 3)
    lines[4] = format!("{},extra,extra", lines[4]); // too many (line 5)
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let out = d.join("out");
    render_ok(&[&input], &out);
    let ex = exception_lines(&out, &input);
    assert_eq!(
        ex.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [3, 5],
        "{ex:?}"
    );
    assert!(ex.iter().all(|(_, c)| !c.is_empty()));
    assert_eq!(
        (
            summary_count(&out, "rows_read"),
            summary_count(&out, "rows_used"),
            summary_count(&out, "rows_rejected")
        ),
        (4, 2, 2)
    );
    assert!(pdftotext_flat(&petition(&out, "RG1001")).contains("JANE DOE"));
    assert!(pdftotext_flat(&petition(&out, "RG1003")).contains("PAT POE"));
    let m = manifest(&out);
    assert!(
        docs_for(&m, "petition", "RG1002").is_empty()
            && docs_for(&m, "petition", "RG1004").is_empty()
    );
}

#[test]
fn duplicate_count_is_an_exception_at_its_line() {
    let d = workdir("duplicate");
    let input = d.join("dup.csv");
    let a = count_row("1001", "DOE,JANE", "SACRAMENTO", "DP1001", "101001001000");
    gogen_csv(
        &input,
        &[
            a.clone(),
            a,
            count_row(
                "1002",
                "ROE,RICHARD",
                "SACRAMENTO",
                "DP1002",
                "101001001000",
            ),
        ],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    assert_eq!(
        exception_lines(&out, &input),
        [(3, "duplicate".to_string())]
    );
    assert_eq!(summary_count(&out, "rows_used"), 2);
    petition(&out, "DP1001");
    petition(&out, "DP1002");
}

#[test]
fn blank_and_junk_case_numbers_are_exceptions() {
    let d = workdir("case-numbers");
    let input = d.join("cases.csv");
    gogen_csv(
        &input,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "NULL", "101001001000"),
            count_row("1002", "ROE,RICHARD", "SACRAMENTO", "", "101001001000"),
            count_row("1003", "POE,PAT", "SACRAMENTO", "NULL  ;  ", "101001001000"),
            count_row("1004", "LOE,LEE", "SACRAMENTO", "CN1004", "101001001000"),
        ],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    let code = "no-case-number".to_string();
    assert_eq!(
        exception_lines(&out, &input),
        [(2, code.clone()), (3, code.clone()), (4, code)]
    );
    assert_eq!(summary_count(&out, "rows_used"), 1);
    petition(&out, "CN1004");
    assert_eq!(
        manifest(&out)
            .iter()
            .filter(|r| r["kind"] == "petition")
            .count(),
        1
    );
}

#[test]
fn impossible_dates_are_exceptions() {
    let d = workdir("dates");
    let input = d.join("dates.csv");
    let mut a = count_row("1001", "DOE,JANE", "SACRAMENTO", "DT1001", "101001001000");
    set(&mut a, "STP_EVENT_DATE", "");
    set(&mut a, "Date of Conviction", "13/45/1999");
    let mut b = count_row(
        "1002",
        "ROE,RICHARD",
        "SACRAMENTO",
        "DT1002",
        "101001001000",
    );
    set(&mut b, "STP_EVENT_DATE", "00000000");
    let c = count_row("1003", "POE,PAT", "SACRAMENTO", "DT1003", "101001001000");
    gogen_csv(&input, &[a, b, c]);
    let out = d.join("out");
    render_ok(&[&input], &out);
    let code = "bad-date".to_string();
    assert_eq!(
        exception_lines(&out, &input),
        [(2, code.clone()), (3, code)]
    );
    let m = manifest(&out);
    assert!(
        docs_for(&m, "petition", "DT1001").is_empty()
            && docs_for(&m, "petition", "DT1002").is_empty()
    );
    petition(&out, "DT1003");
}

#[test]
fn unknown_county_is_an_exception() {
    let d = workdir("county");
    let input = d.join("county.csv");
    gogen_csv(
        &input,
        &[
            count_row("1001", "DOE,JANE", "NARNIA", "UC1001", "101001001000"),
            count_row(
                "1002",
                "ROE,RICHARD",
                "SACRAMENTO",
                "UC1002",
                "101001001000",
            ),
        ],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    assert_eq!(
        exception_lines(&out, &input),
        [(2, "unknown-county".to_string())]
    );
    assert!(
        files(&out)
            .iter()
            .all(|f| !f.to_lowercase().contains("narnia")),
        "{:?}",
        files(&out)
    );
    assert!(docs_for(&manifest(&out), "petition", "UC1001").is_empty());
    petition(&out, "UC1002");
}

#[test]
fn unknown_determination_is_held_for_review() {
    let d = workdir("determination");
    let input = d.join("det.csv");
    let mut a = count_row("1001", "DOE,JANE", "SACRAMENTO", "UD1001", "101001001000");
    set(&mut a, "Eligibility Determination", "Test is Eligible");
    gogen_csv(
        &input,
        &[
            a,
            count_row(
                "1002",
                "ROE,RICHARD",
                "SACRAMENTO",
                "UD1002",
                "101001001000",
            ),
        ],
    );
    let out = d.join("out");
    render_ok(&[&input], &out);
    let held = review(&out);
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(
        (held[0]["determination"].as_str(), held[0]["line"].as_str()),
        ("Test is Eligible", "2")
    );
    assert_eq!(held[0]["source"], input.display().to_string());
    assert_eq!(summary_count(&out, "rows_held"), 1);
    let m = manifest(&out);
    assert!(
        m.iter().all(|r| !has_case(r, "UD1001")),
        "nothing is rendered for a held row"
    );
    assert!(exception_lines(&out, &input).is_empty());
    petition(&out, "UD1002");
}

#[test]
fn the_la_pilot_routes_its_vocabulary() {
    let input = gogen_dir().join("gogen_pilots_los_angeles/doj_results_convictions_1.csv");
    let out = workdir("la-pilot").join("out");
    render(&[&input], &out, &["--as-of", REVIEW_AS_OF]);
    let review = read_csv(&out.join("review.csv"));
    assert!(review.iter().any(|r| r["determination"] == "Hand Review"));
    assert!(
        review
            .iter()
            .any(|r| r["determination"] == "To be reviewed by City Attorneys")
    );
    let manifest = read_csv(&out.join("manifest.csv"));
    assert!(
        manifest.iter().any(|r| r["kind"] == "notice-challenged"),
        "Not eligible rows make a notice of challenged cases"
    );
    // A held or challenged case gets no petition: every petition's case has a dismissal or reduction.
    let text = body_text(
        &out.join(
            &manifest
                .iter()
                .find(|r| r["kind"] == "notice-challenged")
                .unwrap()["path"],
        ),
    );
    assert!(
        text.contains("Ineligible: prior conviction")
            && text.contains("§ 667")
            && !text.contains("PC 667"),
        "the ground is stated in words: {text}"
    );
}

#[test]
fn not_eligible_goes_to_the_notice_of_challenged_cases() {
    let d = workdir("not-eligible");
    let input = d.join("ne.csv");
    let mut b = count_row(
        "1002",
        "ROE,RICHARD",
        "SACRAMENTO",
        "NE2002",
        "101001001000",
    );
    set(&mut b, "Eligibility Determination", "Not eligible");
    set(&mut b, "Eligibility Reason", "PC 667(e)(2)(c)(iv)");
    gogen_csv(
        &input,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "EL1001", "101001001000"),
            b,
        ],
    );
    let out = d.join("out");
    render(&[&input], &out, &["--as-of", REVIEW_AS_OF]);
    assert_row_identity(&out);
    let m = manifest(&out);
    assert!(
        docs_for(&m, "petition", "NE2002").is_empty() && docs_for(&m, "order", "NE2002").is_empty(),
        "no petition for a challenged case"
    );
    assert!(
        m.iter()
            .all(|r| r["kind"] != "letter" || !has_case(r, "NE2002")),
        "no letter for it either"
    );
    petition(&out, "EL1001");
    let notice = out.join("courts/sacramento/notice-challenged.pdf");
    assert!(
        m.iter()
            .any(|r| r["path"] == "courts/sacramento/notice-challenged.pdf"
                && r["kind"] == "notice-challenged")
    );
    let t = pdftotext_flat(&notice);
    assert!(t.contains("NE2002") && t.contains("RICHARD ROE"), "{t}");
    assert!(
        !t.contains("EL1001"),
        "the eligible case is not challenged: {t}"
    );
    let unchallenged = pdftotext_flat(&out.join("courts/sacramento/notice-unchallenged.pdf"));
    assert!(
        unchallenged.contains("EL1001") && !unchallenged.contains("NE2002"),
        "{unchallenged}"
    );
}
