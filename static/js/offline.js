/* Her entry is never lost: the day form is kept on the phone (outbox.js) until the server
 * confirms it, and sent with its idempotency key whenever a connection is there.
 *
 * - Online, htmx sends the form as before; if the request fails, the entry waits on the phone.
 * - Offline (or on the offline page the service worker keeps), the entry goes straight to the
 *   phone and she sees "saved on your phone"; it is sent when the connection returns.
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

  /* The offline page holds a form for each coming day: show the one for today. */
  function showOfflineDay() {
    var slot = document.getElementById("offline-day");
    if (!slot) return;
    var template = document.querySelector('template[data-day="' + localToday() + '"]');
    if (!template) {
      document.querySelector("[data-no-day]").hidden = false;
      return;
    }
    slot.appendChild(template.content.cloneNode(true));
    // The kept page is the same every time it is opened: each opening is a new submission.
    slot.querySelector('input[name="idempotency_key"]').value = newKey();
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

  function render(results) {
    if (!status) return Promise.resolve();
    results = Array.isArray(results) ? results : [];  // only a flush's outcomes are a list
    return outbox.waiting(owner).then(function (items) {
      var list = status.querySelector("[data-list]");
      list.textContent = "";
      items.forEach(function (item) {
        var line = document.createElement("li");
        line.textContent = item.label;
        list.appendChild(line);
      });
      show("queued", items.length > 0);
      // "Sent" only for entries she was told are waiting; a request that simply finished says nothing.
      var sent = results.some(function (result) { return result.state === "sent" && result.item.shown; });
      if (sent && !items.length) show("sent", true);
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
    return outbox.put(item).then(function () { return render(); }).then(sendWaiting);
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

  function requestFailed(event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-outbox]") || form.hidden) return;
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
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-outbox]")) return;
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    // 423: her PIN is due (app/web/pin_lock.py); htmx takes her to the PIN page and the entry waits here.
    if (code === 0 || code === 423 || code === 429 || code >= 500) return requestFailed(event);
    // The server answered: saved, or it shows her what to fix on the screen.
    var key = new URLSearchParams(new FormData(form)).get("idempotency_key");
    Promise.resolve(pendingPuts[key]).then(function () { return outbox.remove(key); }).then(function () { return render(); });
  });

  window.addEventListener("online", function () {
    document.querySelectorAll(".offline-banner, [data-call-offline]").forEach(function (notice) { notice.hidden = true; });
    sendWaiting();
  });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") sendWaiting(); });

  showOfflineDay();
  sendWaiting();
})();
