// Site-wide behaviour, added on top of pages that already work without it.
//  - Display settings apply the moment a choice changes, and are remembered in
//    the same cookie the no-JavaScript form sets.
//  - An error summary takes focus when a page loads with one.

const COOKIE = "display";
const YEAR_IN_SECONDS = 60 * 60 * 24 * 365;

function applyDisplaySettings(form) {
  const textSize = form.querySelector('input[name="text_size"]:checked')?.value || "standard";
  const contrast = form.querySelector('input[name="contrast"]:checked')?.value || "standard";
  const root = document.documentElement;
  for (const cls of [...root.classList]) {
    if (cls.startsWith("text-") || cls.startsWith("contrast-")) root.classList.remove(cls);
  }
  if (textSize !== "standard") root.classList.add(`text-${textSize}`);
  if (contrast !== "standard") root.classList.add(`contrast-${contrast}`);
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${COOKIE}=${textSize}.${contrast}; Max-Age=${YEAR_IN_SECONDS}; Path=/; SameSite=Lax${secure}`;
  const status = form.querySelector("[data-display-settings-status]");
  if (status) {
    const sizeLabel = form.querySelector(`label[for="text-size-${textSize}"]`)?.textContent;
    const contrastLabel = form.querySelector(`label[for="contrast-${contrast}"]`)?.textContent;
    status.textContent = `Saved. Text size: ${sizeLabel}. Colours: ${contrastLabel}.`;
  }
}

for (const form of document.querySelectorAll("[data-display-settings]")) {
  form.addEventListener("change", () => applyDisplaySettings(form));
}

const summary = document.querySelector("[data-focus-on-load]");
if (summary) summary.focus();
