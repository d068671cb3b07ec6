/**
 * A run's output: the raw bytes its process wrote, cut into numbered chunks (lines, or pieces of
 * lines), stored durably and replayable from any sequence number.
 *
 * <p>The process writes straight into one append-only file per stream ({@code stdout}, {@code
 * stderr}) in the run's directory, so output is kept even while no server is running. The {@link
 * OutputTailer} reads those files, cuts them into chunks and records each chunk in the run's index
 * file: a fixed-size record (stream, offset, length, end-of-line flag, time read) whose position is
 * its sequence number. The index is the single owner of sequence numbers; the raw files are never
 * rewritten, so the whole log is byte for byte what the job wrote, and an index record only ever
 * points at bytes that are already on disk.
 *
 * <p>{@link RawLog} reads the log as the download shows it (both streams interleaved in sequence
 * order) and answers from the index alone where any byte of it lies: its line, its stream. Nothing
 * else is stored for that: the log only grows, so a byte's place never changes.
 */
package dev.pushbutton.output;
