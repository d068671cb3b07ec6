// The run page as drawn, timed by its own clock. TailProbe.java puts it into every document
// before the page's own scripts, through the DevTools protocol, so the Content-Security-Policy does
// not apply and the page's code is not changed. It knows nothing of the viewer's code: it looks at
// the page as drawn, so it measures any build the same way.
//
// Times are the page's own clock: milliseconds since navigation began (performance.timeOrigin).
// "Drawn" is the first check after a rendering update: a requestAnimationFrame callback queues a
// task, which runs once that frame's animation callbacks, style, layout and paint are done, and
// that task finds the row laid out inside the log's box. The first frame in which it is so is when
// a person sees it (give or take the compositor handing the frame to the screen).
(() => {
  if (!/^\/runs\/[^/]+$/.test(location.pathname)) return;
  const LAST_LINE = Number("%LAST_LINE%");
  const SEARCH_LINE = Number("%SEARCH_LINE%");
  const probe = { longTasks: [], longFrames: [], keys: [], drawn: {} };
  window.pushbuttonProbe = probe;

  // Every task over 50 ms, from the document's start (the browser's own Long Tasks API); and every
  // frame held up over 50 ms, with the scripts that ran in it (Long Animation Frames), to say why:
  // [start, duration, when rendering began in it, "script invoker duration; ..."].
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const scripts = e.scripts.map((s) => `${s.sourceURL.split("/").pop()} ${s.invoker} ${Math.round(s.duration)}`);
      const render = e.renderStart ? Math.round(e.renderStart - e.startTime) : null;
      probe.longFrames.push([Math.round(e.startTime), Math.round(e.duration), render, scripts.join("; ")]);
    }
  }).observe({ type: "long-animation-frame", buffered: true });

  function row(line) {
    return document.querySelector(`#log .lv-row[data-line="${line}"]`);
  }

  function onScreen(line) {
    const r = row(line);
    const box = document.querySelector("#log .lv-scroller");
    if (!r || !box) return false;
    const s = box.getBoundingClientRect();
    const b = r.getBoundingClientRect();
    return b.height > 0 && b.top >= s.top - 1 && b.bottom <= s.bottom + 1;
  }

  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const now = performance.now();
    for (let i = watches.length - 1; i >= 0; i--) {
      if (watches[i].holds()) {
        probe.drawn[watches[i].name] = now;
        watches[i].resolve(now);
        watches.splice(i, 1);
      }
    }
    watching = watches.length > 0;
    if (watching) requestAnimationFrame(afterFrame);
  };
  function afterFrame() {
    channel.port2.postMessage(0);
  }

  // What the benchmark waits for, each a promise it can await. Frames are watched only while one
  // is pending, so an idle page is left idle.
  const watches = [];
  let watching = false;
  function watch(name, holds) {
    const done = new Promise((resolve) => watches.push({ name, holds, resolve }));
    if (!watching) {
      watching = true;
      requestAnimationFrame(afterFrame);
    }
    return done;
  }
  probe.tail = watch("tail", () => onScreen(LAST_LINE));
  probe.ready = watch("ready", () => document.getElementById("log")?.dataset.ready === "true");
  probe.search = new Promise((resolve) => {
    probe.startSearchWatch = () =>
      watch("search", () => onScreen(SEARCH_LINE) && row(SEARCH_LINE).querySelector(".lv-match-current") !== null)
        .then(resolve);
  });

  // The keys typed into the search box, as the browser stamped them.
  window.addEventListener(
    "keydown",
    (e) => {
      if (e.target.id !== "log-search") return;
      if (!probe.keys.length) probe.startSearchWatch();
      probe.keys.push(e.timeStamp);
    },
    true,
  );
})();
