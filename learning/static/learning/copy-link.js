// "Copy the link" on the page that shows a new invitation link. Added on top of a
// page that works without it: the link is in a read-only box anyone can select
// and copy. The button appears only where the Clipboard API is there to use.

for (const button of document.querySelectorAll("[data-copy-link]")) {
  const box = document.getElementById(button.dataset.copyLink);
  const status = button.parentElement.querySelector("[data-copy-status]");
  if (!box || !status || !navigator.clipboard) continue;
  // Tapping the box selects the whole link, ready to copy by hand.
  box.addEventListener("focus", () => box.select());
  button.hidden = false;
  button.addEventListener("click", async () => {
    status.textContent = "";
    try {
      await navigator.clipboard.writeText(box.value);
      // Set after clearing, so pressing it twice is announced twice.
      setTimeout(() => { status.textContent = "Link copied"; }, 50);
    } catch {
      box.focus();
      status.textContent = "Could not copy the link. It is selected: copy it with your device's copy command.";
    }
  });
}
