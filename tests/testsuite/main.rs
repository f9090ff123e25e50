//! The end-to-end tests, one binary: the real `clearpress` binary on real and made-up input, its
//! output read back with independent tools (poppler's pdftotext, qpdf, unzip). Every name and
//! number in them is fictional. Modules by feature; helpers in `util`.

mod contacts;
mod decisions;
mod efiling;
mod exhibit;
mod input;
mod legal;
mod letters;
mod mail;
mod names;
mod output;
mod papers;
mod pdf;
mod resume;
mod rows;
mod shards;
mod templates;
mod util;
mod visual;
mod waves;
