// The bar above the log: the search box with its previous/next buttons and count, a line that says
// what the viewer is doing (loading, reconnecting), Top, "Show control lines" and the raw download.
// It only draws the controls and says what the reader asked for; the page decides what that does.

import { element } from "./view.js";

/** How long typing may pause before the search runs. */
const SEARCH_DELAY_MS = 150;

export class LogToolbar {
  /**
   * `actions` takes search() (the box's text changed, or Enter was pressed), step(direction) (to
   * the next match, 1, or the one before, -1), top() and showControl(shown).
   */
  constructor(downloadUrl, actions) {
    this.searchBox = element("input", {
      type: "search",
      id: "log-search",
      placeholder: "Search the log",
      autocomplete: "off",
      spellcheck: "false",
    });
    this.count = element("span", { class: "lv-count", role: "status" });
    const previous = element(
      "button",
      { type: "button", class: "lv-button", "aria-label": "Previous match", title: "Previous match (Shift+Enter)" },
      "↑",
    );
    const next = element(
      "button",
      { type: "button", class: "lv-button", "aria-label": "Next match", title: "Next match (Enter)" },
      "↓",
    );
    this.info = element("span", { class: "lv-info", role: "status" }, "Loading…");
    const download = element(
      "a",
      { class: "lv-button lv-download", href: downloadUrl, download: "" },
      "Download raw log",
    );
    const top = element(
      "button",
      { type: "button", class: "lv-button", title: "Go to the first line (Home)" },
      "Top",
    );
    top.addEventListener("click", () => actions.top());
    // Lines such as "::status Copying" tell Pushbutton about the run (the page shows them above):
    // in the log they are noise to most readers, so they are left out unless asked for.
    this.controlBox = element("input", { type: "checkbox", id: "log-show-control" });
    const control = element(
      "label",
      {
        class: "lv-check",
        for: "log-show-control",
        title: "Lines the job prints to report its status and progress (::status, ::progress, ::endgroup::)",
      },
      this.controlBox,
      " Show control lines",
    );
    this.controlBox.addEventListener("change", () => actions.showControl(this.controlBox.checked));

    let timer = 0;
    this.searchBox.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => actions.search(), SEARCH_DELAY_MS);
    });
    this.searchBox.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      clearTimeout(timer);
      actions.search();
      actions.step(e.shiftKey ? -1 : 1);
    });
    previous.addEventListener("click", () => actions.step(-1));
    next.addEventListener("click", () => actions.step(1));

    this.root = element(
      "div",
      { class: "lv-toolbar" },
      element(
        "div",
        { class: "lv-search", role: "search" },
        element("label", { for: "log-search", class: "lv-sr-only" }, "Search the log"),
        this.searchBox,
        previous,
        next,
        this.count,
      ),
      this.info,
      top,
      control,
      download,
    );
  }

  /** What the reader typed. */
  query() {
    return this.searchBox.value;
  }

  setInfo(text) {
    if (this.info.textContent !== text) this.info.textContent = text;
  }

  setCount(text) {
    if (this.count.textContent !== text) this.count.textContent = text;
  }
}
