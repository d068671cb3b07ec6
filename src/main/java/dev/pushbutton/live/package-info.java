/**
 * Delivery of runs' output and state changes to viewers as Server-Sent Events.
 *
 * <p>Each output chunk is encoded into its event bytes once, when it is committed, and kept in a
 * bounded in-memory ring per active run ({@link dev.pushbutton.live.RunFeed}); every viewer of that
 * run writes the same bytes. A viewer that joins late, resumes, or falls behind the ring reads the
 * older chunks from the run's durable log instead, then continues from the ring: in order, with no
 * gap and no duplicate. Each viewer paces itself on its own virtual thread, so a slow one never
 * holds up the job or other viewers.
 */
package dev.pushbutton.live;
