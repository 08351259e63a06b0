/* "Sign out of this phone" (templates/citizen/sign_out.html): days still waiting on the phone are
 * sent first if they can be; what still waits is named, and deleted from the phone when she signs
 * out anyway, together with her kept offline page. Without this script nothing waits on the phone.
 */
(function () {
  "use strict";
  var owner = document.body.getAttribute("data-outbox-owner");
  var form = document.querySelector("form[data-sign-out]");
  var outbox = window.LogbogOutbox;
  if (!owner || !form || !window.indexedDB || !outbox) return;
  var warning = document.querySelector("[data-unsent]");
  var offline = document.querySelector("[data-sign-out-offline]");
  var ready = false;

  function show(items) {
    var list = warning.querySelector("[data-unsent-list]");
    list.textContent = "";
    items.forEach(function (item) {
      var line = document.createElement("li");
      line.textContent = item.label;
      list.appendChild(line);
    });
    var sentence = warning.querySelector('[data-unsent-count="' + items.length + '"]') ||
      warning.querySelector('[data-unsent-count="many"]');
    warning.querySelectorAll("[data-unsent-count]").forEach(function (p) { p.hidden = p !== sentence; });
    warning.hidden = items.length === 0;
  }

  function check() {
    // Send what can be sent now; only what is still waiting afterwards is in danger.
    return outbox.flush(owner).catch(function () {}).then(function () { return outbox.waiting(owner); })
      .then(function (items) { show(items); ready = true; return items; });
  }

  /* Delete her waiting days, the copies of her answers and her kept offline page from this phone. */
  function forget() {
    return outbox.waiting(owner).then(function (items) {
      return Promise.all(items.map(function (item) { return outbox.remove(item.key); }));
    }).then(function () { return outbox.forgetDays(owner); }).then(function () {
      if (window.caches) return caches.delete("logbog-shell");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    offline.hidden = navigator.onLine !== false;
    if (!offline.hidden) return;  // signing out needs the server
    var button = form.querySelector("button[type=submit]");
    var send = function () { form.submit(); };
    var seen = ready;
    button.disabled = true;
    Promise.resolve(seen ? null : check()).then(function (items) {
      if (!seen && items.length) {  // she had not been warned yet: warn now, she presses again
        button.disabled = false;
        warning.scrollIntoView({ block: "start" });
        return null;
      }
      return forget().then(send, send);
    }, send);
  });

  check();
})();
