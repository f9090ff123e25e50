//! Reading input: the real gogen samples, files that are refused before anything is written,
//! files that are odd but usable, other engines' columns, and synthetic data.

use std::path::{Path, PathBuf};

use crate::util::*;

/// The gogen result files that carry people (condensed files are refused, see below).
fn gogen_inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(gogen_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name.ends_with(".csv") && !name.contains("Condensed") {
                out.push(f.path());
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 7,
        "expected the gogen samples under {}",
        gogen_dir().display()
    );
    out
}

/// Everything asked of one render: PDFs valid, petitions name the person and every case
/// number, zips test clean, the row identity holds, verify passes and then catches a changed byte.
fn check_output(out: &Path, inputs: &[&Path]) {
    assert_row_identity(out);
    let manifest = read_csv(&out.join("manifest.csv"));
    let names = people_by_case(inputs);
    let mut petitions = 0;
    for row in &manifest {
        let path = out.join(&row["path"]);
        assert!(path.exists(), "{}", row["path"]);
        if row["path"].ends_with(".pdf") {
            qpdf_check(&path);
        }
        if row["path"].ends_with(".zip") {
            let t = tool("unzip", &["-t", path.to_str().unwrap()]);
            assert!(t.status.success(), "unzip -t {}", path.display());
        }
        if row["kind"] == "petition" {
            petitions += 1;
            let text = pdftotext_flat(&path);
            assert!(
                text.contains("SUPERIOR COURT OF CALIFORNIA"),
                "{}",
                row["path"]
            );
            for case in row["case_numbers"].split(';') {
                assert!(text.contains(case), "{} lacks case {case}", row["path"]);
            }
            // Case numbers are not unique across people in gogen's fixtures: one of the people
            // with this case must be named.
            let first_case = row["case_numbers"].split(';').next().unwrap().to_string();
            let named = names
                .iter()
                .filter(|(_, _, cases)| cases.contains(&first_case))
                .any(|(l, f, _)| text.contains(l.as_str()) && text.contains(f.as_str()));
            assert!(
                named,
                "{} names none of the people with case {first_case}",
                row["path"]
            );
        }
    }
    let s = summary(out);
    assert_eq!(s["documents"]["petition"].as_u64().unwrap_or(0), petitions);
    run_expect(&["verify", out.to_str().unwrap()], 0);
    // Change one byte of one PDF: verify must fail and name it.
    if let Some(pdf) = manifest.iter().find(|r| r["path"].ends_with(".pdf")) {
        let p = out.join(&pdf["path"]);
        let mut bytes = std::fs::read(&p).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
        std::fs::write(&p, bytes).unwrap();
        let v = run_expect(&["verify", out.to_str().unwrap()], 1);
        assert!(String::from_utf8_lossy(&v.stdout).contains(&pdf["path"]));
    }
}

/// (last name, first names, case numbers) for every classified row of the inputs.
fn people_by_case(inputs: &[&Path]) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for input in inputs {
        for row in read_csv(input) {
            let name = row.get("PRI_NAME").cloned().unwrap_or_default();
            let (last, first) = name.split_once(',').unwrap_or((&name, ""));
            let cases = row
                .get("Case Number")
                .map(|c| c.split(';').map(|s| s.trim().to_string()).collect())
                .unwrap_or_default();
            out.push((
                last.trim().to_string(),
                first.split_whitespace().next().unwrap_or("").to_string(),
                cases,
            ));
        }
    }
    out
}

#[test]
fn renders_every_gogen_sample() {
    for (i, input) in gogen_inputs().iter().enumerate() {
        let out = workdir(&format!("gogen-{i}")).join("out");
        render(&[input], &out, &[]);
        check_output(&out, &[input]);
    }
}

