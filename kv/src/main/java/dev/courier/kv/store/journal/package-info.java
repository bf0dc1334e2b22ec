/**
 * The KV store's durable journal, after Redis's AOF and RDB: every change a record appended to
 * {@code journal-<gen>.log}, the store's state now and then written as {@code snapshot-<gen>.snap}, and a start that
 * replays the newest snapshot and the journals from its generation on.
 *
 * <p>Files in the directory ({@code <data-dir>/kv/sessions}, 0700; files 0600): {@code journal-<gen>.log},
 * {@code snapshot-<gen>.snap}, {@code *.tmp} while a snapshot is written, {@code lock}, and {@code damaged-<time>/}
 * after a repair. Both kinds of file begin with a 16-byte header ({@code CKVJ} or {@code CKVS}, format version u32,
 * generation u64), then records: {@code length u32 | CRC-32C u32 over type and payload | type u8 | payload}
 * ({@link dev.courier.kv.store.journal.RecordCodec}). A snapshot ends with a trailer record counting and
 * checksumming the records before it, so a snapshot cut short is told from a whole one.
 *
 * <p>A session store logs each change through {@link dev.courier.kv.store.journal.ChangeLog} under the session's
 * lock, restores itself at start through {@link dev.courier.kv.store.journal.Replay}, and gives snapshots its state
 * through {@link dev.courier.kv.store.journal.SnapshotSource}. {@code courier kv check} reads and repairs the files
 * through {@link dev.courier.kv.store.journal.JournalCheck}.
 */
package dev.courier.kv.store.journal;
