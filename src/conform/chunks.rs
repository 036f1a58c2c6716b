//! A report made in parallel and written in order, a chunk at a time, by
//! the threads that make it.
//!
//! Each thread of the pool claims the next chunk, makes it into a buffer of
//! its own and hands it over; whichever thread hands over the chunk the
//! output waits for writes it, with any made after it that were waiting.
//!
//! The JSON report of 10,000 offerings is 200 MB. It was made a batch of
//! 256 offerings at a time into buffers kept for the next batch, and
//! written by the calling thread between batches: the pool waited at
//! every batch's end for the slowest offering and for the write, and the
//! buffers held 5 MB and more. Here no thread waits for another unless
//! the output does (a slow pipe), or the chunk it would make is more than
//! [`AHEAD`] past the one the output waits for; a chunk (16 offerings, a
//! few hundred kilobytes) is written as soon as those before it are.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Chunks made ahead of the one the output waits for, at most: a thread
/// that the system holds up cannot leave the others piling up the rest of
/// the report in memory.
const AHEAD: usize = 8;

/// Make chunks `0..chunks` with `make` (which appends chunk `i` to the
/// buffer it is given) on every thread of the pool, and write them to `w`
/// in order. The first error writing stops the run and is returned; chunks
/// not written yet are then not made.
pub fn write_in_order(
    chunks: usize,
    w: &mut (dyn Write + Send),
    make: impl Fn(usize, &mut Vec<u8>) + Sync,
) -> std::io::Result<()> {
    let sink = Sink {
        state: Mutex::new(State {
            w,
            next: 0,
            ready: BTreeMap::new(),
            spare: Vec::new(),
            error: None,
            stopped: false,
        }),
        room: Condvar::new(),
    };
    let claimed = AtomicUsize::new(0);
    rayon::broadcast(|_| {
        // Should `make` panic, the others are told to stop rather than
        // wait for the chunk that will never come.
        let _stop = StopOnPanic(&sink);
        loop {
            // A buffer first, then a chunk: a thread waiting for room never
            // holds the chunk the output waits for.
            let Some(mut buffer) = sink.buffer() else {
                return;
            };
            let chunk = claimed.fetch_add(1, Ordering::Relaxed);
            if chunk >= chunks {
                return;
            }
            buffer.clear();
            make(chunk, &mut buffer);
            sink.put(chunk, buffer);
        }
    });
    let state = sink
        .state
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    match state.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

struct Sink<'w> {
    state: Mutex<State<'w>>,
    /// Signalled when chunks are written (or the run stops).
    room: Condvar,
}

struct State<'w> {
    w: &'w mut (dyn Write + Send),
    /// The chunk the output waits for.
    next: usize,
    /// Chunks made after it, waiting for it.
    ready: BTreeMap<usize, Vec<u8>>,
    /// Buffers written out, to be filled again.
    spare: Vec<Vec<u8>>,
    error: Option<std::io::Error>,
    /// Writing failed or a thread panicked: no more chunks are made.
    stopped: bool,
}

impl<'w> Sink<'w> {
    fn lock(&self) -> MutexGuard<'_, State<'w>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A buffer to make a chunk in, once fewer than [`AHEAD`] are waiting;
    /// `None` once the run has stopped.
    fn buffer(&self) -> Option<Vec<u8>> {
        let mut state = self.lock();
        while state.ready.len() >= AHEAD && !state.stopped {
            state = self
                .room
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.stopped {
            return None;
        }
        Some(state.spare.pop().unwrap_or_default())
    }

    /// Chunk `chunk`, made: written now if the output was waiting for it,
    /// with those after it that are ready, else kept until it is. The
    /// write holds the lock: letting the others make chunks meanwhile was
    /// slower through a pipe (531 against 414 ms for 10,000 offerings into
    /// `cat`), whose reader then had less of the machine.
    fn put(&self, chunk: usize, buffer: Vec<u8>) {
        let mut state = self.lock();
        state.ready.insert(chunk, buffer);
        let mut wrote = false;
        loop {
            let next = state.next;
            let Some(buffer) = state.ready.remove(&next) else {
                break;
            };
            if !state.stopped
                && let Err(e) = state.w.write_all(&buffer)
            {
                state.error = Some(e);
                state.stopped = true;
            }
            state.next += 1;
            state.spare.push(buffer);
            wrote = true;
        }
        drop(state);
        if wrote {
            self.room.notify_all();
        }
    }
}

/// Stops the run when dropped by a panic.
struct StopOnPanic<'s, 'w>(&'s Sink<'w>);

impl Drop for StopOnPanic<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().stopped = true;
            self.0.room.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes whole writes until `fail_after` of them.
    struct Counting {
        out: Vec<u8>,
        writes: usize,
        fail_after: usize,
    }

    impl Write for Counting {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.writes == self.fail_after {
                return Err(std::io::ErrorKind::StorageFull.into());
            }
            self.writes += 1;
            self.out.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Chunk `i`: its number, and a pause that varies so that threads
    /// finish out of order.
    fn make(i: usize, out: &mut Vec<u8>) {
        if i % 7 == 3 {
            std::thread::sleep(std::time::Duration::from_micros(300));
        }
        out.extend_from_slice(format!("<{i}>").as_bytes());
    }

    /// What chunks `range` make, one after another.
    fn numbered(range: std::ops::Range<usize>) -> String {
        let mut out = Vec::new();
        for i in range {
            make(i, &mut out);
        }
        String::from_utf8(out).unwrap()
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn chunks_are_written_in_order_on_any_number_of_threads() {
        let expected = numbered(0..500);
        for threads in [1, 2, 4] {
            let mut w = Counting {
                out: Vec::new(),
                writes: 0,
                fail_after: usize::MAX,
            };
            pool(threads)
                .install(|| write_in_order(500, &mut w, make))
                .unwrap();
            assert_eq!(String::from_utf8(w.out).unwrap(), expected);
        }
        let mut w = Counting {
            out: Vec::new(),
            writes: 0,
            fail_after: usize::MAX,
        };
        write_in_order(0, &mut w, make).unwrap();
        assert!(w.out.is_empty());
    }

    #[test]
    fn a_failed_write_stops_the_run_and_is_returned() {
        let made = AtomicUsize::new(0);
        let mut w = Counting {
            out: Vec::new(),
            writes: 0,
            fail_after: 10,
        };
        let result = pool(4).install(|| {
            write_in_order(100_000, &mut w, |i, out| {
                made.fetch_add(1, Ordering::Relaxed);
                make(i, out);
            })
        });
        assert_eq!(result.unwrap_err().kind(), std::io::ErrorKind::StorageFull);
        let expected = numbered(0..10);
        assert_eq!(String::from_utf8(w.out).unwrap(), expected);
        // Only the chunks claimed before the failure, at most a few ahead.
        assert!(made.load(Ordering::Relaxed) < 10 + AHEAD + 8);
    }

    #[test]
    fn a_panic_in_one_thread_stops_the_others_and_is_raised() {
        let mut w = Counting {
            out: Vec::new(),
            writes: 0,
            fail_after: usize::MAX,
        };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool(4).install(|| {
                write_in_order(100_000, &mut w, |i, out| {
                    assert!(i != 5, "chunk 5 cannot be made");
                    make(i, out);
                })
            })
        }));
        assert!(result.is_err());
        // What was written is in order and stops before the chunk that
        // could not be made (a chunk made beside it may not be written).
        let written = String::from_utf8(w.out).unwrap();
        let expected = numbered(0..5);
        assert!(expected.starts_with(&written), "{written}");
    }
}
