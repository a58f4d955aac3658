// Plan cards. A scanned card opens /live/card/#the-four-words: the words ride in
// the fragment, which the browser never sends to the server (nor to its logs).
// Fill them in and send the form as if typed. Without JavaScript the person
// types the words printed under the code.
const form = document.querySelector("[data-card-form]");
const words = decodeURIComponent(location.hash.slice(1));
if (form && /^[a-z]+(-[a-z]+)+$/.test(words)) {
  history.replaceState(null, "", location.pathname); // the words leave the address bar
  form.querySelector("input[name=words]").value = words.replaceAll("-", " ");
  form.requestSubmit();
}

// "Print the card" on the card page.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
