// The company details page: a logo chosen for upload is previewed before it is saved, in the
// same place as the stored one (a data: URL, which the page's CSP allows for images). The server
// still checks the file's type and size when the form is saved.
(function () {
  "use strict";

  function show(input) {
    const file = input.files && input.files[0];
    const preview = document.getElementById("logo-preview");
    if (!file || !preview) return;
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      const image = document.createElement("img");
      image.src = String(reader.result);
      image.alt = "The chosen logo, not yet saved";
      image.className = "logo-preview";
      preview.replaceChildren(image);
    });
    reader.readAsDataURL(file);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const input = document.getElementById("id_logo");
    if (input) input.addEventListener("change", () => show(input));
  });
})();
