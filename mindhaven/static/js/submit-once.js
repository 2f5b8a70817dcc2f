// Careful forms, progressive enhancement only; without JavaScript every form posts as usual.
//
// 1. A form marked data-submit-once (booking, moving, cancelling, deleting) is sent once: after the first submit
//    its buttons, and those of the page's other such forms, are disabled and say so (data-busy), so a double tap
//    on a slow phone sends one request. The server treats a repeated booking as the same booking anyway.
//    If nothing has happened after 20 seconds (a dropped connection), the buttons come back.
// 2. A confirmation step (data-confirm-step, with tabindex="-1") takes the focus once the page has loaded, so it
//    is in view and read out first, even on a page whose own script focuses something else.
(function () {
  "use strict";
  const BUTTONS = "form[data-submit-once] button[type=submit], form[data-submit-once] button:not([type])";
  let sent = false;
  let timer = null;

  function setBusy(busy, submitter) {
    document.querySelectorAll(BUTTONS).forEach((button) => {
      button.disabled = busy;
      if (busy && button === submitter && button.dataset.busy) {
        button.dataset.label = button.textContent;
        button.textContent = button.dataset.busy;
      } else if (!busy && button.dataset.label) {
        button.textContent = button.dataset.label;
        delete button.dataset.label;
      }
    });
  }

  function reset() {
    sent = false;
    clearTimeout(timer);
    setBusy(false, null);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once") || event.defaultPrevented) {
      return;
    }
    if (sent) {
      event.preventDefault();
      return;
    }
    sent = true;
    // Disabled only after the browser has read the form: a disabled button's name and value would not be sent.
    setTimeout(() => setBusy(true, event.submitter), 0);
    timer = setTimeout(reset, 20000);
  });

  // Back to this page from the browser's cache: the buttons must work again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) reset();
  });

  document.addEventListener("DOMContentLoaded", () => {
    const step = document.querySelector("[data-confirm-step]");
    if (step) step.focus();
  });
})();
