//! Running a few jobs of very different sizes on the thread pool so that the big ones start
//! first, side by side, instead of queued one behind another on one thread.
//!
//! Rayon's parallel iterators split a list into halves that each thread works through from
//! its own end: a few big jobs at the front all go to the first thread, one after another,
//! while the other threads take the small jobs at the back. A full build has thousands of
//! pages and this evens out (and keeping the big index pages on one thread, one at a time,
//! keeps the peak memory down: about 200 against 245 MiB at 10,000 exercises). An update in
//! `spotter serve` has a few dozen, and there the exercise index, the cards index and the
//! feeds ran back to back on one thread while the other finished early. Here each thread
//! instead takes the next job not yet started, so with the biggest jobs listed first they
//! start first, on different threads, and the small ones fill in around them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// `f` over `jobs` on the current thread pool, the jobs started in the order given, each
/// thread taking the next job as soon as it is free. The results are in the order of `jobs`.
pub fn in_order<T, R, F>(jobs: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send + Sync,
    F: Fn(&T) -> R + Sync,
{
    let results: Vec<OnceLock<R>> = jobs.iter().map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    let worker = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(i) else {
            break;
        };
        // Each index is taken once, so each slot is set once.
        let _ = results[i].set(f(job));
    };
    let threads = rayon::current_num_threads().min(jobs.len());
    rayon::scope(|s| {
        for _ in 1..threads {
            s.spawn(|_| worker());
        }
        worker();
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .expect("every job ran: the workers stop only when none is left")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn results_come_back_in_the_order_of_the_jobs() {
        let jobs: Vec<u64> = (0..1000).collect();
        let squares = in_order(&jobs, |&n| n * n);
        assert_eq!(squares, jobs.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn each_job_runs_once() {
        let jobs: Vec<usize> = (0..500).collect();
        let ran = Mutex::new(Vec::new());
        in_order(&jobs, |&i| ran.lock().unwrap().push(i));
        let mut ran = ran.into_inner().unwrap();
        ran.sort_unstable();
        assert_eq!(ran, jobs);
    }

    #[test]
    fn no_jobs_and_one_job() {
        assert!(in_order(&[] as &[u8], |&b| b).is_empty());
        assert_eq!(in_order(&[7u8], |&b| b + 1), vec![8]);
    }

    #[test]
    fn on_two_threads_the_first_two_jobs_start_first() {
        // Job 0 holds its thread until another job has started. Taking jobs in order, the
        // other thread starts job 1 beside it; with parallel iterators' halving it would start
        // job 32 and work through the back half first, leaving job 1 queued behind job 0.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let started = Mutex::new(Vec::new());
        let jobs: Vec<usize> = (0..64).collect();
        let done = pool.install(|| {
            in_order(&jobs, |&i| {
                started.lock().unwrap().push(i);
                if i == 0 {
                    let waited = std::time::Instant::now();
                    while started.lock().unwrap().len() < 2 {
                        assert!(waited.elapsed() < std::time::Duration::from_secs(10));
                        std::thread::yield_now();
                    }
                }
                i
            })
        });
        assert_eq!(done, jobs);
        let started = started.into_inner().unwrap();
        let mut first_two = started[..2].to_vec();
        first_two.sort_unstable();
        assert_eq!(first_two, [0, 1], "started in the order {started:?}");
    }
}
