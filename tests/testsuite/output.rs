//! The output folder as a whole: the same bytes whatever the thread count, private permissions and
//! paths, and `verify`.

use crate::util::*;

#[test]
fn same_inputs_same_bytes_whatever_the_thread_count() {
    let input = example("prop64-results.csv");
    let contacts = example("contacts.csv");
    let dir = workdir("determinism");
    let (a, b) = (dir.join("a"), dir.join("b"));
    render(
        &[&input],
        &a,
        &["--jobs", "1", "--contacts", contacts.to_str().unwrap()],
    );
    render(
        &[&input],
        &b,
        &["--jobs", "2", "--contacts", contacts.to_str().unwrap()],
    );
    let fa = files(&a);
    assert_eq!(fa, files(&b));
    for f in fa.iter().filter(|f| *f != "timings.json") {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

#[test]
fn output_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let input = example("prop64-results.csv");
    let out = workdir("privacy").join("out");
    render(
        &[&input],
        &out,
        &["--contacts", example("contacts.csv").to_str().unwrap()],
    );
    let mut checked = 0;
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        assert_eq!(
            std::fs::metadata(&d).unwrap().permissions().mode() & 0o777,
            0o700,
            "{}",
            d.display()
        );
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                assert_eq!(
                    std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                    0o600,
                    "{}",
                    p.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20);
    // No personal name, date of birth or CII number in any path.
    let rows = read_csv(&input);
    for f in files(&out) {
        let upper = f.to_uppercase();
        for r in &rows {
            let last = r["PRI_NAME"]
                .split(',')
                .next()
                .unwrap()
                .trim()
                .to_uppercase();
            assert!(last.len() < 3 || !upper.contains(&last), "{f} names {last}");
            assert!(
                !f.contains(&r["PRI_DOB"]) && !f.contains(&r["CII_NUMBER"]),
                "{f}"
            );
        }
    }
}

#[test]
fn verify_reports_missing_and_unexpected_files() {
    let input = example("prop64-results.csv");
    let out = workdir("verify").join("out");
    render(&[&input], &out, &[]);
    std::fs::write(out.join("letters/extra.pdf"), b"%PDF").unwrap();
    let v = run_expect(&["verify", out.to_str().unwrap()], 1);
    assert!(String::from_utf8_lossy(&v.stdout).contains("unexpected  letters/extra.pdf"));
    std::fs::remove_file(out.join("letters/extra.pdf")).unwrap();
    std::fs::remove_file(out.join("review.csv")).unwrap();
    let v = run_expect(&["verify", out.to_str().unwrap()], 1);
    assert!(String::from_utf8_lossy(&v.stdout).contains("missing  review.csv"));
}
