//! A large file (a zip, a combined PDF, a mail run) written once and not read again by the run:
//! hashed as it becomes final, and let go of from the page cache a few megabytes behind the
//! writer. A county's run writes gigabytes it will not read back; left in the cache, every
//! megabyte takes memory the kernel must find and clear anew, which on a VM whose host takes
//! idle memory back costs more than the writing itself. Let go of, the same pages serve again.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;

use sha2::{Digest, Sha256};

use crate::read::hex;

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
        Streamed { file, writes, pos: 0, len: 0, fixed: 0, hashed: 0, dropped: 0, hasher: Sha256::new(), buf: Vec::new() }
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
            return Err(io::Error::other("a streamed file was changed where it had already been hashed"));
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
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start of a file"))?;
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
    unsafe { libc::sync_file_range(file.as_raw_fd(), from as i64, (to - from) as i64, libc::SYNC_FILE_RANGE_WRITE) };
}

#[cfg(target_os = "linux")]
fn let_go(file: &File, from: u64, to: u64) {
    use std::os::fd::AsRawFd;
    if to > from {
        let (fd, offset, len) = (file.as_raw_fd(), from as i64, (to - from) as i64);
        let wait = libc::SYNC_FILE_RANGE_WAIT_BEFORE | libc::SYNC_FILE_RANGE_WRITE | libc::SYNC_FILE_RANGE_WAIT_AFTER;
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

    /// Two zip-like entries, each header patched once its entry is written; the second patch
    /// comes after more than a chunk, so the first entry is hashed and let go of meanwhile.
    #[test]
    fn hashes_what_a_patching_writer_leaves() {
        let file = tempfile::tempfile().unwrap();
        let mut s = Streamed::new(&file, Writes::Patching);
        let big = vec![7u8; (CHUNK + 5) as usize];
        let mut expected = Vec::new();
        for (header, body) in [(&b"one?"[..], &big[..]), (b"two?", b"tail")] {
            let start = s.stream_position().unwrap();
            s.write_all(header).unwrap();
            s.write_all(body).unwrap();
            s.seek(SeekFrom::Start(start + 3)).unwrap();
            s.write_all(b"!").unwrap();
            s.seek(SeekFrom::End(0)).unwrap();
            expected.extend(&header[..3]);
            expected.push(b'!');
            expected.extend(body);
        }
        assert!(s.hashed > CHUNK, "the first entry was settled before the end");
        let (len, sha) = s.finish().unwrap();
        assert_eq!(len, expected.len() as u64);
        assert_eq!(sha, hex(&Sha256::digest(&expected)));
        let mut on_disk = vec![0; expected.len()];
        file.read_exact_at(&mut on_disk, 0).unwrap();
        assert!(on_disk == expected);
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
