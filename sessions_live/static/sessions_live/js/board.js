// Planning Live board: the live client.
//
// Progressive enhancement of the server-rendered board. The page already works
// with plain forms; this module
//  - keeps a WebSocket open and applies what other people write as it happens;
//  - sends the page's forms over the socket instead (each change has its own
//    op_id; the server applies an op_id once, so re-sending is always safe);
//  - keeps changes made while offline, in sessionStorage too, and re-sends them,
//    with the same op_id, when the connection is back;
//  - tells the truth in the status line: "Saving…" until every change is
//    acknowledged, "Saved" only after that, "Offline: …" while disconnected.
// Text from people is only ever put in the page as text (textContent), never
// as HTML.

const OFFLINE_TEXT = "Offline: your notes will be sent when the connection is back";
const STORAGE_PREFIX = "planning-live-ops";
const PING_EVERY_MS = 25_000;
const PONG_WAIT_MS = 10_000;
const ANNOUNCE_EVERY_MS = 5_000;
const ANNOUNCE_GATHER_MS = 1_500;
const CLOSE_NOT_ALLOWED = 4403;
const SEND_BURST = 20;
const SEND_GAP_MS = 120;
const FATAL_CODES = new Set(["not_allowed", "removed"]);
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
]);
const STRUCTURE_EVENTS = new Set(["focus_person_added", "focus_person_updated", "table_saved"]);
const FACILITATE = {
  star: (f) => ({ type: "star_note", note_id: f.noteId, starred: true }),
  unstar: (f) => ({ type: "star_note", note_id: f.noteId, starred: false }),
  ask: (f) => ({ type: "ask_clarification", note_id: f.noteId, question: f.question }),
  accept: (f) => ({ type: "accept_clarification", note_id: f.noteId }),
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

// --- The board -------------------------------------------------------------------

class LiveBoard {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    this.view = config.view;
    this.me = config.me;
    this.urls = config.urls;
    this.state = this.stateFrom(config.snapshot);
    this.state.seq = toInt(root.dataset.seq) ?? config.snapshot.seq;
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
    this.refetching = false;
    this.refetchAgain = false;
    this.buffer = null;

    this.status = root.querySelector("[data-board-status]");
    this.announcer = root.querySelector("[data-board-announcer]");
    this.alertRegion = root.querySelector("[data-board-alert]");
  }

  start() {
    this.root.querySelector("[data-board-live]")?.removeAttribute("hidden");
    this.root.addEventListener("submit", (event) => this.onSubmit(event));
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.root.addEventListener("input", (event) => this.onInput(event));
    window.addEventListener("offline", () => this.dropSocket());
    window.addEventListener("online", () => {
      if (!this.manualOffline) this.reconnectNow();
    });
    this.renderAll();
    this.flush();
    this.updateStatus();
    this.connect();
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

  signature(state) {
    const byId = (a, b) => a.id - b.id;
    return JSON.stringify([
      [...state.people.values()]
        .sort(byId)
        .map((p) => [p.id, p.first_name, p.colour, p.symbol, p.table_id, p.is_private, p.position]),
      [...state.charts.values()]
        .sort(byId)
        .map((c) => [c.id, c.focus_person_id, c.title, c.prompt, c.position]),
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
    socket.addEventListener("open", () => {
      if (this.socket !== socket) return;
      socket.send(JSON.stringify({ type: "hello", last_seq: this.state.seq }));
    });
    socket.addEventListener("message", (event) => {
      if (this.socket !== socket) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onMessage(message);
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
    if (code === CLOSE_NOT_ALLOWED) {
      this.fatal ||= "This device is not part of this session any more.";
    } else {
      this.attempts += 1;
      this.scheduleReconnect();
    }
    this.dirty = new Set(this.state.charts.keys());
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

  ping() {
    if (!this.ready) return;
    this.pingId += 1;
    if (this.send({ type: "ping", id: String(this.pingId) })) {
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

  onMessage(message) {
    switch (message.type) {
      case "welcome":
        this.onWelcome(message);
        break;
      case "event":
        if (this.buffer) this.buffer.push(message.event);
        else this.applyEvent(message.event);
        break;
      case "snapshot":
        this.applySnapshot(message.snapshot);
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
        clearTimeout(this.pongTimer);
        break;
      default:
        break;
    }
    this.flush();
    this.updateStatus();
  }

  onWelcome(message) {
    this.me = { ...this.me, ...message.you };
    if (message.snapshot) {
      this.applySnapshot(message.snapshot);
    } else {
      for (const event of message.events || []) {
        if (this.buffer) this.buffer.push(event);
        else this.applyEvent(event);
      }
    }
    if (!this.buffer) this.state.seq = Math.max(this.state.seq, message.seq);
    this.ready = true;
    this.everConnected = true;
    this.attempts = 0;
    this.dirty = new Set(this.state.charts.keys());
    this.sendPending();
  }

  applySnapshot(snapshot) {
    const next = this.stateFrom(snapshot);
    if (this.signature(next) !== this.signature(this.state)) {
      this.refetch();
      return;
    }
    this.state.notes = next.notes;
    this.state.charts = next.charts;
    this.state.isLocked = next.isLocked;
    this.state.seq = Math.max(this.state.seq, next.seq);
    this.dropClaimedAwaiting();
    this.renderAll();
  }

  applyEvent(event) {
    if (STRUCTURE_EVENTS.has(event.kind)) {
      if (event.seq > this.state.seq) this.refetch();
      return;
    }
    if (NOTE_EVENTS.has(event.kind)) this.applyNoteEvent(event);
    else if (event.kind === "chart_locked") {
      const chart = this.state.charts.get(event.chart.id);
      if (chart) {
        this.state.charts.set(chart.id, { ...chart, is_locked: event.chart.is_locked });
        this.dirty.add(chart.id);
      }
    } else if (event.kind === "board_locked") {
      this.state.isLocked = event.is_locked;
      this.dirty = new Set(this.state.charts.keys());
    }
    this.state.seq = Math.max(this.state.seq, event.seq);
  }

  applyNoteEvent(event) {
    const note = event.note;
    const current = this.state.notes.get(note.id);
    if (!this.state.charts.has(note.chart_id)) {
      if (current) {
        this.state.notes.delete(note.id);
        this.dirty.add(current.chart_id);
      }
      return;
    }
    if (current && current.updated_seq > note.updated_seq) return;
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
          this.focusAfter = { undoChart: note.chart_id };
        }
      }
      this.say("Note removed. You can undo this.");
    } else if (message.type === "restore_note") {
      for (const [chartId, undo] of this.undo) {
        if (undo.noteId === message.note_id) this.undo.delete(chartId);
      }
      this.focusAfter = { noteId: message.note_id };
    }
  }

  onError(error) {
    const op = error.op_id ? this.pending.find((o) => o.op_id === error.op_id) : null;
    if (FATAL_CODES.has(error.code)) {
      this.fatal = error.message;
      this.alert(error.message);
      return;
    }
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

  // --- Forms -------------------------------------------------------------------------

  onSubmit(event) {
    const form = event.target.closest("form[data-command]");
    if (!form || !this.socketUsable()) return; // the form posts normally
    event.preventDefault();
    this.submitForm(form);
  }

  submitForm(form) {
    const data = new FormData(form);
    const command = form.dataset.command;
    const noteId = toInt(form.dataset.noteId ?? data.get("note_id"));
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
      this.submitOp({ type: "add_note", chart_id: chartId, text }, key);
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
    } else if (command === "answer_clarification") {
      this.noteErrors.delete(noteId);
      const reply = String(data.get("reply") || "");
      this.submitOp({ type: "answer_clarification", note_id: noteId, reply }, `note-${noteId}`);
    } else if (command === "edit_note") {
      this.saveEdit(noteId, String(data.get("text") || ""));
    } else if (command === "facilitate") {
      this.submitFacilitate(data);
    }
  }

  submitFacilitate(data) {
    const action = String(data.get("action") || "");
    const build = FACILITATE[action];
    if (!build) return;
    const fields = {
      noteId: toInt(data.get("note_id")),
      chartId: toInt(data.get("chart_id")),
      question: String(data.get("question") || ""),
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
    this.focusAfter = { noteId, key: "edit" };
    const op = this.submitOp(
      { type: "edit_note", note_id: noteId, text, base_version: baseVersion },
      `note-${noteId}`,
    );
    this.myEdits.set(noteId, { text, opId: op.op_id, seq: null });
  }

  onClick(event) {
    const edit = event.target.closest("a[data-action='edit']");
    if (edit && this.socketUsable()) {
      const noteId = toInt(edit.closest("[data-note-id]")?.dataset.noteId);
      const note = this.state.notes.get(noteId);
      if (!note) return;
      event.preventDefault();
      this.editing.set(noteId, { text: note.text, baseVersion: note.version, error: "" });
      this.dirty.add(note.chart_id);
      this.focusAfter = { noteId, key: "edit-text" };
      this.flush();
      return;
    }
    const cancel = event.target.closest("[data-edit-cancel]");
    if (cancel) {
      const noteId = toInt(cancel.dataset.editCancel);
      this.editing.delete(noteId);
      const note = this.state.notes.get(noteId);
      if (note) this.dirty.add(note.chart_id);
      this.focusAfter = { noteId, key: "edit" };
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

  // --- Errors and announcements ------------------------------------------------------

  showOpError(op, message) {
    const msg = op.message;
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
    const [, id] = key.split("-");
    const form = this.root.querySelector(`form.add-note[data-chart-id="${id}"]`);
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

  say(message) {
    if (!this.announcer) return;
    this.announcer.textContent = "";
    setTimeout(() => {
      this.announcer.textContent = message;
    }, 50);
  }

  queueAnnouncement(note) {
    const person = this.personOfChart(note.chart_id);
    if (!person || this.view === "projector") return;
    this.announceQueue.push(person.first_name);
    if (this.announceTimer) return;
    const wait = Math.max(ANNOUNCE_GATHER_MS, this.lastAnnounceAt + ANNOUNCE_EVERY_MS - Date.now());
    this.announceTimer = setTimeout(() => this.flushAnnouncements(), wait);
  }

  flushAnnouncements() {
    this.announceTimer = null;
    const names = this.announceQueue;
    this.announceQueue = [];
    if (!names.length) return;
    const counts = new Map();
    for (const name of names) counts.set(name, (counts.get(name) || 0) + 1);
    const total = names.length;
    const noun = total === 1 ? "new note" : "new notes";
    let text;
    if (counts.size === 1) text = `${total} ${noun} for ${names[0]}`;
    else text = `${total} ${noun}: ${[...counts].map(([name, n]) => `${n} for ${name}`).join(", ")}`;
    this.lastAnnounceAt = Date.now();
    this.say(text);
  }

  // --- Rendering ------------------------------------------------------------------------

  flush() {
    for (const chartId of this.dirty) {
      this.renderChartState(chartId);
      this.renderNotes(chartId);
      this.renderUndo(chartId);
    }
    this.dirty.clear();
    this.renderBoardLock();
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
      node = this.root.querySelector(`[data-undo-for-chart="${target.undoChart}"] button`);
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
    const lockForm = section.querySelector("[data-lock-chart-form]");
    if (lockForm) {
      lockForm.elements.action.value = chart.is_locked ? "unlock_chart" : "lock_chart";
      lockForm.querySelector("[data-lock-chart-label]").textContent = chart.is_locked
        ? "Unlock this chart"
        : "Lock this chart";
    }
  }

  notesOf(chartId) {
    return [...this.state.notes.values()]
      .filter((n) => n.chart_id === chartId && !n.is_removed)
      .sort((a, b) => a.created_seq - b.created_seq || a.id - b.id);
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

  renderNotes(chartId) {
    const list = this.root.querySelector(`ol[data-notes-for-chart="${chartId}"]`);
    if (!list) return;
    const notes = this.notesOf(chartId);
    const placeholders = this.controls ? this.placeholdersOf(chartId, notes) : [];
    const existing = new Map();
    for (const child of list.children) existing.set(child.dataset.renderId || "", child);
    const wanted = [];
    for (const note of notes) {
      const renderKey = this.noteRenderKey(note);
      const old = existing.get(`note-${note.id}`);
      if (old && old.dataset.renderKey === renderKey) {
        wanted.push(old);
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
          else if (this.undo.has(chartId)) this.focusAfter = { undoChart: chartId };
          else this.chartSection(chartId)?.focus();
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
    const details = old.querySelector("details");
    if (details?.open) node.querySelector("details")?.setAttribute("open", "");
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

  noteElement(note) {
    const person = this.personOfChart(note.chart_id);
    const li = el("li", {
      class: `note${note.is_starred ? " note--starred" : ""}`,
      id: `note-${note.id}`,
      tabindex: "-1",
      "data-note-id": note.id,
      "data-render-id": `note-${note.id}`,
      "data-colour": person.colour,
    });
    li.append(this.personLabel(person));
    const editing = this.editing.get(note.id);
    if (editing && this.canChange(note)) li.append(this.editForm(note, editing));
    else li.append(el("p", { class: "note__text", dir: "auto" }, note.text));
    li.append(el("p", { class: "note__author" }, "Written by ", el("bdi", {}, note.author_name)));
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
          el("span", { dir: "auto" }, note.clarification_question)),
      );
      if (note.clarification === "answered") {
        box.append(
          el("p", {}, el("strong", {}, "Answer:"), " ",
            note.clarification_reply
              ? el("span", { dir: "auto" }, note.clarification_reply)
              : "the note was changed."),
        );
      }
      li.append(box);
    }
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
    if (canChange && !editing) {
      const remove = this.formBasics(
        el("form", {
          method: "post",
          action: this.url("note_remove", note.id),
          "data-command": "remove_note",
          "data-note-id": note.id,
        }),
      );
      remove.append(
        el("button", { type: "submit", class: "button button--secondary", "data-focus-key": "remove" },
          "Remove", hidden(` note: ${short}`)),
      );
      li.append(
        el("div", { class: "note__actions" },
          el("a", {
            class: "button button--secondary",
            href: this.url("note_edit", note.id),
            "data-action": "edit",
            "data-focus-key": "edit",
          }, "Edit", hidden(` note: ${short}`)),
          remove),
      );
    }
    if (canChange && note.clarification === "asked") li.append(this.answerForm(note));
    if (this.isFacilitator) li.append(this.toolsElement(note, short));
    return li;
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

  facilitateForm(note, action, ...content) {
    const form = this.formBasics(
      el("form", { method: "post", action: this.urls.note_facilitate, "data-command": "facilitate" }),
      { note_id: note.id, action },
    );
    form.append(...content);
    return form;
  }

  toolsElement(note, short) {
    const details = el("details", { class: "note__tools" },
      el("summary", { "data-focus-key": "tools" }, "Facilitator actions", hidden(` for note: ${short}`)));
    details.append(
      this.facilitateForm(note, note.is_starred ? "unstar" : "star",
        el("button", { type: "submit", class: "button button--secondary", "data-focus-key": "star" },
          note.is_starred ? "Take the star off" : "Star this note")),
    );
    const chart = this.state.charts.get(note.chart_id);
    const targets = [...this.state.charts.values()]
      .filter((c) => c.focus_person_id === chart.focus_person_id && c.id !== chart.id)
      .sort(byPosition);
    if (targets.length) {
      const id = `move-${note.id}`;
      const select = el("select", { id, name: "chart_id", "data-focus-key": "move-to" },
        ...targets.map((c) => el("option", { value: c.id }, c.title)));
      const form = this.facilitateForm(note, "move",
        el("div", { class: "field" }, el("label", { for: id }, "Move to another heading"), select),
        el("button", { type: "submit", class: "button button--secondary", "data-focus-key": "move" }, "Move"));
      form.classList.add("note__move");
      details.append(form);
    }
    const askId = `ask-${note.id}`;
    const ask = this.facilitateForm(note, "ask",
      el("div", { class: "field" },
        el("label", { for: askId }, "Ask to make it clearer"),
        el("textarea", { id: askId, name: "question", rows: "2", "data-focus-key": "ask-text" })),
      el("button", { type: "submit", class: "button button--secondary", "data-focus-key": "ask" }, "Ask"));
    ask.classList.add("note__ask");
    details.append(ask);
    if (note.clarification) {
      details.append(
        this.facilitateForm(note, "accept",
          el("button", { type: "submit", class: "button button--secondary", "data-focus-key": "accept" },
            "Mark as clear")),
      );
    }
    return details;
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

  renderUndo(chartId) {
    const area = this.root.querySelector(`[data-undo-for-chart="${chartId}"]`);
    if (!area) return;
    const undo = this.undo.get(chartId);
    const current = area.firstElementChild;
    if (!undo) {
      area.replaceChildren();
      return;
    }
    if (current && current.dataset.undoFor === String(undo.noteId)) return;
    const form = this.formBasics(
      el("form", {
        method: "post",
        action: this.url("note_restore", undo.noteId),
        class: "notice undo",
        "data-command": "restore_note",
        "data-note-id": undo.noteId,
        "data-undo-for": undo.noteId,
      }),
    );
    form.append(
      el("span", {}, "Note removed. "),
      el("button", { type: "submit", class: "button button--secondary" },
        "Undo", hidden(`: put back the note ${undo.short}`)),
    );
    area.replaceChildren(form);
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
      const region = doc.querySelector("[data-board-region]");
      const configElement = doc.getElementById("board-config");
      if (!region || !configElement) throw new Error("Not a board page");
      const config = JSON.parse(configElement.textContent);
      this.swapIn(region, doc);
      this.config = { ...this.config, ...config, me: this.me };
      const seq = toInt(doc.querySelector("[data-board]")?.dataset.seq) ?? config.snapshot.seq;
      this.state = this.stateFrom(config.snapshot);
      this.state.seq = seq;
      for (const event of this.buffer) if (event.seq > seq) this.applyEvent(event);
      this.dropClaimedAwaiting();
      this.renderAll();
    } catch {
      // Keep the board as it is; the next connection asks for a fresh one.
      this.refetchAgain = false;
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
    for (const field of current.querySelectorAll("textarea[id]")) {
      if (field.value) values.set(field.id, field.value);
    }
    const activeId = current.contains(document.activeElement) ? document.activeElement.id : "";
    const fresh = document.importNode(region, true);
    current.replaceWith(fresh);
    for (const [id, value] of values) {
      const field = fresh.querySelector(`#${CSS.escape(id)}`);
      if (field) field.value = value;
    }
    if (activeId) document.getElementById(activeId)?.focus();
    const presence = doc.querySelector(".presence");
    const oldPresence = this.root.querySelector(".presence");
    if (presence && oldPresence) oldPresence.replaceWith(document.importNode(presence, true));
  }
}

const root = document.querySelector("[data-board]");
const configElement = document.getElementById("board-config");
if (root && configElement) {
  new LiveBoard(root, JSON.parse(configElement.textContent)).start();
}
