//! Cases belong to their court; inputs compressed or with a blank event date; filing in waves:
//! the ledger (filed.csv) and a later run with --previous that files only what changed.

use std::io::Write;
use std::path::Path;

use crate::decisions::{grant_hand_review, la_pilot};
use crate::util::*;

fn sacramento() -> std::path::PathBuf {
    gogen_dir().join("sacramento_configurable_flow/Prop64_Results.csv")
}

#[test]
fn two_counties_with_the_same_case_numbers_are_both_filed() {
    let (sac, la) = (sacramento(), la_pilot());
    let out = workdir("two-counties-same-case").join("out");
    render_ok(&[&sac, &la], &out);
    assert!(
        exceptions(&out).iter().all(|e| e["code"] != "duplicate"),
        "a case number is unique only within its court: {:?}",
        exceptions(&out)
    );
    let courts = summary(&out)["courts"].clone();
    assert_eq!(courts, serde_json::json!(["los-angeles", "sacramento"]));
    // The same person and case number in both counties: a petition in each court.
    let m = manifest(&out);
    let mut filed_in: Vec<&str> = docs_for(&m, "petition", "140194")
        .iter()
        .map(|r| r["court"].as_str())
        .collect();
    filed_in.sort();
    assert_eq!(filed_in, ["los-angeles", "sacramento"]);
    for court in ["los-angeles", "sacramento"] {
        assert!(out.join(format!("courts/{court}.zip")).exists());
    }
    // Both courts' papers are in the ledger, each count once.
    let ledger = read_csv(&out.join("filed.csv"));
    let mut keys: Vec<(String, String, String, String)> = ledger
        .iter()
        .map(|r| {
            (
                r["court"].clone(),
                r["case_number"].clone(),
                r["person_ref"].clone(),
                r["count"].clone(),
            )
        })
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n);
    assert!(ledger.iter().any(|r| r["court"] == "los-angeles"));
}

#[test]
fn a_count_repeated_in_another_file_is_named_by_file_and_line() {
    let dir = workdir("duplicate-across-files");
    let (a, b) = (dir.join("county-run-a.csv"), dir.join("county-run-b.csv"));
    let row = count_row("1001", "DOE,JANE", "SACRAMENTO", "DP1001", "101001001000");
    gogen_csv(&a, std::slice::from_ref(&row));
    let mut elsewhere = row.clone();
    set(&mut elsewhere, "STP_ORI_CNTY_NAME", "FRESNO");
    gogen_csv(&b, &[elsewhere, row]);
    let out = dir.join("out");
    render_ok(&[&a, &b], &out);
    assert_eq!(exception_lines(&out, &b), [(3, "duplicate".to_string())]);
    let e = exceptions(&out);
    let message = &e.iter().find(|e| e["code"] == "duplicate").unwrap()["message"];
    assert!(
        message.contains("line 2 of") && message.contains("county-run-a.csv"),
        "{message}"
    );
    // The same person, case number and count in another court is another count.
    let m = manifest(&out);
    let mut courts: Vec<&str> = docs_for(&m, "petition", "DP1001")
        .iter()
        .map(|r| r["court"].as_str())
        .collect();
    courts.sort();
    assert_eq!(courts, ["fresno", "sacramento"]);
}

#[test]
fn a_gzip_input_gives_the_same_documents_as_the_plain_file() {
    let dir = workdir("gzip-results");
    let plain = sacramento();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&std::fs::read(&plain).unwrap()).unwrap();
    let bytes = gz.finish().unwrap();
    // Found by its content, whatever its name.
    let named = dir.join("Prop64_Results.csv.gz");
    let unnamed = dir.join("Prop64_Results.csv");
    std::fs::write(&named, &bytes).unwrap();
    std::fs::write(&unnamed, &bytes).unwrap();
    let outs = ["plain", "gz", "gz-unnamed"].map(|n| dir.join(n));
    for (input, out) in [&plain, &named, &unnamed].into_iter().zip(&outs) {
        render_ok(&[input], out);
    }
    // Every document, volume and zip is the same; the reports name the input file.
    let runs_own = [
        "summary.json",
        "manifest.csv",
        "timings.json",
        "filed.csv",
        ".clearpress-run",
        "exceptions.csv",
        "review.csv",
    ];
    // The lists name the input file; the rest of each row is the same.
    let unsourced = |rows: Vec<CsvRow>| -> Vec<CsvRow> {
        rows.into_iter()
            .map(|mut r| {
                r.remove("source");
                r
            })
            .collect()
    };
    let documents = |out: &Path| -> Vec<String> {
        files(out)
            .into_iter()
            .filter(|f| !runs_own.contains(&f.as_str()))
            .collect()
    };
    let expected = documents(&outs[0]);
    assert!(expected.iter().filter(|f| f.ends_with(".pdf")).count() > 10);
    for out in &outs[1..] {
        assert_eq!(documents(out), expected);
        for f in &expected {
            assert!(
                std::fs::read(out.join(f)).unwrap() == std::fs::read(outs[0].join(f)).unwrap(),
                "{f} differs"
            );
        }
        assert_eq!(unsourced(exceptions(out)), unsourced(exceptions(&outs[0])));
        assert_eq!(unsourced(review(out)), unsourced(review(&outs[0])));
        let s = summary(out);
        assert_eq!(s["rows_used"], summary(&outs[0])["rows_used"]);
    }
}

