//! Plan: which documents to make, for whom, in which court, with what data. Plain data in, a list
//! of jobs out; nothing is rendered or written here.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};

use crate::config::{Config, Filing};
use crate::contacts::{Contacts, Recipient};
use crate::forms::{Court, Forms};
use crate::model::{breakable, Case, Count, Person, Remedy, Route};

/// One document to render.
#[derive(Clone, Debug)]
pub struct Job {
    pub kind: String,
    pub template: String,
    /// Output path relative to the output folder.
    pub path: String,
    pub court: String,
    pub person_ref: String,
    pub person_name: String,
    pub case_numbers: String,
    /// For a letter, where it is mailed.
    pub mail: Option<Box<Mail>>,
    pub data: Data,
}

impl Job {
    /// Work the job stands for, roughly in documents: a long court paper counts for its size.
    pub fn weight(&self) -> usize {
        1 + self.data.len() / 4096
    }
}

/// Where a letter is mailed: what the mail run needs of it, kept apart from the template data so
/// that the data can be released once the letter is rendered.
#[derive(Clone, Debug)]
pub struct Mail {
    /// The court it is mailed under (its first case's).
    pub group: String,
    /// The address block: the name, then the address lines.
    pub recipient: Vec<String>,
    pub zip: String,
    pub spanish: bool,
}

/// Fields many documents have alike (the office, the signer, the court, the envelope, the
/// taglines), held once for all of them.
#[derive(Debug, Default)]
pub struct Shared {
    fields: serde_json::Map<String, Value>,
    /// Bytes of the fields as compact JSON.
    len: usize,
}

impl Shared {
    pub fn new(value: Value) -> Arc<Shared> {
        match value {
            Value::Object(fields) => Arc::new(Shared { len: serde_json::to_string(&fields).map_or(0, |t| t.len()), fields }),
            _ => Arc::default(),
        }
    }
}

/// A job's template data: the fields it shares with other documents, and its own, held as compact
/// JSON text until its document is rendered (as parsed JSON a county's documents took about 30 KB
/// a person) and released once it is. A case's petition and order share one text (a clone shares
/// it), freed when both are made.
#[derive(Debug)]
pub struct Data {
    shared: Arc<Shared>,
    own: Mutex<Option<Arc<str>>>,
}

impl Data {
    pub fn new(value: &Value) -> Data {
        Data::on(&Arc::default(), value)
    }