#[test]
fn renders_both_multi_input_files_together() {
    let dir = gogen_dir().join("multi_input_with_suffix");
    let a = dir.join("Prop64_Results_1_Nov_25_2025_9.00.00.PM.csv");
    let b = dir.join("Prop64_Results_2_Nov_25_2025_9.00.00.PM.csv");
    let out = workdir("multi").join("out");
    render(&[&a, &b], &out, &[]);
    check_output(&out, &[&a, &b]);
    assert_eq!(summary(&out)["inputs"].as_array().unwrap().len(), 2);
}

#[test]
fn condensed_results_are_refused_before_anything_is_written() {
    let input = gogen_dir().join("sacramento_configurable_flow/All_Results_Condensed.csv");
    let out = workdir("condensed").join("out");
    let r = run_expect(
        &[
            "render",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        1,
    );
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("SUBJECT_ID")
            && err.contains("Prop64_Results")
            && err.contains("All_Results_Condensed.csv"),
        "{err}"
    );
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn unclosed_quote_is_refused_naming_file_and_line() {
    let d = workdir("unclosed");
    let people = [
        count_row("1001", "DOE,JANE", "SACRAMENTO", "UQ1001", "101001001000"),
        count_row(
            "1002",
            "ROE,RICHARD",
            "SACRAMENTO",
            "UQ1002",
            "101001001000",
        ),
        count_row("1003", "POE,PAT", "SACRAMENTO", "UQ1003", "101001001000"),
    ];
    let clean = write_rows(&d.join("clean.csv"), &people);
    // Names with a comma are quoted; drop the closing quote of one in the middle (line 3) ...
    let middle = d.join("middle.csv");
    std::fs::write(
        &middle,
        replace_once(&clean, b"\"ROE,RICHARD\"", b"\"ROE,RICHARD"),
    )
    .unwrap();
    let err = render_refused(&[&middle], &d.join("out-middle"));
    assert!(
        err.contains(&middle.display().to_string()),
        "names the file: {err}"
    );
    assert!(err.contains("line 3"), "names line 3: {err}");
    // ... and of the last row (line 4), where the quote runs to the end of the file.
    let last = d.join("last.csv");
    std::fs::write(&last, replace_once(&clean, b"\"POE,PAT\"", b"\"POE,PAT")).unwrap();
    let err = render_refused(&[&last], &d.join("out-last"));
    assert!(
        err.contains(&last.display().to_string()),
        "names the file: {err}"
    );
    assert!(err.contains("line 4"), "names line 4: {err}");
    // A good file given with a broken one: still nothing written.
    let err = render_refused(&[&d.join("clean.csv"), &middle], &d.join("out-both"));
    assert!(
        err.contains("middle.csv") && err.contains("line 3"),
        "{err}"
    );
}

#[test]
fn file_without_subject_id_is_refused() {
    let d = workdir("no-subject-id");
    let bytes = write_rows(
        &d.join("in.csv"),
        &[count_row(
            "1001",
            "DOE,JANE",
            "SACRAMENTO",
            "NS1001",
            "101001001000",
        )],
    );
    let renamed = d.join("renamed.csv");
    std::fs::write(
        &renamed,
        replace_once(&bytes, b",SUBJECT_ID,", b",SUBJECT,"),
    )
    .unwrap();
    let err = render_refused(&[&renamed], &d.join("out"));
    assert!(
        err.contains("SUBJECT_ID") && err.contains("renamed.csv"),
        "{err}"
    );

    // Some other CSV altogether.
    let other = d.join("other.csv");
    std::fs::write(&other, "a,b,c\n1,2,3\n").unwrap();
    let err = render_refused(&[&other], &d.join("out-other"));
    assert!(
        err.contains("SUBJECT_ID") && err.contains("other.csv"),
        "{err}"
    );
}

#[test]
fn empty_file_is_refused() {
    let d = workdir("empty");
    let empty = d.join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let err = render_refused(&[&empty], &d.join("out"));
    assert!(
        err.contains("empty.csv") && err.to_lowercase().contains("empty"),
        "{err}"
    );
    // After a good file, too: the run stops before writing anything.
    let good = d.join("good.csv");
    gogen_csv(
        &good,
        &[count_row(
            "1001",
            "DOE,JANE",
            "SACRAMENTO",
            "EM1001",
            "101001001000",
        )],
    );
    let err = render_refused(&[&good, &empty], &d.join("out-2"));
    assert!(err.contains("empty.csv"), "{err}");
}

#[test]
fn bom_and_crlf_files_render() {
    let d = workdir("bom-crlf");
    // A gogen file: header starts with RECORD_ID.
    let gogen = d.join("gogen.csv");
    let bytes = write_rows(
        &gogen,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "BC1001", "101001001000"),
            count_row("1002", "ROE,RICHARD", "SACRAMENTO", "NULL", "101001001000"),
            count_row("1003", "POE,PAT", "SACRAMENTO", "BC1003", "101001001000"),
        ],
    );
    std::fs::write(&gogen, crlf_with_bom(&lossy(&bytes))).unwrap();
    // A file whose first column is SUBJECT_ID, so the BOM sits right before a required column.
    let cols = [
        "SUBJECT_ID",
        "PRI_NAME",
        "STP_ORI_CNTY_NAME",
        "CNT_ORDER",
        "Case Number",
        "OFFENSE_DESCR",
        "CONV_STAT_DESCR",
        "STP_EVENT_DATE",
        "Eligibility Determination",
        "Eligibility Reason",
    ];
    let first = d.join("subject-first.csv");
    let body = plain_csv(
        &cols,
        &[
            vec![
                "2001",
                "SMITH,ALEX",
                "SACRAMENTO",
                "101001001000",
                "BC2001",
                "11357(A) HS-POSSESS MARIJUANA",
                "MISDEMEANOR",
                "19950612",
                "Eligible for Dismissal",
                "Misdemeanor or Infraction",
            ],
            vec![
                "2002",
                "JONES,RIVER",
                "SACRAMENTO",
                "101001001000",
                "",
                "11357(A) HS-POSSESS MARIJUANA",
                "MISDEMEANOR",
                "19950612",
                "Eligible for Dismissal",
                "Misdemeanor or Infraction",
            ],
        ],
    );
    std::fs::write(&first, crlf_with_bom(&body)).unwrap();
    assert!(
        std::fs::read(&first)
            .unwrap()
            .windows(2)
            .any(|w| w == b"\r\n")
    );

    let out = d.join("out");
    render_ok(&[&gogen, &first], &out);
    assert_eq!(summary_count(&out, "rows_read"), 5);
    assert!(pdftotext_flat(&petition(&out, "BC1001")).contains("JANE DOE"));
    assert!(pdftotext_flat(&petition(&out, "BC1003")).contains("PAT POE"));
    assert!(pdftotext_flat(&petition(&out, "BC2001")).contains("ALEX SMITH"));
    // Line numbers count CRLF lines right.
    assert_eq!(
        exception_lines(&out, &gogen),
        [(3, "no-case-number".to_string())]
    );
    assert_eq!(
        exception_lines(&out, &first),
        [(3, "no-case-number".to_string())]
    );
}

