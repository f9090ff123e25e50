//! A whole run, stage by stage: load → check → plan → render → package → report. Each step is a
//! function of its stage with typed input and output; this module only hands each one's output to
//! the next. A front end (the command line, the workbench) calls `prepare`, then `produce`, or the
//! stages themselves — to check without writing, or to make one person's documents again.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::decide::{self, Decided};
use crate::error::Error;
use crate::input::Efiling;
use crate::input::{self, Loaded};
use crate::model::{CourtId, CourtSlug, Exception, ExceptionCode, Filed, Kind, hex};
use crate::output::OutputDir;
use crate::package::efiling::{self, CourtFiling, Hold};
use crate::package::{self, MANIFEST_HEADER, MailRun, ManifestRow};
use crate::plan::{self, Disposition, Plan, Unmailable};
use crate::preflight::Problem;
use crate::progress::{Progress, Silent};
use crate::render::{self, Made, Renderer};
use crate::report::{self, Efiled, Summary, Warning};
use crate::sample;
use crate::screen;
use crate::settings::Settings;
use crate::shards;
use crate::validate::{self, Batch};
use crate::waves;

/// Everything known before the first file is written: the inputs read, their rows checked and
/// grouped, the documents planned, every template tried on the sample.
pub struct Prepared {
    pub loaded: Loaded,
    pub renderer: Renderer,
    /// The rows' fate; its people are let go of once planned.
    pub batch: Batch,
    pub plan: Plan,
    /// Identifies the run: the same inputs, config, date and version give the same key.
    pub key: String,
    /// The reviewer's decisions applied (`decisions.csv`).
    pub decided: Decided,
    /// This run's wave: 1, or the earlier run's and one.
    pub wave: u32,
    /// What this run files, by count; `filed.csv` has these over the earlier runs' rows.
    pub filed: Vec<Filed>,
    /// In a later wave, the counts of the input filed before as they are now.
    pub already_filed: usize,
    pub warnings: Vec<Warning>,
    /// Seconds of the steps so far.
    pub timings: Vec<(&'static str, f64)>,
}

/// Loads, checks and plans. Any error here stops the run before anything is written.
pub fn prepare(settings: &Settings) -> Result<Prepared, Error> {
    let t = Instant::now();
    let assets = input::assets(settings)?;
    let mut warnings: Vec<Warning> = assets
        .unknown
        .iter()
        .map(|u| Warning::UnknownTemplate(u.clone()))
        .collect();
    // The templates and fonts, checked before the inputs are read: a mistake there stops the run
    // at once.
    let forms = input::Forms::load(&assets)?;
    let renderer = Renderer::new(assets, settings.as_of, settings.pdf_standard)?;
    renderer.check_taglines(&forms)?;
    let mut loaded = input::load(settings, forms, renderer.assets())?;
    let mut batch = validate::check(&loaded, &|name| renderer.unprintable(name));
    loaded.drop_rows();
    warnings.extend(batch.warnings.iter().map(|w| Warning::Row(w.clone())));
    let decided = match &loaded.decisions {
        Some(d) => decide::apply(&mut batch, d, &loaded.forms, settings.as_of)?,
        None => Decided::default(),
    };
    screen::screen(&mut batch, &loaded.forms, &loaded.config, settings.as_of);
    let key = run_key(&loaded, settings);
    let (wave, supplemental, already_filed, contacts) = match &loaded.previous {
        Some(previous) => {
            // Contacts are counted against everyone in the input, not only this wave's people.
            let contacts = loaded.contacts.counts(&batch.people);
            let s = waves::select(&mut batch.people, previous, &loaded.forms, settings.as_of);
            (
                s.supplemental.wave,
                Some(s.supplemental),
                s.already_filed,
                Some(contacts),
            )
        }
        None => (1, None, 0, None),
    };
    let mut plan = plan::plan_wave(
        &batch.people,
        &loaded.forms,
        &loaded.config,
        &loaded.contacts,
        settings.as_of,
        supplemental.as_ref(),
    );
    if let Some(contacts) = contacts {
        plan.totals.contacts = contacts;
    }
    let filed = waves::filed(
        &batch.people,
        &loaded.forms,
        &loaded.config,
        &plan.jobs,
        settings.as_of,
        wave,
        &key,
    );
    // Planned: every job carries its own data, and a county's people are a lot to keep.
    batch.people = Vec::new();
    let mut timings = vec![("read_validate_plan", t.elapsed().as_secs_f64())];
    let t = Instant::now();
    render::precheck(&renderer, &sample::jobs(&loaded.forms, &loaded.config)?)?;
    timings.push(("precheck", t.elapsed().as_secs_f64()));
    Ok(Prepared {
        loaded,
        renderer,
        batch,
        plan,
        key,
        decided,
        wave,
        filed,
        already_filed,
        warnings,
        timings,
    })
}

/// The key that says whether an output folder holds this very run (for --resume and merge).
fn run_key(loaded: &Loaded, settings: &Settings) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(settings.as_of.to_string());
    for i in loaded.files() {
        h.update(&i.sha256);
    }
    h.update(loaded.config_sha256.as_deref().unwrap_or("sample"));
    h.update(loaded.contacts_sha256.as_deref().unwrap_or("-"));
    if let Some(profile) = &loaded.contacts_profile_sha256 {
        h.update(profile);
    }
    if let Some(decisions) = &loaded.decisions {
        h.update("decisions");
        h.update(&decisions.sha256);
    }
    if let Some(previous) = &loaded.previous {
        h.update("previous");
        h.update(&previous.run_key);
    }
    h.update(format!("{:?}", settings.pdf_standard));
    hex(&h.finalize())
}

