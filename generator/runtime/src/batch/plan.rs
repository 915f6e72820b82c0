//! Which steps go into which `$batch` request: a step travels with every step it is
//! connected to through `dependsOn`, and no request carries more than [`MAX_STEPS`].

use super::MAX_STEPS;

/// Splits `steps` (indices into `depends_on`, ascending) into batches of at most
/// [`MAX_STEPS`]. Steps linked by a dependency among `steps` (either way) stay in one
/// batch; dependencies on steps outside `steps` are ignored (they are done). Each batch
/// lists its steps in ascending order, so a dependency comes before its dependents.
///
/// Returns the size of the first group larger than a batch, with one of its steps.
pub(crate) fn pack(
    steps: &[usize],
    depends_on: &[Vec<usize>],
) -> Result<Vec<Vec<usize>>, (usize, usize)> {
    // Union-find over positions in `steps`.
    let position = |index: usize| steps.binary_search(&index).ok();
    let mut parent: Vec<usize> = (0..steps.len()).collect();
    fn root(parent: &mut [usize], mut at: usize) -> usize {
        while parent[at] != at {
            parent[at] = parent[parent[at]];
            at = parent[at];
        }
        at
    }
    for (at, &step) in steps.iter().enumerate() {
        for &dependency in &depends_on[step] {
            if let Some(other) = position(dependency) {
                let (a, b) = (root(&mut parent, at), root(&mut parent, other));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    // Groups in order of their first step; members ascending.
    let mut group_of_root: Vec<Option<usize>> = vec![None; steps.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (at, &step) in steps.iter().enumerate() {
        let r = root(&mut parent, at);
        let g = *group_of_root[r].get_or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(step);
    }
    if let Some(big) = groups.iter().find(|g| g.len() > MAX_STEPS) {
        return Err((big.len(), big[0]));
    }
    // First fit, largest groups first: few requests, each group whole.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| std::cmp::Reverse(groups[g].len()));
    let mut batches: Vec<Vec<usize>> = Vec::new();
    for g in order {
        let group = &groups[g];
        match batches
            .iter_mut()
            .find(|b| b.len() + group.len() <= MAX_STEPS)
        {
            Some(batch) => batch.extend_from_slice(group),
            None => batches.push(group.clone()),
        }
    }
    for batch in &mut batches {
        batch.sort_unstable();
    }
    batches.sort_by_key(|b| b[0]);
    Ok(batches)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step once, no batch too big, every dependency (among `steps`) alongside.
    fn check(steps: &[usize], depends_on: &[Vec<usize>], batches: &[Vec<usize>]) {
        let mut all: Vec<usize> = batches.concat();
        all.sort_unstable();
        assert_eq!(all, steps);
        for batch in batches {
            assert!(batch.len() <= MAX_STEPS, "{batch:?}");
            for &step in batch {
                for dependency in &depends_on[step] {
                    if steps.contains(dependency) {
                        assert!(batch.contains(dependency), "{step} without {dependency}");
                    }
                }
            }
        }
    }

    #[test]
    fn chains_stay_whole_and_batches_fill_up() {
        // 45 steps: chains of 7 (0..7, 7..14, 14..21), a fan-out 21 <- 22..26, the rest alone.
        let depends_on: Vec<Vec<usize>> = (0..45)
            .map(|step| match step {
                1..=6 | 8..=13 | 15..=20 => vec![step - 1],
                22..=25 => vec![21],
                _ => Vec::new(),
            })
            .collect();
        let steps: Vec<usize> = (0..45).collect();
        let batches = pack(&steps, &depends_on).unwrap();
        check(&steps, &depends_on, &batches);
        assert_eq!(batches.len(), 3, "{batches:?}");
    }

    #[test]
    fn random_graphs_are_packed_whole_or_refused_for_an_oversized_group() {
        // A fixed linear congruential sequence: the same graphs on every run.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % bound
        };
        for _ in 0..500 {
            let n = 1 + next(80) as usize;
            let depends_on: Vec<Vec<usize>> = (0..n)
                .map(|step| match step {
                    0 => Vec::new(),
                    _ => (0..next(3)).map(|_| next(step as u64) as usize).collect(),
                })
                .collect();
            // A subset of the steps, as in a retry round.
            let steps: Vec<usize> = (0..n).filter(|_| next(4) != 0).collect();
            match pack(&steps, &depends_on) {
                Ok(batches) => check(&steps, &depends_on, &batches),
                Err((size, first)) => {
                    assert!(size > MAX_STEPS);
                    // The group of `first` really is that big: grow it through the
                    // dependency links among `steps`.
                    let mut group = vec![first];
                    let mut grew = true;
                    while grew {
                        grew = false;
                        for &s in &steps {
                            let linked = depends_on[s].iter().any(|d| group.contains(d))
                                || group.iter().any(|g| depends_on[*g].contains(&s));
                            if linked && !group.contains(&s) {
                                group.push(s);
                                grew = true;
                            }
                        }
                    }
                    assert_eq!(group.len(), size);
                }
            }
        }
    }

    #[test]
    fn done_dependencies_do_not_bind_and_oversized_groups_are_refused() {
        let depends_on: Vec<Vec<usize>> = (0..30)
            .map(|step| {
                if step == 0 {
                    Vec::new()
                } else {
                    vec![step - 1]
                }
            })
            .collect();
        assert_eq!(
            pack(&(0..30).collect::<Vec<_>>(), &depends_on),
            Err((30, 0))
        );
        // Steps 0..10 are done: the rest of the chain is one group of 20.
        let rest: Vec<usize> = (10..30).collect();
        let batches = pack(&rest, &depends_on).unwrap();
        assert_eq!(batches, vec![rest.clone()]);
    }
}