#[test]
fn latin1_bytes_are_read_with_a_warning() {
    let d = workdir("latin1");
    let input = d.join("latin1.csv");
    let bytes = write_rows(
        &input,
        &[
            count_row("1001", "DOE,JANE", "SACRAMENTO", "LT1001", "101001001000"),
            count_row("1002", "MUNOZ,ANA", "SACRAMENTO", "LT1002", "101001001000"),
        ],
    );
    std::fs::write(&input, replace_once(&bytes, b"MUNOZ", b"MU\xD1OZ")).unwrap();
    let out = d.join("out");
    let o = render_ok(&[&input], &out);
    let err = lossy(&o.stderr);
    assert!(
        err.contains("warning") && err.contains(&format!("{}:3", input.display())),
        "warning names file:line: {err}"
    );
    assert!(
        !err.contains(&format!("{}:2", input.display())),
        "only the Latin-1 row warns: {err}"
    );
    assert_eq!(summary_count(&out, "rows_used"), 2);
    assert_eq!(summary(&out)["warnings"].as_u64(), Some(1));
    assert!(pdftotext_flat(&petition(&out, "LT1002")).contains("ANA MUÑOZ"));
}

#[test]
fn header_only_is_an_empty_run() {
    let d = workdir("header-only");
    let input = d.join("header.csv");
    gogen_csv(&input, &[]);
    let out = d.join("out");
    render_ok(&[&input], &out);
    assert_eq!(summary_count(&out, "rows_read"), 0);
    assert!(exceptions(&out).is_empty() && review(&out).is_empty());
    assert!(manifest(&out).iter().all(|r| r["kind"] != "petition"));
    assert!(
        !files(&out).iter().any(|f| f.ends_with(".pdf")),
        "{:?}",
        files(&out)
    );
}

