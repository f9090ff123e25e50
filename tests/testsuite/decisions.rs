//! A reviewer's decisions (`--decisions`): held rows decided and filed, counts challenged on the
//! reviewer's ground, excluded or held; the audit in decisions.csv; bad files refused before
//! anything is written.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::util::*;

const REVIEWER: &str = "Rev. Quillfeather";

pub fn la_pilot() -> PathBuf {
    gogen_dir().join("gogen_pilots_los_angeles/doj_results_convictions_1.csv")
}

/// A decisions file with a line for each Hand Review row of `review` that has a case number:
/// review.csv's own columns, with decision, reviewer and note added.
pub fn grant_hand_review(review: &[CsvRow], path: &Path) -> Vec<CsvRow> {
    let granted: Vec<CsvRow> = review
        .iter()
        .filter(|r| r["determination"] == "Hand Review" && !r["case_number"].is_empty())
        .cloned()
        .collect();
    let columns = [
        "source",
        "line",
        "person_ref",
        "court",
        "case_number",
        "count",
        "determination",
        "reason",
        "decision",
        "reviewer",
        "note",
    ];
    let rows: Vec<Vec<&str>> = review
        .iter()
        .map(|r| {
            let mut row: Vec<&str> = columns[..8].iter().map(|c| r[*c].as_str()).collect();
            if granted.contains(r) {
                row.extend(["dismiss-seal", REVIEWER, "completed; reviewed by hand"]);
            } else {
                // Not decided yet: the line is no decision.
                row.extend(["", "", ""]);
            }
            row
        })
        .collect();
    std::fs::write(path, plain_csv(&columns, &rows)).unwrap();
    granted
}

fn petition_text(out: &Path, case: &str) -> String {
    pdftotext_flat(&petition(out, case))
}

