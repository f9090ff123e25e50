//! `check`: what render would file, hold and reject, without writing anything.

use std::collections::BTreeMap;

use crate::cli::InputArgs;
use crate::error::Error;
use crate::report::Summary;
use crate::run;

pub fn check(args: &InputArgs) -> Result<(), Error> {
    let settings = super::settings(args)?;
    let prepared = run::prepare(&settings)?;
    super::print_warnings(&prepared.warnings);
    let batch = &prepared.batch;
    for e in &batch.exceptions {
        eprintln!("{}:{}: {} ({})", e.source, e.line, e.message, e.code);
    }
    for e in &prepared.plan.exceptions {
        eprintln!("{}:{}: {} ({})", e.source, e.line, e.message, e.code);
    }
    for h in &batch.review {
        eprintln!("{}:{}: held for review: {}", h.source, h.line, h.reason);
    }
    let mut documents = BTreeMap::new();
    for j in &prepared.plan.jobs {
        *documents.entry(j.doc.kind.name().to_string()).or_insert(0) += 1;
    }
    let plan = &prepared.plan;
    let summary = Summary::new(
        &settings,
        &prepared.loaded,
        batch,
        &plan.totals,
        &plan.courts,
        &plan.unmailable,
        documents,
    );
    let mut summary = Summary {
        exceptions: summary.exceptions + plan.exceptions.len(),
        ..summary
    };
    summary.of_run(
        &prepared.key,
        prepared.wave,
        &prepared.loaded,
        &prepared.decided,
        prepared.already_filed,
    );
    summary.counts_filed = prepared.filed.len();
    eprint!("{}", summary.screen(None));
    Ok(())
}
