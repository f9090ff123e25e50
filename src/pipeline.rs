//! The commands that run the pipeline: `check`, `render` and `preview`.
//! Everything that can stop a run is checked before the first file is written.

use std::collections::BTreeMap;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::assets::Assets;
use crate::cli::{MergeArgs, PreviewArgs};
use crate::config::Config;
use crate::contacts::Contacts;
use crate::error::Error;
use crate::forms::Forms;
use crate::output::{OutputDir, Writes, Written};
use crate::package::{self, ManifestRow, IndexRow, INDEX_HEADER, MANIFEST_HEADER};
use crate::plan::{self, IndexEntry, Job, Plan};
use crate::read::{self, hex, Input, Profile};
use crate::mail::MailRun;
use crate::merge;
use crate::render::{DocError, PdfStandardArg, Rendered, Renderer};
use crate::report::{InputFile, Summary};
use crate::settings::Settings;
use crate::shard;
use crate::validate::{self, Batch, Exception};

/// Everything known before rendering: inputs read, rows grouped, documents planned.
struct Loaded {
    renderer: Renderer,
    forms: Forms,
    config: Config,
    config_sha256: Option<String>,
    contacts_sha256: Option<String>,
    inputs: Vec<Input>,
    /// Rows, exceptions and held rows; its people are dropped once planned.
    batch: Batch,
    people: usize,
    cases: usize,
    plan: Plan,
}

fn sha_of(path: &std::path::Path) -> Result<(String, String), Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::config(&path.display().to_string(), format!("cannot read it: {e}")))?;
    Ok((hex(&Sha256::digest(text.as_bytes())), text))
}

fn load(settings: &Settings) -> Result<Loaded, Error> {
    let assets = Assets::with_overrides(settings.templates.as_ref().map(|t| settings.file(t)).as_deref())?;
    for unknown in &assets.unknown {
        eprintln!("warning: {unknown} in the templates folder matches no file clearpress uses; it is ignored");
    }
    let forms = Forms::load(&assets)?;
    let (config, config_sha256) = match &settings.config {
        Some(path) => {
            let (sha, text) = sha_of(&settings.file(path))?;
            (Config::parse(&text, &path.display().to_string(), &forms)?, Some(sha))
        }
        None => (Config::sample(&assets, &forms)?, None),
    };
    let profiles: Vec<Profile> = match &settings.profile {
        Some(path) => {
            let (_, text) = sha_of(&settings.file(path))?;
            vec![Profile::parse(&text, &path.display().to_string())?]
        }
        None => ["forms/profiles/gogen.toml", "forms/profiles/canonical.toml"]
            .iter()
            .map(|p| assets.text(p).and_then(|t| Profile::parse(t, &assets.shown(p))))
            .collect::<Result<_, _>>()?,
    };
    // The templates and fonts, checked before the inputs are read: a mistake there stops the run at
    // once.
    let renderer = Renderer::new(assets, settings.as_of, settings.pdf_standard)?;
    for (i, line) in forms.taglines.iter().enumerate() {
        if let Some(c) = renderer.unprintable(line) {
            return Err(Error::config(&renderer.assets().shown("forms/taglines.toml"), format!("line {} of the taglines: the character {c:?} (U+{:04X}) is not in the bundled fonts", i + 1, c as u32)));
        }
    }
    let mut inputs = Vec::new();
    let mut prefixes = Vec::new();
    for path in &settings.inputs {
        // The first profile that can read the file; its error otherwise (gogen's, the usual case).
        let mut first_err = None;
        let mut read_ok = None;
        for profile in &profiles {
            match read::read_file(&settings.file(path), &path.display().to_string(), profile) {
                Ok(input) => {
                    read_ok = Some((input, profile.case_key_prefix));
                    break;
                }
                Err(e) => {
                    let file_level = matches!(&e, Error::Input { message, .. } if !message.starts_with("required column"));
                    first_err.get_or_insert(e);
                    if file_level {
                        break;
                    }
                }
            }
        }
        match read_ok {
            Some((input, prefix)) => {
                inputs.push(input);
                prefixes.push(prefix);
            }
            None => return Err(first_err.unwrap_or_else(|| Error::input(&path.display().to_string(), "unreadable".into()))),
        }
    }
    let (contacts, contacts_sha256) = match &settings.contacts {
        Some(path) => {
            let shown = path.display().to_string();
            let bytes = std::fs::read(settings.file(path)).map_err(|e| Error::input(&shown, format!("cannot read it: {e}")))?;
            (Contacts::parse(&bytes, &shown)?, Some(hex(&Sha256::digest(&bytes))))
        }
        None => (Contacts::default(), None),
    };
    let batch = validate::group(&inputs, &forms, &prefixes, &|name| renderer.unprintable(name));
    // Grouped: the raw rows are not needed again.
    for input in &mut inputs {
        input.records = Vec::new();
    }
    for w in &batch.warnings {
        eprintln!("warning: {}:{}: {}", w.source.file, w.source.line, w.message);
    }
    let plan = plan::plan(&batch.people, &forms, &config, &contacts, settings.as_of);
    // Planned: every job carries its own data, and a county's people are a lot to keep.
    let (people, cases) = (batch.people.len(), batch.people.iter().map(|p| p.cases.len()).sum());
    let mut batch = batch;
    batch.people = Vec::new();
    Ok(Loaded { renderer, forms, config, config_sha256, contacts_sha256, inputs, batch, people, cases, plan })
}

