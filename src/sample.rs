//! The fictional people of `examples/`, planned as a run would plan them: the documents `preview`
//! shows, and the record every template is checked against before a run.

use chrono::NaiveDate;

use crate::error::Error;
use crate::input::{self, Config, Filing, Forms, Procedure};
use crate::model::Kind;
use crate::plan::{self, IndexEntry, Job, Volume};
use crate::validate;

/// The date the sample is planned as of.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default()
}

/// One sample document of each kind, plus the Spanish letter and the court index. The example is
/// planned as the config would file it, then in the § 11361.9 review frame (for the notices) and
/// as an omnibus filing, every court filed, so that every kind is there.
pub fn jobs(forms: &Forms, config: &Config) -> Result<Vec<Job>, Error> {
    let (input, prefix, contacts) = input::example()?;
    let batch = validate::group(&[(input, prefix)], forms, &|_| None);
    let mut every_court = config.clone();
    for court in &forms.courts {
        every_court.courts.entry(court.slug.clone()).or_default();
    }
    let mut review = every_court.clone();
    review.policy.procedure = Some(Procedure::ReviewFrame);
    let mut omnibus = every_court.clone();
    for court in omnibus.courts.values_mut() {
        court.filing = Filing::Omnibus;
    }
    let spanish = |j: &Job| j.doc.mail.as_ref().is_some_and(|m| m.spanish);
    let mut jobs: Vec<Job> = Vec::new();
    let mut plan = None;
    for config in [&every_court, &review, &omnibus] {
        let p = plan::plan(&batch.people, forms, config, &contacts, as_of());
        for job in &p.jobs {
            if !jobs
                .iter()
                .any(|j| j.doc.kind == job.doc.kind && spanish(j) == spanish(job))
            {
                jobs.push(job.clone());
            }
        }
        plan.get_or_insert(p);
    }
    let Some(plan) = plan else {
        return Ok(jobs);
    };
    if let Some(&court) = plan.courts.first() {
        let slug = &forms.court(court).slug;
        let docs: Vec<&Job> = plan
            .jobs
            .iter()
            .filter(|j| j.doc.court.as_ref().is_some_and(|c| c.as_str() == slug))
            .collect();
        let entries: Vec<IndexEntry> = docs
            .iter()
            .enumerate()
            .map(|(i, j)| IndexEntry {
                number: i + 1,
                kind: j.doc.kind,
                file: j.doc.path.rsplit('/').next().unwrap_or(&j.doc.path),
                person_ref: j.doc.person_ref.as_ref(),
                case_numbers: &j.doc.case_numbers,
                first_page: 1 + 2 * i,
                pages: 2,
                sha256: "0000000000000000000000000000000000000000000000000000000000000000",
            })
            .collect();
        jobs.push(plan::court_index(
            forms,
            config,
            as_of(),
            court,
            &entries,
            &Volume {
                number: 1,
                count: 1,
                combined: "combined.pdf",
            },
        ));
    }
    Ok(jobs)
}

/// The kinds `preview` can show: every document kind, and the Spanish letter.
pub const PREVIEW_KINDS: [&str; 10] = [
    "petition",
    "order",
    "letter",
    "letter-es",
    "notice-unchallenged",
    "notice-challenged",
    "transmittal",
    "court-index",
    "omnibus-motion",
    "omnibus-order",
];

/// The sample job `preview` shows for `kind` (a document kind, or `letter-es`).
pub fn find(jobs: Vec<Job>, kind: &str) -> Option<Job> {
    let spanish = |j: &Job| j.doc.mail.as_ref().is_some_and(|m| m.spanish);
    jobs.into_iter().find(|j| match kind {
        "letter" => j.doc.kind == Kind::Letter && !spanish(j),
        "letter-es" => j.doc.kind == Kind::Letter && spanish(j),
        kind => j.doc.kind.name() == kind,
    })
}
