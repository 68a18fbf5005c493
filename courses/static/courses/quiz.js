// Quiz page: autosave each answer as it is given, so a refresh or a dropped connection loses nothing.
// The server keeps the answers; this script only sends them (and retries failed saves).
(function () {
  "use strict";
  var form = document.querySelector("[data-attempt-form]");
  if (!form) { return; }
  var status = document.querySelector("[data-save-status]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = {};
  var timers = {};

  function say(text) { if (status) { status.textContent = text; } }

  // With every question on the page, the "answered" count can follow the learner's answers.
  var counter = document.querySelector("[data-answered-template]");
  function recount() {
    if (!counter) { return; }
    var answered = Array.prototype.filter.call(form.querySelectorAll("[data-question]"), function (fieldset) {
      var value = responseOf(fieldset);
      return value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
    }).length;
    counter.textContent = counter.getAttribute("data-answered-template").replace("{n}", answered);
  }

  function responseOf(fieldset) {
    var type = fieldset.getAttribute("data-type");
    var position = fieldset.getAttribute("data-position");
    var name = "q" + position;
    if (type === "matching") {
      var pairs = {};
      fieldset.querySelectorAll("select[name^='" + name + "_']").forEach(function (select) {
        if (select.value) { pairs[select.name.slice(name.length + 1)] = select.value; }
      });
      return Object.keys(pairs).length ? pairs : null;
    }
    if (type === "multiple") {
      return Array.prototype.map.call(fieldset.querySelectorAll("input[name='" + name + "']:checked"), function (box) {
        return box.value;
      });
    }
    if (type === "single" || type === "truefalse") {
      var picked = fieldset.querySelector("input[name='" + name + "']:checked");
      if (!picked) { return null; }
      if (type === "truefalse") { return picked.value === "true"; }
      return picked.value;
    }
    var text = fieldset.querySelector("[name='" + name + "']");
    return text ? text.value : null;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify(body)
    });
  }

  // One save per question on the way at a time: a change made while its save travels is sent when that save is
  // back. Sent side by side, three quick choices of a matching question could reach the server out of order and
  // the older answer, arriving last, was the one kept (seen in a browser test; the page still said 已保存).
  var inFlight = {};  // position -> the promise of the save on the way
  var again = {};     // position -> changed again while its save was on the way
  function unsaved() {
    var positions = {};
    [pending, inFlight, again, timers].forEach(function (table) {
      Object.keys(table).forEach(function (position) { positions[position] = true; });
    });
    form.setAttribute("data-unsaved", String(Object.keys(positions).length));
  }

  function save(fieldset) {
    var position = fieldset.getAttribute("data-position");
    if (inFlight[position]) {
      again[position] = true;
      unsaved();
      return inFlight[position];
    }
    pending[position] = true;
    say(form.getAttribute("data-msg-saving"));
    var sending = post(form.getAttribute("data-save-url"), { position: Number(position), response: responseOf(fieldset) })
      .then(function (reply) {
        return reply.json().then(function (data) {
          if (reply.ok) {
            delete pending[position];
            var othersOnTheWay = Object.keys(inFlight).some(function (other) { return other !== position; });
            if (!again[position] && !othersOnTheWay) { say(form.getAttribute("data-msg-saved")); }
            recount();
          } else if (reply.status === 409) {
            delete pending[position];
            say(data.error);
          } else {
            throw new Error(data.error || "save failed");
          }
        });
      })
      .catch(function () {
        say(form.getAttribute("data-msg-failed"));
        window.setTimeout(function () { if (pending[position] && !inFlight[position]) { save(fieldset); } }, 5000);
      })
      .then(function () {
        delete inFlight[position];
        if (again[position]) {
          delete again[position];
          return save(fieldset);
        }
        unsaved();
      });
    inFlight[position] = sending;
    unsaved();
    return sending;
  }

  function schedule(fieldset, delay) {
    var position = fieldset.getAttribute("data-position");
    window.clearTimeout(timers[position]);
    timers[position] = window.setTimeout(function () {
      delete timers[position];
      save(fieldset);
    }, delay);
    unsaved();
  }

  form.querySelectorAll("[data-question]").forEach(function (fieldset) {
    fieldset.addEventListener("change", function () { schedule(fieldset, 0); });
    fieldset.addEventListener("input", function (event) {
      if (event.target.matches("input[type=text], textarea")) { schedule(fieldset, 800); }
    });
    var check = fieldset.querySelector("[data-check]");
    if (check) {
      check.addEventListener("click", function () {
        save(fieldset).then(function () {
          return post(form.getAttribute("data-check-url"), { position: Number(fieldset.getAttribute("data-position")) });
        }).then(function (reply) { return reply.json(); }).then(function (data) {
          var box = fieldset.querySelector("[data-feedback]");
          if (!data.ok) { box.textContent = data.error; return; }
          box.innerHTML = "";
          if (data.verdict) {
            // "正确", "部分正确(得 1/2 分)" or "错误", worded on the server.
            var verdict = document.createElement("p");
            verdict.className = "is-" + data.verdict;
            verdict.textContent = data.verdict_text;
            box.appendChild(verdict);
          }
          if (data.correct_answer) {
            var answer = document.createElement("p");
            answer.textContent = form.getAttribute("data-msg-answer") + ":" + data.correct_answer;
            box.appendChild(answer);
          }
          if (data.answer_feedback) {
            var note = document.createElement("p");
            note.textContent = form.getAttribute("data-msg-feedback") + ":" + data.answer_feedback;
            box.appendChild(note);
          }
          if (data.explanation) {
            var why = document.createElement("p");
            why.textContent = form.getAttribute("data-msg-explanation") + ":" + data.explanation;
            box.appendChild(why);
          }
          fieldset.querySelectorAll("input, textarea, select").forEach(function (input) {
            if (input.type !== "hidden") { input.disabled = true; }
          });
          check.remove();
        });
      });
    }
  });

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-submit")) {
      if (!window.confirm(form.getAttribute("data-msg-confirm"))) { event.preventDefault(); return; }
      // One click is enough: the server grades once anyway, this only spares a second request.
      window.setTimeout(function () { submitter.disabled = true; }, 0);
    }
  });

  // The visible clock ticks every second; screen readers are told only at the set points (10, 5 and 1 minutes
  // left), each once, through a separate live region.
  var timer = document.querySelector("[data-deadline]");
  if (timer) {
    var deadline = new Date(timer.getAttribute("data-deadline")).getTime();
    var announcer = document.querySelector("[data-timer-announce]");
    var points = announcer ? announcer.getAttribute("data-announce-minutes").split(" ").map(Number) : [];
    var initialLeft = (deadline - Date.now()) / 1000;
    var told = {};
    points.forEach(function (point) { if (initialLeft <= point * 60) { told[point] = true; } });
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      timer.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      points.forEach(function (point) {
        if (!told[point] && left <= point * 60) {
          told[point] = true;
          announcer.textContent = announcer.getAttribute("data-msg-left").replace("{n}", point);
        }
      });
      // Time is up: hand in what is on the page; the server grades only what was saved by the deadline.
      if (left === 0) { form.submit(); return; }
      window.setTimeout(tick, 1000);
    };
    tick();
  }
})();