fn summary(l: &Loaded, settings: &Settings, documents: BTreeMap<String, usize>) -> Summary {
    let letters = l.plan.jobs.iter().filter(|j| j.kind == "letter").count();
    let unmailable_letters = l.plan.unmailable.iter().filter(|u| !u.reason.starts_with("deceased")).count();
    Summary {
        tool: "clearpress",
        version: env!("CARGO_PKG_VERSION"),
        as_of: settings.as_of.to_string(),
        rows: l.batch.rows,
        people: l.people,
        cases: l.cases,
        courts: l.plan.courts.iter().map(|c| l.forms.courts[*c].slug.clone()).collect(),
        documents,
        letters_mailable: letters - unmailable_letters,
        letters_unmailable: l.plan.unmailable.len(),
        exceptions: l.batch.exceptions.len(),
        held_for_review: l.batch.review.len(),
        warnings: l.batch.warnings.len(),
        inputs: l.inputs.iter().map(|i| InputFile { path: i.path.clone(), sha256: i.sha256.clone() }).collect(),
        contacts_sha256: l.contacts_sha256.clone(),
        config_sha256: l.config_sha256.clone(),
        sample: l.config.sample,
        pdf_standard: settings.pdf_standard.name().into(),
    }
}

pub fn check(settings: &Settings) -> Result<(), Error> {
    let l = load(settings)?;
    precheck(&l)?;
    for e in &l.batch.exceptions {
        eprintln!("{}:{}: {} ({})", e.source, e.line, e.message, e.code);
    }
    for h in &l.batch.review {
        eprintln!("{}:{}: held for review: {}", h.source, h.line, h.reason);
    }
    let mut documents = BTreeMap::new();
    for j in &l.plan.jobs {
        *documents.entry(j.kind.clone()).or_insert(0) += 1;
    }
    eprint!("{}", summary(&l, settings, documents).screen(None));
    Ok(())
}

/// Renders one sample document of every kind before the batch starts: a template error stops the
/// run here, naming the template, before anything is written.
fn precheck(l: &Loaded) -> Result<(), Error> {
    for job in sample_plan(&l.forms, &l.config)?.1 {
        match l.renderer.render(&job.template, &job.data.value(), &job.path) {
            Err(DocError::Template(e)) => return Err(e),
            // Typst failing on the sample record fails on everyone's: the template reaches a bug.
            Err(DocError::Document { code: "render-failed", reason }) => return Err(Error::Template { template: l.renderer.assets().shown(&format!("templates/{}", job.template)), message: format!("the {} {reason}", job.kind) }),
            _ => {}
        }
    }
    Ok(())
}

