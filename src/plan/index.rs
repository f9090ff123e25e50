//! The court index: the last document of a court, planned once every other one is finished.

use chrono::NaiveDate;

use super::papers::{self, Index, IndexDoc, IndexLine, Part, VolumeNumber};
use super::{Data, Doc, Job, common, in_court};
use crate::input::{Config, Forms};
use crate::model::{CaseNumbers, CourtId, CourtSlug, Kind, PersonRef};

/// One row of a court's index: a finished document.
pub struct IndexEntry<'a> {
    /// The document's number in the court's index, counted over all volumes.
    pub number: usize,
    pub kind: Kind,
    pub file: &'a str,
    pub person_ref: Option<&'a PersonRef>,
    pub case_numbers: &'a CaseNumbers,
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
pub fn court_index(
    forms: &Forms,
    config: &Config,
    as_of: NaiveDate,
    court: CourtId,
    entries: &[IndexEntry],
    volume: &Volume,
) -> Job {
    let court_id = court;
    let court = forms.court(court);
    let rows = entries
        .iter()
        .map(|e| IndexLine {
            n: e.number,
            kind: e.kind.name(),
            file: e.file,
            person: e.person_ref.map(PersonRef::as_str).unwrap_or_default(),
            cases: e.case_numbers.joined(";"),
            pages: if e.pages == 1 {
                e.first_page.to_string()
            } else {
                format!("{}–{}", e.first_page, e.first_page + e.pages - 1)
            },
            sha256: e.sha256,
        })
        .collect();
    let (office, signer) = config.signing(&court.slug);
    let common = common(config, office, signer, as_of);
    let title = forms.titles(Kind::CourtIndex, &[]).title;
    let data = Index {
        in_court: in_court(forms, config, as_of, &common, court_id),
        doc: IndexDoc {
            title: title.clone(),
            document_count: entries.len(),
            page_count: entries.iter().map(|e| e.pages).sum(),
        },
        volume: (volume.count > 1).then_some(VolumeNumber {
            number: volume.number,
            count: volume.count,
        }),
        combined: volume.combined,
        rows,
        part: Part::WHOLE,
    };
    let mut path = forms
        .document(Kind::CourtIndex)
        .file
        .replace("{court}", &court.slug);
    if volume.count > 1 {
        path = path.replace(".pdf", &format!("-{:02}.pdf", volume.number));
    }
    let doc = Doc {
        kind: Kind::CourtIndex,
        template: forms.document(Kind::CourtIndex).template.clone(),
        path,
        court: Some(CourtSlug::new(&court.slug)),
        person_ref: None,
        person_name: String::new(),
        case_numbers: CaseNumbers::default(),
        mail: None,
        title,
    };
    Job {
        doc,
        data: Data::new(&papers::value(&data)),
    }
}
