//! A run killed at any moment leaves no partial file under a final name, and `render --resume`
//! finishes it with exactly the bytes of an uninterrupted run; a folder that is not its own run is
//! refused.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

#[test]
fn a_killed_run_resumes_to_the_same_bytes() {
    let dir = workdir("crash");
    let (input, contacts) = synth_data(&dir, 250, 7);
    let whole = dir.join("whole");
    render(
        &[&input],
        &whole,
        &["--contacts", contacts.to_str().unwrap()],
    );

    let killed = dir.join("killed");
    let args = [
        "render",
        input.to_str().unwrap(),
        "--contacts",
        contacts.to_str().unwrap(),
        "--out",
        killed.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--quiet",
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_clearpress"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has written some documents but long before it is done.
    let start = Instant::now();
    loop {
        let n = killed
            .join("letters")
            .read_dir()
            .map(|d| d.count())
            .unwrap_or(0);
        if n >= 20 || start.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !killed.join("manifest.csv").exists(),
        "killed before the end"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let journal = killed.join(".clearpress-journal");
        assert_eq!(
            std::fs::metadata(&journal).unwrap().permissions().mode() & 0o777,
            0o600,
            "the resume journal is private too"
        );
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
fn refuses_a_non_empty_folder_and_resumes_its_own_run() {
    let input = example("prop64-results.csv");
    let dir = workdir("refuse");
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let r = run_expect(
        &[
            "render",
            input.to_str().unwrap(),
            "--out",
            other.to_str().unwrap(),
            "--as-of",
            AS_OF,
        ],
        1,
    );
    assert!(String::from_utf8_lossy(&r.stderr).contains("not empty"));
    assert_eq!(files(&other), ["notes.txt"]);
    let out = dir.join("out");
    render(&[&input], &out, &[]);
    let again = run_expect(
        &[
            "render",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            AS_OF,
        ],
        1,
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("--resume"));
}