/// The fictional people of `examples/` planned as a run would plan them: the sample record that
/// `preview` shows and that every template is checked against.
fn sample_plan(forms: &Forms, config: &Config) -> Result<(chrono::NaiveDate, Vec<Job>, Plan), Error> {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default();
    let profile = Profile::parse(include_str!("../forms/profiles/gogen.toml"), "gogen.toml")?;
    let input = read::read_bytes("example", include_bytes!("../examples/prop64-results.csv"), &profile)?;
    let contacts = Contacts::parse(include_bytes!("../examples/contacts.csv"), "example contacts")?;
    let batch = validate::group(std::slice::from_ref(&input), forms, &[profile.case_key_prefix], &|_| None);
    let plan = plan::plan(&batch.people, forms, config, &contacts, as_of);
    // One job of each kind, plus the Spanish letter and the court index.
    let mut jobs: Vec<Job> = Vec::new();
    for job in &plan.jobs {
        let spanish = |j: &Job| j.mail.as_ref().is_some_and(|m| m.spanish);
        if !jobs.iter().any(|j| j.kind == job.kind && spanish(j) == spanish(job)) {
            jobs.push(job.clone());
        }
    }
    if let Some(&court) = plan.courts.first() {
        let slug = &forms.courts[court].slug;
        let docs: Vec<&Job> = plan.jobs.iter().filter(|j| &j.court == slug).collect();
        let entries: Vec<IndexEntry> = docs
            .iter()
            .enumerate()
            .map(|(i, j)| IndexEntry { number: i + 1, kind: &j.kind, file: j.path.rsplit('/').next().unwrap_or(&j.path), person_ref: &j.person_ref, case_numbers: &j.case_numbers, first_page: 1 + 2 * i, pages: 2, sha256: "0000000000000000000000000000000000000000000000000000000000000000" })
            .collect();
        jobs.push(plan::court_index(forms, config, as_of, court, &entries, &plan::Volume { number: 1, count: 1, combined: "combined.pdf" }));
    }
    Ok((as_of, jobs, plan))
}

/// The key that says whether an output folder holds this very run (for --resume).
fn run_key(l: &Loaded, settings: &Settings) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(settings.as_of.to_string());
    for i in &l.inputs {
        h.update(&i.sha256);
    }
    h.update(l.config_sha256.as_deref().unwrap_or("sample"));
    h.update(l.contacts_sha256.as_deref().unwrap_or("-"));
    h.update(format!("{:?}", settings.pdf_standard));
    hex(&h.finalize())
}

pub fn render(settings: &Settings) -> Result<(), Error> {
    produce(settings, &[], None)
}

/// `merge`: the shards' folders are checked to be all N shards of one run, the inputs are read
/// again from where the shards ran, and the run is completed with the shards' documents.
pub fn merge(args: &MergeArgs) -> Result<(), Error> {
    let records: Vec<shard::Record> = args.shards.iter().map(|d| shard::Record::read(d)).collect::<Result<_, _>>()?;
    let first = &records[0];
    let count = first.shard()?.count;
    let mut found: Vec<Option<&std::path::Path>> = vec![None; count];
    for (dir, r) in args.shards.iter().zip(&records) {
        let s = r.shard()?;
        let shown = dir.display().to_string();
        if s.count != count || r.run_key != first.run_key {
            return Err(Error::input(&shown, format!("is shard {s} of another run than {} (other inputs, date, config or shard count)", args.shards[0].display())));
        }
        if let Some(other) = found[s.index - 1].replace(dir) {
            return Err(Error::input(&shown, format!("is shard {s}, and so is {}", other.display())));
        }
    }
    if let Some(k) = found.iter().position(Option::is_none) {
        return Err(Error::Usage(format!("shard {}/{count} is missing: give the folders of all {count} shards", k + 1)));
    }
    let settings = first.settings(&args.out, crate::settings::jobs(args.jobs)?, args.quiet)?;
    produce(&settings, &args.shards, Some(&first.run_key))
}

