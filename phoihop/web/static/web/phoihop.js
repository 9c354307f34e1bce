// Small behaviours without inline scripts (the CSP forbids them): print buttons and upload progress.
(function () {
  "use strict";
  // The server keeps 120 characters of a file name plus the extension of the detected type. A longer name is cut
  // the same way before sending: a name near 1 KB would make the whole upload unreadable (core/multipart.py).
  function shortName(name) {
    var dot = name.lastIndexOf(".");
    var ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
    var stem = Array.from(ext ? name.slice(0, dot) : name);
    return stem.length > 120 ? stem.slice(0, 120).join("") + ext : name;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("upload-form") || !window.FormData) { return; }
    var input = form.querySelector("input[type=file]");
    var limit = parseInt(form.getAttribute("data-max-mb") || "0", 10) * 1024 * 1024;
    if (input && input.files.length && limit && input.files[0].size > limit) {
      event.preventDefault();
      window.alert(form.getAttribute("data-too-large") || "Tệp lớn hơn giới hạn cho phép.");
      return;
    }
    var bar = form.querySelector("progress");
    if (!bar) { return; }
    event.preventDefault();
    bar.classList.remove("d-none");
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round((100 * e.loaded) / e.total); }
    });
    request.addEventListener("load", function () { window.location.href = request.responseURL || window.location.href; });
    request.addEventListener("error", function () { form.submit(); });
    var data = new FormData(form);
    if (input && input.files.length && input.name && shortName(input.files[0].name) !== input.files[0].name) {
      data.set(input.name, input.files[0], shortName(input.files[0].name));
    }
    request.send(data);
  });
}());
