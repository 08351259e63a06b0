/* Her entry is never lost: the day form is kept on the phone (outbox.js) until the server
 * confirms it, and sent with its idempotency key whenever a connection is there.
 *
 * - Online, htmx sends the form as before; if the request fails, the entry waits on the phone.
 * - Offline (or on the offline page the service worker keeps), the entry goes straight to the
 *   phone and she sees "saved on your phone"; it is sent when the connection returns.
 * - The phone keeps a copy of her answers for each day it saw her write (outbox.js "days"), so the
 *   offline page shows what she wrote, as the online page does, and never a blank form that would
 *   silently replace it.
 * The page works without this script; this script works without htmx.
 */
(function () {
  "use strict";
  var body = document.body;
  var owner = body.getAttribute("data-outbox-owner");
  if (!owner || !window.indexedDB || !window.LogbogOutbox) return;
  var outbox = window.LogbogOutbox;
  var status = document.getElementById("outbox-status");
  var retryTimer = null;
  var pendingPuts = {};
  var pendingItems = {};

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* works without it */ });
    // The worker may send her entries in the background (Background Sync) and tells us the outcome.
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.outbox) render(event.data.outbox);
    });
  }
  outbox.setOwner(owner).catch(function () {});

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  /* The phone's date in the course's time zone, as YYYY-MM-DD. */
  function localToday() {
    var now = new Date();
    try {
      var parts = {};
      new Intl.DateTimeFormat("en", { timeZone: body.getAttribute("data-timezone") || undefined, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(now).forEach(function (part) { parts[part.type] = part.value; });
      return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (error) {
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }
  }

  /* The offline page holds a form for each coming day: show the one for today, with what she wrote
     that day if the phone knows it better than the kept page (which may be older than her last save). */
  function showOfflineDay() {
    var slot = document.getElementById("offline-day");
    if (!slot) return;
    var today = localToday();
    var template = document.querySelector('template[data-day="' + today + '"]');
    if (!template) {
      document.querySelector("[data-no-day]").hidden = false;
      return;
    }
    writtenOnPhone(today).then(function (written) {
      slot.appendChild(template.content.cloneNode(true));
      var form = slot.querySelector("form[data-outbox]");
      // The kept page is the same every time it is opened: each opening is a new submission.
      form.elements.idempotency_key.value = newKey();
      if (written && written.answers !== null) {
        fill(form, written.answers);
        if (!form.hasAttribute("data-written")) {
          form.querySelector("h1").after(document.querySelector("template[data-written-notice]").content.cloneNode(true));
        }
      } else if (written && !form.hasAttribute("data-written")) {
        // She wrote this day, but neither the phone nor its kept page has her answers: say so, replace nothing.
        form.hidden = true;
        document.querySelector("[data-not-on-phone]").hidden = false;
      }
    });
  }

  /* Her answers for `day` on this phone: the newest entry still waiting to be sent, else the phone's copy. */
  function writtenOnPhone(day) {
    return outbox.waiting(owner).then(function (items) {
      var waiting = items.filter(function (item) { return item.day === day; }).pop();
      return waiting ? { answers: waiting.body } : outbox.keptDay(owner, day);
    }).catch(function () { return null; });
  }

  /* Put her answers back into a blank copy of the form, as the server fills it. */
  function fill(form, answers) {
    var fields = new URLSearchParams(answers);
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!control.name || control.name === "idempotency_key" || control.name === "csrf_token") return;
      if (control.type === "radio" || control.type === "checkbox") {
        control.checked = fields.getAll(control.name).indexOf(control.value) !== -1;
      } else if (fields.has(control.name) && control.tagName !== "BUTTON") {
        control.value = fields.get(control.name);
      }
    });
  }

  /* A page that shows what the server has of her days: the day form with her saved answers, her week list. */
  function keepShownDays() {
    if (body.hasAttribute("data-offline-shell")) return;
    document.querySelectorAll("form[data-outbox][data-written]").forEach(function (form) {
      var answers = new URLSearchParams(new FormData(form)).toString();
      outbox.keepDay(owner, form.getAttribute("data-day"), answers).catch(function () {});
    });
    document.querySelectorAll("[data-written-day]").forEach(function (row) {
      outbox.markWritten(owner, row.getAttribute("data-written-day")).catch(function () {});
    });
  }

  function chosenAttendance(form) {
    var checked = form.querySelector('input[name="attendance"]:checked');
    return checked ? checked.value : "";
  }

  /* Without the server to check it, the phone checks that every question that needs an answer has one. */
  function complete(form) {
    var attendance = chosenAttendance(form);
    var first = null;
    form.querySelectorAll("fieldset[data-required]").forEach(function (fieldset) {
      var block = fieldset.closest(".followup");
      var applies = !block || block.classList.contains("if-" + attendance);
      var missing = applies && !fieldset.querySelector("input:checked");
      fieldset.classList.toggle("is-missing", missing);
      var hint = fieldset.querySelector("[data-missing-hint]");
      if (hint) hint.hidden = !missing;
      if (missing && !first) first = fieldset;
    });
    var notice = form.querySelector("[data-missing-notice]");
    if (notice) notice.hidden = !first;
    if (first) first.scrollIntoView({ block: "start" });
    return !first;
  }

  function itemFrom(form) {
    var fields = new URLSearchParams(new FormData(form));
    var token = fields.get("csrf_token") || "";
    fields.delete("csrf_token");
    return {
      key: fields.get("idempotency_key"), owner: owner, url: form.getAttribute("action"), body: fields.toString(),
      day: form.getAttribute("data-day"), label: form.getAttribute("data-day-label"), csrf: token, queuedAt: Date.now(),
    };
  }

  function show(state, visible) {
    var element = status && status.querySelector('[data-state="' + state + '"]');
    if (element) element.hidden = !visible;
    return element;
  }

  /* Name the days (in her language, as the form wrote them) in one of the status lists. */
  function listDays(selector, items) {
    var list = status.querySelector(selector);
    list.textContent = "";
    items.forEach(function (item) {
      var line = document.createElement("li");
      line.textContent = item.label;
      list.appendChild(line);
    });
  }

  function render(results) {
    if (!status) return Promise.resolve();
    results = Array.isArray(results) ? results : [];  // only a flush's outcomes are a list
    return outbox.waiting(owner).then(function (items) {
      listDays("[data-list]", items);
      show("queued", items.length > 0);
      // "Sent" only for entries she was told are waiting; a request that simply finished says nothing.
      var sent = results.filter(function (result) { return result.state === "sent" && result.item.shown; });
      if (sent.length && !items.length) {
        listDays("[data-sent-list]", sent.map(function (result) { return result.item; }));
        show("sent", true);
      }
      results.forEach(function (result) {
        if (result.state !== "rejected") return;
        var element = show("rejected", true);
        var text = element.querySelector("[data-text]");
        text.textContent = text.getAttribute("data-text").replace("{day}", result.item.label);
      });
      if (items.length) scheduleRetry();
    });
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; sendWaiting(); }, 20000);
  }

  function sendWaiting() {
    if (navigator.onLine === false) return render();
    return outbox.flush(owner).then(render, function () { return render(); });
  }

  function askForBackgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(outbox.SYNC_TAG);
    }).catch(function () {});
  }

  /* The entry is on the phone: say so in place of the form. */
  function keptOnPhone(form, item) {
    form.hidden = true;
    show("sent", false);
    askForBackgroundSync();
    window.scrollTo(0, 0);
    item.shown = true;  // she is told it waits on the phone: she will be told when it is sent
    return outbox.put(item).then(function () { return outbox.keepDay(owner, item.day, item.body).catch(function () {}); })
      .then(function () { return render(); }).then(sendWaiting);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches(".call-form") && navigator.onLine === false) {
      event.preventDefault();
      event.stopImmediatePropagation();
      document.querySelector("[data-call-offline]").hidden = false;
      return;
    }
    if (!form.matches || !form.matches("form[data-outbox]")) return;
    var offlinePage = body.hasAttribute("data-offline-shell");
    if (!offlinePage && navigator.onLine !== false) {
      // Sent now by htmx (or the browser); kept on the phone until the server has answered.
      var item = itemFrom(form);
      pendingItems[item.key] = item;
      pendingPuts[item.key] = outbox.put(item).catch(function () {});
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!complete(form)) return;
    keptOnPhone(form, itemFrom(form));
  }, true);

  /* The day form an htmx request came from. Once its answer has replaced the form, htmx tells the form's
     nearest ancestor still on the page, and names that in `elt`: the form itself is in `requestConfig`. */
  function requestForm(event) {
    var detail = event.detail || {};
    var form = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    return form && form.matches && form.matches("form[data-outbox]") ? form : null;
  }

  function requestFailed(event) {
    var form = requestForm(event);
    if (!form || form.hidden) return;
    var key = form.elements.idempotency_key.value;
    // The next tap on "Save" is a new submission; this one waits on the phone under its own key.
    form.elements.idempotency_key.value = newKey();
    Promise.resolve(pendingPuts[key]).then(function () { return keptOnPhone(form, pendingItems[key]); });
  }

  // "Call me" needs the connection now: say so instead of failing silently.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches(".call-form")) return;
    var notice = document.querySelector("[data-call-offline]");
    if (notice) notice.hidden = event.detail.successful;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = requestForm(event);
    if (!form) return;
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    // 423: her PIN is due (app/web/pin_lock.py); htmx takes her to the PIN page and the entry waits here.
    if (code === 0 || code === 423 || code === 429 || code >= 500) return requestFailed(event);
    // The server answered: saved, or it shows her what to fix on the screen.
    var key = new URLSearchParams(new FormData(form)).get("idempotency_key");
    var item = pendingItems[key];
    Promise.resolve(pendingPuts[key]).then(function () { return outbox.remove(key); }).then(function () {
      if (item && event.detail.successful) return outbox.keepDay(owner, item.day, item.body).catch(function () {});
    }).then(function () { return render(); });
  });

  window.addEventListener("online", function () {
    document.querySelectorAll(".offline-banner, [data-call-offline]").forEach(function (notice) { notice.hidden = true; });
    sendWaiting();
  });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") sendWaiting(); });

  document.addEventListener("htmx:afterSettle", keepShownDays);  // e.g. her week list after a save

  outbox.forgetDays(owner, localToday()).catch(function () {});  // the offline page writes today, never before
  keepShownDays();
  showOfflineDay();
  sendWaiting();
})();
