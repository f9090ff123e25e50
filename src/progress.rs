//! How long work tells its front end how far it is. No stage prints: the command line draws a
//! bar on a terminal, another front end shows it its own way, a test ignores it.

/// A stage whose progress is reported, in the order a run goes through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Documents rendered (and written).
    Render,
    /// The court's documents checked as its e-filing system would (`preflight`).
    Preflight,
    /// Each court's documents joined into combined volumes.
    Volumes,
    /// Indexes, zips and the mail run's print files.
    Package,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Render => "rendering",
            Stage::Preflight => "preflight",
            Stage::Volumes => "joining volumes",
            Stage::Package => "packaging",
        }
    }
}

/// Receives progress from any thread.
pub trait Progress: Sync {
    /// `stage` starts with `total` steps.
    fn start(&self, _stage: Stage, _total: u64) {}
    /// One more step of the current stage is done.
    fn step(&self) {}
    /// The current stage is done.
    fn finish(&self) {}
}

/// Progress that goes nowhere.
pub struct Silent;

impl Progress for Silent {}
