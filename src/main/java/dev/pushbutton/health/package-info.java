/**
 * The ground under this node: the data directory's disk and the database. It recognises their
 * faults (a full disk, a busy, locked or read-only database, one that does not answer) wherever
 * they surface, says them in words, and turns them into a 503 that asks to try again, never a 500
 * with a stack trace. It also reports the data directory's free space to the health endpoint.
 *
 * <p>It owns no state and never writes: it only reads the causes of exceptions and the disk's free
 * space. It must not know runs, jobs or users.
 */
package dev.pushbutton.health;
