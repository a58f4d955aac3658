// A shared plan's page, while it is open: every little while it asks whether its
// link still works. Once the person stops it (or its last day passes) the plan is
// taken off the screen at once and the page says why, so nobody keeps reading a
// plan the person has stopped sharing. Without JavaScript the next load says so.
const CHECK_EVERY_MS = 15_000;
const root = document.querySelector("[data-shared]");

if (root) {
  const plan = root.querySelector("[data-shared-plan]");
  const notice = root.querySelector("[data-shared-stopped]");
  const stop = (words) => {
    plan.remove();
    notice.textContent = words;
    notice.hidden = false;
    document.title = "This link has stopped";
  };
  let timer;
  let stopped = false;
  const check = async () => {
    clearTimeout(timer);
    if (stopped) return;
    try {
      const response = await fetch(root.dataset.statusUrl, {
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.ok) {
        const status = await response.json();
        if (!status.works) {
          stopped = true;
          stop(status.words);
          return;
        }
      }
    } catch {
      // Offline for a moment: ask again next time.
    }
    timer = setTimeout(check, CHECK_EVERY_MS);
  };
  timer = setTimeout(check, CHECK_EVERY_MS);
  // Coming back to the tab (or the window) asks at once: the likeliest moment to
  // read on after the person has stopped the link.
  window.addEventListener("focus", check);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") check();
  });
}
