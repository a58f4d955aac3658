// Training pages: small enhancements on top of pages that already work without
// JavaScript.
//  - Jargon buster words in module text become buttons that show and hide
//    their definition (aria-expanded, aria-controls). Without JavaScript they
//    are links to the word on the A to Z page.
//  - Quiz questions say the chosen answer's feedback in a polite live region.
//    Without JavaScript, each answer's feedback is in its own <details>.
//  - The print view gets a "Print this page" button and opens every <details>
//    (transcripts, quiz feedback) so they are printed too.

function enhanceGlossaryTerms(root) {
  for (const trigger of root.querySelectorAll("[data-glossary-term]")) {
    const definition = document.getElementById(trigger.dataset.definition);
    if (!definition) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "glossary-term__trigger";
    button.innerHTML = trigger.innerHTML;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", definition.id);
    definition.hidden = true;
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      definition.hidden = open;
    });
    trigger.replaceWith(button);
  }
}

function enhanceQuizzes(root) {
  // The print view keeps every answer's feedback on the page, to be printed.
  if (document.body.classList.contains("print-view")) return;
  for (const quiz of root.querySelectorAll("[data-quiz]")) {
    const live = quiz.querySelector("[data-quiz-live]");
    const list = quiz.querySelector("[data-quiz-feedback-list]");
    if (!live || !list) continue;
    list.hidden = true;
    quiz.addEventListener("change", (event) => {
      const choice = event.target.closest("[data-quiz-answer]");
      if (!choice) return;
      const feedback = quiz.querySelector(
        `[data-quiz-feedback="${choice.dataset.quizAnswer}"] p`,
      );
      live.textContent = feedback ? feedback.textContent.trim() : "";
    });
  }
}

function enhancePrintView() {
  if (!document.body.classList.contains("print-view")) return;
  for (const details of document.querySelectorAll(".print-document details")) {
    details.open = true;
  }
  const wrapper = document.querySelector("[data-print-button-wrapper]");
  const button = document.querySelector("[data-print-button]");
  if (wrapper && button) {
    wrapper.hidden = false;
    button.addEventListener("click", () => window.print());
  }
}

enhanceGlossaryTerms(document);
enhanceQuizzes(document);
enhancePrintView();
