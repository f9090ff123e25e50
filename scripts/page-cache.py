#!/usr/bin/env python3
"""What writing into the page cache costs this machine, the way clearpress writes its large files.

    python3 scripts/page-cache.py /path/on/the/output/disk/probe 3 plain   # 3 GB, left in the cache
    python3 scripts/page-cache.py /path/on/the/output/disk/probe 3 behind  # let go of behind the writer

Prints wall and system seconds; deletes the file afterwards. Run it twice in a row and again after
20 s: on a VM whose host takes back idle memory (a balloon with free-page reporting), `plain` costs
several seconds of system time per GB unless memory was freed just before; `behind` (as
`src/output/streamed.rs` does it: 8 MB at a time sent to disk, and the one before waited for and
dropped) reuses the same pages. Writes only the named file. Linux only.
"""
import ctypes, os, resource, sys, time

path, gb, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
libc = ctypes.CDLL("libc.so.6", use_errno=True)
libc.sync_file_range.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]
WRITE, WAIT_ALL = 2, 1 | 2 | 4
chunk = 8 << 20
data = os.urandom(1 << 20) * 8
before, start = resource.getrusage(resource.RUSAGE_SELF), time.time()
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
for i in range(gb * 1024 // 8):
    os.write(fd, data)
    if mode == "behind":
        libc.sync_file_range(fd, i * chunk, chunk, WRITE)
        if i > 0:
            libc.sync_file_range(fd, (i - 1) * chunk, chunk, WAIT_ALL)
            os.posix_fadvise(fd, (i - 1) * chunk, chunk, os.POSIX_FADV_DONTNEED)
os.close(fd)
after = resource.getrusage(resource.RUSAGE_SELF)
print(f"{mode}: {gb} GB in {time.time() - start:.2f} s, system {after.ru_stime - before.ru_stime:.2f} s")
os.unlink(path)
