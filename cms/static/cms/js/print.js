// A "Print" button, shown only when this script runs: without JavaScript the page
// says to use the browser's own Print command instead.
for (const wrapper of document.querySelectorAll("[data-print-wrapper]")) {
  wrapper.hidden = false;
}
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
