// Planning Live board: the live client.
//
// Progressive enhancement of the server-rendered board. The page already works
// with plain forms; this module
//  - adopts the notes the server drew (it reads the board from the page's HTML
//    and its data attributes; it never draws the board again) and redraws only
//    the notes that change;
//  - asks the server for the changes made after the page was drawn (`hello`
//    with the page's `data-seq` as `last_seq`), so the page carries the board
//    once, as HTML, and not again as JSON;
//  - keeps a WebSocket open and applies what other people write as it happens,
//    in whatever order it arrives: each thing on the board keeps the seq that
//    last set it, and only a newer event changes it (docs/live-protocol.md, 3.2);
//  - knows when it has missed a change (a change can be saved yet never reach
//    this screen) from the stream heads the server sends, and asks for it
//    again on the open socket (3.4);
//  - joins messages that come in parts (a large board's welcome) before acting
//    on them (section 4);
//  - sends the page's forms over the socket instead (each change has its own
//    op_id; the server applies an op_id once, so re-sending is always safe);
//  - keeps changes made while offline, in sessionStorage too, and re-sends them,
//    with the same op_id, when the connection is back;
//  - tells the truth in the status line: "Saving…" until every change is
//    acknowledged, "Saved" only after that, "Offline: …" while disconnected.
//  - gives the facilitator one shared "Note actions" menu (a dialog) for
//    whichever note they are on, instead of a set of forms on every note.
// Text from people is only ever put in the page as text (textContent), never
// as HTML.

const OFFLINE_TEXT = "Offline: your notes will be sent when the connection is back";
const STORAGE_PREFIX = "planning-live-ops";
const PING_EVERY_MS = 25_000;
const PONG_WAIT_MS = 10_000;
// A pong's heads are checked this long after it came: changes committed just
// before it can still be on their way to this screen; after this they are not.
const PONG_CHECK_MS = 2_000;
// A repair hello that was refused (rate limited, or the server failed): try again after this.
const REPAIR_RETRY_MS = 3_000;
const ANNOUNCE_EVERY_MS = 5_000;
const ANNOUNCE_GATHER_MS = 1_500;
// Up to this many new notes are read out one by one (who, which chart, whose);
// more than that in one go are counted by person and chart, so a busy room
// does not flood a screen reader.
const ANNOUNCE_EACH_UP_TO = 3;
const ANNOUNCE_CHARTS_PER_PERSON = 3;
// Which new notes to read out ("all", "table" or "off"): a choice of the
// person at this device, kept across pages and sessions.
const ANNOUNCE_STORAGE_KEY = "planning-live-announce";
const ANNOUNCE_SCOPES = new Set(["all", "table", "off"]);
const CLOSE_NOT_ALLOWED = 4403;
const SEND_BURST = 20;
const SEND_GAP_MS = 120;
const FATAL_CODES = new Set(["not_allowed", "removed"]);
// Off-screen charts start undrawn (content-visibility in board.css); they are
// drawn a few at a time once the board is live, or after this long regardless.
const DRAW_IN_AFTER_MS = 1500;
const DRAW_IN_PER_TURN = 4;
const NOTE_EVENTS = new Set([
  "note_added",
  "note_edited",
  "note_removed",
  "note_restored",
  "note_starred",
  "note_moved",
  "clarification_asked",
  "clarification_answered",
  "clarification_accepted",
  "wording_suggested",
  "wording_accepted",
  "wording_declined",
]);
// A plan_moved takes a person's charts to a later board: drawn afresh, like the rest.
const STRUCTURE_EVENTS = new Set(["focus_person_added", "focus_person_updated", "table_saved", "plan_moved"]);
// What the screen reader hears once the server has saved a facilitator's change
// (the status line says "Saved" too, but not what was saved).
// A note for a condition that comes and goes says which kind of day (plans.headings.DAY_WORDS).
const DAY_WORDS = { good: "On a good day", bad: "On a bad day" };
const SAVED_TEXT = {
  star_note: (m) => (m.starred ? "Note starred." : "Star taken off the note."),
  ask_clarification: () => "Question sent. The person who wrote the note will see it.",
  accept_clarification: () => "Note marked as clear.",
  suggest_wording: () => "Words suggested. The person who wrote the note decides whether to use them.",
  accept_wording: () => "Done. These are your note's words now.",
  decline_wording: () => "Done. The note keeps its own words.",
};
const FACILITATE = {
  star: (f) => ({ type: "star_note", note_id: f.noteId, starred: true }),
  unstar: (f) => ({ type: "star_note", note_id: f.noteId, starred: false }),
  ask: (f) => ({ type: "ask_clarification", note_id: f.noteId, question: f.question }),
  accept: (f) => ({ type: "accept_clarification", note_id: f.noteId }),
  suggest: (f) => ({ type: "suggest_wording", note_id: f.noteId, text: f.text }),
  withdraw: (f) => ({ type: "decline_wording", note_id: f.noteId }),
  move: (f) => ({ type: "move_note", note_id: f.noteId, chart_id: f.chartId }),
  lock_chart: (f) => ({ type: "lock_chart", chart_id: f.chartId, locked: true }),
  unlock_chart: (f) => ({ type: "lock_chart", chart_id: f.chartId, locked: false }),
  lock_board: () => ({ type: "lock_board", locked: true }),
  unlock_board: () => ({ type: "lock_board", locked: false }),
};

// --- Small helpers -------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function hidden(text) {
  return el("span", { class: "visually-hidden" }, text);
}

function toInt(value) {
  const number = Number.parseInt(String(value ?? ""), 10);
  return Number.isSafeInteger(number) && number >= 0 ? number : null;
}

// Stream heads, {stream: seq}: numbers only.
function headsOf(value) {
  const heads = {};
  if (!value || typeof value !== "object") return heads;
  for (const [stream, seq] of Object.entries(value)) {
    if (Number.isSafeInteger(seq) && seq >= 0) heads[stream] = seq;
  }
  return heads;
}

// The page's data-heads.
function readHeads(text) {
  try {
    return headsOf(JSON.parse(text || "{}"));
  } catch {
    return {}; // every stream counts as 0: the first pong finds what is missing
  }
}

// Join a `more` frame onto the first frame of its message: each list is added
// to the end of the list at the same place (protocol section 4).
function joinPart(into, more) {
  for (const [key, value] of Object.entries(more)) {
    if (Array.isArray(value)) {
      if (!Array.isArray(into[key])) into[key] = [];
      for (const item of value) into[key].push(item); // not push(...value): parts can be long
    } else if (value && typeof value === "object") {
      if (!into[key] || typeof into[key] !== "object") into[key] = {};
      joinPart(into[key], value);
    }
  }
}

function shortText(text) {
  const flat = String(text).split(/\s+/).filter(Boolean).join(" ");
  return flat.length <= 40 ? flat : `${flat.slice(0, 39)}…`;
}

// crypto.randomUUID needs a secure context; a venue's LAN address may not be one.
function newOpId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function byPosition(a, b) {
  return a.position - b.position || a.id - b.id;
}

function byCreated(a, b) {
  return a.created_seq - b.created_seq || a.id - b.id;
}

// A note the server drew, known by its element. Its numbers are read from data
// attributes when the page starts; its words only when something needs them,
// which for most notes of a large board is never. The element it reads from
// keeps its words even after the note is redrawn, since the note's state has
// not changed until an event replaces this object with the event's note.
class PageNote {
  constructor(li, chartId) {
    this.el = li;
    this.id = toInt(li.dataset.noteId);
    this.chart_id = chartId;
    this.author_key = li.dataset.author || "";
    this.version = toInt(li.dataset.version) ?? 0;
    this.created_seq = toInt(li.dataset.createdSeq) ?? 0;
    this.updated_seq = toInt(li.dataset.updatedSeq) ?? 0;
    this.is_starred = li.classList.contains("note--starred");
    this.clarification = li.dataset.clarification || "";
    this.day = li.dataset.day || "";
    this.is_removed = false;
  }

  read(selector) {
    return this.el.querySelector(selector)?.textContent ?? "";
  }

  get text() {
    return this.read(".note__text");
  }

  get author_name() {
    return this.read(".note__author bdi");
  }

  get changed_by() {
    return this.el.querySelectorAll(".note__author bdi")[1]?.textContent ?? "";
  }

  get clarification_question() {
    return this.read("[data-question]");
  }

  get clarification_reply() {
    return this.read("[data-reply]");
  }

  get suggestion() {
    return this.read("[data-suggestion]");
  }

  get suggested_by() {
    return this.read(".note__suggestion bdi");
  }
}

// A removed note the server drew under its chart ("Removed", with Undo and Erase
// for good): only its writer's and the facilitator's pages have these. Its words
// are the short form the page shows, which is all the stub needs.
class RemovedPageNote extends PageNote {
  constructor(node, chartId) {
    super(node, chartId);
    this.id = toInt(node.dataset.removedNote);
    this.is_removed = true;
  }

  get text() {
    return this.read("[data-removed-text]");
  }

  get author_name() {
    return "";
  }
}

function loadAnnounceScope() {
  try {
    const stored = localStorage.getItem(ANNOUNCE_STORAGE_KEY);
    return ANNOUNCE_SCOPES.has(stored) ? stored : "all";
  } catch {
    return "all";
  }
}

// What a screen reader says about new notes from other people ({author,
// chart, person} each): who wrote on which chart, for whom; or, when many
// came at once, how many on each person's charts.
function announcementText(notes) {
  if (notes.length <= ANNOUNCE_EACH_UP_TO) {
    const same = new Map(); // the same writer, chart and person: said once, counted
    for (const note of notes) {
      const key = JSON.stringify([note.author, note.chart, note.person]);
      if (same.has(key)) same.get(key).n += 1;
      else same.set(key, { ...note, n: 1 });
    }
    return [...same.values()]
      .map(({ author, chart, person, n }) => {
        const what = n === 1 ? "a note" : `${n} notes`;
        const whose = author === person ? "" : ` for ${person}`;
        return `${author} added ${what} to ‘${chart}’${whose}.`;
      })
      .join(" ");
  }
  const byPerson = new Map();
  for (const { chart, person } of notes) {
    if (!byPerson.has(person)) byPerson.set(person, new Map());
    const charts = byPerson.get(person);
    charts.set(chart, (charts.get(chart) || 0) + 1);
  }
  const parts = [...byPerson].map(([person, charts]) => {
    const shown = [...charts].slice(0, ANNOUNCE_CHARTS_PER_PERSON);
    const rest = [...charts].slice(ANNOUNCE_CHARTS_PER_PERSON).reduce((sum, [, n]) => sum + n, 0);
    const said = shown.map(([chart, n]) => `${n} on ‘${chart}’`);
    if (rest) said.push(`${rest} on other charts`);
    return `For ${person}: ${said.join(", ")}.`;
  });
  return `${notes.length} new notes. ${parts.join(" ")}`;
}

