//! "Did you mean": the closest known name to a misspelt one, by edit
//! distance counting a swap of two neighbouring letters as one edit.

/// The candidate closest to `input` by edit distance, if it is close enough to
/// be the likely intent. Ties go to the earliest candidate, so the answer does
/// not depend on anything but the inputs.
pub fn best<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (input.chars().count() / 3).max(1);
    let lower = input.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        if cand == input {
            continue;
        }
        // Cheap bound before the quadratic distance: lengths that differ by
        // more than the limit cannot be within it.
        if cand.len().abs_diff(input.len()) > limit + 1 {
            continue;
        }
        let d = if cand.to_lowercase() == lower {
            0
        } else {
            strsim::osa_distance(input, cand)
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
