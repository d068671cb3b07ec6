/**
 * The run: one execution of a job, its states and their legal order, its history, and the service
 * that starts, supervises, kills and finishes runs.
 *
 * <p>Invariants: {@link dev.pushbutton.run.RunState} lists the legal transitions and {@link
 * dev.pushbutton.run.RunService} is the only writer of a run's state (with {@link
 * dev.pushbutton.run.RunApprovals}, through it, for a run awaiting approval); a run is recorded
 * before its process starts, and ends only after all its output is durably stored (and, when
 * killed, after no process of it is left). A run of a job that needs approval is recorded {@code
 * awaiting_approval} and holds no slot until {@link dev.pushbutton.run.RunApprovals} lets it go;
 * every move out of that state is conditional in the database, so nodes sharing it cannot both move
 * one run. What people did with runs is told to a {@link dev.pushbutton.run.RunEventListener} right
 * after it is stored, on the thread that did it.
 */
package dev.pushbutton.run;
