// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Controls marked data-autosubmit submit their form when changed, so the
  // buttons that exist for readers without JavaScript can go.
  document.querySelectorAll("[data-autosubmit]").forEach(function (control) {
    control.addEventListener("change", function () {
      control.form.submit();
    });
  });
  document.querySelectorAll("[data-without-js]").forEach(function (element) {
    element.hidden = true;
  });

  // The filters stay open on wide screens; on small ones they fold away above the results.
  if (!window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details[data-closed-on-small-screens]").forEach(function (details) {
      details.open = false;
    });
  }

  // A button with data-copy="ID" copies the value of the field with that id.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () {
        status.textContent = button.dataset.copied;
      };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(done);
      } else {
        field.select();
        document.execCommand("copy");
        done();
      }
    });
  });
})();
