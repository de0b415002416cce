// Progressive enhancements only: every feature works without this file.
(function () {
  "use strict";

  function copyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy-target"));
        if (!target || !navigator.clipboard) {
          return;
        }
        navigator.clipboard.writeText(target.value || target.textContent).then(function () {
          var done = button.getAttribute("data-copied-label");
          if (done) {
            button.textContent = done;
          }
        });
      });
    });
  }

  // The printable report's button: without JavaScript, the browser's Print command.
  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", copyButtons);
  document.addEventListener("DOMContentLoaded", printButtons);
})();
