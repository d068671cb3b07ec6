/**
 * The JSON API: the catalog, starting and killing runs, run history and raw logs, and the one place
 * that turns the core's refusals into HTTP statuses with a JSON body ({@code {"error": ...,
 * "field": ...}}).
 */
package dev.pushbutton.api;