#[test]
fn a_blank_event_date_falls_back_to_the_date_of_conviction() {
    let dir = workdir("date-of-conviction");
    let input = dir.join("dates.csv");
    let mut a = count_row("1001", "DOE,JANE", "SACRAMENTO", "DC1001", "101001001000");
    set(&mut a, "STP_EVENT_DATE", "");
    set(&mut a, "Date of Conviction", "03/14/1993");
    let mut b = count_row(
        "1002",
        "ROE,RICHARD",
        "SACRAMENTO",
        "DC1002",
        "101001001000",
    );
    set(&mut b, "STP_EVENT_DATE", "");
    set(&mut b, "Date of Conviction", "");
    gogen_csv(&input, &[a, b]);
    let out = dir.join("out");
    render_ok(&[&input], &out);
    let text = pdftotext_flat(&petition(&out, "DC1001"));
    assert!(text.contains("03/14/1993"), "{text}");
    assert_eq!(exception_lines(&out, &input), [(3, "bad-date".to_string())]);
}

/// The earlier run's key, from its summary.
fn run_key(out: &Path) -> String {
    summary(out)["run_key"].as_str().unwrap().to_string()
}

fn kinds(out: &Path, kind: &str) -> Vec<CsvRow> {
    manifest(out)
        .into_iter()
        .filter(|r| r["kind"] == kind)
        .collect()
}

