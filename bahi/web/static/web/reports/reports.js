/* Report pages: a Print button (shown only where scripts run; Ctrl+P prints the same page) and
   the financial-year picker applying itself on change. A file of the site, no inline script, so
   the strict CSP holds. */
(function () {
  "use strict";

  function ready() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var picker = document.getElementById("year-picker");
    if (picker && picker.form) {
      picker.addEventListener("change", function () { picker.form.submit(); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
