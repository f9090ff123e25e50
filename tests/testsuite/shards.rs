//! `render --shard K/N` on several machines, then `merge`, writes exactly what one run writes.

use crate::util::*;

#[test]
fn three_shards_merged_equal_one_run() {
    let dir = workdir("shard");
    let (input, contacts) = synth_data(&dir, 120, 11);
    // Los Angeles filed omnibus, so court papers are shared out too.
    let config = dir.join("config.toml");
    let text = std::fs::read_to_string(example("config.toml"))
        .unwrap()
        .replace("filing = \"per-case\"", "filing = \"omnibus\"");
    std::fs::write(&config, text).unwrap();
    let common = [
        "--contacts",
        contacts.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ];
    let single = dir.join("single");
    render(&[&input], &single, &common);

    let shards: Vec<_> = (1..=3).map(|k| dir.join(format!("shard-{k}"))).collect();
    let mut sizes = Vec::new();
    for (k, out) in shards.iter().enumerate() {
        let spec = format!("{}/3", k + 1);
        render(&[&input], out, &[&common[..], &["--shard", &spec]].concat());
        assert!(
            !out.join("manifest.csv").exists() && !out.join("courts/los-angeles.zip").exists(),
            "a shard writes documents only"
        );
        sizes.push(files(out).iter().filter(|f| f.ends_with(".pdf")).count());
    }
    let total = files(&single)
        .iter()
        .filter(|f| {
            f.starts_with("letters/")
                || f.ends_with("_petition.pdf")
                || f.ends_with("_order.pdf")
                || f.contains("omnibus")
                || f.contains("notice")
                || f.contains("transmittal")
        })
        .count();
    assert_eq!(
        sizes.iter().sum::<usize>(),
        total,
        "every document is rendered by exactly one shard: {sizes:?}"
    );
    assert!(
        sizes.iter().all(|&n| n * 5 > total),
        "shares are balanced: {sizes:?} of {total}"
    );

    // Shards given in any order; run from another folder than the shards ran in.
    let merged = dir.join("merged");
    let s: Vec<&str> = shards.iter().map(|p| p.to_str().unwrap()).collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clearpress"))
        .args([
            "merge",
            s[2],
            s[0],
            s[1],
            "--out",
            merged.to_str().unwrap(),
            "--quiet",
        ])
        .current_dir("/")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_same_output(&single, &merged);
    // The shards' documents were taken, not rendered again: they are the same files on disk.
    use std::os::unix::fs::MetadataExt;
    let inode = |p: std::path::PathBuf| std::fs::metadata(p).unwrap().ino();
    for f in files(&shards[1]).iter().filter(|f| f.ends_with(".pdf")) {
        assert_eq!(
            inode(merged.join(f)),
            inode(shards[1].join(f)),
            "{f} was not taken from shard 2"
        );
    }
    run_expect(&["verify", merged.to_str().unwrap()], 0);

    // Two of three shards, or a shard given twice, is refused with a message naming the gap.
    let gap = run_expect(
        &[
            "merge",
            s[0],
            s[2],
            "--out",
            dir.join("m2").to_str().unwrap(),
        ],
        2,
    );
    assert!(
        String::from_utf8_lossy(&gap.stderr).contains("shard 2/3 is missing"),
        "{}",
        String::from_utf8_lossy(&gap.stderr)
    );
    let twice = run_expect(
        &[
            "merge",
            s[0],
            s[0],
            s[2],
            "--out",
            dir.join("m3").to_str().unwrap(),
        ],
        1,
    );
    assert!(
        String::from_utf8_lossy(&twice.stderr).contains("is shard 1/3, and so is"),
        "{}",
        String::from_utf8_lossy(&twice.stderr)
    );
    // A folder that is not a finished shard.
    let not = run_expect(
        &[
            "merge",
            single.to_str().unwrap(),
            "--out",
            dir.join("m4").to_str().unwrap(),
        ],
        1,
    );
    assert!(
        String::from_utf8_lossy(&not.stderr).contains("not a finished shard"),
        "{}",
        String::from_utf8_lossy(&not.stderr)
    );
}
