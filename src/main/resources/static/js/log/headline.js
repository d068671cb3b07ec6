// The run page around the log: the state badge, the job's ::status and ::progress, the exit code
// and the notes (::error:: and ::warning::), brought up to date from the run as the API gives it.
// The server drew them with the page; this keeps them moving while the run does.

import { element } from "./dom.js";

/** Shows a run's state, status, progress, exit code and notes in the page's elements, if present. */
export function showRunOnPage(run, model) {
  const state = document.getElementById("run-state");
  if (state && run.state) {
    // In the words the page uses (app.js knows them), "Timed out" rather than timed_out.
    state.textContent = window.pushbutton ? window.pushbutton.stateInWords(run.state) : run.state.replace(/_/g, " ");
    state.dataset.state = run.state;
    for (const c of [...state.classList]) if (c.startsWith("state-")) state.classList.remove(c);
    state.classList.add(`state-${run.state}`);
  }
  const status = document.getElementById("run-status");
  if (status && "status" in run) {
    status.textContent = run.status ?? "";
    status.hidden = run.status == null;
  }
  const progress = document.getElementById("run-progress");
  if (progress && "progress" in run) {
    if (run.progress != null) progress.value = run.progress;
    progress.hidden = run.progress == null;
  }
  const exit = document.getElementById("run-exit-code");
  if (exit) exit.textContent = run.exitCode ?? "—";
  const notes = document.getElementById("run-notes");
  if (notes && Array.isArray(run.notes)) showNotes(notes, run.notes, model);
}

/**
 * Each note links to the line it was printed on, counted in the log once the viewer holds all of
 * it (before that, the note's seq, as the page was drawn).
 */
function showNotes(list, notes, model) {
  const items = notes.map((note, i) => {
    const line = model.complete() ? model.noteLines[i] : undefined;
    const href = line === undefined ? `#L${note.seq}` : `#L${line + 1}`;
    const level = note.level === "error" ? "error" : "warning";
    // Labelled in words, not by colour alone.
    const label = element("strong", { class: "note-label" }, level === "error" ? "Error:" : "Warning:");
    return element("li", { class: `note-${level}` }, element("a", { href }, label, " ", String(note.text)));
  });
  list.replaceChildren(...items);
}
