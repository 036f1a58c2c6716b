//! "Did you mean": the closest known name to a misspelt one, by edit
//! distance counting a swap of two neighbouring letters as one edit (optimal
//! string alignment).
//!
//! This runs once per unknown name against every candidate of its kind, so
//! a conformance run over thousands of broken offerings spends real time
//! here: the distance is bounded (it gives up as soon as the best answer so
//! far cannot be beaten) and reuses its buffers instead of allocating per
//! candidate, and a [`Dictionary`] asked many times finds the candidates one
//! edit away without comparing against all of them.

/// The candidate closest to `input` by edit distance, if it is close enough to
/// be the likely intent. Ties go to the earliest candidate, so the answer does
/// not depend on anything but the inputs. A candidate equal to `input` but for
/// letter case is at distance 0.
pub fn best<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    best_of(input, &candidates, |search| search.closest(&candidates, 1))
}

/// [`best`], with the pass that looks one edit away given by the caller.
fn best_of<'a>(
    input: &str,
    candidates: &[&'a str],
    one_edit: impl FnOnce(&mut Search) -> Option<&'a str>,
) -> Option<&'a str> {
    let wanted: Vec<char> = input.chars().collect();
    let limit = (wanted.len() / 3).max(1);
    let mut search = Search {
        input,
        wanted,
        hist: Histogram::of(input),
        scratch: Scratch::default(),
    };
    // Most misspellings are one edit away. A first pass that only accepts
    // those rules out nearly every candidate cheaply; the full bound is
    // searched only when it finds nothing. Anything within one edit beats
    // anything further, so the answer is the same as a single pass's.
    if let Some(found) = one_edit(&mut search) {
        return Some(found);
    }
    if limit > 1 {
        search.closest(candidates, limit)
    } else {
        None
    }
}

/// Candidates asked about many times (the IDs of a standard, against every
/// offering of a batch), indexed by their one-character deletions so that
/// the candidates within one edit of a name are found by lookup.
///
/// Two strings are within one edit (or differ only in letter case) only if,
/// lower-cased, they are equal, one is the other less a character, or each
/// less one character gives the same string (a substitution, or a swap of
/// neighbours). Hashes of all those strings for every candidate, sorted,
/// give a superset of the candidates within one edit, which are then
/// measured as [`best`] measures them: the answers are the same as
/// [`best`]'s, in time that does not grow with the number of candidates.
pub struct Dictionary<'a> {
    words: Vec<&'a str>,
    /// (hash of a word or of the word less one character, word index),
    /// sorted. Only ASCII words are indexed.
    near: Vec<(u64, u32)>,
    /// Words that are not ASCII, whose case folding may change their
    /// length: always measured.
    others: Vec<u32>,
}

impl<'a> Dictionary<'a> {
    /// A dictionary of `words`.
    pub fn new(words: Vec<&'a str>) -> Self {
        let mut near = Vec::with_capacity(words.iter().map(|w| w.len() + 1).sum());
        let mut others = Vec::new();
        let mut hashes = Vec::new();
        for (i, word) in words.iter().enumerate() {
            if word.is_ascii() {
                hashes.clear();
                deletion_hashes(word.as_bytes(), &mut hashes);
                near.extend(hashes.iter().map(|&h| (h, i as u32)));
            } else {
                others.push(i as u32);
            }
        }
        let mut near = sorted_by_hash(near);
        near.dedup();
        Dictionary {
            words,
            near,
            others,
        }
    }

    /// What [`best`] would answer for `input` among the words.
    pub fn best(&self, input: &str) -> Option<&'a str> {
        if !input.is_ascii() {
            return best(input, self.words.iter().copied());
        }
        best_of(input, &self.words, |search| {
            let mut hashes = Vec::new();
            deletion_hashes(input.as_bytes(), &mut hashes);
            let mut found: Vec<u32> = self.others.clone();
            for h in hashes {
                let start = self.near.partition_point(|&(k, _)| k < h);
                found.extend(
                    self.near[start..]
                        .iter()
                        .take_while(|&&(k, _)| k == h)
                        .map(|&(_, i)| i),
                );
            }
            // In the words' order, so ties go to the earliest as in `best`.
            found.sort_unstable();
            found.dedup();
            let near: Vec<&'a str> = found.iter().map(|&i| self.words[i as usize]).collect();
            search.closest(&near, 1)
        })
    }
}