// The board as the page shows it: people, charts and notes, from the HTML.
function readPage(board, region, tables) {
  const people = new Map();
  for (const section of region.querySelectorAll("section.person[data-person-id]")) {
    const id = toInt(section.dataset.personId);
    people.set(id, {
      id,
      first_name: section.querySelector(".person__title bdi")?.textContent ?? "",
      colour: section.dataset.colour,
      symbol: section.dataset.symbol,
      table_id: toInt(section.dataset.tableId),
      is_private: section.hasAttribute("data-private"),
      position: toInt(section.dataset.position) ?? 0,
    });
  }
  const charts = new Map();
  const positions = new Map();
  for (const section of region.querySelectorAll("section[data-chart-id]")) {
    const id = toInt(section.dataset.chartId);
    const personId = toInt(section.closest("[data-person-id]")?.dataset.personId);
    // Headings are in their order on the page; only the order matters here.
    const position = positions.get(personId) ?? 0;
    positions.set(personId, position + 1);
    charts.set(id, {
      id,
      focus_person_id: personId,
      title: section.querySelector(".chart__title")?.firstChild?.nodeValue ?? "",
      position,
      is_locked: section.classList.contains("chart--locked"),
    });
  }
  const notes = new Map();
  for (const list of region.querySelectorAll("ol[data-notes-for-chart]")) {
    const chartId = toInt(list.dataset.notesForChart);
    for (const li of list.children) {
      if (li.dataset.noteId) {
        const note = new PageNote(li, chartId);
        notes.set(note.id, note);
      }
    }
  }
  for (const area of region.querySelectorAll("[data-undo-for-chart]")) {
    const chartId = toInt(area.dataset.undoForChart);
    for (const node of area.querySelectorAll("[data-removed-note]")) {
      const note = new RemovedPageNote(node, chartId);
      notes.set(note.id, note);
    }
  }
  const seq = toInt(board.dataset.seq) ?? 0;
  return {
    seq,
    // Everything on the page was set at data-seq: an event changes a thing
    // only if it is newer than that, or than the event that set it since.
    base: seq,
    versions: new Map(), // "note:88", "chart:12", "person:3", "table:1", "board" -> seq
    isLocked: board.hasAttribute("data-locked"),
    tables: new Map((tables || []).map((t) => [t.id, t])),
    people,
    charts,
    notes,
  };
}

// --- The board -------------------------------------------------------------------

class LiveBoard {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    this.view = config.view;
    this.me = config.me;
    this.urls = config.urls;
    // The board the page shows, at the change it was drawn at (data-seq).
    this.state = readPage(root, root.querySelector("[data-board-region]"), config.tables);
    // For each stream this screen sees, the seq of the latest change it holds,
    // read at data-seq like the board; and the seq of the latest change to who
    // may see what (protocol 3.4).
    this.heads = readHeads(root.dataset.heads);
    this.visibilitySeq = toInt(root.dataset.visibilitySeq) ?? 0;
    this.gapFrom = null; // the lowest head held before a gap not yet repaired
    // Ask for a whole board (last_seq null): who may see what changed and no
    // snapshot came (now, on the open socket); or the page could not be
    // fetched again after a change of who is on the board (on the next connection).
    this.wantsFresh = false;
    this.freshOnConnect = false;
    this.asked = []; // this socket's hellos and pings not answered yet, in the order sent
    this.partial = null; // the first frame of a message in parts, until its last part
    this.pongCheckTimer = null;
    this.repairTimer = null;
    this.repairNotBefore = 0;
    this.repaired = 0; // repairs completed (tests read it)
    this.dropEvents = 0; // tests: ignore this many incoming events, as if lost on the way
    this.socket = null;
    this.ready = false;
    this.everConnected = false;
    this.attempts = 0;
    this.fatal = "";
    this.manualOffline = false;
    this.sawAck = false;
    this.refused = false;
    this.pingId = 0;
    this.storageKey = `${STORAGE_PREFIX}:${config.session_id}:${config.me.key}`;
    this.pending = this.loadPending();
    this.awaiting = new Map(); // acked add_note ops whose note has not arrived yet
    this.myEdits = new Map(); // note id -> {text, opId, seq}
    this.mySeqs = new Set();
    this.editing = new Map(); // note id -> {text, baseVersion, error}
    this.notices = new Map(); // note id -> {by, words}
    this.noteErrors = new Map(); // note id -> message
    this.undo = new Map(); // chart id -> {noteId, short}
    this.dirty = new Set();
    this.focusAfter = null;
    this.announceQueue = [];
    this.announceTimer = null;
    this.lastAnnounceAt = 0;
    this.announceScope = loadAnnounceScope();
    this.refetching = false;
    this.refetchAgain = false;
    this.buffer = null;
    this.menu = null; // the shared "Note actions" dialog, made when first opened

