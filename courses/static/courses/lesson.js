// Lesson page: mark the lesson done when the reader reaches its end (the button does the same without JS).
(function () {
  "use strict";
  var end = document.querySelector("[data-lesson-end]");
  if (!end || !("IntersectionObserver" in window)) { return; }
  var form = end.querySelector("form");
  var token = form ? form.querySelector("input[name=csrfmiddlewaretoken]").value : "";
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting || document.body.scrollHeight <= window.innerHeight * 1.2) { return; }
      observer.disconnect();
      fetch(end.getAttribute("data-done-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token, "Accept": "application/json" }
      }).then(function (reply) {
        if (reply.ok && form) { form.querySelector("button").disabled = true; }
      });
    });
  });
  observer.observe(end);
})();
