/**
 * Configuration and wiring: the {@code pushbutton.*} settings, the check of the ground before
 * anything starts (data directory, catalog, port: bad ground stops the start with one sentence),
 * the embedded database, and the assembly of the core (catalog, runs, processes, output) into
 * Spring beans. The core itself knows nothing of Spring.
 */
package dev.pushbutton.system;
