//! Work on many objects at once: checking, policies and rendering each treat one object at a
//! time, independently of the others, so they split the objects over the available cores.

/// `job` applied to every item, on up to eight threads, results in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], job: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_chunks_with(
        items,
        || (),
        |(), part| part.iter().map(&job).collect::<Vec<R>>(),
    )
    .into_iter()
    .flatten()
    .collect()
}

/// `job` applied to one run of consecutive items on each of up to eight threads, results in the
/// items' order. Each thread gets a state that `make_state` makes on this thread: for what
/// cannot be shared between threads, such as a handle on the database.
pub fn map_chunks_with<T: Sync, S: Send, R: Send>(
    items: &[T],
    mut make_state: impl FnMut() -> S,
    job: impl Fn(S, &[T]) -> R + Sync,
) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    // Spawning threads costs more than a few small jobs.
    if workers == 1 || items.len() < 64 {
        return vec![job(make_state(), items)];
    }
    let chunk = items.len().div_ceil(workers);
    let job = &job;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let state = make_state();
                scope.spawn(move || job(state, part))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = super::map(&items, |n| n * 2);
        assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn each_run_of_items_gets_its_own_state() {
        let items: Vec<u32> = (0..1000).collect();
        let mut made = 0;
        let sums = super::map_chunks_with(
            &items,
            || {
                made += 1;
                made
            },
            |_state, part| part.iter().sum::<u32>(),
        );
        assert_eq!(sums.iter().sum::<u32>(), items.iter().sum::<u32>());
        assert_eq!(sums.len(), made as usize);
    }
}