/// `near` in the order `sort_unstable` gives. The hashes are spread
/// evenly, so one pass that puts each entry in a bucket by the top bits of
/// its hash leaves buckets of about four entries to sort: the whole sort
/// of a standard's 37,000 entries was most of the 2 ms a dictionary took
/// to build, while a thread checking offerings waited for it.
fn sorted_by_hash(mut near: Vec<(u64, u32)>) -> Vec<(u64, u32)> {
    let n = near.len();
    if n < 1024 {
        near.sort_unstable();
        return near;
    }
    // About a quarter as many buckets as entries, at most 2^24.
    let bits = (usize::BITS - n.leading_zeros()).saturating_sub(2).min(24);
    let shift = 64 - bits;
    // Below 2^24, so the cast keeps every bit.
    #[allow(clippy::cast_possible_truncation)]
    let bucket = |h: u64| (h >> shift) as usize;
    let mut ends = vec![0usize; (1 << bits) + 1];
    for &(h, _) in &near {
        ends[bucket(h) + 1] += 1;
    }
    for i in 1..ends.len() {
        ends[i] += ends[i - 1];
    }
    let mut fill = ends.clone();
    let mut out = vec![(0, 0); n];
    for entry in near {
        let b = bucket(entry.0);
        out[fill[b]] = entry;
        fill[b] += 1;
    }
    for w in ends.windows(2) {
        out[w[0]..w[1]].sort_unstable();
    }
    out
}

/// Hashes of `word` lower-cased and of each string made by deleting one of
/// its bytes, into `out`.
fn deletion_hashes(word: &[u8], out: &mut Vec<u64>) {
    const BASE: u64 = 0x100_0000_01b3;
    let lower = |b: u8| u64::from(b.to_ascii_lowercase()) + 1;
    let n = word.len();
    // prefix[i]: hash of word[..i]; suffix[i]: hash of word[i..], with
    // power[i] = BASE^i to join a prefix to a suffix of length i.
    let mut prefix = vec![0u64; n + 1];
    let mut power = vec![1u64; n + 1];
    for i in 0..n {
        prefix[i + 1] = prefix[i].wrapping_mul(BASE).wrapping_add(lower(word[i]));
        power[i + 1] = power[i].wrapping_mul(BASE);
    }
    let mut suffix = vec![0u64; n + 1];
    for i in (0..n).rev() {
        suffix[i] = lower(word[i])
            .wrapping_mul(power[n - 1 - i])
            .wrapping_add(suffix[i + 1]);
    }
    out.push(mix(prefix[n]));
    for i in 0..n {
        let joined = prefix[i]
            .wrapping_mul(power[n - 1 - i])
            .wrapping_add(suffix[i + 1]);
        out.push(mix(joined));
    }
}

/// A final scramble of a polynomial hash, so that nearby values spread.
fn mix(h: u64) -> u64 {
    let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// What one "did you mean" compares the candidates against.
struct Search<'i> {
    input: &'i str,
    wanted: Vec<char>,
    hist: Histogram,
    scratch: Scratch,
}

impl Search<'_> {
    /// The earliest of the closest candidates within `limit`.
    fn closest<'a>(&mut self, candidates: &[&'a str], limit: usize) -> Option<&'a str> {
        let mut best: Option<(usize, &'a str)> = None;
        for &cand in candidates {
            if cand == self.input {
                continue;
            }
            // Only a strictly closer candidate replaces the best so far.
            let bound = match best {
                Some((0, _)) => break,
                Some((d, _)) => d - 1,
                None => limit,
            };
            let d = if same_but_case(self.input, cand) {
                Some(0)
            } else if self.hist.lower_bound(cand) > bound {
                None
            } else {
                self.scratch.distance(&self.wanted, cand, bound)
            };
            if let Some(d) = d {
                best = Some((d, cand));
            }
        }
        best.map(|(_, c)| c)
    }
}

fn same_but_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// How often each character occurs, folded into 64 buckets: a lower bound
/// on the distance for the cost of one pass over a candidate, where the
/// distance itself is quadratic. Most candidates of a large kind (thousands
/// of capability IDs) are ruled out here.
struct Histogram([i16; 64]);

