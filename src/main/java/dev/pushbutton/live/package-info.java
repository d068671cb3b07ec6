/**
 * Delivery of runs' output and state changes to viewers as Server-Sent Events.
 *
 * <p>Each output chunk is encoded into its event bytes once, when it is committed, and kept in a
 * bounded in-memory ring per active run ({@link dev.pushbutton.live.RunFeed}). The run's {@link
 * dev.pushbutton.live.Broadcaster} joins new events into one block per round and writes that same
 * block to every viewer keeping up, over non-blocking connections: no thread waits per viewer. A
 * viewer that joins late, resumes, or falls behind while its connection is full catches up on a
 * virtual thread of its own from the ring or the run's durable log, then rejoins the rounds: in
 * order, with no gap and no duplicate. A slow viewer never holds up the job or other viewers.
 */
package dev.pushbutton.live;