#[test]
fn ten_thousand_character_fields_do_not_panic() {
    let d = workdir("long-fields");
    let input = d.join("long.csv");
    let long = "X".repeat(10_000);
    let words = "WORD ".repeat(2_000);
    let mut a = count_row("1001", "DOE,JANE", "SACRAMENTO", "LF1001", "101001001000");
    set(&mut a, "COMMENT_TEXT", &long);
    let b = count_row(
        "1002",
        &format!("{},{}", &long[..5_000], &long[..4_999]),
        "SACRAMENTO",
        "LF1002",
        "101001001000",
    );
    let c = count_row(
        "1003",
        &format!("LONG,{}", &words[..9_995]),
        "SACRAMENTO",
        "LF1003",
        "101001001000",
    );
    let mut e = count_row("1004", "ROE,RICHARD", "SACRAMENTO", &long, "101001001000");
    set(&mut e, "OFFENSE_DESCR", &long);
    let mut f = count_row("1005", "POE,PAT", &long, "LF1005", "101001001000");
    set(&mut f, "Eligibility Reason", &long);
    let mut g = count_row("1006", "LOE,LEE", "SACRAMENTO", "LF1006", "101001001000");
    set(&mut g, "Eligibility Determination", &long);
    gogen_csv(&input, &[a, b, c, e, f, g]);
    assert!(std::fs::metadata(&input).unwrap().len() > 60_000);
    let out = d.join("out");
    render_ok(&[&input], &out);
    assert_eq!(summary_count(&out, "rows_read"), 6);
    // The long comment changes nothing for a row that has its offense.
    assert!(pdftotext_flat(&petition(&out, "LF1001")).contains("JANE DOE"));
    // A 10,000-character name is a broken record: rejected at its line, not printed.
    let rejected = exceptions(&out);
    let lf1002 = rejected
        .iter()
        .find(|r| r["case_number"] == "LF1002")
        .expect("LF1002 is rejected");
    assert_eq!(
        (lf1002["line"].as_str(), lf1002["code"].as_str()),
        ("3", "name-too-long"),
        "{lf1002:?}"
    );
    assert!(
        !lf1002["message"].contains("XXXX"),
        "the message does not repeat the name"
    );
    // Long cells are clipped in the reports, not copied whole.
    for r in exceptions(&out).iter().chain(review(&out).iter()) {
        assert!(r.values().all(|v| v.len() < 2_000), "{r:?}");
    }
}

