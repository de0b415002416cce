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

  // A link to a confirmation page (without JavaScript) becomes a confirm step on the
  // spot: the form it names is posted once the member confirms.
  function confirmSteps() {
    document.querySelectorAll("[data-confirm-submit]").forEach(function (link) {
      var form = document.getElementById(link.getAttribute("data-confirm-submit"));
      if (!form) {
        return;
      }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (window.confirm(link.getAttribute("data-confirm"))) {
          form.submit();
        }
      });
    });
  }

  // "Reply" under a comment opens the comment form in place, under that comment; without
  // JavaScript (or for a visitor, who has no form) the link leads to the reply page.
  function inlineReplies() {
    var source = document.getElementById("comment-form");
    if (!source) {
      return;
    }
    document.querySelectorAll("[data-reply-to]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var id = link.getAttribute("data-reply-to");
        var article = document.getElementById("comment-" + id);
        if (!article) {
          return;
        }
        event.preventDefault();
        var existing = document.getElementById("reply-form-" + id);
        if (existing) {
          existing.querySelector("textarea").focus();
          return;
        }
        var form = source.cloneNode(true);
        form.id = "reply-form-" + id;
        form.classList.add("reply-inline", "mt-2", "mb-3");
        form.querySelectorAll("[id]").forEach(function (element) {
          var newId = "reply-" + id + "-" + element.id;
          form.querySelectorAll("[for='" + element.id + "']").forEach(function (label) {
            label.setAttribute("for", newId);
          });
          form.querySelectorAll("[aria-describedby]").forEach(function (described) {
            described.setAttribute(
              "aria-describedby",
              described.getAttribute("aria-describedby").split(" ").map(function (ref) {
                return ref === element.id ? newId : ref;
              }).join(" ")
            );
          });
          element.id = newId;
        });
        form.querySelectorAll(".invalid-feedback, .is-invalid").forEach(function (element) {
          if (element.classList.contains("invalid-feedback")) {
            element.remove();
          } else {
            element.classList.remove("is-invalid");
          }
        });
        var textarea = form.querySelector("textarea");
        textarea.value = "";
        var label = form.querySelector("label[for='" + textarea.id + "']");
        if (label) {
          label.textContent = link.getAttribute("data-reply-label");
        }
        var parent = form.querySelector("input[name='parent']");
        parent.value = id;
        var submit = form.querySelector("button[type='submit']");
        if (submit && link.getAttribute("data-reply-submit")) {
          submit.textContent = link.getAttribute("data-reply-submit");
        }
        var cancel = document.createElement("button");
        cancel.type = "button";
        cancel.className = "btn btn-link";
        cancel.textContent = link.getAttribute("data-reply-cancel") || "Cancel";
        cancel.addEventListener("click", function () {
          form.remove();
          link.focus();
        });
        if (submit) {
          submit.insertAdjacentElement("afterend", cancel);
        }
        article.querySelector("article").insertAdjacentElement("afterend", form);
        textarea.focus();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", copyButtons);
  document.addEventListener("DOMContentLoaded", printButtons);
  document.addEventListener("DOMContentLoaded", confirmSteps);
  document.addEventListener("DOMContentLoaded", inlineReplies);
})();
