//! From a question's id to its position in a list, without a walk over the list.
//!
//! Ids are usually dense (1..n, with a few gaps from deleted questions): then a table indexed by
//! id, else the ids sorted and searched. Both are cheaper to build and to read than a hash map,
//! which matters because the app rebuilds them after every change.

/// Positions of ids in a list, built from the list's ids in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdIndex {
    /// `table[id]` is the position, or `u32::MAX` for no such id.
    Dense(Vec<u32>),
    /// `(id, position)`, sorted by id.
    Sparse(Vec<(u32, u32)>),
}

impl Default for IdIndex {
    fn default() -> Self {
        IdIndex::Dense(Vec::new())
    }
}

impl IdIndex {
    pub fn new(ids: &[u32]) -> IdIndex {
        let max = ids.iter().copied().max().unwrap_or(0) as usize;
        if max <= 4 * ids.len() + 64 {
            let mut table = vec![u32::MAX; max + 1];
            for (position, &id) in ids.iter().enumerate() {
                table[id as usize] = position as u32;
            }
            IdIndex::Dense(table)
        } else {
            let mut pairs: Vec<(u32, u32)> = ids
                .iter()
                .enumerate()
                .map(|(position, &id)| (id, position as u32))
                .collect();
            pairs.sort_unstable();
            IdIndex::Sparse(pairs)
        }
    }

    /// Records that `id` is at `position` (a question added at the end of the list).
    pub fn push(&mut self, id: u32, position: usize) {
        match self {
            IdIndex::Dense(table) if (id as usize) <= 4 * position + 64 => {
                if table.len() <= id as usize {
                    table.resize(id as usize + 1, u32::MAX);
                }
                table[id as usize] = position as u32;
            }
            IdIndex::Dense(table) => {
                // Too far out for a table: the sorted pairs instead.
                let mut pairs: Vec<(u32, u32)> = table
                    .iter()
                    .enumerate()
                    .filter(|&(_, &p)| p != u32::MAX)
                    .map(|(i, &p)| (i as u32, p))
                    .collect();
                pairs.push((id, position as u32));
                pairs.sort_unstable();
                *self = IdIndex::Sparse(pairs);
            }
            IdIndex::Sparse(pairs) => {
                let at = pairs.partition_point(|&(i, _)| i < id);
                pairs.insert(at, (id, position as u32));
            }
        }
    }

    /// The largest id in the list (most often read at the end of the table).
    pub fn max_id(&self) -> Option<u32> {
        match self {
            IdIndex::Dense(table) => table
                .iter()
                .rposition(|&p| p != u32::MAX)
                .map(|id| id as u32),
            IdIndex::Sparse(pairs) => pairs.last().map(|&(id, _)| id),
        }
    }

    /// The position of `id`, if it is in the list.
    pub fn get(&self, id: u32) -> Option<usize> {
        match self {
            IdIndex::Dense(table) => table
                .get(id as usize)
                .filter(|&&p| p != u32::MAX)
                .map(|&p| p as usize),
            IdIndex::Sparse(pairs) => pairs
                .binary_search_by_key(&id, |&(id, _)| id)
                .ok()
                .map(|k| pairs[k].1 as usize),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_id_is_read_without_a_walk() {
        assert_eq!(IdIndex::new(&[]).max_id(), None);
        assert_eq!(IdIndex::new(&[3, 1, 2]).max_id(), Some(3));
        assert_eq!(IdIndex::new(&[5, 1_000_000]).max_id(), Some(1_000_000));
        let mut index = IdIndex::new(&[1, 2]);
        index.push(9, 2);
        assert_eq!(index.max_id(), Some(9));
        index.push(4_000_000, 3);
        assert_eq!(index.max_id(), Some(4_000_000));
    }

    #[test]
    fn dense_and_sparse_ids_find_their_positions() {
        for ids in [vec![3, 1, 2, 7], vec![5, u32::MAX - 1, 9, 1_000_000]] {
            let index = IdIndex::new(&ids);
            for (position, &id) in ids.iter().enumerate() {
                assert_eq!(index.get(id), Some(position), "{ids:?}");
            }
            assert_eq!(index.get(4), None);
            assert_eq!(index.get(u32::MAX), None);
        }
        assert!(matches!(IdIndex::new(&[3, 1, 2]), IdIndex::Dense(_)));
        assert!(matches!(IdIndex::new(&[1, 1 << 30]), IdIndex::Sparse(_)));
        assert_eq!(IdIndex::default().get(0), None);
        assert_eq!(IdIndex::new(&[]).get(0), None);
        // Pushed at the end, near or far.
        let mut index = IdIndex::new(&[1, 2, 3]);
        index.push(4, 3);
        index.push(1 << 30, 4);
        index.push(9, 5);
        for (id, p) in [(1, 0), (4, 3), (1 << 30, 4), (9, 5)] {
            assert_eq!(index.get(id), Some(p));
        }
    }
}
