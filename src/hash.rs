//! A stable hash of bytes (FNV-1a): the same on every run and machine, so the app can tell
//! its own writes of the board from others' and name backups, a chunk at a time if need be.

/// FNV-1a: a small hash that stays the same across versions, to name a board's backup folder
/// and to recognise a file this process wrote.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    hash_more(0xcbf2_9ce4_8422_2325, bytes)
}

/// [`stable_hash`] carried on over more bytes (so a file can be hashed a chunk at a time).
pub fn hash_more(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
