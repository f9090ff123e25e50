//! Contacts from real county exports: Windows-1252 or UTF-8, gzip or not, their own headers
//! through a profile, and the odd broken or repeated row, which never stops the mail run. Every
//! person and address here is fictional.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::util::*;

/// Nine fictional people in Sacramento, each with one dismissible count: (subject, LAST,FIRST).
const PEOPLE: [(&str, &str); 9] = [
    ("7001", "PENA,ROSA"),
    ("7002", "ONEIL,SEAN"),
    ("7003", "ALVAREZ,LUIS"),
    ("7004", "BROOKS,DANA"),
    ("7005", "CHEN,MAY"),
    ("7006", "DIAZ,ELENA"),
    ("7007", "EVANS,TOM"),
    ("7008", "FLORES,ANA"),
    ("7009", "GRANT,LEE"),
];

fn results(dir: &Path) -> PathBuf {
    let rows: Vec<Row> = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, (subject, name))| {
            count_row(
                subject,
                name,
                "SACRAMENTO",
                &format!("CT{subject}"),
                &format!("1{:02}001001000", i + 1),
            )
        })
        .collect();
    let path = dir.join("Prop64_Results.csv");
    gogen_csv(&path, &rows);
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Text as Windows-1252 bytes (only the characters these tests use outside ASCII).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'ñ' => 0xF1,
            'é' => 0xE9,
            'í' => 0xED,
            '\u{2019}' => 0x92,
            c if c.is_ascii() => c as u8,
            c => panic!("no Windows-1252 byte for {c}"),
        })
        .collect()
}

/// The county's own export layout, and the profile that maps it.
const EXPORT_HEADER: &str = "Subject ID,Last Name,First Name,Middle Name,Street,City,State,Zip Code,Zip4,Preferred Language";
const EXPORT_PROFILE: &str = r#"
name = "county records unit export"
[columns]
subject_id = "Subject ID"
first_name = "First Name"
middle_name = "Middle Name"
last_name = "Last Name"
address1 = "Street"
city = "City"
state = "State"
zip = "Zip Code"
zip4 = "Zip4"
language = "Preferred Language"
"#;

/// Who got which letter: person_ref → the name on the court record.
fn letter_names(out: &Path) -> BTreeMap<String, String> {
    manifest(out)
        .into_iter()
        .filter(|r| r["kind"] == "letter")
        .map(|r| (r["person_ref"].clone(), r["person_name"].clone()))
        .collect()
}

fn ref_of(out: &Path, last: &str) -> String {
    letter_names(out)
        .into_iter()
        .find(|(_, n)| n.to_uppercase().contains(last))
        .unwrap_or_else(|| panic!("no letter for {last}"))
        .0
}

fn assert_mail_run_is_in_zip_order(out: &Path) {
    let list = read_csv(&out.join("mail/mailing-list.csv"));
    for w in list.windows(2).filter(|w| w[0]["group"] == w[1]["group"]) {
        assert!(w[0]["zip"] <= w[1]["zip"], "sorted by ZIP");
    }
    for r in &list {
        let pages: usize = r["pages"].parse().unwrap();
        assert!(pages >= 2 && pages.is_multiple_of(2));
    }
}

