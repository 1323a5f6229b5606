//! An append-only arena of schema nodes that grows through a shared reference.
//!
//! Built-in kinds are converted on their first lookup, which happens through `&Registry`, and the
//! nodes handed out earlier must stay valid meanwhile. The arena is a fixed directory of chunks
//! whose sizes double (1024, 2048, 4096, ...); a chunk is allocated when the first index in it is
//! reserved and never moves or shrinks afterwards, and every slot is written once. That makes
//! `get(&self) -> &Schema` safe without `unsafe` code, and the arena `Sync`.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use crate::schema::{Schema, SchemaId};

/// The size of the first chunk, as a power of two.
const FIRST_CHUNK_BITS: u32 = 10;
/// Enough chunks for every `u32` index: chunk `k` holds `2^(k + FIRST_CHUNK_BITS)` slots.
const CHUNK_COUNT: usize = 33 - FIRST_CHUNK_BITS as usize;

type Chunk = Box<[OnceLock<Schema>]>;

pub(crate) struct Arena {
    chunks: [OnceLock<Chunk>; CHUNK_COUNT],
    next_index: AtomicU32,
}

impl Arena {
    pub(crate) fn new() -> Arena {
        Arena {
            chunks: [const { OnceLock::new() }; CHUNK_COUNT],
            next_index: AtomicU32::new(0),
        }
    }

    /// Reserves a slot to be filled later with [`Arena::fill`], so that recursive definitions can
    /// refer to themselves.
    pub(crate) fn reserve(&self) -> SchemaId {
        let index = self.next_index.fetch_add(1, Ordering::Relaxed);
        assert!(index < u32::MAX, "the schema arena is full");
        let (chunk, _) = locate(index);
        self.chunks[chunk]
            .get_or_init(|| (0..chunk_length(chunk)).map(|_| OnceLock::new()).collect());
        SchemaId(index)
    }

    /// Writes the node of a reserved slot. Each slot is written exactly once.
    pub(crate) fn fill(&self, id: SchemaId, schema: Schema) {
        let filled = self.slot(id).set(schema).is_ok();
        assert!(filled, "schema node {id:?} was filled twice");
    }

    pub(crate) fn alloc(&self, schema: Schema) -> SchemaId {
        let id = self.reserve();
        self.fill(id, schema);
        id
    }

    /// The node of `id`. Every id handed out by a registry refers to a filled slot; reading a
    /// slot that is still being converted is a bug in this crate.
    pub(crate) fn get(&self, id: SchemaId) -> &Schema {
        self.slot(id)
            .get()
            .expect("schema node read before it was filled")
    }

    /// How many nodes were reserved so far.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.next_index.load(Ordering::Relaxed) as usize
    }

    fn slot(&self, id: SchemaId) -> &OnceLock<Schema> {
        let (chunk, offset) = locate(id.0);
        let chunk = self.chunks[chunk]
            .get()
            .expect("schema id from another registry");
        &chunk[offset]
    }
}

/// The chunk and the offset inside it of an index.
fn locate(index: u32) -> (usize, usize) {
    let shifted = u64::from(index) + (1u64 << FIRST_CHUNK_BITS);
    let bit = 63 - shifted.leading_zeros();
    let chunk = (bit - FIRST_CHUNK_BITS) as usize;
    let offset = (shifted - (1u64 << bit)) as usize;
    (chunk, offset)
}

fn chunk_length(chunk: usize) -> usize {
    1usize << (chunk + FIRST_CHUNK_BITS as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_indices_across_chunks() {
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(1023), (0, 1023));
        assert_eq!(locate(1024), (1, 0));
        assert_eq!(locate(1024 + 2047), (1, 2047));
        assert_eq!(locate(1024 + 2048), (2, 0));
        assert_eq!(locate(u32::MAX - 1).0, CHUNK_COUNT - 1);
    }

    #[test]
    fn keeps_nodes_while_growing() {
        let arena = Arena::new();
        let first = arena.alloc(Schema::Boolean);
        let first_node = arena.get(first);
        for _ in 0..5000 {
            arena.alloc(Schema::Any);
        }
        assert!(matches!(first_node, Schema::Boolean));
        assert!(matches!(arena.get(SchemaId(4000)), Schema::Any));
        assert_eq!(arena.len(), 5001);
    }
}
