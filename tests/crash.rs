//! Issue 5: a run killed at any moment leaves no partial file under a final name, and
//! `render --resume` finishes it with exactly the bytes of an uninterrupted run.

mod util;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use util::*;

#[test]
fn a_killed_run_resumes_to_the_same_bytes() {
    let dir = workdir("crash");
    let (input, contacts) = synth_data(&dir, 250, 7);
    let whole = dir.join("whole");
    render(&[&input], &whole, &["--contacts", contacts.to_str().unwrap()]);

    let killed = dir.join("killed");
    let args = ["render", input.to_str().unwrap(), "--contacts", contacts.to_str().unwrap(), "--out", killed.to_str().unwrap(), "--as-of", AS_OF, "--quiet"];
    let mut child = Command::new(env!("CARGO_BIN_EXE_clearpress")).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    // Kill it once it has written some documents but long before it is done.
    let start = Instant::now();
    loop {
        let n = killed.join("letters").read_dir().map(|d| d.count()).unwrap_or(0);
        if n >= 20 || start.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(!killed.join("manifest.csv").exists(), "killed before the end");
    {
        use std::os::unix::fs::PermissionsExt;
        let journal = killed.join(".clearpress-journal");
        assert_eq!(std::fs::metadata(&journal).unwrap().permissions().mode() & 0o777, 0o600, "the resume journal is private too");
    }

    // Every file under a final name is complete: each PDF is whole.
    for f in files(&killed).iter().filter(|f| f.ends_with(".pdf")) {
        qpdf_check(&killed.join(f));
    }
    // Without --resume the folder is refused; with it the run completes.
    run_expect(&args, 1);
    let mut resumed: Vec<&str> = args.to_vec();
    resumed.push("--resume");
    run_expect(&resumed, 0);
    assert_same_output(&whole, &killed);
    run_expect(&["verify", killed.to_str().unwrap()], 0);
}

#[test]
fn pdf_a_2b_on_request() {
    let out = workdir("pdfa").join("out");
    render(&[&example("prop64-results.csv")], &out, &["--pdf-standard", "a-2b"]);
    let m = read_csv(&out.join("manifest.csv"));
    let mut checked = 0;
    for r in m.iter().filter(|r| matches!(r["kind"].as_str(), "petition" | "order" | "letter" | "notice-unchallenged" | "transmittal")) {
        let pdf = out.join(&r["path"]);
        qpdf_check(&pdf);
        let bytes = std::fs::read(&pdf).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("<pdfaid:part>2</pdfaid:part>") && text.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "{} is identified as PDF/A-2b", r["path"]);
        checked += 1;
    }
    assert!(checked > 5);
    assert_eq!(summary(&out)["pdf_standard"], "a-2b");
}

#[test]
fn pdf_ua_1_on_request() {
    let out = workdir("pdfua").join("out");
    render(&[&example("prop64-results.csv")], &out, &["--pdf-standard", "a-2b-ua-1"]);
    let m = read_csv(&out.join("manifest.csv"));
    for r in m.iter().filter(|r| matches!(r["kind"].as_str(), "petition" | "order" | "letter")) {
        let text = String::from_utf8_lossy(&std::fs::read(out.join(&r["path"])).unwrap()).into_owned();
        assert!(text.contains("<pdfuaid:part>1</pdfuaid:part>") && text.contains("<pdfaid:part>2</pdfaid:part>"), "{}", r["path"]);
    }
}
