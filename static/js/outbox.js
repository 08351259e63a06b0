/* Entries waiting on her phone until the server confirms them (IndexedDB "logbog" / "outbox").
 *
 * Used by the pages (offline.js) and by the service worker (Background Sync), so it touches
 * no DOM. Each entry keeps the idempotency key it was made with: however often it is sent,
 * the server stores it once. Only unsent entries are kept; each is deleted once the server
 * has answered for it.
 *
 * Beside them ("days"), a copy of her answers for each day she wrote, so the offline page shows
 * what she wrote instead of a blank form that would silently replace it (answers null: the phone
 * saw that she wrote that day, but not what).
 */
var LogbogOutbox = (function () {
  "use strict";
  var DB_NAME = "logbog";
  var STORE = "outbox";
  var META = "meta";
  var DAYS = "days";
  var SYNC_TAG = "logbog-outbox";
  var TOKEN_PATTERN = /name="csrf_token" value="([^"]+)"/;

  function request(idbRequest) {
    return new Promise(function (resolve, reject) {
      idbRequest.onsuccess = function () { resolve(idbRequest.result); };
      idbRequest.onerror = function () { reject(idbRequest.error); };
    });
  }

  function open() {
    var opening = indexedDB.open(DB_NAME, 2);
    opening.onupgradeneeded = function () {
      var db = opening.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: "key" });
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      if (!db.objectStoreNames.contains(DAYS)) db.createObjectStore(DAYS, { keyPath: "id" });
    };
    return request(opening);
  }

  /* Run `work(store)` in one transaction and resolve with its result once the transaction has committed. */
  function withStore(name, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var result;
        Promise.resolve(work(tx.objectStore(name))).then(function (value) { result = value; }, reject);
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function put(item) { return withStore(STORE, "readwrite", function (store) { return request(store.put(item)); }); }
  function remove(key) { return withStore(STORE, "readwrite", function (store) { return request(store.delete(key)); }); }
  function all() { return withStore(STORE, "readonly", function (store) { return request(store.getAll()); }); }

  /* Whose phone this is now, so the service worker sends only her entries. */
  function setOwner(owner) { return withStore(META, "readwrite", function (store) { return request(store.put(owner, "owner")); }); }
  function owner() { return withStore(META, "readonly", function (store) { return request(store.get("owner")); }); }

  /* Her answers for `day` as the server has them (or will, once sent): a form body without its key and token. */
  function keepDay(forOwner, day, body) {
    var answers = null;
    if (body !== null) {
      answers = new URLSearchParams(body);
      answers.delete("idempotency_key");
      answers.delete("csrf_token");
      answers = answers.toString();
    }
    return withStore(DAYS, "readwrite", function (store) {
      return request(store.put({ id: forOwner + "|" + day, owner: forOwner, day: day, answers: answers }));
    });
  }
  function keptDay(forOwner, day) {
    return withStore(DAYS, "readonly", function (store) { return request(store.get(forOwner + "|" + day)); });
  }
  /* The phone saw that she wrote `day` (her week list) but not what: noted unless it has her answers. */
  function markWritten(forOwner, day) {
    var id = forOwner + "|" + day;
    return withStore(DAYS, "readwrite", function (store) {
      store.get(id).onsuccess = function (event) {
        if (!event.target.result) store.put({ id: id, owner: forOwner, day: day, answers: null });
      };
    });
  }
  function forgetDay(forOwner, day) {
    return withStore(DAYS, "readwrite", function (store) { return request(store.delete(forOwner + "|" + day)); });
  }
  /* Forget her copies of the days before `since` (YYYY-MM-DD), or all of them (signing out). */
  function forgetDays(forOwner, since) {
    return withStore(DAYS, "readwrite", function (store) {
      store.openCursor().onsuccess = function (event) {
        var cursor = event.target.result;
        if (!cursor) return;
        if (cursor.value.owner === forOwner && (!since || cursor.value.day < since)) cursor.delete();
        cursor.continue();
      };
    });
  }

  function waiting(forOwner) {
    return all().then(function (items) {
      return items.filter(function (item) { return item.owner === forOwner; })
        .sort(function (a, b) { return a.queuedAt - b.queuedAt; });
    });
  }

  function freshToken() {
    return fetch("/today", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      var match = TOKEN_PATTERN.exec(html);
      return match ? match[1] : null;
    }, function () { return null; });
  }

  /* POST one entry; resolves with "sent", "rejected" (the server refused it for good),
     "signed_out" or "wait" (no connection, or the server is busy or restarting). */
  function send(item, token) {
    var body = item.body + "&csrf_token=" + encodeURIComponent(token);
    return fetch(item.url, {
      method: "POST", credentials: "same-origin", cache: "no-store", redirect: "manual", body: body,
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": token },
    }).then(function (response) {
      if (response.ok) return "sent";
      if (response.status === 401) return "signed_out";
      if (response.status === 400) return "bad_request";
      if (response.status === 403 || response.status === 409 || response.status === 422) return "rejected";
      return "wait";
    }, function () { return "wait"; });
  }

  function deliver(item) {
    return send(item, item.csrf).then(function (state) {
      if (state !== "bad_request") return state;
      // Her session's token may have changed since the entry was kept: fetch the current one, try once more.
      return freshToken().then(function (token) {
        if (!token) return "wait";
        item.csrf = token;
        return send(item, token).then(function (again) { return again === "bad_request" ? "rejected" : again; });
      });
    }).then(function (state) {
      if (state !== "sent" && state !== "rejected") return state;
      // Sent: the phone's copy is what the server now has. Refused: the copy made when it was kept is not.
      return remove(item.key).then(function () {
        return (state === "sent" ? keepDay(item.owner, item.day, item.body) : forgetDay(item.owner, item.day)).catch(function () {});
      }).then(function () { return state; });
    });
  }

  var flushing = null;

  /* Send every waiting entry of `forOwner` (default: the phone's current owner), oldest first.
     Resolves with [{item, state}]; stops at the first that has to wait. Asked while a flush runs, it
     runs again after it: that one may have started before the connection came back, and its "wait"
     is no answer to "send now". */
  function flush(forOwner) {
    if (flushing) return flushing.then(function () { return flush(forOwner); }, function () { return flush(forOwner); });
    flushing = Promise.resolve(forOwner || owner()).then(function (who) {
      if (!who) return [];
      return waiting(who).then(function (items) {
        var results = [];
        var chain = Promise.resolve(true);
        items.forEach(function (item) {
          chain = chain.then(function (goOn) {
            if (!goOn) return false;
            return deliver(item).then(function (state) {
              results.push({ item: item, state: state });
              return state === "sent" || state === "rejected";
            });
          });
        });
        return chain.then(function () { return results; });
      });
    }).then(function (results) { flushing = null; return results; },
            function (error) { flushing = null; throw error; });
    return flushing;
  }

  return { SYNC_TAG: SYNC_TAG, put: put, remove: remove, waiting: waiting, setOwner: setOwner, flush: flush,
           keepDay: keepDay, keptDay: keptDay, markWritten: markWritten, forgetDays: forgetDays };
})();