#[test]
fn deciding_every_hand_review_row_files_exactly_those_rows() {
    let dir = workdir("decisions-hand-review");
    let input = la_pilot();
    let before = dir.join("before");
    render(&[&input], &before, &[]);
    let review = review(&before);
    // review.csv names each row as a decision does: court, case number and count (DOJ's count
    // number, from CNT_ORDER 101001008000).
    let bird = review.iter().find(|r| r["line"] == "3").unwrap();
    assert_eq!(
        (
            bird["court"].as_str(),
            bird["case_number"].as_str(),
            bird["count"].as_str()
        ),
        ("los-angeles", "398765", "8")
    );
    let decisions = dir.join("decisions.csv");
    let granted = grant_hand_review(&review, &decisions);
    assert_eq!(granted.len(), 2, "BIRD's and COUNT VON's rows: {granted:?}");

    let out = dir.join("out");
    render(
        &[&input],
        &out,
        &["--decisions", decisions.to_str().unwrap()],
    );
    assert_row_identity(&out);
    let s = summary(&out);
    assert_eq!(
        s["rows_held"],
        summary(&before)["rows_held"].as_u64().unwrap() - 2
    );
    assert_eq!(
        s["rows_used"],
        summary(&before)["rows_used"].as_u64().unwrap() + 2
    );
    assert_eq!(s["decisions_applied"], 2);
    assert_eq!(
        s["decisions_sha256"].as_str().unwrap().len(),
        64,
        "the decisions file is hashed"
    );

    // BIRD's held count joins the petition of its case; COUNT VON's case gets one.
    assert!(!petition_text(&before, "398765").contains("06/01/1979"));
    let bird = petition_text(&out, "398765");
    assert!(
        bird.contains("06/01/1979") && bird.contains("11/01/1980"),
        "{bird}"
    );
    assert!(docs_for(&manifest(&before), "petition", "757392").is_empty());
    let count_von = petition_text(&out, "757392");
    assert!(count_von.contains("05/04/1998"), "{count_von}");
    assert!(
        !count_von.contains("05/19/2015") && !count_von.contains("10/31/2015"),
        "only the decided count: {count_von}"
    );
    let petitions = |o: &Path| {
        manifest(o)
            .iter()
            .filter(|r| r["kind"] == "petition")
            .count()
    };
    assert_eq!(petitions(&out), petitions(&before) + 1);

    // The rest stay held, and each decided row is in the audit.
    let lines =
        |rows: &[CsvRow]| -> Vec<String> { rows.iter().map(|r| r["line"].clone()).collect() };
    let mut left = review.clone();
    left.retain(|r| !granted.contains(r));
    assert_eq!(lines(&crate::util::review(&out)), lines(&left));
    let audit = read_csv(&out.join("decisions.csv"));
    assert_eq!(audit.len(), 2);
    for (a, g) in audit.iter().zip(&granted) {
        assert_eq!(a["source"], decisions.display().to_string());
        assert_eq!(a["court"], "los-angeles");
        assert_eq!(a["case_number"], g["case_number"]);
        assert_eq!(a["count"], g["count"]);
        assert_eq!(a["person_ref"], g["person_ref"]);
        assert_eq!(
            (a["was"].as_str(), a["now"].as_str()),
            ("hold", "dismiss-seal")
        );
        assert_eq!(a["reviewer"], REVIEWER);
    }
    assert_eq!(
        (audit[0]["line"].as_str(), audit[1]["line"].as_str()),
        ("2", "4"),
        "the lines of the decisions file (review.csv's rows, in its order)"
    );

    // Owner-only, in the manifest, and covered by verify.
    let mode = std::fs::metadata(out.join("decisions.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(manifest(&out).iter().any(|r| r["path"] == "decisions.csv"));
    run_expect(&["verify", out.to_str().unwrap()], 0);
    std::fs::write(out.join("decisions.csv"), "edited\n").unwrap();
    let v = run_expect(&["verify", out.to_str().unwrap()], 1);
    assert!(lossy(&v.stdout).contains("changed  decisions.csv"));

    // No reviewer's name or note in a file name or on the screen, for check and render alike.
    assert!(files(&out).iter().all(|f| !f.contains("Quillfeather")));
    let shown = clearpress(&[
        "check",
        input.to_str().unwrap(),
        "--decisions",
        decisions.to_str().unwrap(),
    ]);
    let screen = lossy(&shown.stderr);
    assert!(screen.contains("decisions: 2 lines applied"), "{screen}");
    let loud = dir.join("loud");
    let args = render_args(
        &[&input],
        &loud,
        &["--decisions", decisions.to_str().unwrap()],
    );
    let args: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--quiet")
        .collect();
    let loud_screen = lossy(&run_expect(&args, 0).stderr);
    for text in [&screen, &loud_screen] {
        assert!(
            !text.contains("Quillfeather") && !text.contains("reviewed by hand"),
            "{text}"
        );
    }
}

/// Fictional rows in Sacramento: one case to challenge, one with a count to exclude, one to hold,
/// one to redesignate rather than dismiss.
fn decided_rows(dir: &Path) -> PathBuf {
    let input = dir.join("results.csv");
    let mut ex2 = count_row("2002", "BETA,BEN", "SACRAMENTO", "EX1", "101001002000");
    set(
        &mut ex2,
        "OFFENSE_DESCR",
        "11360(A) HS-TRANSPORT/SELL MARIJUANA",
    );
    gogen_csv(
        &input,
        &[
            count_row("2001", "ALPHA,ANN", "SACRAMENTO", "CH1", "101001001000"),
            count_row("2002", "BETA,BEN", "SACRAMENTO", "EX1", "101001001000"),
            ex2,
            count_row("2003", "GAMMA,GUS", "SACRAMENTO", "HO1", "101001001000"),
            count_row("2004", "DELTA,DEE", "SACRAMENTO", "RS1", "101001001000"),
        ],
    );
    input
}

const DECISIONS_HEADER: &str = "court,case_number,count,decision,reviewer,note\n";

#[test]
fn challenge_exclude_hold_and_another_relief_are_applied() {
    let dir = workdir("decisions-kinds");
    let input = decided_rows(&dir);
    let decisions = dir.join("decisions.csv");
    std::fs::write(
        &decisions,
        format!(
            "{DECISIONS_HEADER}\
             sacramento,CH1,,challenge,{REVIEWER},Prior super strike conviction on record\n\
             SACRAMENTO,EX1,2,exclude,{REVIEWER},charged in another case\n\
             sacramento,HO1,1,hold,{REVIEWER},waiting for the court file\n\
             sacramento,RS1,1,redesignate,{REVIEWER},\n\
             sacramento,NOPE1,,hold,{REVIEWER},\n"
        ),
    )
    .unwrap();
    let out = dir.join("out");
    // In the § 11361.9 review frame, where a challenge is filed (after it, a challenged count is
    // held with its ground).
    render(
        &[&input],
        &out,
        &[
            "--decisions",
            decisions.to_str().unwrap(),
            "--as-of",
            REVIEW_AS_OF,
        ],
    );
    assert_row_identity(&out);
    let s = summary(&out);
    assert_eq!(
        (s["rows_used"].as_u64(), s["rows_held"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(s["decisions_applied"], 4);
    let m = manifest(&out);

    // Challenged on the reviewer's ground: no petition, on the notice of challenged cases.
    assert!(docs_for(&m, "petition", "CH1").is_empty());
    let notice = pdftotext_flat(&out.join("courts/sacramento/notice-challenged.pdf"));
    assert!(
        notice.contains("CH1") && notice.contains("Prior super strike"),
        "{notice}"
    );
    // Excluded: the count is on no paper; the case's other count is.
    let ex1 = petition_text(&out, "EX1");
    assert!(
        ex1.contains("HS 11357(a)") && !ex1.contains("HS 11360(a)"),
        "{ex1}"
    );
    let unchallenged = pdftotext_flat(&out.join("courts/sacramento/notice-unchallenged.pdf"));
    assert!(!unchallenged.contains("11360"), "{unchallenged}");
    // Held: in review.csv, with what names it.
    assert!(docs_for(&m, "petition", "HO1").is_empty());
    let held = review(&out);
    assert_eq!(held.len(), 1);
    assert_eq!(
        (
            held[0]["court"].as_str(),
            held[0]["case_number"].as_str(),
            held[0]["count"].as_str()
        ),
        ("sacramento", "HO1", "1")
    );
    assert!(held[0]["reason"].contains("decision"), "{:?}", held[0]);
    petition(&out, "RS1");

    let audit = read_csv(&out.join("decisions.csv"));
    let got: Vec<(&str, &str, &str, &str)> = audit
        .iter()
        .map(|a| {
            (
                a["case_number"].as_str(),
                a["count"].as_str(),
                a["was"].as_str(),
                a["now"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("CH1", "1", "dismiss-seal", "challenge"),
            ("EX1", "2", "dismiss-seal", "exclude"),
            ("HO1", "1", "dismiss-seal", "hold"),
            ("RS1", "1", "dismiss-seal", "redesignate"),
        ]
    );
    assert_eq!(
        audit[1]["note"], "charged in another case",
        "the reason is kept"
    );
    // The line that names no count is listed, and the run went on.
    let listed = exceptions(&out);
    let unmatched: Vec<&CsvRow> = listed
        .iter()
        .filter(|e| e["code"] == "decision-unmatched")
        .collect();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(
        (
            unmatched[0]["source"].as_str(),
            unmatched[0]["line"].as_str()
        ),
        (decisions.to_str().unwrap(), "6")
    );
    assert!(unmatched[0]["message"].contains("NOPE1"));
}

#[test]
fn a_decided_count_of_a_held_case_says_so_and_excluding_can_free_the_case() {
    let dir = workdir("decisions-mixed");
    // One case: a completed count and one still being served, so it is held as mixed.
    let mut serving = count_row("6001", "MIXED,MIA", "LOS ANGELES", "LA600", "101001002000");
    set(&mut serving, "SENT_LENGTH", "40");
    set(&mut serving, "SENT_TIME_CODE", "Y");
    let input = dir.join("rows.csv");
    gogen_csv(
        &input,
        &[
            count_row("6001", "MIXED,MIA", "LOS ANGELES", "LA600", "101001001000"),
            serving,
        ],
    );
    let decide = |name: &str, lines: &str| {
        let path = dir.join(name);
        std::fs::write(&path, format!("{DECISIONS_HEADER}{lines}")).unwrap();
        let out = dir.join(name.trim_end_matches(".csv"));
        render(&[&input], &out, &["--decisions", path.to_str().unwrap()]);
        out
    };

    // Deciding the completed count does not unmix the case: still held, and review.csv says the
    // decision is waiting on the case.
    let out = decide(
        "one.csv",
        &format!("los-angeles,LA600,1,dismiss-seal,{REVIEWER},\n"),
    );
    assert!(docs_for(&manifest(&out), "petition", "LA600").is_empty());
    let held = review(&out);
    assert_eq!(held.len(), 2, "{held:?}");
    let decided = held.iter().find(|r| r["count"] == "1").unwrap();
    assert!(
        decided["reason"].starts_with("mixed")
            && decided["reason"].contains("this count was decided"),
        "{decided:?}"
    );
    let other = held.iter().find(|r| r["count"] == "2").unwrap();
    assert!(!other["reason"].contains("decided"), "{other:?}");

    // Excluding the count still being served leaves a case of completed counts: filed.
    let out = decide(
        "two.csv",
        &format!("los-angeles,LA600,2,exclude,{REVIEWER},filed by hand\n"),
    );
    assert!(review(&out).is_empty(), "{:?}", review(&out));
    let text = petition_text(&out, "LA600");
    assert!(text.contains("HS 11357(a)"), "{text}");
    assert_row_identity(&out);
}

/// Refused (exit 1) before anything is written, naming the file and the lines.
fn refused(dir: &Path, input: &Path, name: &str, body: &str) -> String {
    let decisions = dir.join(name);
    std::fs::write(&decisions, format!("{DECISIONS_HEADER}{body}")).unwrap();
    let out = dir.join(format!("out-{name}"));
    let args = render_args(
        &[input],
        &out,
        &["--decisions", decisions.to_str().unwrap()],
    );
    let o = run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    assert!(!out.exists(), "nothing may be written: {:?}", files(&out));
    let err = lossy(&o.stderr);
    assert!(err.contains(name), "{err}");
    assert!(
        !err.contains("Quillfeather") && !err.contains("secret"),
        "{err}"
    );
    err
}

#[test]
fn conflicting_or_malformed_decisions_stop_the_run_naming_lines() {
    let dir = workdir("decisions-refused");
    let input = decided_rows(&dir);
    let err = refused(
        &dir,
        &input,
        "conflict.csv",
        &format!(
            "sacramento,EX1,,exclude,{REVIEWER},secret\n\
             sacramento,CH1,1,hold,{REVIEWER},\n\
             los-angeles,EX1,,hold,{REVIEWER},\n\
             sacramento,EX1,2,redesignate,{REVIEWER},secret\n"
        ),
    );
    assert!(
        err.contains("lines 2 and 5") && err.contains("count 2 of case EX1"),
        "{err}"
    );
    // The same decision twice is no conflict.
    let same = dir.join("same.csv");
    std::fs::write(
        &same,
        format!(
            "{DECISIONS_HEADER}sacramento,EX1,,exclude,{REVIEWER},\nsacramento,EX1,2,exclude,{REVIEWER},\n"
        ),
    )
    .unwrap();
    render(
        &[&input],
        &dir.join("out-same"),
        &["--decisions", same.to_str().unwrap()],
    );

    let err = refused(
        &dir,
        &input,
        "malformed.csv",
        &format!(
            "sacramento,EX1,,dismis,{REVIEWER},secret\n\
             sacramento,CH1,,hold,,secret\n\
             sacramento,CH1,,challenge,{REVIEWER},\n\
             atlantis,CH1,,hold,{REVIEWER},\n\
             sacramento,CH1,two,hold,{REVIEWER},\n"
        ),
    );
    for (line, what) in [
        (2, "unknown decision `dismis`"),
        (3, "no reviewer"),
        (4, "a challenge needs a note"),
        (5, "court `atlantis`"),
        (6, "count `two`"),
    ] {
        assert!(
            err.contains(&format!("malformed.csv: line {line}: {what}")),
            "{err}"
        );
    }
    let cols = dir.join("cols.csv");
    std::fs::write(&cols, "court,case_number\nsacramento,EX1\n").unwrap();
    let out = dir.join("out-cols");
    let args = render_args(&[&input], &out, &["--decisions", cols.to_str().unwrap()]);
    let o = run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    assert!(lossy(&o.stderr).contains("`decision`, `reviewer`"));
    assert!(!out.exists());
}