impl Histogram {
    fn bucket(c: char) -> usize {
        (c as usize) & 63
    }

    fn of(s: &str) -> Self {
        let mut h = [0i16; 64];
        for c in s.chars() {
            h[Self::bucket(c)] = h[Self::bucket(c)].saturating_add(1);
        }
        Histogram(h)
    }

    /// Each edit changes the counts by at most two (a substitution takes one
    /// from a bucket and adds one to another; a swap changes none), so half
    /// the counts' difference, rounded up, is at most the distance (which
    /// compares characters exactly, as this does).
    fn lower_bound(&self, cand: &str) -> usize {
        let mut diff = self.0;
        for c in cand.chars() {
            diff[Self::bucket(c)] = diff[Self::bucket(c)].saturating_sub(1);
        }
        let total: usize = diff.iter().map(|d| d.unsigned_abs() as usize).sum();
        total.div_ceil(2)
    }
}

/// Buffers reused across candidates.
#[derive(Default)]
struct Scratch {
    cand: Vec<char>,
    rows: [Vec<usize>; 3],
}

impl Scratch {
    /// The optimal-string-alignment distance between `a` and `b` if it is at
    /// most `max`, else `None` (found out early whenever possible).
    fn distance(&mut self, a: &[char], b: &str, max: usize) -> Option<usize> {
        self.cand.clear();
        self.cand.extend(b.chars());
        let b = &self.cand;
        // Cheap bound before the quadratic distance: lengths that differ by
        // more than the bound cannot be within it.
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        // Only cells within `max` of the diagonal can end within `max`:
        // the band is computed and everything outside it reads as `big`.
        let big = max + 1;
        let width = b.len() + 1;
        let [older, prev, cur] = &mut self.rows;
        for row in [&mut *older, &mut *prev, &mut *cur] {
            row.clear();
            row.resize(width, big);
        }
        for (j, cell) in prev.iter_mut().enumerate().take(big) {
            *cell = j;
        }
        let mut prev_min = 0;
        for i in 1..=a.len() {
            let lo = i.saturating_sub(max).max(1);
            let hi = (i + max).min(b.len());
            cur[0] = if i <= max { i } else { big };
            if lo > 1 {
                cur[lo - 1] = big;
            }
            let mut row_min = cur[0];
            for j in lo..=hi {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = d.min(older[j - 2] + 1);
                }
                let d = d.min(big);
                cur[j] = d;
                row_min = row_min.min(d);
            }
            if hi < b.len() {
                cur[hi + 1] = big;
            }
            // A swap reaches back two rows, so give up only when two rows in
            // a row are already over the bound.
            if row_min > max && prev_min > max {
                return None;
            }
            prev_min = row_min;
            std::mem::swap(older, prev);
            std::mem::swap(prev, cur);
        }
        let d = prev[b.len()];
        (d <= max).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_hash_sorts_as_sort_unstable_does() {
        // Hashes spread as the dictionary's are, and bunched ones: equal
        // hashes, near ones, and the two ends of the range.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for n in [0, 1, 1023, 1024, 5000, 37_000] {
            let mut near: Vec<(u64, u32)> = (0..n).map(|i| (next(), i)).collect();
            for i in (0..near.len()).step_by(7) {
                near[i].0 = near[i / 2].0;
            }
            for i in (0..near.len()).step_by(11) {
                near[i].0 = [0, 1, u64::MAX, u64::MAX - 1][i % 4];
            }
            let mut expected = near.clone();
            expected.sort_unstable();
            assert_eq!(sorted_by_hash(near), expected, "{n} entries");
        }
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["statement", "activity", "references"];
        assert_eq!(best("statment", keys), Some("statement"));
        assert_eq!(best("Activity", keys), Some("activity"));
        assert_eq!(best("colour", keys), None);
        assert_eq!(
            best("GRM.010.010.01", ["GRM.010.010.011", "GRM.010.010.012"]),
            Some("GRM.010.010.011")
        );
        assert_eq!(best("ÉTAT", ["état", "etat"]), Some("état"));
    }

    /// A fixed linear congruential sequence from `seed`: test inputs that
    /// are the same on every run.
    fn sequence(seed: u64) -> impl FnMut() -> usize {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        }
    }

    /// A word of `min` to `min + spread - 1` characters of `alphabet`,
    /// drawn from `next`.
    fn word(
        alphabet: &[char],
        min: usize,
        spread: usize,
        next: &mut impl FnMut() -> usize,
    ) -> String {
        let len = min + next() % spread;
        (0..len)
            .map(|_| alphabet[next() % alphabet.len()])
            .collect()
    }

    /// `best` gives what a plain scan gives: the earliest candidate at the
    /// smallest distance (strsim's) within the limit.
    #[test]
    fn best_is_the_plain_scan() {
        let alphabet: Vec<char> = "abc.0".chars().collect();
        let mut next = sequence(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3_000 {
            let input = word(&alphabet, 3, 8, &mut next);
            let candidates: Vec<String> =
                (0..12).map(|_| word(&alphabet, 3, 8, &mut next)).collect();
            let limit = (input.chars().count() / 3).max(1);
            let mut plain: Option<(usize, &str)> = None;
            for c in &candidates {
                if *c == input {
                    continue;
                }
                let d = strsim::osa_distance(&input, c);
                if d <= limit && plain.is_none_or(|(b, _)| d < b) {
                    plain = Some((d, c));
                }
            }
            let got = best(&input, candidates.iter().map(String::as_str));
            assert_eq!(got, plain.map(|(_, c)| c), "{input:?} among {candidates:?}");
        }
    }

    /// A dictionary answers what `best` answers, over words close enough to
    /// one another that lookups find many and miss some: swaps, case,
    /// repeats, and words that are not ASCII.
    #[test]
    fn dictionary_answers_as_best_does() {
        let alphabet: Vec<char> = "aAb.0é".chars().collect();
        let mut next = sequence(0x51_7cc1_b727_220a);
        for _ in 0..2_000 {
            let input = word(&alphabet, 0, 9, &mut next);
            let words: Vec<String> = (0..40).map(|_| word(&alphabet, 0, 9, &mut next)).collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let dictionary = Dictionary::new(words.clone());
            assert_eq!(
                dictionary.best(&input),
                best(&input, words.iter().copied()),
                "{input:?} among {words:?}"
            );
        }
        let ids = ["GRM.010.010.011", "GRM.010.010.012", "grm.010.010.013"];
        let dictionary = Dictionary::new(ids.to_vec());
        assert_eq!(dictionary.best("GRM.010.010.0111"), Some("GRM.010.010.011"));
        // A substitution ties with the swap; the earlier word wins.
        assert_eq!(dictionary.best("GRM.010.010.031"), Some("GRM.010.010.011"));
        assert_eq!(dictionary.best("GRM.010.010.013"), Some("grm.010.010.013"));
        assert_eq!(dictionary.best("GRM.010.100.011"), Some("GRM.010.010.011"));
        assert_eq!(dictionary.best("XYZ"), None);
    }

    /// The bounded distance agrees with a plain one (strsim's) wherever the
    /// plain one is within the bound, and gives up only where it is not.
    #[test]
    fn bounded_distance_matches_the_plain_one() {
        let alphabet: Vec<char> = "ab.0é".chars().collect();
        // Many short strings over a small alphabet, so swaps and repeats are
        // frequent.
        let mut next = sequence(0x2545_f491_4f6c_dd1d);
        let mut scratch = Scratch::default();
        for _ in 0..20_000 {
            let a = word(&alphabet, 0, 7, &mut next);
            let b = word(&alphabet, 0, 7, &mut next);
            let max = next() % 5;
            let a_chars: Vec<char> = a.chars().collect();
            let plain = strsim::osa_distance(&a, &b);
            let bounded = scratch.distance(&a_chars, &b, max);
            let expected = (plain <= max).then_some(plain);
            assert_eq!(bounded, expected, "{a:?} vs {b:?} within {max}");
            // The histogram never rules out a candidate within reach.
            assert!(
                Histogram::of(&a).lower_bound(&b) <= plain,
                "{a:?} vs {b:?}: bound over the distance {plain}"
            );
        }
    }
}
