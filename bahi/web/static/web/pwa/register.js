/* Installs the service worker (offline app shell and last-viewed reports). Loaded by every page
   from web/partials/pwa_head.html; the worker's URL comes from the script tag's data-sw. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = (script && script.getAttribute("data-sw")) || "/sw.js";
  if (!("serviceWorker" in navigator)) {
    return;
  }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function (error) {
      // Offline reading is a convenience: the app works without it.
      console.warn("Bahi: offline support is unavailable:", error);
    });
  });
})();