/// A render run: the whole run, one shard of it, or (with `shards`) the whole run completed from
/// the documents the shards wrote.
fn produce(settings: &Settings, shards: &[std::path::PathBuf], shards_key: Option<&str>) -> Result<(), Error> {
    let mut timings: Vec<(&str, f64)> = Vec::new();
    let t = Instant::now();
    let l = load(settings)?;
    timings.push(("read_validate_plan", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let key = run_key(&l, settings);
    if shards_key.is_some_and(|k| k != key) {
        return Err(Error::input(&settings.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "), "changed since the shards ran (or their config, contacts or templates did); render the shards again".into()));
    }
    precheck(&l)?;
    let renderer = &l.renderer;
    let mut out = match settings.shard {
        Some(s) => OutputDir::open(&settings.out, &format!("{key} shard {s}"), settings.resume)?,
        None => OutputDir::open(&settings.out, &key, settings.resume)?,
    };
    for dir in shards {
        out.adopt(dir)?;
    }
    timings.push(("precheck", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let jobs: Vec<&Job> = match settings.shard {
        Some(s) => {
            let (mine, others): (Vec<_>, Vec<_>) = l.plan.jobs.iter().zip(shard::share(&l.plan.jobs, s)).partition(|(_, mine)| *mine);
            // Other shards make those: their data goes now, so memory follows the share.
            others.iter().for_each(|(j, _)| j.data.release());
            mine.into_iter().map(|(j, _)| j).collect()
        }
        None => l.plan.jobs.iter().collect(),
    };
    let bar = progress(jobs.len() as u64, settings.quiet);
    let results = run_jobs(settings.jobs, &jobs, |job| job.weight() >= HEAVY_WEIGHT, |job| {
        let r = render_one(renderer, &out, job);
        bar.inc(1);
        r
    })?;
    bar.finish_and_clear();
    timings.push(("render_write", t.elapsed().as_secs_f64()));
    if let Some(s) = settings.shard {
        // The journal stays: it is the shard's list of documents for `merge`.
        let written = results.into_iter().filter_map(|r| r.map(Result::ok).transpose()).collect::<Result<Vec<_>, _>>()?;
        let record = serde_json::to_vec_pretty(&shard::Record::new(&key, s, settings)?).map_err(|e| Error::output(&settings.out, e))?;
        out.write(shard::RECORD, &record, 0)?;
        if !settings.quiet {
            eprintln!("shard {s}: wrote {} of {} documents to {}; join all {} shards with `clearpress merge`", written.len(), l.plan.jobs.len(), settings.out.display(), s.count);
        }
        return Ok(());
    }

    let t = Instant::now();
    let mut exceptions = l.batch.exceptions.clone();
    let mut manifest: Vec<ManifestRow> = Vec::new();
    for r in results {
        match r? {
            Ok(row) => manifest.push(row),
            Err(e) => exceptions.push(e),
        }
    }
    // Per court: the combined volumes with their indexes (all volumes of all courts on all
    // threads, one at a time per thread: each holds its documents in memory), the index CSV, then
    // the zip of everything in the court's folder.
    let courts: Vec<(usize, Vec<&ManifestRow>)> = l
        .plan
        .courts
        .iter()
        .map(|&c| {
            let mut docs: Vec<&ManifestRow> = manifest.iter().filter(|m| m.court == l.forms.courts[c].slug).collect();
            docs.sort_by_key(|m| package::filing_order(m));
            (c, docs)
        })
        .collect();
    let units: Vec<(usize, Volume)> = courts.iter().flat_map(|(c, docs)| volumes(docs).into_iter().map(move |v| (*c, v))).collect();
    let made = run_jobs(settings.jobs, &units, |_| false, |(c, v)| make_volume(&l, settings, &out, *c, v))?;
    let volumes_seconds = t.elapsed().as_secs_f64();
    let mut by_court: BTreeMap<usize, Vec<_>> = BTreeMap::new();
    for ((c, _), volume) in units.iter().zip(made) {
        by_court.entry(*c).or_default().push(volume?);
    }
    // Then each court's index CSV and zip, and the mail run's print files, on the same threads:
    // one court's zip alone would leave the other threads idle.
    enum Finish<'a> {
        Court(usize, &'a [&'a ManifestRow], Vec<(ManifestRow, ManifestRow, Vec<IndexRow>)>),
        Print(usize),
    }
    let mail = MailRun::new(&l.plan, &manifest);
    let finishing: Vec<Finish> = courts
        .iter()
        .map(|(c, docs)| Finish::Court(*c, docs, by_court.remove(c).unwrap_or_default()))
        .chain((0..mail.print_files()).map(Finish::Print))
        .collect();
    let finished = run_jobs(settings.jobs, &finishing, |_| false, |f| match f {
        Finish::Court(c, docs, volumes) => {
            let slug = &l.forms.courts[*c].slug;
            let mut rows: Vec<ManifestRow> = Vec::new();
            let mut index_rows: Vec<&IndexRow> = Vec::new();
            for (combined, index, index_csv) in volumes {
                rows.extend([index.clone(), combined.clone()]);
                index_rows.extend(index_csv);
            }
            rows.push(ManifestRow::data(out.write_csv(&format!("courts/{slug}/index.csv"), &INDEX_HEADER, &index_rows)?, "data", slug));
            let zip = package::zip_court(&out, slug, &[docs, &rows.iter().collect::<Vec<_>>()[..]].concat(), settings.as_of)?;
            rows.push(ManifestRow::data(zip, "package", slug));
            Ok::<_, Error>(rows)
        }
        Finish::Print(i) => Ok(vec![ManifestRow::data(mail.print(&out, *i)?, "mail-run", "")]),
    })?;
    let lists = mail.lists(&out, &l.plan)?;
    drop(mail);
    for rows in finished {
        manifest.extend(rows?);
    }
    timings.push(("package", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    manifest.extend(lists.map(|w| ManifestRow::data(w, "data", "")));
    manifest.push(ManifestRow::data(out.write_csv("exceptions.csv", &["source", "line", "person_ref", "case_number", "code", "message"], &exceptions)?, "data", ""));
    manifest.push(ManifestRow::data(out.write_csv("review.csv", &["source", "line", "person_ref", "case_number", "determination", "reason"], &l.batch.review)?, "data", ""));
    let mut documents: BTreeMap<String, usize> = BTreeMap::new();
    for m in &manifest {
        *documents.entry(m.kind.clone()).or_insert(0) += 1;
    }
    let mut summary = summary(&l, settings, documents);
    summary.exceptions = exceptions.len();
    let json = serde_json::to_vec_pretty(&summary).map_err(|e| Error::output(&settings.out, e))?;
    manifest.push(ManifestRow::data(out.write("summary.json", &json, 0)?, "data", ""));
    manifest.sort_by(|a, b| a.path.cmp(&b.path));
    out.write_csv("manifest.csv", &MANIFEST_HEADER, &manifest)?;
    timings.push(("write_reports", t.elapsed().as_secs_f64()));
    let total: f64 = timings.iter().map(|(_, s)| s).sum();
    // Part of "package", not added to the total: the volumes, the rest being the zips.
    timings.push(("package_volumes", volumes_seconds));
    // Summed over threads: compare with the process's CPU time, not with the wall clock.
    timings.push(("typst_thread_seconds", crate::render::typst_seconds()));
    let timings_json: serde_json::Map<String, Value> = timings.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect();
    out.write("timings.json", &serde_json::to_vec_pretty(&timings_json).unwrap_or_default(), 0)?;
    out.finish()?;
    if !settings.quiet {
        eprint!("{}", summary.screen(Some(&settings.out)));
        eprintln!("wrote {} files to {} in {:.1} s", manifest.len(), settings.out.display(), total);
    }
    Ok(())
}

/// Runs `work` over `items` on `threads` threads, results in item order. Each thread of a rayon
/// pool of its own runs one loop taking the next item: Typst's layout and PDF export hand small
/// tasks to the current rayon pool and wait for them, and a worker waiting there runs them itself
/// instead of waking a thread that competes for the cores. Items are not rayon tasks, so a waiting
/// worker never starts another document (with `par_iter` it did, holding thousands half-done: 4 GB).
/// Items `heavy` picks out are made first, one at a time, by the first thread, while the others
/// start on the rest: a long notice taken last kept one core busy for seconds while the other
/// idled, and two taken together raised the peak memory by a third.
fn run_jobs<T: Sync, R: Send>(threads: usize, items: &[T], heavy: impl Fn(&T) -> bool, work: impl Fn(&T) -> R + Sync) -> Result<Vec<R>, Error> {
    let failed = |message: String| Error::Output { path: "(render thread)".into(), message };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        // Typst recurses deeply on long tables.
        .stack_size(256 << 20)
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let (heavy, light): (Vec<usize>, Vec<usize>) = (0..items.len()).partition(|&i| heavy(&items[i]));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<R>>> = items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let finished = pool.broadcast(|ctx| {
        let first = if ctx.index() == 0 { &heavy[..] } else { &[] };
        let rest = std::iter::from_fn(|| light.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)).copied());
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for i in first.iter().copied().chain(rest) {
                let r = work(&items[i]);
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            }
        }))
        .is_ok()
    });
    if finished.contains(&false) {
        return Err(failed("a render thread failed".into()));
    }
    Ok(slots.into_iter().filter_map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner())).collect())
}