    /// `own` on top of `shared`: the two have no field in common.
    pub fn on(shared: &Arc<Shared>, own: &Value) -> Data {
        Data { shared: shared.clone(), own: Mutex::new(Some(own.to_string().into())) }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Arc<str>>> {
        self.own.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn text(&self) -> Option<Arc<str>> {
        self.slot().clone()
    }

    /// The data; `null` once released.
    pub fn value(&self) -> Value {
        match self.text().and_then(|t| serde_json::from_str(&t[..]).ok()) {
            Some(Value::Object(own)) if !self.shared.fields.is_empty() => {
                let mut fields = self.shared.fields.clone();
                fields.extend(own);
                Value::Object(fields)
            }
            Some(own) => own,
            None => Value::Null,
        }
    }

    /// Bytes of the data as one compact JSON object: a rough measure of how much work the
    /// document is.
    pub fn len(&self) -> usize {
        match self.text() {
            None => 0,
            Some(own) if self.shared.fields.is_empty() => own.len(),
            // Two objects joined: one brace each goes, a comma comes.
            Some(own) => self.shared.len + own.len() - 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Lets go of the text of a rendered document: at Los Angeles scale the data is hundreds of
    /// MB that would otherwise be held until the run ends.
    pub fn release(&self) {
        *self.slot() = None;
    }
}

impl Clone for Data {
    fn clone(&self) -> Data {
        Data { shared: self.shared.clone(), own: Mutex::new(self.text()) }
    }
}

/// What the planner decided besides the jobs: who gets no letter and why.
pub struct Plan {
    pub jobs: Vec<Job>,
    /// Courts with at least one case, by index into `forms.courts`, in slug order.
    pub courts: Vec<usize>,
    pub unmailable: Vec<Unmailable>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Unmailable {
    pub person_ref: String,
    pub reason: String,
}

pub fn date_long(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}

/// "12 de junio de 1995", for Spanish letters.
pub fn date_long_es(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
    format!("{} de {} de {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "MARIA ELENA O'NEIL-DIAZ" → "Maria Elena O'Neil-Diaz", for the greeting of a letter.
fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start { out.extend(c.to_uppercase()) } else { out.extend(c.to_lowercase()) }
        start = !c.is_alphanumeric();
    }
    out
}

fn date_short(d: NaiveDate) -> String {
    d.format("%m/%d/%Y").to_string()
}

/// The relief on one count given the as-of date: `None` for challenged counts.
pub fn remedy(count: &Count, as_of: NaiveDate) -> Option<Remedy> {
    let still_serving = !count.sentence.is_zero() && count.sentence.end(count.convicted) > as_of;
    Remedy::for_route(count.route, still_serving)
}

struct Planner<'a> {
    forms: &'a Forms,
    config: &'a Config,
    as_of: NaiveDate,
    common: Value,
    /// What every petition and order of a court has alike, by court.
    case_shared: BTreeMap<usize, Arc<Shared>>,
    /// What every letter has alike: without taglines, and with them.
    letter_shared: [Arc<Shared>; 2],
    used_paths: HashSet<String>,
    jobs: Vec<Job>,
}

/// A tagline for the letter: its text with the help line filled in, and whether it is written
/// right to left (Arabic, Farsi), to be set as a right-to-left line. There the number is embedded
/// left to right: after Arabic letters its groups would otherwise print in reverse, 0199-555 (555).
fn tagline(line: &str, phone: &str) -> (String, Value) {
    let rtl = unicode_bidi::get_base_direction(line) == unicode_bidi::Direction::Rtl;
    let phone = if rtl { format!("\u{202A}{phone}\u{202C}") } else { phone.to_string() };
    let text = line.replace("{phone}", &phone);
    (text.clone(), json!({ "text": text, "rtl": rtl }))
}

pub fn plan(people: &[Person], forms: &Forms, config: &Config, contacts: &Contacts, as_of: NaiveDate) -> Plan {
    let common = common_json(config, as_of);
    // The taglines with the help line filled in, as text (what templates edited before
    // right-to-left lines existed print) and with their direction.
    let taglines: (Vec<String>, Vec<Value>) = forms.taglines.iter().map(|t| tagline(t, &config.office.help_phone)).unzip();
    let letter_shared = [(&[][..], &[][..]), (&taglines.0[..], &taglines.1[..])].map(|(text, lines)| {
        Shared::new(with(&common, json!({ "envelope": envelope_json(&forms.envelope), "taglines": text, "tagline_lines": lines })))
    });
    let mut p = Planner { forms, config, as_of, common, case_shared: BTreeMap::new(), letter_shared, used_paths: HashSet::new(), jobs: Vec::new() };
    // Per court: (person, case) pairs with relief, and those challenged.
    let mut relief: BTreeMap<usize, Vec<(&Person, &Case)>> = BTreeMap::new();
    let mut challenged: BTreeMap<usize, Vec<(&Person, &Case)>> = BTreeMap::new();
    let mut unmailable = Vec::new();

    for person in people {
        let mut letter_cases = Vec::new();
        for case in &person.cases {
            let court = &forms.courts[case.court];
            if case.counts.iter().any(|c| matches!(c.route, Route::Dismiss | Route::Reduce)) {
                relief.entry(case.court).or_default().push((person, case));
                if config.filing(&court.slug) == Filing::PerCase {
                    p.case_documents(person, case);
                }
                letter_cases.push(case);
            }
            if case.counts.iter().any(|c| c.route == Route::Challenge) {
                challenged.entry(case.court).or_default().push((person, case));
            }
        }
        if letter_cases.is_empty() {
            continue;
        }
        if person.deceased {
            unmailable.push(Unmailable { person_ref: person.person_ref.clone(), reason: "deceased: no letter".into() });
            continue;
        }
        let mut recipient = contacts.recipient(person);
        // Every address block must fit the envelope's window with its clearance.
        if recipient.mailable.is_ok() && recipient.lines.len() > forms.envelope.max_address_lines() {
            recipient.mailable = Err(format!("address has {} lines; the envelope window holds {}", recipient.lines.len(), forms.envelope.max_address_lines()));
        }
        if let Err(reason) = &recipient.mailable {
            unmailable.push(Unmailable { person_ref: person.person_ref.clone(), reason: reason.clone() });
        }
        p.letter(person, &letter_cases, &recipient);
    }

    let mut courts: Vec<usize> = relief.keys().chain(challenged.keys()).copied().collect::<BTreeSet<_>>().into_iter().collect();
    courts.sort_by(|a, b| forms.courts[*a].slug.cmp(&forms.courts[*b].slug));
    for &c in &courts {
        let r = relief.get(&c).map(Vec::as_slice).unwrap_or_default();
        let ch = challenged.get(&c).map(Vec::as_slice).unwrap_or_default();
        p.court_documents(c, r, ch);
    }
    Plan { jobs: p.jobs, courts, unmailable }
}

/// The window positions the letter template prints at, in points.
fn envelope_json(e: &crate::forms::Envelope) -> Value {
    let (rl, rt, rw) = e.block(e.return_window);
    let (al, at, aw) = e.block(e.recipient_window);
    let private = (e.private_below * 72.0).round() as u64 + 6;
    json!({ "return_left": rl, "return_top": rt, "return_width": rw, "recipient_left": al, "recipient_top": at, "recipient_width": aw, "body_top": private })
}

/// What every document knows: whether it is a sample, the office, the signer and the date.
fn common_json(config: &Config, as_of: NaiveDate) -> Value {
    json!({
        "sample": config.sample,
        "office": config.office,
        "signer": config.signer,
        "date": date_long(as_of),
    })
}

fn court_json(court: &Court) -> Value {
    json!({
        "county": court.county,
        "county_upper": court.county.to_uppercase(),
        "slug": court.slug,
        "official_name": court.official_name(),
        "courthouse": court.courthouse,
        "address": court.address,
    })
}

/// The titles and statute citations of a case's papers, from the remedies of its counts.
fn paper(remedies: &BTreeSet<Remedy>) -> Value {
    let resentence = remedies.contains(&Remedy::Resentence);
    let dismiss = remedies.contains(&Remedy::DismissSeal);
    let redesignate = remedies.contains(&Remedy::Redesignate);
    let (title, cite, paper) = if resentence {
        ("PETITION TO RECALL SENTENCE AND FOR RESENTENCING OR DISMISSAL", "Health & Saf. Code, §§ 11361.8, subd. (b), 11361.9", "petition")
    } else if dismiss && redesignate {
        ("APPLICATION TO DISMISS AND SEAL AND TO REDESIGNATE CONVICTIONS", "Health & Saf. Code, §§ 11361.8, subds. (e), (f), 11361.9", "application")
    } else if redesignate {
        ("APPLICATION TO REDESIGNATE FELONY AS MISDEMEANOR", "Health & Saf. Code, §§ 11361.8, subd. (f), 11361.9", "application")
    } else {
        ("APPLICATION TO DISMISS AND SEAL CONVICTION", "Health & Saf. Code, §§ 11361.8, subds. (e), (f), 11361.9", "application")
    };
    json!({
        "title": title,
        "order_title": format!("[PROPOSED] ORDER ON {title}"),
        "cite": cite,
        "paper": paper,
        "dismiss": dismiss,
        "redesignate": redesignate,
        "resentence": resentence,
    })
}

/// `base` with the fields of `extra` added.
fn with(base: &Value, extra: Value) -> Value {
    let mut data = base.clone();
    if let (Value::Object(d), Value::Object(e)) = (&mut data, extra) {
        d.extend(e);
    }
    data
}

/// A table row of a paper, marked `tall` when it might not fit on one page, so that the template
/// lets it break across pages (other rows stay whole, which is much cheaper to lay out). A page
/// has 28 lines, and a table's header takes one or two.
fn table_row(mut row: Value) -> Value {
    const MAX_LINES: usize = 24;
    if row.as_object().is_some_and(|cells| cells.values().any(|v| v.as_str().is_some_and(|s| most_lines(s) > MAX_LINES))) {
        row["tall"] = Value::Bool(true);
    }
    row
}

/// The most lines `text` can take in a table cell, however narrow. Papers are not hyphenated, so
/// Typst breaks a line only beside a character that is not an ASCII letter or digit (a space,
/// punctuation, or a dash or ideograph, either side of which may break), except in what it takes
/// for a web address (after `://` or from `www.`), which may break anywhere.
fn most_lines(text: &str) -> usize {
    if text.contains("://") || text.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"www.")) {
        return 1 + text.chars().count();
    }
    1 + text.chars().zip(text.chars().skip(1)).filter(|(a, b)| !(a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())).count()
}

fn aka(person: &Person, case: &Case) -> String {
    if case.name.is_empty() || case.name.display() == person.name.display() { String::new() } else { case.name.printed() }
}

impl Planner<'_> {
    /// The file name from the pattern in `forms/documents.toml`; unique within the run.
    fn path(&mut self, kind: &str, court: &str, case: &str, person: &str) -> String {
        let pattern = self.forms.document(kind).map(|d| d.file.as_str()).unwrap_or("{kind}.pdf");
        let path = pattern.replace("{court}", court).replace("{case}", case).replace("{person}", person).replace("{kind}", kind);
        let mut unique = path.clone();
        let mut n = 2;
        while !self.used_paths.insert(unique.clone()) {
            unique = path.replacen(".pdf", &format!("-{n}.pdf"), 1);
            n += 1;
        }
        unique
    }

    fn push(&mut self, kind: &str, path: String, court: &str, who: Option<(&Person, &Case)>, data: Data) {
        let template = self.forms.document(kind).map(|d| d.template.clone()).unwrap_or_else(|| format!("{kind}.typ.hbs"));
        let (person_ref, person_name, case_numbers) = match who {
            Some((p, c)) => (p.person_ref.clone(), p.name.display(), c.numbers_joined(";")),
            None => Default::default(),
        };
        self.jobs.push(Job { kind: kind.into(), template, path, court: court.into(), person_ref, person_name, case_numbers, mail: None, data });
    }

    fn case_documents(&mut self, person: &Person, case: &Case) {
        let court = &self.forms.courts[case.court];
        let counts: Vec<(usize, &Count, Remedy)> = case
            .counts
            .iter()
            .enumerate()
            .filter_map(|(i, c)| remedy(c, self.as_of).map(|r| (i + 1, c, r)))
            .collect();
        let remedies: BTreeSet<Remedy> = counts.iter().map(|(_, _, r)| *r).collect();
        let rows: Vec<Value> = counts
            .iter()
            .map(|(n, c, r)| {
                table_row(json!({
                    "case": case.numbers_joined("; "),
                    "n": n,
                    "section": c.section.to_string(),
                    "level": c.level.letter(),
                    "date": date_short(c.convicted),
                    "relief": r.label(),
                }))
            })
            .collect();
        let common = &self.common;
        let shared = self.case_shared.entry(case.court).or_insert_with(|| Shared::new(with(common, json!({ "court": court_json(court) }))));
        let data = Data::on(shared, &json!({
            "person": { "name": person.name.printed(), "aka": aka(person, case) },
            "case": { "numbers": case.numbers_joined("; ") },
            "counts": rows,
            "doc": paper(&remedies),
        }));
        let stem = case.numbers[0].file_stem();
        for kind in ["petition", "order"] {
            let path = self.path(kind, &court.slug, &stem, &person.person_ref);
            self.push(kind, path, &court.slug, Some((person, case)), data.clone());
        }
    }

    fn letter(&mut self, person: &Person, cases: &[&Case], recipient: &Recipient) {
        let mut remedies = BTreeSet::new();
        let case_rows: Vec<Value> = cases
            .iter()
            .map(|case| {
                let rs: BTreeSet<Remedy> = case.counts.iter().filter_map(|c| remedy(c, self.as_of)).collect();
                remedies.extend(rs.iter().copied());
                let sections: BTreeSet<String> = case.counts.iter().filter(|c| remedy(c, self.as_of).is_some()).map(|c| c.section.to_string()).collect();
                let (en, es) = if rs.contains(&Remedy::Resentence) {
                    ("We asked the court to end or lower your sentence.", "Pedimos a la corte que termine o reduzca su sentencia.")
                } else if rs.contains(&Remedy::Redesignate) && !rs.contains(&Remedy::DismissSeal) {
                    ("We asked the court to reduce it to a misdemeanor.", "Pedimos a la corte que lo reduzca a un delito menor.")
                } else {
                    ("We asked the court to dismiss and seal it.", "Pedimos a la corte que lo anule y lo selle.")
                };
                json!({
                    "court": self.forms.courts[case.court].official_name(),
                    "numbers": case.numbers_joined(", "),
                    "sections": sections.into_iter().collect::<Vec<_>>().join(", "),
                    "date": date_long(case.convicted()),
                    "date_es": date_long_es(case.convicted()),
                    "relief_en": en,
                    "relief_es": es,
                })
            })
            .collect();
        let data = Data::on(&self.letter_shared[usize::from(recipient.other_language)], &json!({
            "person": { "name": breakable(&title_case(&person.name.display())) },
            "date_es": date_long_es(self.as_of),
            "recipient": recipient.lines.iter().map(|l| breakable(l)).collect::<Vec<_>>(),
            "zip": recipient.zip,
            "spanish": recipient.spanish,
            "cases": case_rows,
            "many": cases.len() > 1,
            "dismissed": remedies.contains(&Remedy::DismissSeal),
            "reduced": remedies.contains(&Remedy::Redesignate),
            "resentence": remedies.contains(&Remedy::Resentence),
        }));
        let path = self.path("letter", "", "", &person.person_ref);
        let first = cases[0];
        self.push("letter", path, "", Some((person, first)), data);
        if let Some(job) = self.jobs.last_mut() {
            job.case_numbers = cases.iter().map(|c| c.numbers_joined(";")).collect::<Vec<_>>().join(";");
            job.mail = Some(Box::new(Mail { group: self.forms.courts[first.court].slug.clone(), recipient: recipient.lines.clone(), zip: recipient.zip.clone(), spanish: recipient.spanish }));
        }
    }

    fn court_documents(&mut self, c: usize, relief: &[(&Person, &Case)], challenged: &[(&Person, &Case)]) {
        let court = &self.forms.courts[c];
        let slug = court.slug.clone();
        let dob = |p: &Person| p.dob.map(date_short).unwrap_or_default();
        let as_of = self.as_of;
        let unchallenged_rows: Vec<Value> = relief
            .iter()
            .map(|(p, case)| {
                let counts: Vec<(&Count, Remedy)> = case.counts.iter().filter_map(|k| remedy(k, as_of).map(|r| (k, r))).collect();
                let labels: BTreeSet<&str> = counts.iter().map(|(_, r)| r.label()).collect();
                table_row(json!({
                    "name": p.name.printed(),
                    "dob": dob(p),
                    "case": case.numbers_joined("; "),
                    "sections": counts.iter().map(|(k, _)| k.section.to_string()).collect::<Vec<_>>().join(", "),
                    "relief": labels.into_iter().collect::<Vec<_>>().join("; "),
                }))
            })
            .collect();
        let challenged_rows: Vec<Value> = challenged
            .iter()
            .map(|(p, case)| {
                let counts: Vec<&Count> = case.counts.iter().filter(|k| k.route == Route::Challenge).collect();
                let grounds: BTreeSet<&str> = counts.iter().map(|k| if k.reason.is_empty() { "Not eligible" } else { k.reason.as_str() }).collect();
                table_row(json!({
                    "name": p.name.printed(),
                    "dob": dob(p),
                    "case": case.numbers_joined("; "),
                    "sections": counts.iter().map(|k| k.section.to_string()).collect::<Vec<_>>().join(", "),
                    "relief": grounds.into_iter().collect::<Vec<_>>().join("; "),
                }))
            })
            .collect();
        let omnibus = self.config.filing(&slug) == Filing::Omnibus;
        let base = json!({ "court": court_json(court) });
        let people: BTreeSet<&str> = relief.iter().map(|(p, _)| p.person_ref.as_str()).collect();
        for (kind, rows, is_challenged) in [("notice-unchallenged", unchallenged_rows, false), ("notice-challenged", challenged_rows, true)] {
            if rows.is_empty() {
                continue;
            }
            let title = if is_challenged {
                "NOTICE OF CHALLENGED CASES (Health & Saf. Code, § 11361.9)"
            } else {
                "NOTICE OF CASES NOT CHALLENGED (Health & Saf. Code, § 11361.9)"
            };
            let mut data = with(&self.common, base.clone());
            data["doc"] = json!({ "title": title, "challenged": is_challenged, "case_count": rows.len() });
            data["rows"] = Value::Array(rows);
            data["part"] = whole_part();
            let path = self.path(kind, &slug, "", "");
            self.push(kind, path, &slug, None, Data::new(&data));
        }
        if omnibus && !relief.is_empty() {
            let rows: Vec<Value> = relief
                .iter()
                .flat_map(|(p, case)| {
                    case.counts.iter().enumerate().filter_map(move |(i, k)| {
                        remedy(k, as_of).map(|r| {
                            table_row(json!({
                                "name": p.name.printed(),
                                "case": case.numbers_joined("; "),
                                "n": i + 1,
                                "section": k.section.to_string(),
                                "level": k.level.letter(),
                                "date": date_short(k.convicted),
                                "relief": r.short_label(),
                            }))
                        })
                    })
                })
                .collect();
            for (kind, order, title, footer) in [
                ("omnibus-motion", false, "OMNIBUS MOTION TO DISMISS AND SEAL, REDESIGNATE OR RESENTENCE (Health & Saf. Code, §§ 11361.8, 11361.9)", "OMNIBUS MOTION (Health & Saf. Code, §§ 11361.8, 11361.9)"),
                ("omnibus-order", true, "[PROPOSED] OMNIBUS ORDER (Health & Saf. Code, §§ 11361.8, 11361.9)", "[PROPOSED] OMNIBUS ORDER (Health & Saf. Code, §§ 11361.8, 11361.9)"),
            ] {
                let mut data = with(&self.common, base.clone());
                data["doc"] = json!({ "title": title, "footer": footer, "order": order, "case_count": relief.len(), "people_count": people.len() });
                data["rows"] = Value::Array(rows.clone());
                data["part"] = whole_part();
                let path = self.path(kind, &slug, "", "");
                self.push(kind, path, &slug, None, Data::new(&data));
            }
        }
        let mut lines = vec![];
        if omnibus {
            lines.push(json!({"label": "Omnibus motion and proposed order, with exhibit", "value": "1 each"}));
        } else {
            lines.push(json!({"label": "Applications and petitions, one per person and case", "value": relief.len()}));
            lines.push(json!({"label": "Proposed orders, one per application or petition", "value": relief.len()}));
        }
        lines.push(json!({"label": "People", "value": people.len()}));
        lines.push(json!({"label": "Cases not challenged (notice under § 11361.9)", "value": relief.len()}));
        lines.push(json!({"label": "Cases challenged (notice to the court and the public defender)", "value": challenged.len()}));
        lines.push(json!({"label": "Index of documents (PDF and CSV)", "value": 1}));
        let mut data = with(&self.common, base);
        data["doc"] = json!({ "omnibus": omnibus, "lines": lines });
        let path = self.path("transmittal", &slug, "", "");
        self.push("transmittal", path, &slug, None, Data::new(&data));
    }
}

/// Documents with a `rows` table may be rendered in parts (see `pipeline`); a part says whether it
/// opens or closes the paper and where its page numbers start.
fn whole_part() -> Value {
    json!({ "first": true, "last": true, "first_page": 1 })
}

/// One row of a court's index: a finished document.
pub struct IndexEntry<'a> {
    /// The document's number in the court's index, counted over all volumes.
    pub number: usize,
    pub kind: &'a str,
    pub file: &'a str,
    pub person_ref: &'a str,
    pub case_numbers: &'a str,
    pub first_page: usize,
    pub pages: usize,
    pub sha256: &'a str,
}