/// The issue's check: a Windows-1252 export with its own headers (separate name columns, one
/// street column, ZIP+4 apart, "Spanish"/"SPA"/"español"), two broken rows, one duplicate and one
/// row for somebody of another run, read through a profile.
#[test]
fn a_county_export_in_windows_1252_with_its_own_headers_mails_everyone_it_can() {
    let dir = workdir("contacts-export");
    let input = results(&dir);
    let text = [
        EXPORT_HEADER,
        "7001,Peña,Rosa,María,12 Oak St,Sacramento,CA,95814,1234,Spanish", // line 2
        "7002,O\u{2019}Neil,Sean,,40 Elm Ave,Sacramento,CA,95815,,English",
        "7003,Alvarez,Luis,,7 Pine Rd,Sacramento,CA,95816,,SPA",
        "7004,Brooks,Dana,,99 Fir Ln,Sacramento,CA,95817", // line 5: a field short
        "7005,Chen,May,,1 Bay Ct,Sacramento,CA,95818,,en",
        "7006,Diaz,Elena,,5 Ash Way,Sacramento,CA,95819,,español",
        "7007,Evans,Tom,,3 Elm,Apt 2,Sacramento,CA,95820,,en", // line 8: a field too many
        "7008,Flores,Ana,,8 Palm Dr,Sacramento,CA,95821,,es",
        "7009,Grant,Lee,,2 Cedar Pl,Sacramento,CA,95822,,",
        "7003,Alvarez,Luis,,500 Other St,Fresno,CA,93701,,SPA", // line 11: a duplicate
        "8888,Nobody,Else,,1 Main St,Sacramento,CA,95814,,en",  // line 12: another run's person
    ]
    .join("\r\n");
    let contacts = dir.join("county-export.csv");
    std::fs::write(&contacts, cp1252(&format!("{text}\r\n"))).unwrap();
    let profile = dir.join("export.toml");
    std::fs::write(&profile, EXPORT_PROFILE).unwrap();
    let out = dir.join("out");
    render(
        &[&input],
        &out,
        &[
            "--contacts",
            contacts.to_str().unwrap(),
            "--contacts-profile",
            profile.to_str().unwrap(),
        ],
    );
    assert_row_identity(&out);
    let s = summary(&out);
    assert_eq!(s["rows_used"], 9, "{s}");
    assert_eq!(s["contacts_encoding"], "windows-1252");
    assert_eq!(s["contacts_rows"], 11);
    assert_eq!(s["contacts_used"], 7);
    assert_eq!(s["contacts_broken"], 2);
    assert_eq!(s["contacts_duplicates"], 1);
    assert_eq!(s["contacts_unmatched"], 1);
    assert_eq!(s["letters_mailable"], 7);
    assert_eq!(s["letters_unmailable"], 2);

    // Every other person mailed; the broken ones listed with file and line.
    let list = read_csv(&out.join("mail/mailing-list.csv"));
    assert_eq!(list.len(), 7, "{list:#?}");
    let (brooks, evans) = (ref_of(&out, "BROOKS"), ref_of(&out, "EVANS"));
    assert!(
        list.iter()
            .all(|r| r["person_ref"] != brooks && r["person_ref"] != evans)
    );
    let unmailable = read_csv(&out.join("mail/unmailable.csv"));
    let shown = contacts.display().to_string();
    let listed: Vec<(String, String, String)> = unmailable
        .iter()
        .map(|r| {
            (
                r["person_ref"].clone(),
                r["source"].clone(),
                r["line"].clone(),
            )
        })
        .collect();
    assert!(
        listed.contains(&(brooks.clone(), shown.clone(), "5".into())),
        "{unmailable:#?}"
    );
    assert!(
        listed.contains(&(evans.clone(), shown.clone(), "8".into())),
        "{unmailable:#?}"
    );
    assert!(unmailable.iter().all(|r| r["reason"].contains("fields")));
    assert_eq!(
        exception_lines(&out, &contacts),
        [
            (5, "unreadable-contact".to_string()),
            (8, "unreadable-contact".to_string()),
            (11, "duplicate-contact".to_string()),
        ]
    );
    let dup = exceptions(&out)
        .into_iter()
        .find(|e| e["code"] == "duplicate-contact")
        .unwrap();
    assert_eq!(dup["person_ref"], ref_of(&out, "ALVAREZ"));
    assert!(dup["message"].contains("line 4"), "{dup:?}");
    // Privacy: no name or street in the lists of problems.
    for f in ["exceptions.csv", "mail/unmailable.csv"] {
        let t = std::fs::read_to_string(out.join(f)).unwrap();
        for word in ["Brooks", "Evans", "Alvarez", "Fir", "Other St"] {
            assert!(!t.contains(word), "{f} shows `{word}`");
        }
    }

    // The first row of a repeated subject is used; ZIP+4 joined; Spanish speakers get Spanish.
    let by_ref: BTreeMap<&str, &CsvRow> =
        list.iter().map(|r| (r["person_ref"].as_str(), r)).collect();
    let row = |last: &str| by_ref[ref_of(&out, last).as_str()];
    assert_eq!(row("PENA")["zip"], "95814-1234");
    assert!(
        row("ALVAREZ")["address"].contains("7 PINE RD"),
        "{:?}",
        row("ALVAREZ")
    );
    for (last, language) in [
        ("PENA", "es"),
        ("ALVAREZ", "es"),
        ("DIAZ", "es"),
        ("FLORES", "es"),
        ("ONEIL", "en"),
        ("CHEN", "en"),
        ("GRANT", "en"),
    ] {
        assert_eq!(row(last)["language"], language, "{last}");
        let text = pdftotext_flat(&out.join(&row(last)["letter"]));
        if language == "es" {
            assert!(text.contains("No tiene que ir a la corte"), "{last}");
        } else {
            assert!(text.contains("You do not need to go to court"), "{last}");
        }
    }
    assert_mail_run_is_in_zip_order(&out);
}

