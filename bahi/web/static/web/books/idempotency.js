// Every form that posts to the books carries an idempotency key, made here when the form is
// shown: a form submitted twice (a double click, a retry after a dropped connection) sends the
// same key, and the server posts it once. crypto.getRandomValues works on plain-HTTP LAN
// addresses too, where crypto.randomUUID is not offered.
(function () {
  "use strict";

  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function fill(root) {
    root.querySelectorAll("input[data-idempotency-key]").forEach((input) => {
      if (!input.value) input.value = newKey();
    });
  }

  document.addEventListener("DOMContentLoaded", () => fill(document));
  document.addEventListener("htmx:load", (event) => fill(event.detail.elt.parentNode || document));
})();