/// A document whose data is this many times 4 KB (a notice of about 600 rows) is `heavy` for
/// `run_jobs`: seconds of work and tens of MB while it is made.
const HEAVY_WEIGHT: usize = 32;

/// Renders and writes one document, or takes it from an interrupted earlier run. `Ok(Err(_))` when
/// this document cannot be made; `Err` when the template itself fails.
fn render_one(renderer: &Renderer, out: &OutputDir, job: &Job) -> Result<Result<ManifestRow, Exception>, Error> {
    let written = match out.done.get(&job.path) {
        Some(w) => w.clone(),
        None => match render_in_parts(renderer, job) {
            Ok(doc) => out.write_document(&job.path, &doc.pdf, doc.pages)?,
            Err(DocError::Document { code, reason }) => return Ok(Err(not_made(job, code, &reason))),
            Err(DocError::Template(e)) => return Err(e),
        },
    };
    // Nothing reads a job's data once its document is made (the mail run reads `job.mail`).
    job.data.release();
    Ok(Ok(ManifestRow {
        path: written.path,
        kind: job.kind.clone(),
        court: job.court.clone(),
        person_ref: job.person_ref.clone(),
        person_name: job.person_name.clone(),
        case_numbers: job.case_numbers.clone(),
        pages: written.pages,
        bytes: written.bytes,
        sha256: written.sha256,
    }))
}