    this.status = root.querySelector("[data-board-status]");
    this.announcer = root.querySelector("[data-board-announcer]");
    this.alertRegion = root.querySelector("[data-board-alert]");
  }

  start() {
    this.root.querySelector("[data-board-live]")?.removeAttribute("hidden");
    this.root.addEventListener("submit", (event) => this.onSubmit(event));
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.root.addEventListener("input", (event) => this.onInput(event));
    this.root.addEventListener("change", (event) => this.onChange(event));
    this.showAnnounceSettings();
    this.root.addEventListener("keydown", (event) => this.onKeydown(event));
    window.addEventListener("offline", () => this.dropSocket());
    window.addEventListener("online", () => {
      if (!this.manualOffline) this.reconnectNow();
    });
    this.upgradeMenuLinks(this.root);
    this.upgradeCostForms(this.root);
    // The server drew the board: only notes with changes of this screen's own
    // (saved in this tab while offline) need drawing.
    this.markPendingDirty();
    this.flush();
    this.updateStatus();
    this.connect();
    this.drawInTimer = setTimeout(() => this.drawIn(), DRAW_IN_AFTER_MS);
    setInterval(() => this.ping(), PING_EVERY_MS);
    window.__board = {
      disconnect: () => {
        this.manualOffline = true;
        this.dropSocket();
      },
      connect: () => {
        this.manualOffline = false;
        this.reconnectNow();
      },
      pendingCount: () => this.pending.length,
      seq: () => this.state.seq,
      ready: () => this.ready,
      heads: () => ({ ...this.heads }),
      gapsRepaired: () => this.repaired,
      // Lose the next n events on their way in (a change lost between servers).
      dropNextEvents: (n) => {
        this.dropEvents = Math.max(0, toInt(n) ?? 0);
      },
      eventsToDrop: () => this.dropEvents,
      // Take a frame as if it came from the server.
      receive: (frame) => this.onFrame(frame),
      ping: () => this.ping(),
    };
  }

  // --- State ---------------------------------------------------------------------

  showsPerson(person) {
    if (this.view === "projector") return !person.is_private;
    if (this.view === "table") return person.table_id === this.config.table_id;
    return true;
  }

  stateFrom(snapshot) {
    const people = snapshot.focus_people.filter((p) => this.showsPerson(p));
    const personIds = new Set(people.map((p) => p.id));
    const charts = snapshot.charts.filter((c) => personIds.has(c.focus_person_id));
    const chartIds = new Set(charts.map((c) => c.id));
    const notes = snapshot.notes.filter((n) => chartIds.has(n.chart_id));
    return {
      seq: snapshot.seq,
      isLocked: snapshot.is_locked,
      tables: new Map(snapshot.tables.map((t) => [t.id, t])),
      people: new Map(people.map((p) => [p.id, p])),
      charts: new Map(charts.map((c) => [c.id, c])),
      notes: new Map(notes.map((n) => [n.id, n])),
    };
  }

  // Who and which headings are on the board. A snapshot with a different
  // signature means the page must be fetched again. Headings are compared by
  // their order (the page knows the order, not the numbers); their titles and
  // prompts never change once a person is added.
  signature(state) {
    const byId = (a, b) => a.id - b.id;
    const people = [...state.people.values()].sort(byId);
    const charts = [...state.charts.values()].sort(byPosition);
    return JSON.stringify([
      people.map((p) => [p.id, p.first_name, p.colour, p.symbol, p.table_id, p.is_private, p.position]),
      people.map((p) => charts.filter((c) => c.focus_person_id === p.id).map((c) => c.id)),
      [...state.tables.values()].sort(byId).map((t) => [t.id, t.name, t.position]),
    ]);
  }

  personOfChart(chartId) {
    const chart = this.state.charts.get(chartId);
    return chart ? this.state.people.get(chart.focus_person_id) : null;
  }

  get isFacilitator() {
    return this.me.role === "facilitator";
  }

  get controls() {
    return this.view !== "projector";
  }

  canAdd(chart) {
    if (!this.controls) return false;
    if (this.isFacilitator) return true;
    return (
      chart.focus_person_id === this.me.focus_person_id && !this.state.isLocked && !chart.is_locked
    );
  }

  canChange(note) {
    const chart = this.state.charts.get(note.chart_id);
    if (!chart || note.is_removed || !this.controls) return false;
    if (this.isFacilitator) return true;
    return this.canAdd(chart) && note.author_key === this.me.key;
  }

  // --- Pending changes -----------------------------------------------------------

  loadPending() {
    try {
      const stored = JSON.parse(sessionStorage.getItem(this.storageKey) || "[]");
      return Array.isArray(stored) ? stored.filter((op) => op && op.op_id && op.message) : [];
    } catch {
      return [];
    }
  }

  savePending() {
    try {
      if (this.pending.length) {
        sessionStorage.setItem(this.storageKey, JSON.stringify(this.pending));
      } else {
        sessionStorage.removeItem(this.storageKey);
      }
    } catch {
      // Storage full or blocked: the changes are still queued in this page.
    }
  }

  pendingForNote(noteId) {
    return this.pending.some((op) => op.message.note_id === noteId);
  }

  submitOp(message, formKey) {
    this.refused = false;
    const op = { op_id: newOpId(), message: { ...message }, formKey, afterSeq: this.state.seq };
    op.message.op_id = op.op_id;
    this.pending.push(op);
    this.savePending();
    if (this.ready) this.send(op.message);
    this.markDirtyFor(op.message);
    this.updateStatus();
    this.flush();
    return op;
  }

  markDirtyFor(message) {
    if (message.chart_id !== undefined && this.state.charts.has(message.chart_id)) {
      this.dirty.add(message.chart_id);
    }
    const note = this.state.notes.get(message.note_id);
    if (note) this.dirty.add(note.chart_id);
  }

  // Charts showing changes of this screen's own that are not saved yet: their
  // "Saving…" / "Not sent yet" labels follow the connection.
  markPendingDirty() {
    for (const op of this.pending) this.markDirtyFor(op.message);
    for (const waiting of this.awaiting.values()) this.markDirtyFor(waiting.message);
  }

  removing(noteId) {
    return this.pending.some((op) => op.message.type === "remove_note" && op.message.note_id === noteId);
  }

  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    try {
      this.socket.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  sendPending() {
    const ops = [...this.pending];
    ops.forEach((op, index) => {
      if (index < SEND_BURST) this.send(op.message);
      else
        setTimeout(() => {
          if (this.ready && this.pending.includes(op)) this.send(op.message);
        }, (index - SEND_BURST + 1) * SEND_GAP_MS);
    });
  }

  // --- Connection ----------------------------------------------------------------

  socketUsable() {
    if (this.fatal || !("WebSocket" in window)) return false;
    // A venue that blocks WebSockets: after two failed tries with the network
    // up, let the forms post normally instead of queueing for ever.
    return this.everConnected || this.attempts < 2 || !navigator.onLine;
  }

  connect() {
    if (this.fatal || this.socket || this.manualOffline) return;
    clearTimeout(this.reconnectTimer);
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    let socket;
    try {
      socket = new WebSocket(`${scheme}://${location.host}${this.config.ws_path}`);
    } catch {
      this.attempts += 1;
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    // What was asked, and what arrived in part, belongs to one socket.
    this.asked = [];
    this.partial = null;
    socket.addEventListener("open", () => {
      if (this.socket !== socket) return;
      this.sendHello(this.resumeFrom(), { repair: false });
    });
    socket.addEventListener("message", (event) => {
      if (this.socket !== socket) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message && typeof message === "object") this.onFrame(message);
    });
    socket.addEventListener("close", (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onDisconnected(event.code);
    });
  }

  // Forget the socket at once (a close handshake can hang while offline).
  dropSocket() {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    try {
      socket.close();
    } catch {
      // already closing
    }
    this.onDisconnected(1000);
  }

  reconnectNow() {
    this.attempts = 0;
    clearTimeout(this.reconnectTimer);
    if (!this.socket) this.connect();
  }

  onDisconnected(code) {
    this.ready = false;
    clearTimeout(this.pongTimer);
    clearTimeout(this.pongCheckTimer);
    clearTimeout(this.repairTimer);
    this.asked = [];
    this.partial = null;
    if (code === CLOSE_NOT_ALLOWED) {
      this.fatal ||= "This device is not part of this session any more.";
    } else {
      this.attempts += 1;
      this.scheduleReconnect();
    }
    this.markPendingDirty();
    this.flush();
    this.updateStatus();
  }

  scheduleReconnect() {
    if (this.fatal || this.manualOffline) return;
    clearTimeout(this.reconnectTimer);
    const base = Math.min(30_000, 1000 * 2 ** Math.min(this.attempts - 1, 5));
    const delay = base * (0.8 + Math.random() * 0.4);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  // `last_seq` for the hello that starts a connection: where this screen's
  // board is known to be whole. Below a gap not yet repaired, so the welcome
  // brings the missing change too; null for a whole new board.
  resumeFrom() {
    if (this.wantsFresh || this.freshOnConnect) return null;
    return this.gapFrom === null ? this.state.seq : Math.min(this.gapFrom, this.state.seq);
  }

  sendHello(lastSeq, { repair }) {
    const entry = { type: "hello", lastSeq, repair };
    this.asked.push(entry);
    if (!this.send({ type: "hello", last_seq: lastSeq })) {
      this.asked.splice(this.asked.indexOf(entry), 1);
      return false;
    }
    return true;
  }

  get repairInFlight() {
    return this.asked.some((entry) => entry.type === "hello");
  }

  // Found a gap (protocol 3.4): `held` is the head this screen held for the
  // stream before it. The repair asks for everything after the lowest such head.
  noteGap(held) {
    this.gapFrom = this.gapFrom === null ? held : Math.min(this.gapFrom, held);
  }

  // Ask for what is missing, on the open socket: one repair at a time, and
  // only once the connection's own welcome has come.
  repairIfNeeded() {
    if (!this.ready || this.repairInFlight || Date.now() < this.repairNotBefore) return;
    if (this.wantsFresh) this.sendHello(null, { repair: true });
    else if (this.gapFrom !== null) this.sendHello(this.gapFrom, { repair: true });
  }

  ping() {
    if (!this.ready) return;
    this.pingId += 1;
    if (this.send({ type: "ping", id: String(this.pingId) })) {
      this.asked.push({ type: "ping" });
      clearTimeout(this.pongTimer);
      // No answer: the connection has silently died. Say so, and reconnect.
      this.pongTimer = setTimeout(() => this.dropSocket(), PONG_WAIT_MS);
    }
  }

  updateStatus() {
    let text;
    let state;
    if (this.fatal) {
      text = `Not connected. ${this.fatal}`;
      state = "stopped";
    } else if (!this.ready) {
      if (this.everConnected || this.attempts > 0 || this.pending.length || !navigator.onLine) {
        const waiting = this.pending.length;
        text = waiting
          ? `${OFFLINE_TEXT} (${waiting} ${waiting === 1 ? "change" : "changes"} waiting).`
          : `${OFFLINE_TEXT}.`;
        state = "offline";
      } else {
        text = "Connecting…";
        state = "connecting";
      }
    } else if (this.pending.length) {
      text = "Saving…";
      state = "saving";
    } else if (this.refused) {
      text = "Not saved: see the message on the board.";
      state = "refused";
    } else if (this.sawAck) {
      text = "Saved";
      state = "saved";
    } else {
      text = "Connected. New notes appear here as people write them.";
      state = "live";
    }
    if (this.status.textContent !== text) this.status.textContent = text;
    this.status.dataset.state = state;
  }

  // --- Messages from the server ------------------------------------------------------

  // One frame from the server. A message too big for one frame comes in parts
  // (protocol section 4): its first frame says how many, and `more` frames
  // follow with nothing between them. Act only on the whole message.
  onFrame(frame) {
    let message = frame;
    if (frame.type === "more") {
      const first = this.partial;
      if (!first) return; // a part of nothing this connection started
      const { type: _more, part, parts, ...lists } = frame;
      joinPart(first, lists);
      if (part < parts) return;
      this.partial = null;
      delete first.parts;
      message = first;
    } else if ((toInt(frame.parts) ?? 1) > 1) {
      // Nothing interleaves with a message's parts, so a new message here
      // means the last one cannot be finished: it is dropped.
      this.partial = frame;
      return;
    } else {
      this.partial = null;
    }
    if (message.type === "event" && this.dropEvents > 0) {
      this.dropEvents -= 1;
      return;
    }
    this.onMessage(message);
  }

  onMessage(message) {
    switch (message.type) {
      case "welcome":
        this.onWelcome(message);
        break;
      case "event":
        this.onEvent(message.event);
        break;
      case "snapshot":
        this.applySnapshot(message);
        break;
      case "ack":
        this.onAck(message);
        break;
      case "error":
        this.onError(message);
        break;
      case "presence":
        this.renderPresence(message.people);
        break;
      case "pong":
        this.onPong(message);
        break;
      default:
        break;
    }
    this.repairIfNeeded();
    this.flush();
    this.updateStatus();
  }

  // The oldest unanswered hello (or ping): the server answers frames in order.
  answered(type) {
    const index = this.asked.findIndex((entry) => entry.type === type);
    return index < 0 ? null : this.asked.splice(index, 1)[0];
  }

  onWelcome(message) {
    // A welcome nobody here asked for is treated as the connection's own.
    const hello = this.answered("hello") ?? { lastSeq: null, repair: false };
    this.me = { ...this.me, ...message.you };
    if (message.snapshot) {
      this.applySnapshot(message);
    } else {
      // The replay covers every gap noted at or above what it was asked for;
      // a gap below that (another stream's, noted meanwhile) still needs one.
      if (this.gapFrom !== null && hello.lastSeq !== null && hello.lastSeq <= this.gapFrom) {
        this.gapFrom = null;
      }
      for (const event of message.events || []) this.onEvent(event);
      if (!this.buffer) this.state.seq = Math.max(this.state.seq, message.seq);
      const visibilitySeq = toInt(message.visibility_seq);
      if (visibilitySeq !== null) this.visibilitySeq = visibilitySeq;
      // Rule 2: a stream whose head is above ours after the replay had a change
      // before our last_seq that never reached us.
      for (const [stream, head] of Object.entries(message.heads || {})) {
        const held = this.heads[stream] ?? 0;
        if (Number.isSafeInteger(head) && head > held) {
          this.noteGap(held);
          this.heads[stream] = head;
        }
      }
    }
    if (hello.repair) {
      // The connection was already live: what this screen sent is on its way
      // or answered, so nothing is sent again.
      this.repaired += 1;
      return;
    }
    this.ready = true;
    this.everConnected = true;
    this.attempts = 0;
    this.markPendingDirty();
    this.sendPending();
    this.drawIn();
  }

  // A whole board: a welcome's, or one sent unasked when who may see what has
  // changed. It replaces everything held, and the heads with its heads.
  applySnapshot(message) {
    const snapshot = message.snapshot;
    this.gapFrom = null;
    this.wantsFresh = false;
    this.freshOnConnect = false;
    if (message.heads && typeof message.heads === "object") this.heads = headsOf(message.heads);
    const visibilitySeq = toInt(message.visibility_seq);
    if (visibilitySeq !== null) this.visibilitySeq = visibilitySeq;
    const next = this.stateFrom(snapshot);
    if (this.signature(next) !== this.signature(this.state)) {
      this.refetch();
      return;
    }
    this.state.notes = next.notes;
    this.state.charts = next.charts;
    this.state.isLocked = next.isLocked;
    this.state.seq = Math.max(this.state.seq, next.seq);
    this.state.base = next.seq;
    this.state.versions = new Map();
    this.dropClaimedAwaiting();
    this.renderAll();
  }

  // An event, on its own or in a welcome's replay. Its `prev` says whether a
  // change in its stream went missing before it (rule 1); then it is applied
  // (or kept until the board being fetched again is in) and raises the head.
  onEvent(event) {
    const stream = typeof event.stream === "string" ? event.stream : null;
    const held = stream === null ? 0 : (this.heads[stream] ?? 0);
    if (stream !== null && (toInt(event.prev) ?? 0) > held) this.noteGap(held);
    if (this.buffer) this.buffer.push(event);
    else this.applyEvent(event);
    if (stream !== null) this.heads[stream] = Math.max(held, event.seq);
  }

  // Protocol 3.2: a thing changes only with an event newer than the one that
  // set it (or than the page or snapshot it came in: `floor` for a note is its
  // own updated_seq). Returns whether to apply, and if so keeps the new seq.
  newer(key, seq, floor = 0) {
    const held = Math.max(this.state.versions.get(key) ?? this.state.base, floor);
    if (!(seq > held)) return false;
    this.state.versions.set(key, seq);
    return true;
  }

  applyEvent(event) {
    if (STRUCTURE_EVENTS.has(event.kind)) {
      // The page is fetched again for these; newer ones only.
      let newer = false;
      if (event.kind === "table_saved") newer = this.newer(`table:${event.table?.id}`, event.seq);
      else {
        newer = this.newer(`person:${event.focus_person?.id}`, event.seq);
        for (const chart of event.charts || []) {
          newer = this.newer(`chart:${chart.id}`, event.seq) || newer;
        }
      }
      if (newer) this.refetch();
    } else if (NOTE_EVENTS.has(event.kind)) this.applyNoteEvent(event);
    else if (event.kind === "note_erased") this.applyErased(event);
    else if (event.kind === "chart_locked") {
      const chart = this.state.charts.get(event.chart.id);
      if (this.newer(`chart:${event.chart.id}`, event.seq) && chart) {
        this.state.charts.set(chart.id, { ...chart, is_locked: event.chart.is_locked });
        this.dirty.add(chart.id);
      }
    } else if (event.kind === "board_locked") {
      if (this.newer("board", event.seq)) {
        this.state.isLocked = event.is_locked;
        this.dirty = new Set(this.state.charts.keys());
      }
    } else if (event.kind === "actions_shown") {
      if (this.newer(`actions:${event.focus_person_id}`, event.seq)) {
        this.refetch();
        const person = this.state.people.get(event.focus_person_id);
        if (person && this.ready) this.say(`The action plan for ${person.first_name} changed.`);
      }
    } else if (event.kind === "costing_shown") {
      // The person's and their allies' screens only (their money stream).
      if (this.newer(`costing:${event.focus_person_id}`, event.seq)) {
        this.refetch();
        const costing = event.costing;
        if (costing && this.ready) {
          const gap = costing.difference ? ` ${costing.difference}.` : "";
          this.say(`Costing changed: ${costing.per_week} a week in all.${gap}`);
        }
      }
    } else if (event.kind === "budget_shown") {
      // Only the person's own screens and their allies' receive these (their
      // money stream). The page is fetched again to draw it, and the moment is said.
      if (this.newer(`budget:${event.focus_person_id}`, event.seq)) {
        this.refetch();
        this.sayBudget(event);
      }
    }
    this.state.seq = Math.max(this.state.seq, event.seq);
  }

  applyNoteEvent(event) {
    const note = event.note;
    const current = this.state.notes.get(note.id);
    // Late, twice or shuffled: an event no newer than what this screen holds
    // for the note changes nothing (nor announces, nor offers words back).
    if (!this.newer(`note:${note.id}`, event.seq, current ? current.updated_seq : 0)) return;
    if (!this.state.charts.has(note.chart_id)) {
      if (current) {
        this.state.notes.delete(note.id);
        this.dirty.add(current.chart_id);
      }
      return;
    }
    this.state.notes.set(note.id, note);
    this.dirty.add(note.chart_id);
    if (current && current.chart_id !== note.chart_id) this.dirty.add(current.chart_id);
    for (const [opId, waiting] of this.awaiting) {
      if (waiting.noteId === note.id) this.awaiting.delete(opId);
    }
    if (event.kind === "note_added" && !current && note.author_key !== this.me.key) {
      this.queueAnnouncement(note);
    }
    if (event.kind === "note_edited") this.checkConcurrentEdit(event);
    if (event.kind === "wording_suggested" && note.author_key === this.me.key && this.controls) {
      this.say(
        `${note.suggested_by} suggested new words for your note: ${note.suggestion}. ` +
          "Use them, or keep your own: the buttons are under your note.",
      );
    }
    if (event.kind === "note_restored" || event.kind === "note_removed") {
      const undo = this.undo.get(note.chart_id);
      if (undo && undo.noteId === note.id && event.kind === "note_restored") {
        this.undo.delete(note.chart_id);
      }
    }
    if (event.kind === "note_moved" && current && current.chart_id !== note.chart_id) {
      const chart = this.state.charts.get(note.chart_id);
      if (this.noteHasFocus(note.id)) {
        this.focusAfter = { noteId: note.id };
        this.say(`Note moved to ‘${chart.title}’.`);
      }
    }
  }

  // Erased for good: the note goes from every screen that held it (the words
  // were only ever on its writer's and the facilitator's). Its seq is kept, so
  // an older event about it, arriving late, cannot bring it back.
  applyErased(event) {
    const noteId = toInt(event.note_id);
    const current = this.state.notes.get(noteId);
    if (!this.newer(`note:${noteId}`, event.seq, current ? current.updated_seq : 0)) return;
    if (current) {
      this.state.notes.delete(noteId);
      this.dirty.add(current.chart_id);
    }
    for (const [chartId, undo] of this.undo) {
      if (undo.noteId === noteId) this.undo.delete(chartId);
    }
  }

  // Rule 3: the pong says where each stream's head is now. Changes made just
  // before it may still be on their way, so look again a little later: a head
  // still above this screen's then is a change that never came. Likewise a
  // change to who may see what with no fresh board after it.
  onPong(pong) {
    clearTimeout(this.pongTimer);
    this.answered("ping");
    const socket = this.socket;
    clearTimeout(this.pongCheckTimer);
    this.pongCheckTimer = setTimeout(() => {
      if (this.socket !== socket || !this.ready) return; // a new connection's welcome covers it
      for (const [stream, head] of Object.entries(pong.heads || {})) {
        const held = this.heads[stream] ?? 0;
        if (Number.isSafeInteger(head) && head > held) this.noteGap(held);
      }
      if ((toInt(pong.visibility_seq) ?? 0) > this.visibilitySeq) this.wantsFresh = true;
      this.repairIfNeeded();
    }, PONG_CHECK_MS);
  }

  // Someone else's edit landed on a note this screen edited (or wrote): keep the
  // words that were replaced, and offer to put them back.
  checkConcurrentEdit(event) {
    const note = event.note;
    if (this.mySeqs.has(event.seq)) return;
    const mine = this.myEdits.get(note.id);
    if (mine && mine.seq === null) return; // my edit is on its way and lands after this one
    let words = null;
    if (mine && event.seq > mine.seq) words = mine.text;
    else if (!mine && !this.isFacilitator && note.author_key === this.me.key) {
      words = event.previous?.text ?? null;
    }
    if (words === null || words === note.text) return;
    const by = event.by?.name || (this.isFacilitator ? note.author_name : "The facilitator");
    this.notices.set(note.id, { by, words });
    this.myEdits.delete(note.id);
    this.dirty.add(note.chart_id);
  }

  onAck(ack) {
    const index = this.pending.findIndex((op) => op.op_id === ack.op_id);
    if (index < 0) return;
    const [op] = this.pending.splice(index, 1);
    this.savePending();
    this.sawAck = true;
    this.mySeqs.add(ack.seq);
    const message = op.message;
    this.markDirtyFor(message);
    if (message.type === "add_note") {
      if (!this.state.notes.has(ack.note_id)) {
        this.awaiting.set(op.op_id, { ...op, noteId: ack.note_id });
      }
    } else if (message.type === "edit_note") {
      const mine = this.myEdits.get(message.note_id);
      if (mine && mine.opId === op.op_id) mine.seq = ack.seq;
    } else if (message.type === "remove_note") {
      const note = this.state.notes.get(message.note_id);
      if (note) {
        this.undo.set(note.chart_id, { noteId: note.id, short: shortText(note.text) });
        this.dirty.add(note.chart_id);
        if (this.noteHasFocus(note.id) || document.activeElement === document.body) {
          this.focusAfter = { undoChart: note.chart_id, undoNote: note.id };
        }
      }
      this.say("Note removed. You can undo this.");
    } else if (message.type === "restore_note") {
      for (const [chartId, undo] of this.undo) {
        if (undo.noteId === message.note_id) this.undo.delete(chartId);
      }
      this.focusAfter = { noteId: message.note_id };
    } else if (SAVED_TEXT[message.type]) {
      this.say(SAVED_TEXT[message.type](message));
    }
  }

  onError(error) {
    if (FATAL_CODES.has(error.code)) {
      this.fatal = error.message;
      this.alert(error.message);
      return;
    }
    // This screen's commands always carry an op id, so an error without one
    // answers its oldest unanswered hello or ping (the server answers in order).
    if (!error.op_id && this.asked.length) {
      this.onAskRefused(this.asked.shift());
      return;
    }
    const op = error.op_id ? this.pending.find((o) => o.op_id === error.op_id) : null;
    if (op && error.code === "rate_limited") {
      setTimeout(() => {
        if (this.ready && this.pending.includes(op)) this.send(op.message);
      }, 2000);
      return;
    }
    if (op) {
      this.pending.splice(this.pending.indexOf(op), 1);
      this.savePending();
      this.refused = true;
      this.showOpError(op, error.message);
      this.markDirtyFor(op.message);
    } else {
      this.showBoardError(error.message);
    }
    this.alert(error.message);
  }

  // A hello or ping was refused (too many messages at once, or the server
  // failed): nothing was lost and nobody needs to read about it; ask again.
  onAskRefused(entry) {
    if (entry.type === "ping") {
      clearTimeout(this.pongTimer); // the connection is alive; the next ping checks again
    } else if (entry.repair) {
      // Not at once: the gap is still noted, so the next try asks for the same.
      this.repairNotBefore = Date.now() + REPAIR_RETRY_MS;
      clearTimeout(this.repairTimer);
      this.repairTimer = setTimeout(() => this.repairIfNeeded(), REPAIR_RETRY_MS);
    } else {
      // The connection's own hello: connect again, after the usual growing wait.
      this.dropSocket();
    }
  }

  // --- Forms -------------------------------------------------------------------------

  onSubmit(event) {
    const form = event.target;
    // Remove and Lock buttons submit the page's one shared form (#board-post):
    // the button says what to do, and to which note or chart.
    const submitter = event.submitter?.dataset.command ? event.submitter : null;
    const command = submitter?.dataset.command ?? form.dataset?.command;
    if (!command || !this.socketUsable()) return; // the form posts normally
    event.preventDefault();
    if (this.menu && form.closest("dialog") === this.menu.dialog) {
      this.submitFromMenu(form, command);
      return;
    }
    this.submitForm(form, command, submitter);
  }

  submitForm(form, command = form.dataset.command, submitter = null) {
    const data = new FormData(form);
    const noteId = toInt(submitter?.dataset.noteId ?? form.dataset.noteId ?? data.get("note_id"));
    if (command === "add_note") {
      const chartId = toInt(data.get("chart_id"));
      const text = String(data.get("text") || "");
      const key = `add-${chartId}`;
      if (!text.trim()) {
        this.showFormError(key, "A note cannot be empty. Write something first.");
        this.alert("A note cannot be empty. Write something first.");
        return;
      }
      this.clearFormError(key);
      const textarea = form.querySelector("textarea");
      textarea.value = "";
      textarea.focus(); // ready for the next note; the status line says when it is saved
      // Which kind of day, where the chart asks (a condition that comes and goes).
      const day = String(data.get("day") || "");
      this.submitOp({ type: "add_note", chart_id: chartId, text, ...(day ? { day } : {}) }, key);
    } else if (command === "remove_note") {
      this.noteErrors.delete(noteId);
      this.submitOp({ type: "remove_note", note_id: noteId }, `note-${noteId}`);
    } else if (command === "restore_note") {
      if (form.closest("[data-board-notices]")) form.remove();
      for (const [chartId, undo] of this.undo) {
        if (undo.noteId === noteId) {
          this.undo.delete(chartId);
          this.dirty.add(chartId);
        }
      }
      this.focusAfter = { noteId };
      this.submitOp({ type: "restore_note", note_id: noteId }, `note-${noteId}`);
    } else if (command === "accept_wording" || command === "decline_wording") {
      this.noteErrors.delete(noteId);
      this.focusAfter = { noteId };
      this.submitOp({ type: command, note_id: noteId }, `note-${noteId}`);
    } else if (command === "answer_clarification") {
      this.noteErrors.delete(noteId);
      const reply = String(data.get("reply") || "");
      this.submitOp({ type: "answer_clarification", note_id: noteId, reply }, `note-${noteId}`);
    } else if (command === "edit_note") {
      this.saveEdit(noteId, String(data.get("text") || ""));
    } else if (command === "facilitate") {
      this.submitFacilitate(data, submitter);
    } else if (command === "save_cost_line") {
      this.submitCostLine(form, data);
    }
  }

  // A row for a person's costing, as typed (the server reads the amounts exactly and
  // says what is wrong). The form is emptied for the next row; a refusal puts it back.
  submitCostLine(form, data) {
    const personId = toInt(form.closest("[data-costing-section]")?.dataset.costingSection);
    if (personId === null) return;
    const text = (name) => String(data.get(name) || "");
    const amount = text("amount");
    const message = {
      type: "save_cost_line",
      focus_person_id: personId,
      what: text("what"),
      who: text("who"),
      paid: text("paid") !== "no",
      hours_per_week: text("hours_per_week"),
      hourly_rate: text("hourly_rate"),
      amount,
      // How often goes with an amount only (as on the plan page).
      period: amount.trim() ? text("period") : "",
      is_contingency: text("is_contingency") === "yes",
    };
    const key = `cost-${personId}`;
    this.clearFormError(key);
    form.reset();
    form.querySelector("input[type=text]")?.focus();
    this.submitOp(message, key);
  }

  // Put a refused row back in its form, unless something new has been typed there since.
  restoreCostLine(message) {
    const form = this.root.querySelector(`#board-cost-${message.focus_person_id}`);
    if (!form) return false;
    const boxes = [...form.querySelectorAll("input[type=text]")];
    if (boxes.some((box) => box.value)) return true;
    for (const box of boxes) box.value = message[box.name] ?? "";
    for (const choice of form.querySelectorAll("input[type=radio]")) {
      choice.checked =
        choice.name === "paid"
          ? choice.value === (message.paid ? "yes" : "no")
          : choice.value === message[choice.name];
    }
    const contingency = form.querySelector("input[name=is_contingency]");
    if (contingency) contingency.checked = message.is_contingency;
    const details = form.closest("details");
    if (details) details.open = true;
    return true;
  }

  // A chart's Lock button says its action and chart itself (it submits the
  // page's shared form); every other facilitator form has them as fields.
  submitFacilitate(data, submitter = null) {
    const action = String(submitter?.dataset.action ?? data.get("action") ?? "");
    const build = FACILITATE[action];
    if (!build) return;
    const fields = {
      noteId: toInt(data.get("note_id")),
      chartId: toInt(submitter?.dataset.chartId ?? data.get("chart_id")),
      question: String(data.get("question") || ""),
      text: String(data.get("text") || ""),
    };
    const message = build(fields);
    let key = "board";
    if (message.type === "lock_chart") key = `chart-${fields.chartId}`;
    else if (message.note_id !== undefined) {
      key = `note-${fields.noteId}`;
      this.noteErrors.delete(fields.noteId);
    }
    this.submitOp(message, key);
  }

  saveEdit(noteId, text) {
    const editing = this.editing.get(noteId);
    const note = this.state.notes.get(noteId);
    if (!note) return;
    if (!text.trim()) {
      this.editing.set(noteId, { ...editing, text, error: "A note cannot be empty. Write something first." });
      this.dirty.add(note.chart_id);
      this.focusAfter = { noteId, key: "edit-text" };
      this.flush();
      this.alert("A note cannot be empty. Write something first.");
      return;
    }
    const baseVersion = editing ? editing.baseVersion : note.version;
    this.editing.delete(noteId);
    this.notices.delete(noteId);
    this.focusAfter = { noteId, key: this.noteControlKey };
    const op = this.submitOp(
      { type: "edit_note", note_id: noteId, text, base_version: baseVersion },
      `note-${noteId}`,
    );
    this.myEdits.set(noteId, { text, opId: op.op_id, seq: null });
  }

  // Where focus goes back to in a note after editing it: the author's Edit
  // link, or the facilitator's "Note actions" button.
  get noteControlKey() {
    return this.isFacilitator ? "menu" : "edit";
  }

  startEdit(noteId) {
    const note = this.state.notes.get(noteId);
    if (!note) return;
    this.editing.set(noteId, { text: note.text, baseVersion: note.version, error: "" });
    this.dirty.add(note.chart_id);
    this.focusAfter = { noteId, key: "edit-text" };
    this.flush();
  }

  onClick(event) {
    const menuLink = event.target.closest("a[data-note-menu]");
    if (menuLink && this.socketUsable()) {
      // Without a live connection the link opens the note's own page instead.
      const noteId = toInt(menuLink.closest("[data-note-id]")?.dataset.noteId);
      if (!this.state.notes.has(noteId)) return;
      event.preventDefault();
      this.openMenu(noteId);
      return;
    }
    const write = event.target.closest("a[data-chart-write]");
    if (write && this.socketUsable()) {
      // Without a live connection the link loads the board with this chart's form.
      event.preventDefault();
      this.openWriteForm(toInt(write.dataset.chartWrite))?.querySelector("textarea").focus();
      return;
    }
    const edit = event.target.closest("a[data-action='edit']");
    if (edit && this.socketUsable()) {
      const noteId = toInt(edit.closest("[data-note-id]")?.dataset.noteId);
      if (!this.state.notes.has(noteId)) return;
      event.preventDefault();
      this.startEdit(noteId);
      return;
    }
    const menuAction = event.target.closest("[data-menu-action]");
    if (menuAction && this.menu && this.menu.noteId !== null) {
      this.onMenuAction(menuAction.dataset.menuAction);
      return;
    }
    const cancel = event.target.closest("[data-edit-cancel]");
    if (cancel) {
      const noteId = toInt(cancel.dataset.editCancel);
      this.editing.delete(noteId);
      const note = this.state.notes.get(noteId);
      if (note) this.dirty.add(note.chart_id);
      this.focusAfter = { noteId, key: this.noteControlKey };
      this.flush();
      return;
    }
    const putBack = event.target.closest("[data-put-back]");
    if (putBack) {
      const noteId = toInt(putBack.dataset.putBack);
      const notice = this.notices.get(noteId);
      const note = this.state.notes.get(noteId);
      if (!notice || !note) return;
      this.editing.set(noteId, { text: notice.words, baseVersion: note.version, error: "" });
      this.saveEdit(noteId, notice.words);
      return;
    }
    const dismiss = event.target.closest("[data-dismiss-notice]");
    if (dismiss) {
      const noteId = toInt(dismiss.dataset.dismissNotice);
      this.notices.delete(noteId);
      const note = this.state.notes.get(noteId);
      if (note) this.dirty.add(note.chart_id);
      this.focusAfter = { noteId };
      this.flush();
    }
  }

  onInput(event) {
    const textarea = event.target.closest("textarea[data-edit-text]");
    if (!textarea) return;
    const editing = this.editing.get(toInt(textarea.dataset.editText));
    if (editing) editing.text = textarea.value;
  }

  onChange(event) {
    const choice = event.target.closest?.("input[name='announce']");
    if (!choice || !ANNOUNCE_SCOPES.has(choice.value)) return;
    this.announceScope = choice.value;
    try {
      localStorage.setItem(ANNOUNCE_STORAGE_KEY, choice.value);
    } catch {
      // Storage blocked: the choice holds on this page.
    }
    const status = this.root.querySelector("[data-announce-status]");
    const label = this.root.querySelector(`label[for='${choice.id}']`);
    if (status && label) status.textContent = `New notes read out: ${label.textContent}.`;
    if (choice.value === "off") {
      clearTimeout(this.announceTimer);
      this.announceTimer = null;
      this.announceQueue = [];
    }
  }

  // The read-out settings need this script, so the page shows them only now.
  showAnnounceSettings() {
    const settings = this.root.querySelector("[data-announce-settings]");
    if (!settings) return;
    const choice =
      settings.querySelector(`input[name='announce'][value='${this.announceScope}']`) ||
      settings.querySelector("input[name='announce'][value='all']");
    if (choice) {
      choice.checked = true;
      this.announceScope = choice.value;
    }
    settings.hidden = false;
  }

  // The "Note actions" links act as buttons once this script runs (they open
  // the menu), so Space works on them as on any button.
  onKeydown(event) {
    if (event.key !== " " || event.repeat) return;
    const menuLink = event.target.closest?.("a[data-note-menu][role='button']");
    if (!menuLink) return;
    event.preventDefault();
    menuLink.click();
  }

  // The facilitator's "Write a note" link becomes that chart's form, in place.
  openWriteForm(chartId) {
    const holder = this.root.querySelector(`[data-chart-write-for="${chartId}"]`);
    const chart = this.state.charts.get(chartId);
    if (!holder || !chart) return null;
    const form = this.addFormElement(chart);
    holder.replaceWith(form);
    return form;
  }

  // The same form as the server's (_chart.html).
  addFormElement(chart) {
    const id = `add-text-${chart.id}`;
    const form = this.formBasics(
      el("form", {
        method: "post",
        action: this.urls.note_add,
        class: "add-note",
        "data-command": "add_note",
        "data-chart-id": chart.id,
      }),
      { chart_id: chart.id },
    );
    form.append(
      el("div", { class: "field" },
        el("label", { for: id }, "Write a note", hidden(` under ‘${chart.title}’`)),
        el("p", { class: "field__error", id: `${id}-error`, "data-form-error": true, hidden: true },
          hidden("Error:"), " ", el("span", { "data-form-error-text": true })),
        el("textarea", { id, name: "text", rows: "2", "data-focus-key": "add-text" })),
      el("button", { type: "submit", class: "button" }, "Add note", hidden(` under ‘${chart.title}’`)),
    );
    return form;
  }

  // The costing's "Add a row" form posts to the plan page without a script; with the
  // socket it sends the board's own save_cost_line instead (op id, replay, offline queue).
  upgradeCostForms(container) {
    for (const form of container.querySelectorAll("[data-costing-section] form.plan__cost-form")) {
      form.dataset.command = "save_cost_line";
    }
  }

  upgradeMenuLinks(container) {
    if (!this.isFacilitator || !this.controls) return;
    for (const link of container.querySelectorAll("a[data-note-menu]")) {
      link.setAttribute("role", "button");
      link.setAttribute("aria-haspopup", "dialog");
    }
  }

  // --- Errors and announcements ------------------------------------------------------

  showOpError(op, message) {
    const msg = op.message;
    if (msg.type === "save_cost_line" && this.restoreCostLine(msg)) {
      this.showFormError(op.formKey, message);
      this.root.querySelector(`#board-cost-${msg.focus_person_id} input[type=text]`)?.focus();
      return;
    }
    if (msg.type === "add_note") {
      const textarea = this.root.querySelector(`#add-text-${msg.chart_id}`);
      if (textarea && !textarea.value) textarea.value = msg.text;
      this.showFormError(op.formKey, message);
      return;
    }
    if (msg.type === "edit_note") {
      const note = this.state.notes.get(msg.note_id);
      this.myEdits.delete(msg.note_id);
      if (note) {
        this.editing.set(msg.note_id, { text: msg.text, baseVersion: msg.base_version, error: message });
        this.dirty.add(note.chart_id);
        return;
      }
    }
    if (msg.note_id !== undefined && this.state.notes.has(msg.note_id)) {
      this.noteErrors.set(msg.note_id, message);
      this.dirty.add(this.state.notes.get(msg.note_id).chart_id);
      return;
    }
    if (msg.type === "lock_chart" && this.state.charts.has(msg.chart_id)) {
      this.showFormError(op.formKey, message);
      return;
    }
    this.showBoardError(message);
  }

  showFormError(key, message) {
    const [kind, id] = key.split("-");
    let container = null;
    if (kind === "add") container = this.root.querySelector(`form.add-note[data-chart-id="${id}"]`);
    else if (kind === "chart") container = this.root.querySelector(`section[data-chart-id="${id}"]`);
    else if (kind === "cost") container = this.root.querySelector(`#board-cost-${id}`);
    if (!container) {
      this.showBoardError(message);
      return;
    }
    let error = container.querySelector("[data-form-error]");
    if (!error) {
      error = el("p", { class: "field__error", "data-form-error": true }, hidden("Error:"), " ",
        el("span", { "data-form-error-text": true }));
      container.prepend(error);
    }
    error.querySelector("[data-form-error-text]").textContent = message;
    error.hidden = false;
    const textarea = container.querySelector("textarea");
    if (textarea && error.id) {
      textarea.setAttribute("aria-invalid", "true");
      textarea.setAttribute("aria-describedby", error.id);
    }
    container.closest(".field, form")?.querySelector(".field")?.classList.add("field--error");
  }

  clearFormError(key) {
    const [kind, id] = key.split("-");
    const form =
      kind === "cost"
        ? this.root.querySelector(`#board-cost-${id}`)
        : this.root.querySelector(`form.add-note[data-chart-id="${id}"]`);
    if (!form) return;
    const error = form.querySelector("[data-form-error]");
    if (error) error.hidden = true;
    const textarea = form.querySelector("textarea");
    textarea?.removeAttribute("aria-invalid");
    textarea?.removeAttribute("aria-describedby");
    form.querySelector(".field")?.classList.remove("field--error");
  }

  showBoardError(message) {
    const notices = this.root.querySelector("[data-board-notices]");
    if (!notices) return;
    notices.append(el("p", { class: "notice notice--error" }, hidden("Error: "), message));
  }

  alert(message) {
    if (!this.alertRegion) return;
    this.alertRegion.textContent = "";
    setTimeout(() => {
      this.alertRegion.textContent = message;
    }, 50);
  }

  // The reveal: said once, live, to the person and their allies (never in a replay
  // of a screen coming back, which draws it without a word, like any other change).
  sayBudget(event) {
    const budget = event.budget;
    if (!budget || !this.ready) return;
    const mine = event.focus_person_id === this.me.focus_person_id && this.me.relation === "me";
    const person = this.state.people.get(event.focus_person_id);
    const whose = mine || !person ? "Your" : `${person.first_name}’s`;
    this.say(`${whose} indicative budget is ${budget.per_week} a week, which is ${budget.per_year} a year.`);
  }

  say(message) {
    if (!this.announcer) return;
    this.announcer.textContent = "";
    setTimeout(() => {
      this.announcer.textContent = message;
    }, 50);
  }

  // The table this screen belongs to: the one it shows, or the participant's person's.
  ownTableId() {
    if (this.view === "table") return this.config.table_id;
    return this.state.people.get(this.me.focus_person_id)?.table_id ?? null;
  }

  queueAnnouncement(note) {
    const person = this.personOfChart(note.chart_id);
    if (!person || this.view === "projector" || this.announceScope === "off") return;
    if (this.announceScope === "table" && person.table_id !== this.ownTableId()) return;
    const chart = this.state.charts.get(note.chart_id);
    this.announceQueue.push({ author: note.author_name, chart: chart.title, person: person.first_name });
    if (this.announceTimer) return;
    const wait = Math.max(ANNOUNCE_GATHER_MS, this.lastAnnounceAt + ANNOUNCE_EVERY_MS - Date.now());
    this.announceTimer = setTimeout(() => this.flushAnnouncements(), wait);
  }

  flushAnnouncements() {
    this.announceTimer = null;
    const notes = this.announceQueue;
    this.announceQueue = [];
    if (!notes.length || this.announceScope === "off") return;
    this.lastAnnounceAt = Date.now();
    this.say(announcementText(notes));
  }

  // --- Rendering ------------------------------------------------------------------------

  // Draw the charts the browser skipped at first (off screen), a few per idle
  // moment, so the board is usable at once and the page stays responsive. Until
  // a chart is drawn, screen readers cannot read its notes (see board.css).
  drawIn() {
    clearTimeout(this.drawInTimer);
    if (this.drawing) return;
    this.drawing = true;
    const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 16));
    const turn = () => {
      const charts = this.root.querySelectorAll("section.chart:not(.chart--drawn)");
      for (let i = 0; i < Math.min(DRAW_IN_PER_TURN, charts.length); i += 1) {
        charts[i].classList.add("chart--drawn");
      }
      if (charts.length > DRAW_IN_PER_TURN) {
        idle(turn, { timeout: 250 });
      } else {
        this.drawing = false;
        this.root.dataset.chartsDrawn = "";
      }
    };
    idle(turn, { timeout: 250 });
  }

  flush() {
    if (this.dirty.size) {
      // Many charts at once (a snapshot, the board locked): sort the notes
      // into charts once rather than once per chart.
      const byChart = this.dirty.size > 1 ? this.notesByChart() : null;
      for (const chartId of this.dirty) {
        this.renderChartState(chartId);
        this.renderNotes(chartId, byChart ? byChart.get(chartId) || [] : this.notesOf(chartId));
        this.renderUndo(chartId);
      }
      this.dirty.clear();
    }
    this.renderBoardLock();
    this.refreshMenu();
    this.applyFocus();
  }

  renderAll() {
    this.dirty = new Set(this.state.charts.keys());
  }

  noteHasFocus(noteId) {
    const li = this.root.querySelector(`li[data-note-id="${noteId}"]`);
    return Boolean(li && li.contains(document.activeElement));
  }

  // Move focus where the person's attention should go; if that place is not on
  // the page yet (a restored note on its way), wait a few seconds for it.
  applyFocus() {
    const target = this.focusAfter;
    if (!target) return;
    let node = null;
    if (target.undoChart !== undefined) {
      const area = this.root.querySelector(`[data-undo-for-chart="${target.undoChart}"]`);
      node =
        area?.querySelector(`[data-removed-note="${target.undoNote}"] button`) ||
        area?.querySelector("button");
    } else if (target.noteId !== undefined) {
      const li = this.root.querySelector(`li[data-note-id="${target.noteId}"]`);
      node = (target.key && li?.querySelector(`[data-focus-key="${target.key}"]`)) || li;
    }
    if (node) {
      this.focusAfter = null;
      node.focus();
    } else if (!target.until) {
      target.until = Date.now() + 3000;
    } else if (Date.now() > target.until) {
      this.focusAfter = null;
      // The undo never came (still offline): the chart is the nearest place.
      if (target.undoChart !== undefined && document.activeElement === document.body) {
        this.chartSection(target.undoChart)?.focus();
      }
    }
  }

  renderBoardLock() {
    const banner = this.root.querySelector("[data-board-locked-banner]");
    if (banner) banner.hidden = !this.state.isLocked;
    const form = this.root.querySelector("[data-lock-board-form]");
    if (form) {
      form.elements.action.value = this.state.isLocked ? "unlock_board" : "lock_board";
      form.querySelector("button").textContent = this.state.isLocked
        ? "Let everyone write again"
        : "Pause writing for everyone";
    }
  }

  chartSection(chartId) {
    return this.root.querySelector(`section[data-chart-id="${chartId}"]`);
  }

  renderChartState(chartId) {
    const section = this.chartSection(chartId);
    const chart = this.state.charts.get(chartId);
    if (!section || !chart) return;
    section.classList.toggle("chart--locked", chart.is_locked);
    const locked = section.querySelector("[data-chart-locked]");
    if (locked) locked.hidden = !chart.is_locked;
    const add = section.querySelector("form.add-note");
    if (add) add.hidden = !this.canAdd(chart);
    const lock = section.querySelector("[data-lock-chart]");
    if (lock) {
      const action = chart.is_locked ? "unlock_chart" : "lock_chart";
      if (lock.dataset.action !== action) {
        lock.dataset.action = action;
        // Without a live connection the button posts to this address.
        lock.setAttribute("formaction", `${this.urls.note_facilitate}?action=${action}&chart_id=${chart.id}`);
        lock.querySelector("[data-lock-chart-label]").textContent = chart.is_locked
          ? "Unlock this chart"
          : "Lock this chart";
      }
    }
  }

  notesOf(chartId) {
    return [...this.state.notes.values()]
      .filter((n) => n.chart_id === chartId && !n.is_removed)
      .sort(byCreated);
  }

  notesByChart() {
    const byChart = new Map();
    for (const note of this.state.notes.values()) {
      if (note.is_removed) continue;
      if (!byChart.has(note.chart_id)) byChart.set(note.chart_id, []);
      byChart.get(note.chart_id).push(note);
    }
    for (const notes of byChart.values()) notes.sort(byCreated);
    return byChart;
  }

  placeholdersOf(chartId, notes) {
    // Changes of mine not yet on the board: show them, marked as not saved yet.
    const claimed = new Set();
    const mineHere = notes.filter((n) => n.author_key === this.me.key);
    const items = [];
    for (const op of this.pending) {
      if (op.message.type !== "add_note" || op.message.chart_id !== chartId) continue;
      const text = op.message.text.trim();
      const match = mineHere.find(
        (n) => !claimed.has(n.id) && n.created_seq > (op.afterSeq ?? 0) && n.text === text,
      );
      if (match) {
        claimed.add(match.id);
        continue;
      }
      items.push({ key: `op-${op.op_id}`, op, saved: false });
    }
    for (const [opId, waiting] of this.awaiting) {
      if (waiting.message.chart_id === chartId) items.push({ key: `op-${opId}`, op: waiting, saved: true });
    }
    return items;
  }

  dropClaimedAwaiting() {
    for (const [opId, waiting] of this.awaiting) {
      if (this.state.notes.has(waiting.noteId)) this.awaiting.delete(opId);
    }
  }

  renderNotes(chartId, notes) {
    const list = this.root.querySelector(`ol[data-notes-for-chart="${chartId}"]`);
    if (!list) return;
    const placeholders = this.controls ? this.placeholdersOf(chartId, notes) : [];
    const existing = new Map();
    for (const child of list.children) {
      existing.set(child.dataset.noteId ? `note-${child.dataset.noteId}` : child.dataset.renderId || "", child);
    }
    const wanted = [];
    for (const note of notes) {
      const renderKey = this.noteRenderKey(note);
      const old = existing.get(`note-${note.id}`);
      if (old && this.renderedKey(old, chartId) === renderKey) {
        wanted.push(old); // unchanged: the same element stays (the server's, often)
        continue;
      }
      const node = this.noteElement(note);
      node.dataset.renderKey = renderKey;
      if (old) this.carryOver(old, node);
      wanted.push(node);
    }
    for (const item of placeholders) {
      const key = `${item.key}:${item.saved}:${this.ready}`;
      const old = existing.get(item.key);
      if (old && old.dataset.renderKey === key) wanted.push(old);
      else {
        const node = this.placeholderElement(item);
        node.dataset.renderKey = key;
        wanted.push(node);
      }
    }
    const keep = new Set(wanted);
    for (const child of [...list.children]) {
      if (!keep.has(child)) {
        if (child.contains(document.activeElement) && !this.focusAfter) {
          const noteId = toInt(child.dataset.noteId);
          const note = this.state.notes.get(noteId);
          if (note && !note.is_removed) this.focusAfter = { noteId };
          // This screen's own removal, whose event came before its ack: the
          // undo button appears when the ack does.
          else if (this.undo.has(chartId) || this.removing(noteId)) {
            this.focusAfter = { undoChart: chartId };
          } else this.chartSection(chartId)?.focus();
        }
        child.remove();
      }
    }
    wanted.forEach((node, index) => {
      if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
    });
    const section = this.chartSection(chartId);
    if (section) {
      const empty = wanted.length === 0;
      section.toggleAttribute("data-empty", empty);
      const emptyText = section.querySelector("[data-chart-empty]");
      if (emptyText) emptyText.hidden = !empty;
    }
  }

  // Keep what the person was doing in a note that is being redrawn.
  carryOver(old, node) {
    for (const field of old.querySelectorAll("textarea[data-focus-key], select[data-focus-key]")) {
      const twin = node.querySelector(`[data-focus-key="${field.dataset.focusKey}"]`);
      if (twin && field.value && twin.tagName === field.tagName) {
        if (twin.tagName === "SELECT" && ![...twin.options].some((o) => o.value === field.value)) continue;
        twin.value = field.value;
      }
    }
    const active = document.activeElement;
    if (old.contains(active) && !this.focusAfter) {
      const noteId = toInt(node.dataset.noteId);
      this.focusAfter = { noteId, key: active.dataset?.focusKey };
    }
  }

  // Everything a note's drawing depends on: a note is drawn again only when
  // this changes.
  noteRenderKey(note) {
    const editing = this.editing.get(note.id);
    const notice = this.notices.get(note.id);
    return JSON.stringify([
      note.updated_seq,
      note.version,
      note.chart_id,
      this.canChange(note),
      this.pendingForNote(note.id) ? (this.ready ? "saving" : "waiting") : "",
      editing ? [editing.error, editing.baseVersion] : null,
      notice ? notice.words : null,
      this.noteErrors.get(note.id) || null,
    ]);
  }

  // The render key of a note already on the page. One the server drew has no
  // key of its own: work it out from what the server drew (its numbers, and
  // whether it has the author's controls), in the terms of noteRenderKey().
  renderedKey(node, chartId) {
    if (node.dataset.renderKey) return node.dataset.renderKey;
    const canChange = this.isFacilitator
      ? this.controls
      : node.querySelector("[data-action='edit']") !== null;
    return JSON.stringify([
      toInt(node.dataset.updatedSeq),
      toInt(node.dataset.version),
      chartId,
      canChange,
      "",
      null,
      null,
      null,
    ]);
  }

  personLabel(person) {
    const symbol = this.config.symbols[person.symbol];
    return el(
      "p",
      { class: "note__person" },
      el("span", { class: "note__symbol", "aria-hidden": "true" }, symbol ? symbol.glyph : ""),
      " ",
      hidden("For "),
      el("bdi", { class: "note__person-name" }, person.first_name),
    );
  }

  formBasics(form, extra = {}) {
    form.append(
      el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: this.config.csrf_token }),
      el("input", { type: "hidden", name: "op_id", value: newOpId() }),
      el("input", { type: "hidden", name: "return_to", value: this.config.return_to }),
    );
    for (const [name, value] of Object.entries(extra)) {
      form.append(el("input", { type: "hidden", name, value }));
    }
    return form;
  }

  url(name, id) {
    return this.urls[name].replace(this.urls.placeholder, String(id));
  }

  // The same markup as the server's (sessions_live/board_html.py): change both.
  noteElement(note) {
    const person = this.personOfChart(note.chart_id);
    const li = el("li", {
      class: `note${note.is_starred ? " note--starred" : ""}`,
      id: `note-${note.id}`,
      tabindex: "-1",
      "data-note-id": note.id,
      "data-author": note.author_key,
      "data-version": note.version,
      "data-created-seq": note.created_seq,
      "data-updated-seq": note.updated_seq,
      "data-clarification": note.clarification || null,
      "data-day": DAY_WORDS[note.day] ? note.day : null,
      "data-colour": person.colour,
    });
    li.append(this.personLabel(person));
    if (DAY_WORDS[note.day]) li.append(el("p", { class: "note__day" }, `${DAY_WORDS[note.day]}:`));
    const editing = this.editing.get(note.id);
    if (editing && this.canChange(note)) li.append(this.editForm(note, editing));
    else li.append(el("p", { class: "note__text", dir: "auto" }, note.text));
    const author = el("p", { class: "note__author" }, "Written by ", el("bdi", {}, note.author_name));
    if (note.changed_by) author.append(", changed by ", el("bdi", {}, note.changed_by));
    li.append(author);
    if (note.is_starred) {
      li.append(
        el("p", { class: "note__star" }, el("span", { "aria-hidden": "true" }, "★"), " Starred by the facilitator"),
      );
    }
    if (note.clarification) {
      const box = el(
        "div",
        { class: "note__clarification" },
        el("p", {}, el("strong", {}, "The facilitator asks:"), " ",
          el("span", { dir: "auto", "data-question": true }, note.clarification_question)),
      );
      if (note.clarification === "answered") {
        box.append(
          el("p", {}, el("strong", {}, "Answer:"), " ",
            note.clarification_reply
              ? el("span", { dir: "auto", "data-reply": true }, note.clarification_reply)
              : "the note was changed."),
        );
      }
      li.append(box);
    }
    if (note.suggestion) li.append(this.suggestionElement(note));
    if (this.pendingForNote(note.id)) {
      li.append(
        el("p", { class: "note__pending" },
          this.ready ? "Saving your change…" : "Your change will be sent when the connection is back."),
      );
    }
    const error = this.noteErrors.get(note.id);
    if (error) li.append(el("p", { class: "field__error" }, hidden("Error:"), " ", error));
    const notice = this.notices.get(note.id);
    if (notice) li.append(this.noticeElement(note, notice));
    if (!this.controls) return li;
    const canChange = this.canChange(note);
    const short = shortText(note.text);
    if (this.isFacilitator && !editing) {
      li.append(el("div", { class: "note__actions" }, this.menuLink(note, short)));
    } else if (canChange && !editing) {
      li.append(
        el("div", { class: "note__actions" },
          el("a", {
            class: "button button--secondary",
            href: this.url("note_edit", note.id),
            "data-action": "edit",
            "data-focus-key": "edit",
          }, "Edit", hidden(` note: ${short}`)),
          // Submits the page's one shared form, as the server's button does.
          el("button", {
            type: "submit",
            form: "board-post",
            formaction: this.url("note_remove", note.id),
            name: "op_id",
            value: newOpId(),
            class: "button button--secondary",
            "data-command": "remove_note",
            "data-note-id": note.id,
            "data-focus-key": "remove",
          }, "Remove", hidden(` note: ${short}`))),
      );
    }
    if (canChange && note.clarification === "asked") li.append(this.answerForm(note));
    return li;
  }

  // The facilitator's suggested words; for the writer, the two ways to answer
  // (the same markup as the server's _suggestion_html).
  suggestionElement(note) {
    const box = el("div", { class: "note__suggestion" },
      el("p", {}, el("strong", {}, el("bdi", {}, note.suggested_by), " suggests:"), " ",
        el("span", { dir: "auto", "data-suggestion": true }, note.suggestion)));
    if (this.canChange(note) && note.author_key === this.me.key) {
      const short = shortText(note.text);
      for (const [decision, label] of [["accept", "Use these words"], ["decline", "Keep my words"]]) {
        box.append(el("button", {
          type: "submit",
          form: "board-post",
          formaction: `${this.url("note_wording", note.id)}?decision=${decision}`,
          name: "op_id",
          value: newOpId(),
          class: "button button--secondary",
          "data-command": `${decision}_wording`,
          "data-note-id": note.id,
          "data-focus-key": `${decision}-wording`,
        }, label, hidden(` for: ${short}`)));
      }
    }
    return box;
  }

  menuLink(note, short) {
    return el("a", {
      class: "button button--secondary",
      href: this.url("note_actions", note.id) + (this.view === "table" ? `?return_to=${this.config.return_to}` : ""),
      role: "button",
      "aria-haspopup": "dialog",
      "data-note-menu": true,
      "data-focus-key": "menu",
    }, "Note actions", hidden(` for: ${short}`));
  }

  editForm(note, editing) {
    const id = `edit-text-${note.id}`;
    const form = this.formBasics(
      el("form", {
        method: "post",
        action: this.url("note_edit", note.id),
        class: "note__edit",
        "data-command": "edit_note",
        "data-note-id": note.id,
      }),
      { base_version: editing.baseVersion },
    );
    const field = el("div", { class: `field${editing.error ? " field--error" : ""}` },
      el("label", { for: id }, "Change the note"));
    if (editing.error) {
      field.append(el("p", { class: "field__error", id: `${id}-error` }, hidden("Error:"), " ", editing.error));
    }
    const textarea = el("textarea", {
      id,
      name: "text",
      rows: "3",
      dir: "auto",
      "data-edit-text": note.id,
      "data-focus-key": "edit-text",
      "aria-invalid": editing.error ? "true" : null,
      "aria-describedby": editing.error ? `${id}-error` : null,
    });
    textarea.value = editing.text;
    field.append(textarea);
    form.append(
      field,
      el("div", { class: "note__actions" },
        el("button", { type: "submit", class: "button", "data-focus-key": "edit-save" }, "Save changes"),
        el("button", {
          type: "button",
          class: "button button--secondary",
          "data-edit-cancel": note.id,
          "data-focus-key": "edit-cancel",
        }, "Cancel")),
    );
    return form;
  }

  noticeElement(note, notice) {
    return el(
      "div",
      { class: "note__notice" },
      el("p", {}, `${notice.by} changed this note after you. Your words were: `,
        el("q", { dir: "auto" }, notice.words)),
      el("div", { class: "note__actions" },
        el("button", {
          type: "button",
          class: "button button--secondary",
          "data-put-back": note.id,
          "data-focus-key": "put-back",
        }, "Put my words back"),
        el("button", {
          type: "button",
          class: "button button--secondary",
          "data-dismiss-notice": note.id,
          "data-focus-key": "dismiss",
        }, "Keep the new words")),
    );
  }

  answerForm(note) {
    const id = `answer-${note.id}`;
    const form = this.formBasics(
      el("form", {
        method: "post",
        action: this.url("note_answer", note.id),
        class: "note__answer",
        "data-command": "answer_clarification",
        "data-note-id": note.id,
      }),
    );
    form.append(
      el("div", { class: "field" },
        el("label", { for: id }, "Your answer"),
        el("textarea", { id, name: "reply", rows: "2", "data-focus-key": "answer" })),
      el("button", { type: "submit", class: "button button--secondary", "data-focus-key": "answer-send" }, "Send answer"),
    );
    return form;
  }

  placeholderElement(item) {
    const message = item.op.message;
    const person = this.personOfChart(message.chart_id);
    const label = item.saved
      ? "Saved"
      : this.ready
        ? "Saving…"
        : "Not sent yet: it will be sent when the connection is back.";
    return el(
      "li",
      {
        class: "note note--pending",
        "data-render-id": item.key,
        "data-op-id": item.op.op_id,
        "data-colour": person ? person.colour : null,
      },
      person ? this.personLabel(person) : null,
      el("p", { class: "note__text", dir: "auto" }, message.text),
      el("p", { class: "note__author" }, "Written by ", el("bdi", {}, this.me.name)),
      el("p", { class: "note__pending" }, label),
    );
  }

  // Removed notes this screen may still undo or erase: only their writer's and
  // the facilitator's screens hold their words. Never on the projector.
  removedOf(chartId) {
    if (!this.controls) return [];
    return [...this.state.notes.values()]
      .filter(
        (n) =>
          n.chart_id === chartId &&
          n.is_removed &&
          (this.isFacilitator || n.author_key === this.me.key),
      )
      .sort(byCreated);
  }

  // Under each chart: its removed notes as "Removed", with Undo (while this
  // screen may write there) and Erase for good (the note's own page, which says
  // what erasing does). The same markup as board_html.removed_note_html.
  renderUndo(chartId) {
    const area = this.root.querySelector(`[data-undo-for-chart="${chartId}"]`);
    if (!area) return;
    const chart = this.state.charts.get(chartId);
    const canRestore = Boolean(chart && this.canAdd(chart));
    const removed = this.removedOf(chartId);
    const drawn = JSON.stringify([canRestore, removed.map((n) => [n.id, n.updated_seq])]);
    if (area.dataset.drawn === drawn) return;
    area.dataset.drawn = drawn;
    area.replaceChildren(...removed.map((note) => this.removedElement(note, canRestore)));
  }

  removedElement(note, canRestore) {
    const short = shortText(note.text);
    const item = el(
      "div",
      {
        class: "notice undo",
        "data-removed-note": note.id,
        "data-author": note.author_key,
        "data-version": note.version,
        "data-created-seq": note.created_seq,
        "data-updated-seq": note.updated_seq,
      },
      el("span", {}, "Removed: ",
        el("span", { dir: "auto", class: "undo__text", "data-removed-text": true }, short)),
    );
    if (canRestore) {
      item.append(
        el("button", {
          type: "submit",
          form: "board-post",
          formaction: this.url("note_restore", note.id),
          name: "op_id",
          value: newOpId(),
          class: "button button--secondary",
          "data-command": "restore_note",
          "data-note-id": note.id,
          "data-focus-key": "undo",
        }, "Undo", hidden(`: put back the note ${short}`)),
      );
    }
    const query = this.view === "table" ? `?return_to=${this.config.return_to}` : "";
    item.append(
      el("a", {
        class: "button button--secondary",
        href: this.url("note_actions", note.id) + query,
        "data-erase-note": true,
        "data-focus-key": "erase",
      }, "Erase for good", hidden(`: the note ${short}`)),
    );
    return item;
  }

  renderPresence(people) {
    const byTable = new Map();
    const facilitators = [];
    for (const person of people) {
      if (person.role === "facilitator") facilitators.push(person.name);
      else {
        if (!byTable.has(person.table_id)) byTable.set(person.table_id, []);
        byTable.get(person.table_id).push(person.name);
      }
    }
    for (const span of this.root.querySelectorAll("[data-presence-table]")) {
      const names = byTable.get(toInt(span.dataset.presenceTable)) || [];
      const text = names.length ? names.join(", ") : "nobody yet";
      if (span.textContent !== text) span.textContent = text;
    }
    for (const span of this.root.querySelectorAll("[data-presence-facilitator]")) {
      const text = facilitators.length ? facilitators.join(", ") : "not connected";
      if (span.textContent !== text) span.textContent = text;
    }
  }

  // --- The facilitator's "Note actions" menu: one dialog, for the note in hand -----------
  //
  // Every note has a "Note actions" link to its own page (which is how it works
  // without JavaScript). Here the link opens this one dialog instead, filled in
  // for that note: modal, so focus stays in it; Escape, Close or a click
  // outside it closes it, and focus goes back to the note's button. Its forms
  // are the note page's forms, sent over the socket like every other change.

  openMenu(noteId) {
    if (!this.menu) {
      const dialog = el("dialog", { class: "note-menu", "aria-labelledby": "note-menu-title" });
      dialog.addEventListener("close", () => {
        // Escape closes the dialog by itself: send focus back to the note.
        // The event comes a moment later, so the menu may be open again by now
        // (for this note or another): then it is not about this menu at all.
        const open = this.menu.noteId;
        if (open === null || dialog.open) return;
        this.menu.noteId = null;
        this.focusMenuLink(open);
      });
      dialog.addEventListener("click", (event) => {
        // The dialog's body fills its box, so this is a click on the backdrop.
        if (event.target === dialog) this.closeMenu();
      });
      dialog.addEventListener("keydown", (event) => this.wrapTab(event, dialog));
      this.root.append(dialog);
      this.menu = { dialog, noteId: null, key: "" };
    }
    this.menu.noteId = noteId;
    this.renderMenu();
    this.menu.dialog.showModal();
    this.menu.dialog.querySelector("[data-menu-first]")?.focus();
  }

  // Tab goes round the menu (last control to first, and back with Shift+Tab)
  // rather than out of the page.
  wrapTab(event, dialog) {
    if (event.key !== "Tab") return;
    const controls = [...dialog.querySelectorAll("button, select, textarea, a[href]")].filter(
      (control) => !control.disabled && control.offsetParent !== null,
    );
    if (!controls.length) return;
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    }
  }

  closeMenu({ focus = true } = {}) {
    const menu = this.menu;
    if (!menu || menu.noteId === null) return;
    const noteId = menu.noteId;
    menu.noteId = null;
    menu.dialog.close();
    if (focus) this.focusMenuLink(noteId);
  }

  focusMenuLink(noteId) {
    const link = this.root.querySelector(`li[data-note-id="${noteId}"] [data-note-menu]`);
    if (link) link.focus();
    else this.focusAfter = { noteId };
  }

  menuKey(note) {
    return JSON.stringify([note.updated_seq, note.chart_id, this.state.charts.size]);
  }

  // The note changed (or went) while its menu was open: show it as it is now.
  refreshMenu() {
    const menu = this.menu;
    if (!menu || menu.noteId === null) return;
    const note = this.state.notes.get(menu.noteId);
    if (!note || note.is_removed || !this.state.charts.has(note.chart_id)) {
      menu.noteId = null;
      menu.dialog.close();
      if (note) this.chartSection(note.chart_id)?.focus();
      this.say("That note has been removed, so its menu was closed.");
      return;
    }
    if (this.menuKey(note) !== menu.key) this.renderMenu();
  }

  menuForm(note, action, command, ...content) {
    const form = this.formBasics(
      el("form", {
        method: "post",
        action: this.url("note_actions", note.id),
        class: "note-menu__form",
        "data-command": command,
        "data-note-id": note.id,
      }),
      { action, note_id: note.id },
    );
    form.append(...content);
    return form;
  }

  renderMenu() {
    const menu = this.menu;
    const dialog = menu.dialog;
    const note = this.state.notes.get(menu.noteId);
    const chart = this.state.charts.get(note.chart_id);
    const person = this.personOfChart(note.chart_id);
    // Keep what was typed or chosen, and where focus was, across a redraw.
    const kept = new Map();
    for (const field of dialog.querySelectorAll("textarea, select")) kept.set(field.id, field.value);
    const focusKey = dialog.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey
      : null;

    const button = (label, attributes = {}) =>
      el("button", { type: "submit", class: "button button--secondary", ...attributes }, label);
    const actions = el("div", { class: "note-menu__actions" },
      el("button", {
        type: "button",
        class: "button button--secondary",
        "data-menu-action": "edit",
        "data-menu-first": true,
        "data-focus-key": "menu-edit",
      }, "Change the words"),
      this.menuForm(note, "remove", "remove_note",
        button("Remove the note", { "data-focus-key": "menu-remove" })),
      this.menuForm(note, note.is_starred ? "unstar" : "star", "facilitate",
        button(note.is_starred ? "Take the star off" : "Star this note", { "data-focus-key": "menu-star" })),
    );
    if (note.clarification) {
      actions.append(
        this.menuForm(note, "accept", "facilitate", button("Mark as clear", { "data-focus-key": "menu-accept" })),
      );
    }
    const ask = this.menuForm(note, "ask", "facilitate",
      el("div", { class: "field" },
        el("label", { for: "note-menu-ask" }, "Ask to make it clearer"),
        el("p", { class: "hint", id: "note-menu-ask-hint" }, "The person who wrote the note sees your question."),
        el("p", { class: "field__error", id: "note-menu-ask-error", "data-menu-error": true, hidden: true }),
        el("textarea", {
          id: "note-menu-ask",
          name: "question",
          rows: "2",
          "aria-describedby": "note-menu-ask-hint",
          "data-focus-key": "menu-ask-text",
        })),
      button("Ask", { "data-focus-key": "menu-ask" }));
    if (note.suggestion) {
      actions.append(
        this.menuForm(note, "withdraw", "facilitate",
          button("Take the suggestion back", { "data-focus-key": "menu-withdraw" })),
      );
    }
    // The course's rule: a facilitator offers words for someone else's note, and the writer decides.
    const suggest = note.author_key === this.me.key
      ? null
      : this.menuForm(note, "suggest", "facilitate",
        el("div", { class: "field" },
          el("label", { for: "note-menu-suggest" }, "Suggest new words"),
          el("p", { class: "hint", id: "note-menu-suggest-hint" },
            "The note keeps its words until the person who wrote it chooses to use yours."),
          el("p", { class: "field__error", id: "note-menu-suggest-error", "data-menu-error": true, hidden: true }),
          el("textarea", {
            id: "note-menu-suggest",
            name: "text",
            rows: "3",
            dir: "auto",
            "aria-describedby": "note-menu-suggest-hint",
            "data-focus-key": "menu-suggest-text",
          }, note.suggestion || note.text)),
        button("Suggest these words", { "data-focus-key": "menu-suggest" }));
    const body = el("div", { class: "note-menu__body" },
      el("h2", { class: "note-menu__title", id: "note-menu-title" }, "Note actions"),
      el("p", { class: "note-menu__about" },
        "For ", el("bdi", {}, person ? person.first_name : ""), `, under ‘${chart.title}’:`),
      el("p", { class: "note-menu__text", dir: "auto" }, note.text),
      actions,
      ask,
      suggest,
    );
    const targets = [...this.state.charts.values()]
      .filter((c) => c.focus_person_id === chart.focus_person_id && c.id !== chart.id)
      .sort(byPosition);
    if (targets.length) {
      body.append(
        this.menuForm(note, "move", "facilitate",
          el("div", { class: "field" },
            el("label", { for: "note-menu-move" }, "Move to another heading"),
            el("select", { id: "note-menu-move", name: "chart_id", "data-focus-key": "menu-move-to" },
              ...targets.map((c) => el("option", { value: c.id }, c.title)))),
          button("Move", { "data-focus-key": "menu-move" })),
      );
    }
    body.append(
      el("button", {
        type: "button",
        class: "button note-menu__close",
        "data-menu-action": "close",
        "data-focus-key": "menu-close",
      }, "Close"),
    );
    dialog.replaceChildren(body);
    for (const [id, value] of kept) {
      const field = dialog.querySelector(`#${CSS.escape(id)}`);
      if (!field || !value) continue;
      if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) continue;
      field.value = value;
    }
    if (focusKey) dialog.querySelector(`[data-focus-key="${focusKey}"]`)?.focus();
    menu.key = this.menuKey(note);
  }

  onMenuAction(action) {
    const noteId = this.menu.noteId;
    if (action === "close") {
      this.closeMenu();
    } else if (action === "edit") {
      this.closeMenu({ focus: false });
      this.startEdit(noteId);
    }
  }

  submitFromMenu(form, command) {
    const data = new FormData(form);
    const action = data.get("action");
    const typed = { ask: "question", suggest: "text" }[action];
    if (typed && !String(data.get(typed) || "").trim()) {
      const message = action === "ask" ? "Write your question first." : "Write the words to suggest first.";
      const error = form.querySelector("[data-menu-error]");
      const textarea = form.querySelector("textarea");
      error.replaceChildren(hidden("Error:"), ` ${message}`);
      error.hidden = false;
      textarea.setAttribute("aria-invalid", "true");
      textarea.setAttribute("aria-describedby", `note-menu-${action}-hint note-menu-${action}-error`);
      textarea.focus();
      this.alert(message);
      return;
    }
    // Back to the note's button first: focus then follows the note as it is
    // redrawn (and, for a move, to where it moves).
    this.closeMenu();
    this.submitForm(form, command);
  }

  // --- Who is on the board changed: fetch the page again and swap the board in ----------

  async refetch() {
    if (this.refetching) {
      this.refetchAgain = true;
      return;
    }
    this.refetching = true;
    this.buffer = [];
    try {
      const response = await fetch(location.pathname, { credentials: "same-origin" });
      if (response.status === 403 || response.status === 404) {
        this.fatal = "This board is no longer open to this device. Reload the page.";
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const board = doc.querySelector("[data-board]");
      const region = doc.querySelector("[data-board-region]");
      const configElement = doc.getElementById("board-config");
      if (!board || !region || !configElement) throw new Error("Not a board page");
      const config = JSON.parse(configElement.textContent);
      this.closeMenu({ focus: false });
      const fresh = this.swapIn(region, doc);
      this.config = { ...this.config, ...config, me: this.me };
      this.state = readPage(board, fresh, config.tables);
      // The page holds every change up to its seq: its heads are held now too.
      for (const [stream, head] of Object.entries(readHeads(board.dataset.heads))) {
        this.heads[stream] = Math.max(this.heads[stream] ?? 0, head);
      }
      this.visibilitySeq = Math.max(this.visibilitySeq, toInt(board.dataset.visibilitySeq) ?? 0);
      this.upgradeMenuLinks(fresh);
      this.upgradeCostForms(fresh);
      delete this.root.dataset.chartsDrawn;
      this.drawIn();
      const seq = this.state.seq;
      for (const event of this.buffer) if (event.seq > seq) this.applyEvent(event);
      this.dropClaimedAwaiting();
      this.renderAll();
    } catch {
      // Keep the board as it is; the next connection asks for a fresh one.
      this.refetchAgain = false;
      this.freshOnConnect = true;
      for (const event of this.buffer || []) this.applyEvent(event);
    } finally {
      this.buffer = null;
      this.refetching = false;
      this.flush();
      this.updateStatus();
      if (this.refetchAgain) {
        this.refetchAgain = false;
        this.refetch();
      }
    }
  }

  swapIn(region, doc) {
    const current = this.root.querySelector("[data-board-region]");
    const values = new Map();
    for (const field of current.querySelectorAll("textarea[id], input[type=text][id]")) {
      if (field.value) values.set(field.id, field.value);
    }
    // What is chosen in a costing form being filled in, and which of its parts are open.
    const chosen = [...current.querySelectorAll("input[type=radio][id], input[type=checkbox][id]")]
      .filter((box) => box.checked !== box.defaultChecked)
      .map((box) => [box.id, box.checked]);
    const open = [...current.querySelectorAll("details[id][open]")].map((details) => details.id);
    const writing = [...current.querySelectorAll("form.add-note")].map((f) => toInt(f.dataset.chartId));
    const activeId = current.contains(document.activeElement) ? document.activeElement.id : "";
    const fresh = document.importNode(region, true);
    current.replaceWith(fresh);
    for (const chartId of writing) this.openWriteForm(chartId);
    for (const [id, value] of values) {
      const field = fresh.querySelector(`#${CSS.escape(id)}`);
      if (field) field.value = value;
    }
    for (const [id, checked] of chosen) {
      const box = fresh.querySelector(`#${CSS.escape(id)}`);
      if (box) box.checked = checked;
    }
    for (const id of open) {
      const details = fresh.querySelector(`#${CSS.escape(id)}`);
      if (details) details.open = true;
    }
    if (activeId) document.getElementById(activeId)?.focus();
    const presence = doc.querySelector(".presence");
    const oldPresence = this.root.querySelector(".presence");
    if (presence && oldPresence) oldPresence.replaceWith(document.importNode(presence, true));
    return fresh;
  }
}

const root = document.querySelector("[data-board]");
const configElement = document.getElementById("board-config");
if (root && configElement) {
  new LiveBoard(root, JSON.parse(configElement.textContent)).start();
}