#[test]
fn a_second_wave_files_only_the_changed_cases_as_a_supplemental_filing() {
    let dir = workdir("waves");
    let input = la_pilot();
    let first = dir.join("wave-1");
    // In the § 11361.9 review frame, so that a challenge is filed and carried in the ledger.
    render(&[&input], &first, &["--as-of", REVIEW_AS_OF]);
    assert_row_identity(&first);
    let s1 = summary(&first);
    assert_eq!(s1["wave"], 1);
    assert!(s1["previous_run_key"].is_null());
    let ledger1 = read_csv(&first.join("filed.csv"));
    assert_eq!(ledger1.len() as u64, s1["counts_filed"].as_u64().unwrap());
    assert!(
        ledger1
            .iter()
            .all(|r| r["wave"] == "1" && r["run_key"] == run_key(&first))
    );
    // Every petition's counts are in the ledger, pointing at it.
    for p in kinds(&first, "petition") {
        assert!(ledger1.iter().any(|r| r["document"] == p["path"]), "{p:?}");
    }
    assert!(ledger1.iter().any(|r| r["relief"] == "challenge"
        && r["document"] == "courts/los-angeles/notice-challenged.pdf"));

    // The reviewer decides the Hand Review rows; the second wave files only those cases.
    let decisions = dir.join("decisions.csv");
    let granted = grant_hand_review(&review(&first), &decisions);
    let second = dir.join("wave-2");
    render(
        &[&input],
        &second,
        &[
            "--decisions",
            decisions.to_str().unwrap(),
            "--previous",
            first.to_str().unwrap(),
            "--as-of",
            REVIEW_AS_OF,
        ],
    );
    assert_row_identity(&second);
    let s2 = summary(&second);
    assert_eq!(s2["wave"], 2);
    assert_eq!(s2["previous_run_key"], s1["run_key"]);
    assert_eq!(s2["waves"].as_array().unwrap().len(), 2);

    let mut cases: Vec<String> = kinds(&second, "petition")
        .iter()
        .map(|r| r["case_numbers"].clone())
        .collect();
    cases.sort();
    assert_eq!(cases, ["398765;678544", "757392"]);
    assert_eq!(kinds(&second, "order").len(), 2);
    // BIRD's case was filed with one count; a second is added: an amended paper with both.
    let bird = pdftotext_flat(&petition(&second, "398765"));
    assert!(
        bird.contains("AMENDED") && bird.contains("06/01/1979") && bird.contains("11/01/1980"),
        "{bird}"
    );
    let bird_order =
        caption_title(&second.join(&docs_for(&manifest(&second), "order", "398765")[0]["path"]));
    assert!(bird_order.contains("ON AMENDED MOTION"), "{bird_order}");
    let count_von = pdftotext_flat(&petition(&second, "757392"));
    assert!(
        !count_von.contains("AMENDED"),
        "filed for the first time: {count_von}"
    );

    // The supplemental package refers to the earlier filing by date and run key.
    let transmittal = pdftotext_flat(&second.join("courts/los-angeles/transmittal.pdf"));
    assert!(
        transmittal.contains("Supplemental filing no. 2")
            && transmittal.contains("June 30, 2020")
            && transmittal.contains(&run_key(&first)),
        "{transmittal}"
    );
    let notice_pdf = second.join("courts/los-angeles/notice-unchallenged.pdf");
    let title = caption_title(&notice_pdf);
    assert!(title.contains("SUPPLEMENTAL PEOPLE'S NOTICE"), "{title}");
    let notice = pdftotext_flat(&notice_pdf);
    assert!(!notice.contains("140192"), "filed before: {notice}");
    assert!(
        kinds(&second, "notice-challenged").is_empty(),
        "the challenged case was filed and has not changed"
    );
    // Letters, and the mail run, for those people only.
    let mut people: Vec<String> = kinds(&second, "letter")
        .iter()
        .map(|r| r["person_ref"].clone())
        .collect();
    people.sort();
    let mut decided: Vec<String> = granted.iter().map(|g| g["person_ref"].clone()).collect();
    decided.sort();
    assert_eq!(people, decided);
    let unmailable: Vec<String> = read_csv(&second.join("mail/unmailable.csv"))
        .iter()
        .map(|r| r["person_ref"].clone())
        .collect();
    assert!(
        unmailable.iter().all(|p| decided.contains(p)),
        "{unmailable:?}"
    );

    // The ledger carries everything filed so far.
    let ledger2 = read_csv(&second.join("filed.csv"));
    let new: Vec<&CsvRow> = ledger2.iter().filter(|r| r["wave"] == "2").collect();
    assert_eq!(new.len() as u64, s2["counts_filed"].as_u64().unwrap());
    assert_eq!(
        new.len(),
        3,
        "BIRD's two counts and COUNT VON's one: {new:?}"
    );
    assert!(new.iter().all(|r| r["run_key"] == run_key(&second)));
    assert_eq!(
        ledger2.iter().filter(|r| r["wave"] == "1").count(),
        ledger1.len() - 1,
        "all of wave 1 but BIRD's count, filed again in the amended paper"
    );
    run_expect(&["verify", second.to_str().unwrap()], 0);

    // A third wave with nothing new files nothing.
    let third = dir.join("wave-3");
    render(
        &[&input],
        &third,
        &[
            "--decisions",
            decisions.to_str().unwrap(),
            "--previous",
            second.to_str().unwrap(),
            "--as-of",
            REVIEW_AS_OF,
        ],
    );
    assert_row_identity(&third);
    let s3 = summary(&third);
    assert_eq!(
        (s3["wave"].as_u64(), s3["counts_filed"].as_u64()),
        (Some(3), Some(0))
    );
    assert!(kinds(&third, "petition").is_empty() && kinds(&third, "letter").is_empty());
    assert_eq!(read_csv(&third.join("filed.csv")), ledger2);

    // The earlier run is checked: a changed ledger, or a folder that is no run, is refused.
    let out = dir.join("refused");
    let not_a_run = input.parent().unwrap();
    let args = render_args(
        &[&input],
        &out,
        &["--previous", not_a_run.to_str().unwrap()],
    );
    let o = run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    assert!(
        lossy(&o.stderr).contains("summary.json"),
        "{}",
        lossy(&o.stderr)
    );
    assert!(!out.exists());
    let mut edited = std::fs::read(first.join("filed.csv")).unwrap();
    edited.truncate(edited.len() - 10);
    std::fs::write(first.join("filed.csv"), edited).unwrap();
    let out = dir.join("refused-ledger");
    let args = render_args(&[&input], &out, &["--previous", first.to_str().unwrap()]);
    let o = run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    assert!(
        lossy(&o.stderr).contains("filed.csv"),
        "{}",
        lossy(&o.stderr)
    );
    assert!(!out.exists());
}
