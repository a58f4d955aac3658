// A person's plan page, live. While the page is open it listens on the board's
// socket (docs/live-protocol.md). When someone changes this plan (a note on its
// charts, a costing row, an action, the budget shown), it fetches the page again
// and redraws, in place, the parts marked data-live-part whose words changed, so
// everyone at the person's table sees the same plan without reloading.
// It never redraws a part someone is using (the keyboard is in it, or a box in it
// holds something typed or chosen and not yet sent): it says instead that the plan
// has changed, with a link to the latest, so they choose when.
// It only listens: writing is the forms on the page, which work without it.
// Without JavaScript, or when the socket cannot open, the page is as it was.
const PING_EVERY_MS = 25_000;
const QUIET_MS = 300; // a burst of changes (a costing row and its totals) is fetched once
const LONGEST_WAIT_MS = 2_000; // ...but a busy board still redraws this often
const PART = "[data-live-part]";
const CHANGED = "Someone has written on this plan since you opened it. ";
// What to say when only these parts changed; anything else is "The plan changed."
const SAY = {
  costing: "The costing changed.",
  budget: "The budget changed.",
  "budget costing": "The budget and costing changed.",
  actions: "The action plan changed.",
};
// Parts that change because another did (readiness follows the costing and actions):
// not worth a word of their own unless nothing else changed.
const FOLLOWERS = new Set(["ready", "downloads"]);
const root = document.querySelector("[data-plan-live]");

