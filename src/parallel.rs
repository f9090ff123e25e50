//! Work over many items on a few threads, results in item order.

use crate::error::Error;

/// Runs `work` over `items` on `threads` threads, results in item order. Each thread of a rayon
/// pool of its own runs one loop taking the next item: Typst's layout and PDF export hand small
/// tasks to the current rayon pool and wait for them, and a worker waiting there runs them itself
/// instead of waking a thread that competes for the cores. Items are not rayon tasks, so a waiting
/// worker never starts another document (with `par_iter` it did, holding thousands half-done).
/// Items `heavy` picks out are made first, one at a time, by the first thread, while the others
/// start on the rest: a long notice taken last kept one core busy for seconds while the other
/// idled, and two taken together raised the peak memory by a third.
pub fn run<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    heavy: impl Fn(&T) -> bool,
    work: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>, Error> {
    let failed = |message: String| Error::Output {
        path: "(render thread)".into(),
        message,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        // Typst recurses deeply on long tables.
        .stack_size(256 << 20)
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let (heavy, light): (Vec<usize>, Vec<usize>) =
        (0..items.len()).partition(|&i| heavy(&items[i]));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let finished = pool.broadcast(|ctx| {
        let first = if ctx.index() == 0 { &heavy[..] } else { &[] };
        let rest = std::iter::from_fn(|| {
            light
                .get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                .copied()
        });
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for i in first.iter().copied().chain(rest) {
                let r = work(&items[i]);
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            }
        }))
        .is_ok()
    });
    if finished.contains(&false) {
        return Err(failed("a render thread failed".into()));
    }
    Ok(slots
        .into_iter()
        .filter_map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect())
}