/// The exception for a document that could not be made; the person's other documents still are.
fn not_made(job: &Job, code: &'static str, reason: &str) -> Exception {
    Exception { source: String::new(), line: 0, person_ref: job.person_ref.clone(), case_number: job.case_numbers.clone(), code, message: format!("the {} {reason}", job.kind) }
}

/// Typst's memory and time grow with the length of one table; a paper with more rows than this is
/// rendered in parts, page numbers running on, and the parts joined.
const ROWS_PER_PART: usize = 400;

fn render_in_parts(renderer: &Renderer, job: &Job) -> Result<Rendered, DocError> {
    let mut data = job.data.value();
    // The rows are taken out, not copied: a county's notice holds tens of MB of them.
    let rows = match data.get_mut("rows").and_then(Value::as_array_mut) {
        Some(rows) if rows.len() > ROWS_PER_PART => std::mem::take(rows),
        _ => return renderer.render(&job.template, &data, &job.path),
    };
    let chunks: Vec<&[Value]> = rows.chunks(ROWS_PER_PART).collect();
    let mut parts = Vec::with_capacity(chunks.len());
    let mut next_page = 1;
    for (i, chunk) in chunks.iter().enumerate() {
        data["rows"] = Value::Array(chunk.to_vec());
        data["part"] = serde_json::json!({ "first": i == 0, "last": i + 1 == chunks.len(), "first_page": next_page });
        let part = renderer.render(&job.template, &data, &format!("{}#{i}", job.path))?;
        next_page += part.pages;
        parts.push(merge::Part { pdf: part.pdf, bookmark: None, pad_to_even: false, restart_labels: false });
    }
    let mut pdf = Vec::new();
    let pages = merge::merge(parts.into_iter().map(Ok), &job.kind, &mut pdf).map_err(|e| DocError::Document { code: "render-failed", reason: format!("could not be made: joining its parts failed: {e}") })?;
    Ok(Rendered { pdf, pages })
}