#[test]
fn canonical_csv_and_a_custom_mapping_feed_the_same_pipeline() {
    let dir = workdir("engines");
    let canonical = dir.join("canonical.csv");
    std::fs::write(
        &canonical,
        "person_id,cii_number,name,dob,county,case_id,case_number,count,code_section,level,conviction_date,sentence_length,sentence_unit,determination,reason,deceased\n\
         P1,,\"DOE,JANE\",1970-01-02,Alameda,C1,AC-1001,1,HS 11357(a),M,1994-05-06,,,Eligible for Dismissal,misdemeanor,\n\
         P1,,\"DOE,JANE\",1970-01-02,Alameda,C1,AC-1001,2,HS 11359,F,1994-05-06,,,Eligible for Reduction,sale,\n\
         P1,,\"DOE,JANE\",1970-01-02,Alameda,C1,AC-1001,2,HS 11359,F,1994-05-06,,,Eligible for Reduction,sale,\n\
         P2,,\"ROE,RICHARD\",1960-03-04,Fresno,C9,FR-77,1,HS 11358,F,1990-07-08,,,Not eligible,superstrike,\n",
    )
    .unwrap();
    let out = dir.join("canonical-out");
    render(&[&canonical], &out, &[]);
    assert_row_identity(&out);
    let m = read_csv(&out.join("manifest.csv"));
    let petition = m
        .iter()
        .find(|r| r["kind"] == "petition")
        .expect("a petition");
    assert_eq!(petition["court"], "alameda");
    let text = pdftotext_flat(&out.join(&petition["path"]));
    assert!(
        text.contains("JANE DOE") && text.contains("AC-1001") && text.contains("HS 11359"),
        "{text}"
    );
    // After July 1, 2020 the ineligible case is not filed; it is listed with its ground.
    assert!(
        review(&out)
            .iter()
            .any(|r| r["case_number"] == "FR-77" && r["reason"].starts_with("not-eligible")),
        "{:?}",
        review(&out)
    );
    let exceptions = read_csv(&out.join("exceptions.csv"));
    assert_eq!(exceptions.len(), 1, "the repeated count");
    assert_eq!(
        (
            exceptions[0]["line"].as_str(),
            exceptions[0]["code"].as_str()
        ),
        ("4", "duplicate")
    );

    // Another engine's columns, mapped by a profile file: no code.
    let other = dir.join("other.csv");
    std::fs::write(&other, "Defendant;Id;Cnty;Docket;Statute;Lvl;Convicted;Result\n\"SMITH,ANN\";X7;Kern;KC-5;11357(b) HS;M;03/04/1999;Eligible for Dismissal\n").unwrap();
    let profile = dir.join("other.toml");
    std::fs::write(
        &profile,
        "name = \"other\"\n[columns]\nname = \"Defendant\"\nsubject_id = \"Id\"\ncounty = \"Cnty\"\ncase_number = \"Docket\"\noffense = \"Statute\"\nlevel = \"Lvl\"\nconviction_date = \"Convicted\"\ndetermination = \"Result\"\n",
    )
    .unwrap();
    let semicolon = std::fs::read_to_string(&other).unwrap().replace(';', ",");
    std::fs::write(&other, semicolon).unwrap();
    let out = dir.join("other-out");
    render(&[&other], &out, &["--profile", profile.to_str().unwrap()]);
    let m = read_csv(&out.join("manifest.csv"));
    let petition = m
        .iter()
        .find(|r| r["kind"] == "petition")
        .expect("a petition");
    assert_eq!(petition["court"], "kern");
    assert!(pdftotext_flat(&out.join(&petition["path"])).contains("ANN SMITH"));
}

#[test]
fn synth_can_keep_every_case_in_one_county() {
    let dir = workdir("synth-county");
    run_expect(
        &[
            "synth",
            "--people",
            "40",
            "--county",
            "los angeles",
            "--out",
            dir.to_str().unwrap(),
        ],
        0,
    );
    let rows = read_csv(&dir.join("Prop64_Results.csv"));
    assert!(!rows.is_empty() && rows.iter().all(|r| r["STP_ORI_CNTY_NAME"] == "LOS ANGELES"));
    let bad = run_expect(
        &[
            "synth",
            "--people",
            "5",
            "--county",
            "Atlantis",
            "--out",
            dir.join("x").to_str().unwrap(),
        ],
        2,
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a California county"));
}

#[test]
fn usage_errors_exit_2() {
    run_expect(
        &["render", "x.csv", "--out", "o", "--as-of", "13/45/1999"],
        2,
    );
    run_expect(&["render"], 2);
}
