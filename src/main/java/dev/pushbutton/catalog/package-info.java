/**
 * The catalog: the jobs an engineer declared in a YAML file, their parameters, and the rules that
 * turn a user's parameter values into a safe argv and environment.
 *
 * <p>Invariants: the catalog is read once at start-up and never changes while the server runs; a
 * parameter value only ever replaces a {@code {{name}}} placeholder inside the single argv element
 * that holds it, so no shell ever parses a value.
 */
package dev.pushbutton.catalog;
