/**
 * Turns a run into an operating-system process that does not depend on the server: started in a
 * session of its own through a small shell wrapper, writing its output straight into the run's
 * files and its exit code into an {@code exit} file, so it keeps running (and its outcome stays
 * knowable) if the server dies.
 *
 * <p>Invariants: no parameter value is ever parsed by a shell (the wrapper receives argv as
 * positional parameters; a terminal job's command line is quoted element by element); killing a run
 * ends every process of its tree, whether still a descendant or reparented away in the run's
 * session.
 */
package dev.pushbutton.process;
