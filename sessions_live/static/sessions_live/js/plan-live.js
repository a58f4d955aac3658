// A person's plan page, live. While the page is open it listens on the board's
// socket (docs/live-protocol.md) and says so when someone writes on this plan
// (on the board, or from another plan page), so nobody works from an old copy.
// It only listens: writing is the forms on the page, which work without it.
// Without JavaScript, or when the socket cannot open, the page is as it was.
const PING_EVERY_MS = 25_000;
const root = document.querySelector("[data-plan-live]");

if (root && "WebSocket" in window) {
  const personId = Number(root.dataset.personId);
  const charts = new Set(root.dataset.chartIds.split(" ").filter(Boolean).map(Number));
  const notice = root.querySelector("[data-plan-changed]");
  let seq = Number(root.dataset.seq);
  let tries = 0;
  let pings = 0;

  // Does this change touch this person's plan?
  const mine = (event) => {
    if (event.note) return charts.has(event.note.chart_id) || charts.has(event.from_chart_id);
    if (event.chart) return charts.has(event.chart.id);
    if (event.focus_person) return event.focus_person.id === personId;
    return event.focus_person_id === personId;
  };

  const seen = (events) => {
    for (const event of events) {
      seq = Math.max(seq, event.seq);
      if (mine(event) && !notice.textContent) {
        notice.append(
          "Someone has written on this plan since you opened it. ",
          Object.assign(document.createElement("a"), {
            href: location.pathname,
            textContent: "Show the latest",
          }),
        );
      }
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
      // A welcome that resumes lists what was missed; a snapshot (too far behind)
      // cannot say what changed here, and the page is still right to reload.
      if (data.type === "welcome" || data.type === "more") seen(data.events || []);
      else if (data.type === "event") seen([data.event]);
    });
    socket.addEventListener("close", () => {
      clearInterval(timer);
      tries += 1;
      if (tries <= 10) setTimeout(connect, Math.min(30_000, 1000 * 2 ** tries));
    });
  };
  connect();
}