/// Volume `number` of `count` combined PDFs of one court, and that PDF's file name.
pub struct Volume<'a> {
    pub number: usize,
    pub count: usize,
    pub combined: &'a str,
}

/// The index PDF of one combined volume of a court (the court's only one, usually), made once
/// every other document of the court is finished. Page numbers are those of that volume.
pub fn court_index(forms: &Forms, config: &Config, as_of: NaiveDate, court: usize, entries: &[IndexEntry], volume: &Volume) -> Job {
    let court = &forms.courts[court];
    let rows: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "n": e.number,
                "kind": e.kind,
                "file": e.file,
                "person": e.person_ref,
                "cases": e.case_numbers,
                "pages": if e.pages == 1 { e.first_page.to_string() } else { format!("{}–{}", e.first_page, e.first_page + e.pages - 1) },
                "sha256": e.sha256,
            })
        })
        .collect();
    let mut data = common_json(config, as_of);
    let extra = json!({
        "court": court_json(court),
        "doc": {
            "document_count": entries.len(),
            "page_count": entries.iter().map(|e| e.pages).sum::<usize>(),
        },
        "volume": (volume.count > 1).then(|| json!({ "number": volume.number, "count": volume.count })),
        "combined": volume.combined,
        "rows": rows,
        "part": whole_part(),
    });
    if let (Value::Object(d), Value::Object(e)) = (&mut data, extra) {
        d.extend(e);
    }
    let mut path = forms.document("court-index").map(|d| d.file.replace("{court}", &court.slug)).unwrap_or_else(|| format!("courts/{}/index.pdf", court.slug));
    if volume.count > 1 {
        path = path.replace(".pdf", &format!("-{:02}.pdf", volume.number));
    }
    Job {
        kind: "court-index".into(),
        template: forms.document("court-index").map(|d| d.template.clone()).unwrap_or_default(),
        path,
        court: court.slug.clone(),
        person_ref: String::new(),
        person_name: String::new(),
        case_numbers: String::new(),
        mail: None,
        data: Data::new(&data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_given_at_least_as_many_lines_as_typst_could_take() {
        // Typst may break either side of a dash or an ideograph, and anywhere in a web address.
        assert_eq!(most_lines("11357"), 1);
        assert_eq!(most_lines("WWWWWW—WWWWWW"), 3);
        assert_eq!(most_lines("a中b"), 3);
        assert_eq!(most_lines("HS 11357(a), HS 11359"), 11);
        assert_eq!(most_lines("see www.ABCDEFGHIJKLMNOPQR1"), 28);
        assert_eq!(most_lines("https://x"), 10);
        assert_eq!(table_row(json!({ "name": "WWWWWW—WWWWWW—WWWWWW ".repeat(6), "n": 1 }))["tall"], true);
        assert!(table_row(json!({ "name": "JANE DOE", "sections": "HS 11357(a), HS 11359", "n": 1 })).get("tall").is_none());
    }

    #[test]
    fn a_shared_text_outlives_the_first_document_made_from_it() {
        let petition = Data::new(&json!({ "person": { "name": "DOE,JANE" } }));
        let order = petition.clone();
        petition.release();
        assert_eq!(petition.value(), Value::Null);
        assert!(petition.is_empty());
        assert_eq!(order.value(), json!({ "person": { "name": "DOE,JANE" } }));
        order.release();
        assert!(order.is_empty());
    }

    #[test]
    fn data_on_shared_fields_reads_and_weighs_as_one_object() {
        let shared = Shared::new(json!({ "office": { "name": "Office of the District Attorney" }, "sample": true }));
        let own = json!({ "person": { "name": "DOE,JANE" }, "counts": [1, 2] });
        let whole = json!({ "office": { "name": "Office of the District Attorney" }, "sample": true, "person": { "name": "DOE,JANE" }, "counts": [1, 2] });
        let data = Data::on(&shared, &own);
        assert_eq!(data.value(), whole);
        assert_eq!(data.len(), whole.to_string().len());
        data.release();
        assert_eq!((data.value(), data.len()), (Value::Null, 0));
    }
}
