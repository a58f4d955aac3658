// Connection check: proves that this device can hold a live connection, shows
// the round-trip time, and lets devices send each other a test message.

const root = document.querySelector("[data-connection-check]");

if (root) {
  const status = root.querySelector("[data-check-status]");
  const log = root.querySelector("[data-check-log]");
  const waveButton = root.querySelector("[data-check-wave]");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/ws/connection-check/`;
  let socket = null;
  let retryDelay = 1000;
  let pingSentAt = 0;
  let pingId = 0;

  root.hidden = false;

  function say(text) {
    status.textContent = text;
  }

  function addLog(text) {
    const line = document.createElement("p");
    line.textContent = text;
    log.append(line);
  }

  function connect() {
    say("Connecting…");
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      retryDelay = 1000;
      pingId += 1;
      pingSentAt = performance.now();
      socket.send(JSON.stringify({ type: "ping", id: String(pingId) }));
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "pong") {
        const ms = Math.round(performance.now() - pingSentAt);
        say(`Connected. Live updates work on this device. A message took ${ms} ms to go to the server and back.`);
      } else if (message.type === "wave") {
        addLog(`A test message arrived from another device at ${new Date().toLocaleTimeString("en-GB")}.`);
      } else if (message.type === "wave_sent") {
        addLog("Your test message was sent to every other device on this page.");
      } else if (message.type === "error") {
        addLog(message.message);
      }
    });
    socket.addEventListener("close", () => {
      say(`Not connected. Trying again in ${Math.round(retryDelay / 1000)} seconds.`);
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  waveButton.addEventListener("click", () => {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "wave" }));
    } else {
      addLog("Not connected yet, so the test message was not sent. Wait for 'Connected', then try again.");
    }
  });

  connect();
}