/// The issue's reports: "Peña" in Windows-1252 and a row with a field missing, in the documented
/// layout, stopped the whole run; now the first is read and the second's person is unmailable.
#[test]
fn default_layout_reads_windows_1252_and_a_short_row_is_one_unmailable_person() {
    let dir = workdir("contacts-default-layout");
    let input = results(&dir);
    let mut text =
        String::from("subject_id,cii_number,name,address1,address2,city,state,zip,language\n");
    for (i, (subject, _)) in PEOPLE.iter().enumerate() {
        if i == 3 {
            text.push_str(&format!(
                "{subject},,Dana Brooks,99 Fir Ln,,Sacramento,CA,95817\n"
            ));
        } else {
            text.push_str(&format!(
                "{subject},,Rosa Peña,{} Oak St,Apt 3,Sacramento,CA,958{:02},es\n",
                i + 1,
                10 + i
            ));
        }
    }
    let contacts = dir.join("contacts.csv");
    std::fs::write(&contacts, cp1252(&text)).unwrap();
    let out = dir.join("out");
    render(&[&input], &out, &["--contacts", contacts.to_str().unwrap()]);
    assert_row_identity(&out);
    let s = summary(&out);
    assert_eq!(s["contacts_encoding"], "windows-1252");
    assert_eq!(s["letters_mailable"], 8);
    assert_eq!(read_csv(&out.join("mail/mailing-list.csv")).len(), 8);
    assert_eq!(
        exception_lines(&out, &contacts),
        [(5, "unreadable-contact".to_string())]
    );
    let unmailable = read_csv(&out.join("mail/unmailable.csv"));
    assert_eq!(unmailable.len(), 1);
    assert_eq!(unmailable[0]["person_ref"], ref_of(&out, "BROOKS"));
    assert_eq!(unmailable[0]["line"], "5");
    assert_mail_run_is_in_zip_order(&out);
}

/// UTF-8 with and without BOM, and gzip (found by content, for contacts and results alike), are
/// read and named; a file that is neither UTF-8 nor Windows-1252 stops the run, naming it.
#[test]
fn contacts_encodings_and_gzip_are_detected_per_file() {
    let dir = workdir("contacts-encodings");
    let input = results(&dir);
    let mut text =
        String::from("subject_id,cii_number,name,address1,address2,city,state,zip,language\n");
    for (i, (subject, _)) in PEOPLE.iter().enumerate() {
        text.push_str(&format!(
            "{subject},,José Peña,{} Oak St,,Sacramento,CA,958{:02},\n",
            i + 1,
            10 + i
        ));
    }
    let gz_input = dir.join("Prop64_Results.csv.gz");
    std::fs::write(&gz_input, gzip(&std::fs::read(&input).unwrap())).unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("utf8.csv", text.as_bytes().to_vec(), "utf-8"),
        ("bom.csv", crlf_with_bom(&text), "utf-8-bom"),
        ("cp1252.csv", cp1252(&text), "windows-1252"),
        ("contacts.gz", gzip(&cp1252(&text)), "windows-1252"),
    ];
    for (name, bytes, encoding) in cases {
        let contacts = dir.join(name);
        std::fs::write(&contacts, bytes).unwrap();
        let out = dir.join(format!("out-{name}"));
        let results_file = if name.ends_with(".gz") {
            &gz_input
        } else {
            &input
        };
        render(
            &[results_file],
            &out,
            &["--contacts", contacts.to_str().unwrap()],
        );
        assert_row_identity(&out);
        let s = summary(&out);
        assert_eq!(s["contacts_encoding"], encoding, "{name}");
        assert_eq!(s["rows_used"], 9, "{name}");
        assert_eq!(s["letters_mailable"], 9, "{name}");
        assert_eq!(s["contacts_used"], 9, "{name}");
    }

    let bad = dir.join("neither.csv");
    let mut bytes = text.as_bytes().to_vec();
    bytes.extend_from_slice(b"7010,,X\x81,1 A St,,Sacramento,CA,95814,\n");
    std::fs::write(&bad, bytes).unwrap();
    let out = dir.join("out-neither");
    let args = render_args(&[&input], &out, &["--contacts", bad.to_str().unwrap()]);
    let o = run_expect(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    let err = lossy(&o.stderr);
    assert!(
        err.contains("neither.csv") && err.contains("line 11") && err.contains("Windows-1252"),
        "{err}"
    );
    assert!(!out.exists());
}

/// A profile whose required column the export lacks stops the run before anything is written,
/// naming the column; so does a default-layout file without its ZIP column.
#[test]
fn a_missing_contacts_column_stops_the_run_naming_it() {
    let dir = workdir("contacts-missing-column");
    let input = results(&dir);
    let contacts = dir.join("export.csv");
    std::fs::write(
        &contacts,
        "Subject ID,Last Name,First Name,Street,City,State,Postal\n7001,Pena,Rosa,1 A St,Sacramento,CA,95814\n",
    )
    .unwrap();
    let profile = dir.join("export.toml");
    std::fs::write(&profile, EXPORT_PROFILE).unwrap();
    for (extra, column) in [
        (
            vec!["--contacts-profile", profile.to_str().unwrap()],
            "`Zip Code`",
        ),
        (vec![], "`address1`"),
    ] {
        let out = dir.join("out");
        let mut args = vec!["--contacts", contacts.to_str().unwrap()];
        args.extend(extra);
        let all = render_args(&[&input], &out, &args);
        let o = run_expect(&all.iter().map(String::as_str).collect::<Vec<_>>(), 1);
        let err = lossy(&o.stderr);
        assert!(err.contains(column) && err.contains("export.csv"), "{err}");
        assert!(!out.exists());
    }
}
