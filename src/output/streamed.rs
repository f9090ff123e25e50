//! A large file (a zip, a combined PDF, a mail run) written once and not read again by the run:
//! hashed as it becomes final, and let go of from the page cache a few megabytes behind the
//! writer. A county's run writes gigabytes it will not read back; left in the cache, every
//! megabyte takes memory the kernel must find and clear anew, which on a VM whose host takes
//! idle memory back costs more than the writing itself. Let go of, the same pages serve again.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;

use sha2::{Digest, Sha256};

use crate::model::hex;

/// Bytes hashed and sent to disk at a time.
const CHUNK: u64 = 8 << 20;

/// How the writer moves through the file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    /// Straight through: every byte is final once written.
    Forward,
    /// Going back to patch what it wrote, as a zip fills in each entry's size and checksum once
    /// the entry is written: bytes are final only up to where it last went back to.
    Patching,
}

pub struct Streamed<'a> {
    file: &'a File,
    writes: Writes,
    pos: u64,
    len: u64,
    /// Bytes before this will not change.
    fixed: u64,
    /// Bytes before this are hashed and on their way to disk; writing there is an error.
    hashed: u64,
    /// Bytes before this are on disk and out of the cache.
    dropped: u64,
    hasher: Sha256,
    buf: Vec<u8>,
}

impl<'a> Streamed<'a> {
    pub fn new(file: &'a File, writes: Writes) -> Streamed<'a> {
        Streamed {
            file,
            writes,
            pos: 0,
            len: 0,
            fixed: 0,
            hashed: 0,
            dropped: 0,
            hasher: Sha256::new(),
            buf: Vec::new(),
        }
    }

    /// Hashes and lets go of the rest; returns the file's length and SHA-256.
    pub fn finish(mut self) -> io::Result<(u64, String)> {
        self.fixed = self.len;
        self.settle(true)?;
        let_go(self.file, self.dropped, self.len);
        Ok((self.len, hex(&self.hasher.finalize())))
    }

    /// Hashes what has become final, reading it back from the cache, starts writing it to disk,
    /// and lets go of what was started the time before (by now mostly written): a chunk at a
    /// time, or everything final when `all`.
    fn settle(&mut self, all: bool) -> io::Result<()> {
        let (from, to) = (self.hashed, self.fixed);
        if to == from || (!all && to - from < CHUNK) {
            return Ok(());
        }
        let mut at = from;
        while at < to {
            let n = (to - at).min(CHUNK) as usize;
            self.buf.resize(n, 0);
            self.file.read_exact_at(&mut self.buf, at)?;
            self.hasher.update(&self.buf);
            at += n as u64;
        }
        start_writing(self.file, from, to);
        let_go(self.file, self.dropped, from);
        (self.dropped, self.hashed) = (from, to);
        Ok(())
    }
}

impl Write for Streamed<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.pos < self.hashed {
            return Err(io::Error::other(
                "a streamed file was changed where it had already been hashed",
            ));
        }
        self.file.write_all_at(data, self.pos)?;
        self.pos += data.len() as u64;
        self.len = self.len.max(self.pos);
        if self.writes == Writes::Forward {
            self.fixed = self.len;
        }
        self.settle(false)?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Seek for Streamed<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
        }
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of a file",
            )
        })?;
        if target < self.pos && self.writes == Writes::Patching {
            self.fixed = self.fixed.max(target);
        }
        self.pos = target;
        self.settle(false)?;
        Ok(target)
    }
}

// Advice to the kernel only: an error here changes nothing that was written.

#[cfg(target_os = "linux")]
fn start_writing(file: &File, from: u64, to: u64) {
    use std::os::fd::AsRawFd;
    // SAFETY: a plain system call on an open descriptor; `to > from` (a length of 0 would mean
    // "to the end of the file").
    unsafe {
        libc::sync_file_range(
            file.as_raw_fd(),
            from as i64,
            (to - from) as i64,
            libc::SYNC_FILE_RANGE_WRITE,
        )
    };
}

#[cfg(target_os = "linux")]
fn let_go(file: &File, from: u64, to: u64) {
    use std::os::fd::AsRawFd;
    if to > from {
        let (fd, offset, len) = (file.as_raw_fd(), from as i64, (to - from) as i64);
        let wait = libc::SYNC_FILE_RANGE_WAIT_BEFORE
            | libc::SYNC_FILE_RANGE_WRITE
            | libc::SYNC_FILE_RANGE_WAIT_AFTER;
        // SAFETY: as above; only clean pages can be dropped, hence the wait.
        unsafe {
            libc::sync_file_range(fd, offset, len, wait);
            libc::posix_fadvise(fd, offset, len, libc::POSIX_FADV_DONTNEED);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writing(_: &File, _: u64, _: u64) {}

#[cfg(not(target_os = "linux"))]
fn let_go(_: &File, _: u64, _: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip, the patching writer: entries larger than a chunk between small ones, so that
    /// parts are hashed and let go of while later headers are still being patched.
    #[test]
    fn hashes_a_zip_as_it_is_written() {
        use std::io::{BufWriter, Read};
        let file = tempfile::tempfile().unwrap();
        let big = vec![7u8; (CHUNK + 5) as usize];
        let entries: [&[u8]; 5] = [b"first", &big, b"middle", &big, b"last"];
        let mut w = BufWriter::new(Streamed::new(&file, Writes::Patching));
        let mut zip = zip::ZipWriter::new(&mut w);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (i, data) in entries.iter().enumerate() {
            zip.start_file(format!("{i}"), stored).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
        let streamed = w.into_inner().map_err(|e| e.into_error()).unwrap();
        assert!(streamed.hashed > CHUNK, "parts were settled before the end");
        let (len, sha) = streamed.finish().unwrap();

        let mut on_disk = Vec::new();
        (&file).seek(SeekFrom::Start(0)).unwrap();
        (&file).read_to_end(&mut on_disk).unwrap();
        assert_eq!(
            (len, sha),
            (on_disk.len() as u64, hex(&Sha256::digest(&on_disk)))
        );
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(on_disk)).unwrap();
        for (i, data) in entries.iter().enumerate() {
            let mut back = Vec::new();
            archive
                .by_name(&i.to_string())
                .unwrap()
                .read_to_end(&mut back)
                .unwrap();
            assert!(back == *data, "entry {i} reads back");
        }
    }

    #[test]
    fn refuses_to_change_what_it_hashed() {
        let file = tempfile::tempfile().unwrap();
        let mut s = Streamed::new(&file, Writes::Forward);
        s.write_all(&vec![1u8; (CHUNK * 2) as usize]).unwrap();
        s.seek(SeekFrom::Start(0)).unwrap();
        assert!(s.write_all(b"x").is_err());
    }
}
