// Support chat, progressive enhancement only: keep the latest message in view, focus the box, and send with
// Enter (Shift+Enter for a new line). Without JavaScript the form posts as usual.
(function () {
  "use strict";
  const log = document.getElementById("chat-log");
  const box = document.getElementById("message");
  const form = document.getElementById("chat-form");
  if (log) log.scrollTop = log.scrollHeight;
  // A crisis reply just arrived: its card takes the focus (and the screen), not the message box. After "load": the
  // browser's own jump to #latest comes after deferred scripts and would take the focus back to the page.
  const latest = document.querySelector("#latest .chat-crisis");
  if (latest) window.addEventListener("load", () => latest.focus());
  else if (box) box.focus();
  if (box && form) {
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && box.value.trim()) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }
})();