/// A combined PDF holds this many bytes of documents at most, so that each volume stays well
/// below the 25 MB that e-filing systems commonly accept.
const VOLUME_BYTES: u64 = 15 << 20;

/// One combined PDF of a court: its number, how many the court has, and its documents with their
/// numbers in the court's index.
struct Volume<'a> {
    number: usize,
    count: usize,
    docs: Vec<(usize, &'a ManifestRow)>,
}

/// A court's documents in filing order, cut into volumes of at most `VOLUME_BYTES`.
fn volumes<'a>(docs: &[&'a ManifestRow]) -> Vec<Volume<'a>> {
    let mut cut: Vec<Vec<(usize, &ManifestRow)>> = vec![Vec::new()];
    let mut size = 0;
    for (i, d) in docs.iter().enumerate() {
        if size + d.bytes > VOLUME_BYTES && !cut.last().is_some_and(Vec::is_empty) {
            cut.push(Vec::new());
            size = 0;
        }
        size += d.bytes;
        cut.last_mut().expect("one volume").push((i + 1, d));
    }
    cut.retain(|v| !v.is_empty());
    let count = cut.len();
    cut.into_iter().enumerate().map(|(i, docs)| Volume { number: i + 1, count, docs }).collect()
}

/// A volume as one PDF, with a bookmark per document and page labels that restart with each
/// document, as its pages are printed; and the volume's index, as a PDF and as CSV rows.
fn make_volume(l: &Loaded, settings: &Settings, out: &OutputDir, court: usize, volume: &Volume) -> Result<(ManifestRow, ManifestRow, Vec<IndexRow>), Error> {
    let slug = &l.forms.courts[court].slug;
    let rel = if volume.count > 1 { format!("courts/{slug}/combined-{:02}.pdf", volume.number) } else { format!("courts/{slug}/combined.pdf") };
    // Read one document at a time as the volume is written: a volume is 15 MB.
    let parts = volume.docs.iter().map(|(_, d)| {
        let pdf = std::fs::read(out.root().join(&d.path)).map_err(|e| format!("cannot read {}: {e}", d.path))?;
        Ok(merge::Part { pdf, bookmark: Some(bookmark(d)), pad_to_even: false, restart_labels: true })
    });
    let (written, pages) = out.write_streamed(&rel, Writes::Forward, |w| merge::merge(parts, &format!("{slug} filing"), w))?;
    let combined = ManifestRow::data(Written { pages, ..written }, "combined", slug);
    let mut page = 1;
    let entries: Vec<IndexEntry> = volume
        .docs
        .iter()
        .map(|(n, m)| {
            let e = IndexEntry { number: *n, kind: &m.kind, file: m.path.rsplit('/').next().unwrap_or(&m.path), person_ref: &m.person_ref, case_numbers: &m.case_numbers, first_page: page, pages: m.pages, sha256: &m.sha256 };
            page += m.pages;
            e
        })
        .collect();
    let name = rel.rsplit('/').next().unwrap_or(&rel);
    let job = plan::court_index(&l.forms, &l.config, settings.as_of, court, &entries, &plan::Volume { number: volume.number, count: volume.count, combined: name });
    let index = render_one(&l.renderer, out, &job)?.map_err(|e| Error::Template { template: job.template.clone(), message: e.message })?;
    let rows: Vec<IndexRow> = entries
        .iter()
        .zip(&volume.docs)
        .map(|(e, (_, m))| IndexRow {
            number: e.number,
            kind: m.kind.clone(),
            file: e.file.to_string(),
            person_ref: m.person_ref.clone(),
            person_name: m.person_name.clone(),
            case_numbers: m.case_numbers.clone(),
            volume: name.to_string(),
            first_page: e.first_page,
            last_page: e.first_page + e.pages.saturating_sub(1),
            sha256: m.sha256.clone(),
        })
        .collect();
    Ok((combined, index, rows))
}

