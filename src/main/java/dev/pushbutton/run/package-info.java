/**
 * The run: one execution of a job, its states and their legal order, its history, and the service
 * that starts, supervises, kills and finishes runs.
 *
 * <p>Invariants: {@link dev.pushbutton.run.RunState} lists the legal transitions and {@link
 * dev.pushbutton.run.RunService} is the only writer of a run's state; a run is recorded before its
 * process starts, and ends only after all its output is durably stored (and, when killed, after no
 * process of it is left).
 */
package dev.pushbutton.run;