if (root && "WebSocket" in window) {
  const personId = Number(root.dataset.personId);
  const notice = root.querySelector("[data-plan-changed]");
  let charts = new Set(root.dataset.chartIds.split(" ").filter(Boolean).map(Number));
  let seq = Number(root.dataset.seq);
  let drawnSeq = seq; // the seq the page's parts were drawn at
  let asked = 0; // fetches started
  let drawn = 0; // the newest fetch applied
  let timer = 0;
  let firstWaitAt = 0;
  let tries = 0;
  let pings = 0;

  // Said once per redraw. Not role="status": the page's own messages ("Row added to
  // the costing.") already are that, and one status per page keeps them findable.
  const said = Object.assign(document.createElement("p"), { className: "visually-hidden" });
  said.setAttribute("aria-live", "polite");
  said.setAttribute("aria-atomic", "true");
  said.dataset.planSaid = "";
  root.append(said);

  const say = (words) => {
    // Emptied first, so the same words said twice in a row are read out twice.
    said.textContent = "";
    setTimeout(() => {
      said.textContent = words;
    }, 100);
  };

  const showNotice = () => {
    if (notice.textContent) return;
    notice.append(
      CHANGED,
      Object.assign(document.createElement("a"), {
        href: location.pathname,
        textContent: "Show the latest",
      }),
    );
  };

  // Does this change touch this person's plan?
  const mine = (event) => {
    if (event.note) return charts.has(event.note.chart_id) || charts.has(event.from_chart_id);
    if (event.chart) return charts.has(event.chart.id);
    if (event.chart_id !== undefined) return charts.has(event.chart_id); // note_erased
    if (event.focus_person) return event.focus_person.id === personId;
    return event.focus_person_id === personId; // costing, budget, actions, plan moved
  };

  // The outermost parts only: a part inside another is redrawn with it.
  const partsOf = (doc) =>
    [...doc.querySelectorAll(PART)].filter((part) => !part.parentElement.closest(PART));
  const partNamed = (name) => document.querySelector(`[data-live-part="${CSS.escape(name)}"]`);
  const words = (part) => part.textContent.replace(/\s+/g, " ").trim();

  // Has someone typed or chosen something here that is not sent yet?
  const typedIn = (part) => {
    for (const box of part.querySelectorAll("input, textarea, select")) {
      if (box.type === "hidden") continue;
      if (box.type === "checkbox" || box.type === "radio") {
        if (box.checked !== box.defaultChecked) return true;
      } else if (box instanceof HTMLSelectElement) {
        const options = [...box.options];
        if (box.multiple) {
          if (options.some((option) => option.selected !== option.defaultSelected)) return true;
        } else {
          const chosen = options.findLastIndex((option) => option.defaultSelected);
          const first = box.size > 1 ? -1 : 0;
          if (box.selectedIndex !== (chosen === -1 ? first : chosen)) return true;
        }
      } else if (box.value !== box.defaultValue) {
        return true;
      }
    }
    return false;
  };
  const inUse = (part) => part.contains(document.activeElement) || typedIn(part);

  // A <details> someone opened (or closed) stays as they left it after a redraw.
  const detailsKey = (details) =>
    details.querySelector("[id]")?.id || details.querySelector("summary")?.textContent.trim();
  const keepOpen = (old, fresh) => {
    const open = new Map([...old.querySelectorAll("details")].map((d) => [detailsKey(d), d.open]));
    for (const details of fresh.querySelectorAll("details")) {
      const key = detailsKey(details);
      if (open.has(key)) details.open = open.get(key);
    }
  };

  // Put a part the page did not have (a budget just revealed) where the fresh page has it:
  // after the nearest part before it that this page has, else before the nearest after it.
  const place = (fresh, index, part) => {
    for (let i = index - 1; i >= 0; i -= 1) {
      const before = partNamed(fresh[i].dataset.livePart);
      if (before) {
        before.after(part);
        return true;
      }
    }
    for (let i = index + 1; i < fresh.length; i += 1) {
      const after = partNamed(fresh[i].dataset.livePart);
      if (after) {
        after.before(part);
        return true;
      }
    }
    return false;
  };

  const redraw = (doc) => {
    const fresh = partsOf(doc);
    const here = new Map(partsOf(document).map((part) => [part.dataset.livePart, part]));
    const changed = [];
    let held = false;
    fresh.forEach((part, index) => {
      const name = part.dataset.livePart;
      const old = here.get(name);
      here.delete(name);
      if (old && words(old) === words(part)) return;
      if (old && inUse(old)) {
        held = true;
        return;
      }
      if (old) {
        keepOpen(old, part);
        old.replaceWith(part);
      } else if (!place(fresh, index, part)) {
        held = true;
        return;
      }
      changed.push(name);
    });
    for (const [name, old] of here) {
      // Gone from the plan (a budget no longer shown).
      if (inUse(old)) {
        held = true;
      } else {
        old.remove();
        changed.push(name);
      }
    }
    if (held) showNotice();
    else notice.replaceChildren();
    if (!changed.length) return;
    const named = changed.filter((name) => !FOLLOWERS.has(name)).sort();
    say(named.length ? SAY[named.join(" ")] || "The plan changed." : "The plan changed.");
  };

  const fetchAndDraw = async () => {
    timer = 0;
    asked += 1;
    const mark = asked;
    let doc;
    try {
      const response = await fetch(location.pathname + location.search, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "text/html" },
      });
      // Sent elsewhere (the plan moved on, or this device may no longer read it):
      // the notice's link lets the reader see what the server says now.
      if (!response.ok || new URL(response.url).pathname !== location.pathname) {
        throw new Error("not this plan");
      }
      doc = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch {
      if (mark > drawn) showNotice();
      return;
    }
    const freshRoot = doc.querySelector("[data-plan-live]");
    if (!freshRoot) {
      if (mark > drawn) showNotice();
      return;
    }
    const freshSeq = Number(freshRoot.dataset.seq);
    // An answer older than one already drawn would put old words back.
    if (mark < drawn || freshSeq < drawnSeq) return;
    drawn = mark;
    drawnSeq = freshSeq;
    charts = new Set(freshRoot.dataset.chartIds.split(" ").filter(Boolean).map(Number));
    redraw(doc);
  };

  // Wait for the burst to end, but not for ever.
  const soon = () => {
    const now = performance.now();
    if (!timer) firstWaitAt = now;
    clearTimeout(timer);
    const wait = Math.min(QUIET_MS, firstWaitAt + LONGEST_WAIT_MS - now);
    timer = setTimeout(fetchAndDraw, Math.max(0, wait));
  };

  const seen = (events) => {
    for (const event of events) {
      seq = Math.max(seq, event.seq);
      if (mine(event)) soon();
    }
    root.dataset.seq = String(seq); // how far this page has heard (the browser tests read it)
  };

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/live/${root.dataset.sessionId}/`);
    let timer;
    socket.addEventListener("open", () => {
      tries = 0;
      socket.send(JSON.stringify({ type: "hello", last_seq: seq }));
      timer = setInterval(() => {
        pings += 1;
        socket.send(JSON.stringify({ type: "ping", id: `plan-${pings}` }));
      }, PING_EVERY_MS);
    });
    socket.addEventListener("message", (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      // A welcome that resumes lists what was missed. A snapshot (this page was too far
      // behind, or who sees what changed) cannot say what changed here: look again.
      if (data.type === "welcome" || data.type === "more") seen(data.events || []);
      else if (data.type === "event") seen([data.event]);
      if (data.snapshot) soon();
    });
    socket.addEventListener("close", () => {
      clearInterval(timer);
      tries += 1;
      if (tries <= 10) setTimeout(connect, Math.min(30_000, 1000 * 2 ** tries));
    });
  };
  connect();
}
