//! `clearpress synth`: seeded, deterministic gogen-shaped results and a matching contacts file, for
//! benchmarks and tests at any size. Every person is made up.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// SplitMix64: small, fast, and the same sequence everywhere for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const LAST: [&str; 24] = [
    "GARCIA",
    "HERNÁNDEZ",
    "NGUYỄN",
    "SMITH",
    "JOHNSON",
    "LÓPEZ-RAMÍREZ",
    "O'BRIEN",
    "KIM",
    "WILLIAMS",
    "MARTÍNEZ",
    "D'ANGELO",
    "TRẦN",
    "BROWN",
    "JONES",
    "PÉREZ",
    "SANTOS-REYES",
    "WASHINGTON",
    "LEE",
    "MÜLLER",
    "DAVIS",
    "MCDONALD",
    "ÑÚÑEZ",
    "PHẠM",
    "JACKSON",
];
const FIRST: [&str; 20] = [
    "MARIA",
    "JOSÉ",
    "JAMES",
    "THỊ HƯƠNG",
    "MICHAEL",
    "ANA LUISA",
    "DEVON",
    "LINH",
    "ROBERT",
    "JESÚS",
    "KEISHA",
    "WEI",
    "ANNE-MARIE",
    "CARLOS",
    "TERRENCE",
    "BÉATRICE",
    "DONG",
    "SEAN P",
    "RENÉE",
    "MARCUS",
];
const COUNTIES: [&str; 6] = [
    "LOS ANGELES",
    "LOS ANGELES",
    "LOS ANGELES",
    "SAN BERNARDINO",
    "ORANGE",
    "SACRAMENTO",
];
const OFFENSES: [(&str, &str); 6] = [
    ("11357(A) HS-POSSESS MARIJUANA", "M"),
    ("11357(C)HS-POSSESS MARIJUANA", "F"),
    ("11358 HS-CULTIVATE MARIJUANA", "F"),
    ("11359 HS-POSSESS MARIJUANA FOR SALE", "F"),
    ("11360(A) HS-TRANSPORT/SELL MARIJUANA", "F"),
    ("11360(B) HS-GIVE AWAY 1 OZ MARIJUANA", "M"),
];
const STREETS: [&str; 8] = [
    "Main St.",
    "W. 7th St",
    "Sunset Blvd.",
    "Oak Ave",
    "E. Olympic Blvd",
    "Figueroa St.",
    "Central Ave",
    "Garden Grove Blvd",
];
const CITIES: [(&str, &str); 6] = [
    ("Los Angeles", "900"),
    ("Long Beach", "908"),
    ("Pasadena", "911"),
    ("Torrance", "905"),
    ("Sacramento", "958"),
    ("Santa Ana", "927"),
];
const LANGUAGES: [&str; 10] = [
    "en", "en", "en", "en", "es", "Spanish", "es", "vi", "zh", "tl",
];

pub struct SynthCounts {
    pub people: usize,
    pub rows: usize,
}