fn bookmark(d: &ManifestRow) -> String {
    if d.person_name.is_empty() {
        d.kind.clone()
    } else {
        format!("{} {} — {}", d.case_numbers.replace(';', ", "), d.kind, d.person_name)
    }
}

fn progress(len: u64, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    // Drawn only when stderr is a terminal.
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} rendering {pos}/{len} documents [{bar:30}] {per_sec} eta {eta}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The kinds `preview` can show, from the fictional example in `examples/`.
pub const PREVIEW_KINDS: [&str; 10] =
    ["petition", "order", "letter", "letter-es", "notice-unchallenged", "notice-challenged", "transmittal", "court-index", "omnibus-motion", "omnibus-order"];

pub fn preview(args: &PreviewArgs) -> Result<(), Error> {
    let assets = Assets::with_overrides(args.templates.as_deref())?;
    let forms = Forms::load(&assets)?;
    let config = match &args.config {
        Some(path) => Config::parse(&sha_of(path)?.1, &path.display().to_string(), &forms)?,
        None => Config::sample(&assets, &forms)?,
    };
    let (as_of, jobs, _) = sample_plan(&forms, &config)?;
    let job = jobs.into_iter().find(|j| match args.kind.as_str() {
        "letter" => j.kind == "letter" && j.mail.as_ref().is_some_and(|m| !m.spanish),
        "letter-es" => j.kind == "letter" && j.mail.as_ref().is_some_and(|m| m.spanish),
        kind => j.kind == kind,
    });
    let Some(job) = job else {
        return Err(Error::Usage(format!("unknown kind `{}`; choose one of: {}", args.kind, PREVIEW_KINDS.join(", "))));
    };
    let renderer = Renderer::new(assets, as_of, PdfStandardArg::Plain)?;
    let data = job.data.value();
    let doc = renderer.render(&job.template, &data, &job.path).map_err(doc_error)?;
    std::fs::write(&args.out, &doc.pdf).map_err(|e| Error::output(&args.out, e))?;
    let mut written = vec![args.out.display().to_string()];
    if args.png {
        let stem = args.out.with_extension("");
        for (i, png) in renderer.render_png(&job.template, &data, 100.0).map_err(doc_error)?.into_iter().enumerate() {
            let file = std::path::PathBuf::from(format!("{}-{}.png", stem.display(), i + 1));
            std::fs::write(&file, png).map_err(|e| Error::output(&file, e))?;
            written.push(file.display().to_string());
        }
    }
    eprintln!("{} ({} pages): {}", args.kind, doc.pages, written.join(", "));
    Ok(())
}

fn doc_error(e: DocError) -> Error {
    match e {
        DocError::Template(e) => e,
        DocError::Document { reason, .. } => Error::Template { template: "(sample data)".into(), message: reason },
    }
}