/// What a finished run wrote.
pub struct Produced {
    pub summary: Summary,
    pub files: usize,
    /// Seconds per stage.
    pub timings: Vec<(&'static str, f64)>,
    /// For a shard: how many documents it wrote, of how many in the whole run.
    pub shard_documents: Option<(usize, usize)>,
}

/// Renders and packages a prepared run into `settings.out`: the whole run, one shard of it, or
/// (with `shard_dirs`) the whole run completed from the documents the shards wrote.
pub fn produce(
    prepared: Prepared,
    settings: &Settings,
    shard_dirs: &[PathBuf],
    progress: &dyn Progress,
) -> Result<Produced, Error> {
    let Prepared {
        loaded,
        renderer,
        batch,
        plan,
        key,
        decided,
        wave,
        mut filed,
        already_filed,
        mut timings,
        ..
    } = prepared;
    let t = Instant::now();
    let mut out = match settings.shard {
        Some(s) => OutputDir::open(&settings.out, &format!("{key} shard {s}"), settings.resume)?,
        None => OutputDir::open(&settings.out, &key, settings.resume)?,
    };
    for dir in shard_dirs {
        out.adopt(dir)?;
    }
    // Opening the folder counts with the precheck: both come before the first document.
    if let Some((_, seconds)) = timings.iter_mut().find(|(k, _)| *k == "precheck") {
        *seconds += t.elapsed().as_secs_f64();
    }

    let t = Instant::now();
    let Plan {
        jobs,
        totals,
        courts,
        unmailable,
        exceptions: contact_exceptions,
        dispositions,
    } = plan;
    let planned = jobs.len();
    let jobs = match settings.shard {
        // Other shards make the rest: their data goes now, so memory follows the share.
        Some(s) => {
            let mine = shards::share(&jobs, s);
            jobs.into_iter()
                .zip(mine)
                .filter_map(|(j, mine)| mine.then_some(j))
                .collect()
        }
        None => jobs,
    };
    let made = render::render(&renderer, &out, jobs, settings.jobs, progress)?;
    timings.push(("render_write", t.elapsed().as_secs_f64()));
    let summary = |documents| {
        let mut s = Summary::new(
            settings,
            &loaded,
            &batch,
            &totals,
            &courts,
            &unmailable,
            documents,
        );
        s.of_run(&key, wave, &loaded, &decided, already_filed);
        s
    };
    if let Some(s) = settings.shard {
        // The journal stays: it is the shard's list of documents for `merge`.
        let written = made.iter().filter(|m| m.result.is_ok()).count();
        let record = serde_json::to_vec_pretty(&shards::Record::new(&key, s, settings)?)
            .map_err(|e| Error::output(&settings.out, e))?;
        out.write(shards::RECORD, &record, 0)?;
        return Ok(Produced {
            summary: summary(BTreeMap::new()),
            files: written,
            timings,
            shard_documents: Some((written, planned)),
        });
    }

    let t = Instant::now();
    let mut exceptions = batch.exceptions.clone();
    exceptions.extend(contact_exceptions);
    let stage = Packaging {
        settings,
        loaded: &loaded,
        renderer: &renderer,
        out: &out,
        progress,
    };
    let (mut manifest, volumes_seconds, efiled) =
        stage.package(made, &courts, &unmailable, &dispositions, &mut exceptions)?;
    timings.push(("package", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    manifest.extend(
        report::write_lists(&out, &exceptions, &batch.review)?
            .map(|w| ManifestRow::file(w, Kind::Data, None)),
    );
    // A document that could not be made filed nothing.
    let written: HashSet<&str> = manifest.iter().map(|m| m.path.as_str()).collect();
    filed.retain(|f| written.contains(f.document.as_str()));
    let filed_now = filed.len();
    let earlier = loaded.previous.as_ref().map_or(&[][..], |p| &p.ledger[..]);
    let ledger = report::write_ledger(&out, &waves::carry(earlier, filed))?;
    let filed_sha256 = ledger.sha256.clone();
    manifest.push(ManifestRow::file(ledger, Kind::Data, None));
    if loaded.decisions.is_some() {
        manifest.push(ManifestRow::file(
            report::write_decisions(&out, &decided.applied)?,
            Kind::Data,
            None,
        ));
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for m in &manifest {
        *counts.entry(m.kind.name().to_string()).or_insert(0) += 1;
    }
    let mut summary = summary(counts);
    summary.exceptions = exceptions.len();
    summary.counts_filed = filed_now;
    summary.filed_sha256 = Some(filed_sha256);
    summary.preflight = efiled.preflight;
    summary.efiling = efiled.efiling;
    let json = serde_json::to_vec_pretty(&summary).map_err(|e| Error::output(&settings.out, e))?;
    manifest.push(ManifestRow::file(
        out.write("summary.json", &json, 0)?,
        Kind::Data,
        None,
    ));
    manifest.sort_by(|a, b| a.path.cmp(&b.path));
    out.write_csv("manifest.csv", &MANIFEST_HEADER, &manifest)?;
    timings.push(("write_reports", t.elapsed().as_secs_f64()));
    // Part of "package", not added to the total: the volumes and their indexes, the rest being the
    // zips and the mail run.
    timings.push(("package_volumes", volumes_seconds));
    // Summed over threads: compare with the process's CPU time, not with the wall clock.
    timings.push(("typst_thread_seconds", render::typst_seconds()));
    let json: serde_json::Map<String, serde_json::Value> = timings
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
        .collect();
    out.write(
        "timings.json",
        &serde_json::to_vec_pretty(&json).unwrap_or_default(),
        0,
    )?;
    out.finish()?;
    Ok(Produced {
        summary,
        files: manifest.len(),
        timings,
        shard_documents: None,
    })
}

/// What the package stage works with.
struct Packaging<'a> {
    settings: &'a Settings,
    loaded: &'a Loaded,
    renderer: &'a Renderer,
    out: &'a OutputDir,
    progress: &'a dyn Progress,
}

impl Packaging<'_> {
    /// The documents made, packaged: each court's documents preflighted (a filing that fails is
    /// held back), its volumes with their indexes, its e-filing envelopes and dispositions, index
    /// CSV and zip, and the mail run. The manifest rows of everything written, the seconds the
    /// volumes took, and what e-filing made of it; a document that could not be made, or is held
    /// back, goes to `exceptions`.
    fn package(
        &self,
        made: Vec<Made>,
        courts: &[CourtId],
        unmailable: &[Unmailable],
        dispositions: &[Disposition],
        exceptions: &mut Vec<Exception>,
    ) -> Result<(Vec<ManifestRow>, f64, Efiled), Error> {
        let (settings, out) = (self.settings, self.out);
        let t = Instant::now();
        let mut documents: Vec<ManifestRow> = Vec::new();
        let mut letters = Vec::new();
        for m in made {
            match m.result {
                Ok(written) => {
                    let row = ManifestRow::document(&m.doc, written);
                    if let Some(mail) = m.doc.mail {
                        letters.push((documents.len(), *mail));
                    }
                    documents.push(row);
                }
                Err(e) => exceptions.push(e),
            }
        }
        let (forms, config) = (&self.loaded.forms, &self.loaded.config);
        let ids: Vec<(CourtId, CourtSlug)> = courts
            .iter()
            .map(|&c| (c, CourtSlug::new(&forms.court(c).slug)))
            .collect();
        let rules: Vec<Efiling> = courts
            .iter()
            .map(|&c| config.efiling(forms, c))
            .collect::<Result<_, _>>()?;
        let mut efiled = Efiled::default();
        let mut court_docs = package::courts(&ids, &documents);
        let mut held = self.hold_back(&mut court_docs, &rules, &mut efiled)?;
        let joined = package::volumes(&court_docs, out, settings.jobs, self.progress)?;
        let indexes = self.index_pass(&court_docs, &joined)?;
        self.check_volumes(
            &joined,
            &indexes,
            &rules,
            &mut held,
            exceptions,
            &mut efiled,
        )?;
        for (c, court) in court_docs.iter_mut().enumerate() {
            let slug = court.slug.clone();
            let filing = CourtFiling {
                court,
                name: forms.court(court.id).official_name(),
                settings: &rules[c],
                configured: config.has_efiling(slug.as_str()),
                indexes: indexes
                    .iter()
                    .zip(&joined)
                    .filter(|(_, j)| j.court == c)
                    .map(|(i, _)| i)
                    .collect(),
                held: &held[c],
            };
            let envelopes = efiling::envelopes(&filing, config);
            efiled.efiling.envelopes += envelopes.envelopes;
            efiled.efiling.filings += envelopes.filings;
            let json = out.write(&format!("courts/{slug}/envelopes.json"), &envelopes.json, 0)?;
            let volumes: Vec<&package::Joined> = joined.iter().filter(|j| j.court == c).collect();
            let counts: Vec<&Disposition> =
                dispositions.iter().filter(|d| d.court == slug).collect();
            let (csv, rows) = efiling::dispositions(out, court, &volumes, &counts)?;
            efiled.efiling.dispositions += rows;
            court
                .data
                .extend([json, csv].map(|w| ManifestRow::file(w, Kind::Data, Some(&slug))));
        }
        exceptions.extend(held.into_iter().flatten().map(|h| h.exception));
        let volumes_seconds = t.elapsed().as_secs_f64();
        let mail = MailRun::new(
            unmailable,
            letters.iter().map(|(i, mail)| (&documents[*i], mail)),
        );
        let volumes: Vec<_> = joined.into_iter().zip(indexes).collect();
        let mut manifest = package::finish(
            &court_docs,
            &volumes,
            &mail,
            out,
            settings.as_of,
            settings.jobs,
            self.progress,
        )?;
        manifest.extend(
            mail.lists(out, unmailable)?
                .map(|w| ManifestRow::file(w, Kind::Data, None)),
        );
        drop(mail);
        manifest.extend(documents);
        Ok((manifest, volumes_seconds, efiled))
    }

    /// Preflights every court's documents; a filing with one that fails, or too large for one
    /// envelope, is held back: taken out of the court's package. What was held, by court.
    fn hold_back(
        &self,
        courts: &mut [package::Court],
        rules: &[Efiling],
        efiled: &mut Efiled,
    ) -> Result<Vec<Vec<Hold>>, Error> {
        let items: Vec<_> = courts
            .iter()
            .zip(rules)
            .flat_map(|(court, s)| {
                court
                    .docs
                    .iter()
                    .map(move |d| (d, efiling::document_rules(d, s)))
            })
            .collect();
        let problems = efiling::preflight(&items, self.out, self.settings.jobs, self.progress)?;
        efiled.count(&problems);
        let by_path: HashMap<&str, &[Problem]> = items
            .iter()
            .zip(&problems)
            .map(|((d, _), p)| (d.path.as_str(), p.as_slice()))
            .collect();
        let held: Vec<Vec<Hold>> = courts
            .iter()
            .zip(rules)
            .map(|(court, s)| efiling::holds(court, &by_path, s))
            .collect();
        for ((court, h), s) in courts.iter_mut().zip(&held).zip(rules) {
            court.docs.retain(|d| !h.iter().any(|h| h.path == d.path));
            // Volumes stay below the largest file the court takes, with room for the join.
            court.volume_bytes = court.volume_bytes.min(s.largest_file.0 / 10 * 9);
            efiled.preflight.documents_held += h.len();
        }
        Ok(held)
    }

    /// Preflights the combined volumes and their indexes. An index that fails is held back from
    /// the court's envelopes; a volume that fails is listed (it is not filed, its documents are).
    fn check_volumes(
        &self,
        joined: &[package::Joined],
        indexes: &[ManifestRow],
        rules: &[Efiling],
        held: &mut [Vec<Hold>],
        exceptions: &mut Vec<Exception>,
        efiled: &mut Efiled,
    ) -> Result<(), Error> {
        let items: Vec<_> = joined
            .iter()
            .map(|j| {
                (
                    &j.combined,
                    efiling::volume_rules(&rules[j.court], j.documents()),
                )
            })
            .chain(
                indexes
                    .iter()
                    .zip(joined)
                    .map(|(i, j)| (i, efiling::document_rules(i, &rules[j.court]))),
            )
            .collect();
        let problems = efiling::preflight(&items, self.out, self.settings.jobs, &Silent)?;
        efiled.count(&problems);
        let courts = joined.iter().chain(joined).map(|j| j.court);
        for (((row, _), p), c) in items.iter().zip(problems).zip(courts) {
            if p.is_empty() {
                continue;
            }
            let lines = p.iter().map(Problem::to_string).collect();
            let hold = efiling::hold(row, ExceptionCode::PreflightFailed, lines);
            if row.kind == Kind::Combined {
                exceptions.push(hold.exception);
            } else {
                efiled.preflight.documents_held += 1;
                held[c].push(hold);
            }
        }
        Ok(())
    }

    /// The index pass: each volume's index is planned and rendered once the volume is joined, as
    /// the index gives every document's pages in it.
    fn index_pass(
        &self,
        courts: &[package::Court],
        joined: &[package::Joined],
    ) -> Result<Vec<ManifestRow>, Error> {
        let (loaded, as_of) = (self.loaded, self.settings.as_of);
        let jobs = joined
            .iter()
            .map(|j| {
                plan::court_index(
                    &loaded.forms,
                    &loaded.config,
                    as_of,
                    courts[j.court].id,
                    &j.entries(),
                    &j.volume(),
                )
            })
            .collect();
        let made = render::render(self.renderer, self.out, jobs, self.settings.jobs, &Silent)?;
        made.into_iter()
            .map(|m| match m.result {
                Ok(w) => Ok(ManifestRow::document(&m.doc, w)),
                Err(e) => Err(Error::Template {
                    template: m.doc.template.clone(),
                    message: e.message,
                }),
            })
            .collect()
    }
}
