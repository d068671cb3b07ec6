// Long work in the page (splitting a big log into lines, searching it) runs in slices, giving the
// browser the main thread between them to paint and to answer the reader, so no task holds the
// tab for long.

/** How long a piece of background work (parsing, searching) may hold the main thread. */
export const SLICE_MS = 12;

/** Gives the browser a chance to paint and handle input during long work. */
export function yieldToEventLoop() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === "function") {
    return globalThis.scheduler.yield();
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
