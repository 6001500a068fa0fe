//! How the daemon keeps the C allocator from holding on to freed memory over weeks of running.
//!
//! glibc's malloc gives a thread that meets contention an arena of its own, up to eight per
//! core, and a freed block goes back to the arena it came from. Parsing and committing run on
//! tokio's blocking pool, whose threads come and go, so over hours every arena ends up holding
//! free memory of its own and the resident size creeps up. Two arenas keep contention low on
//! two busy threads, and trimming when the schedule goes idle hands freed pages back.
//! Other C libraries need neither, so on them both are no-ops.

/// Arenas glibc may create.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENAS: libc::c_int = 2;

/// Caps the number of malloc arenas; call before the runtime starts its threads.
pub fn cap_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; M_ARENA_MAX takes any positive
    // count, and a rejected setting (return 0) leaves glibc's default in place.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
    }
}

/// Returns the free memory at the top of every arena, and whole free pages inside them, to the
/// operating system.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim walks the allocator's own lists under its locks; it is safe to call
    // from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