/// Writes `DIR/Prop64_Results.csv` and `DIR/contacts.csv` for `people` fictional people, in
/// several counties or, with `county`, all in that one.
pub fn synth(
    dir: &Path,
    people: usize,
    seed: u64,
    county: Option<&str>,
) -> Result<SynthCounts, Error> {
    let only = match county {
        Some(name) => {
            let forms = crate::input::Forms::load(&crate::assets::Assets::embedded())?;
            if !forms
                .courts
                .iter()
                .any(|c| c.county.eq_ignore_ascii_case(name))
            {
                return Err(Error::Usage(format!(
                    "--county {name}: not a California county (e.g. \"Los Angeles\")"
                )));
            }
            Some(name.to_uppercase())
        }
        None => None,
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::output(dir, e))?;
    let header = include_str!("../forms/profiles/gogen-header.csv").trim_end();
    let columns: Vec<&str> = header.split(',').collect();
    let col = |name: &str| columns.iter().position(|c| *c == name).unwrap_or(0);
    let results_path = dir.join("Prop64_Results.csv");
    let contacts_path = dir.join("contacts.csv");
    let open = |p: &Path| {
        std::fs::File::create(p)
            .map(std::io::BufWriter::new)
            .map_err(|e| Error::output(p, e))
    };
    let mut results = csv::WriterBuilder::new().from_writer(open(&results_path)?);
    let mut contacts = csv::WriterBuilder::new().from_writer(open(&contacts_path)?);
    results
        .write_record(&columns)
        .map_err(|e| Error::output(&results_path, e))?;
    contacts
        .write_record([
            "subject_id",
            "cii_number",
            "name",
            "address1",
            "address2",
            "city",
            "state",
            "zip",
            "language",
        ])
        .map_err(|e| Error::output(&contacts_path, e))?;
    let mut rng = Rng(seed);
    let mut rows = 0;
    for i in 0..people {
        let subject = format!("{}", 30_000_000 + i);
        let cii = format!("A{:09}", 500_000_000 + i);
        let name = format!("{},{}", rng.pick(&LAST), rng.pick(&FIRST));
        let dob = format!(
            "{}{:02}{:02}",
            1945 + rng.below(50),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let deceased = rng.chance(1);
        // 1-3 cases, mostly one; a few people have many counts in one case.
        let cases = 1 + (rng.below(100) / 70) as usize + (rng.below(100) / 95) as usize;
        for c in 0..cases {
            let county = match &only {
                Some(c) => c.as_str(),
                None => rng.pick(&COUNTIES),
            };
            let year = 1975 + rng.below(41);
            let date = format!("{year}{:02}{:02}", 1 + rng.below(12), 1 + rng.below(28));
            let case_number = format!(
                "{}{:06}",
                if county == "LOS ANGELES" { "BA" } else { "CR" },
                rng.below(1_000_000)
            );
            let counts = if rng.chance(2) {
                5 + rng.below(40) as usize
            } else {
                1 + (rng.below(100) / 80) as usize
            };
            for k in 0..counts {
                let (offense, toc) = OFFENSES[rng.below(OFFENSES.len() as u64) as usize];
                let felony = toc == "F" && !rng.chance(10);
                let (determination, reason) = match rng.below(100) {
                    0..=64 => (
                        "Eligible for Dismissal",
                        if felony {
                            "Dismiss all HS 11357 convictions"
                        } else {
                            "Misdemeanor or Infraction"
                        },
                    ),
                    65..=84 => ("Eligible for Reduction", "Reduce all HS 11359 convictions"),
                    85..=91 => ("Not eligible", "PC 667(e)(2)(c)(iv)"),
                    _ => ("Hand Review", "Other 11357"),
                };
                // A few recent, long sentences: still serving, so a petition for resentencing.
                let (sent_len, sent_unit) = if rng.chance(3) {
                    ("45".to_string(), "Y")
                } else {
                    ((1 + rng.below(36)).to_string(), "M")
                };
                let mut rec = vec![String::new(); columns.len()];
                let mut set = |name: &str, v: &str| rec[col(name)] = v.to_string();
                set("SUBJECT_ID", &subject);
                set("CII_NUMBER", &cii);
                set("PRI_NAME", &name);
                set("PRI_DOB", &dob);
                set("STP_EVENT_DATE", &date);
                set("STP_TYPE_DESCR", "COURT ACTION");
                set("STP_ORI_DESCR", &format!("CASC{county}"));
                set("STP_ORI_CNTY_NAME", county);
                set("CNT_ORDER", &format!("{:03}001{:03}000", c + 1, k + 1));
                set("OFN", &case_number);
                set("OFFENSE_DESCR", offense);
                set("OFFENSE_TOC", toc);
                set("DISP_DESCR", "CONVICTED-PROBATION");
                set(
                    "CONV_STAT_DESCR",
                    if felony { "FELONY" } else { "MISDEMEANOR" },
                );
                set("SENT_LOC_DESCR", "PROBATION");
                set("SENT_LENGTH", &sent_len);
                set("SENT_TIME_CODE", sent_unit);
                set("Case Number", &case_number);
                set("# of convictions on record", &counts.to_string());
                set("Occurred after 11/9/2016", "N");
                set("Superstrike Code Section(s)", "-");
                set("PC290 Code Section(s)", "-");
                set("PC290 Registration", "-");
                set(
                    "Date of Conviction",
                    &format!("{}/{}/{}", &date[4..6], &date[6..8], &date[0..4]),
                );
                set("Deceased", if deceased { "Deceased" } else { "-" });
                set("Eligibility Determination", determination);
                set("Eligibility Reason", reason);
                results
                    .write_record(&rec)
                    .map_err(|e| Error::output(&results_path, e))?;
                rows += 1;
            }
        }
        // Contacts: most people, in messy shapes; some missing, some with bad ZIPs.
        if rng.chance(92) {
            let (city, zip3) = CITIES[rng.below(CITIES.len() as u64) as usize];
            let zip = if rng.chance(3) {
                "9001".to_string()
            } else if rng.chance(30) {
                format!("{zip3}{:02}-{:04}", rng.below(100), rng.below(10_000))
            } else {
                format!("{zip3}{:02}", rng.below(100))
            };
            let street = format!("{} {}", 100 + rng.below(9900), rng.pick(&STREETS));
            let unit = if rng.chance(25) {
                format!("Apt. {}", 1 + rng.below(40))
            } else {
                String::new()
            };
            let state = rng.pick(&["CA", "ca", "California", "Calif", "CA"]);
            let state = if state == "Calif" { "CA" } else { state };
            let (join_id, join_cii) = if rng.chance(85) {
                (subject.as_str(), "")
            } else {
                ("", cii.as_str())
            };
            contacts
                .write_record([
                    join_id,
                    join_cii,
                    &name,
                    &street,
                    &unit,
                    city,
                    state,
                    &zip,
                    rng.pick(&LANGUAGES),
                ])
                .map_err(|e| Error::output(&contacts_path, e))?;
        }
    }
    results
        .flush()
        .map_err(|e| Error::output(&results_path, e))?;
    contacts
        .flush()
        .map_err(|e| Error::output(&contacts_path, e))?;
    let _ = std::io::stderr().flush();
    Ok(SynthCounts { people, rows })
}
