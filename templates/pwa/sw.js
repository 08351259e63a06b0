/* Logbog's service worker (served from /sw.js by app/web/pwa.py; version {{ version }}).
 *
 * - Keeps the static files and her offline page, so Logbog opens without a connection.
 * - Pages come from the network first; only when that fails does she get the offline page,
 *   where an entry is kept on the phone by outbox.js and sent later.
 * - Never keeps any other page: they are personal and sent with no-store.
 * - Sends waiting entries by Background Sync where the browser has it, even when the page is closed.
 */
"use strict";
importScripts({{ url_for('static', filename='js/outbox.js')|tojson }});

const VERSION = {{ version|tojson }};
const ASSETS_CACHE = "logbog-assets-" + VERSION;
const SHELL_CACHE = "logbog-shell";
const OFFLINE_URL = {{ offline_url|tojson }};
const ASSETS = {{ assets|tojson }};
/* Kept the first time a page uses them (the Urdu font only on Urdu phones). */
const ON_USE_ASSETS = {{ on_use_assets|tojson }};
/* Refresh the kept offline page at most this often (it holds the coming week's forms). */
const SHELL_MAX_AGE_MS = 60 * 60 * 1000;
const STAMP = "x-logbog-kept-at";
/* Spoken questions, kept once played: their address changes when a clip is recorded again. */
const AUDIO_CACHE = "logbog-audio";

async function keepShell() {
  try {
    const response = await fetch(OFFLINE_URL, { credentials: "same-origin", cache: "no-store" });
    const cache = await caches.open(SHELL_CACHE);
    if (response.status === 401) {
      await cache.delete(OFFLINE_URL);  // signed out: her page must not stay on the phone
      return;
    }
    if (!response.ok || response.redirected) return;
    const headers = new Headers(response.headers);
    headers.set(STAMP, String(Date.now()));
    const body = await response.blob();
    await cache.put(OFFLINE_URL, new Response(body, { status: 200, headers: headers }));
    // Her offline page in Urdu links the Urdu style sheet: keep it and its font with the page.
    const html = await body.text();
    if (ON_USE_ASSETS.some((path) => html.includes(path))) {
      await (await caches.open(ASSETS_CACHE)).addAll(ON_USE_ASSETS);
    }
  } catch (error) {
    /* no connection: keep what we have */
  }
}

async function shellIsStale(language) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(OFFLINE_URL);
  if (!kept) return true;
  if (language && kept.headers.get("Content-Language") !== language) return true;
  return Date.now() - Number(kept.headers.get(STAMP) || 0) > SHELL_MAX_AGE_MS;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(ASSETS_CACHE);
    await cache.addAll(ASSETS);
    await keepShell();
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("logbog-assets-") && name !== ASSETS_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function page(event) {
  try {
    const response = await fetch(event.request);
    if (response.status === 401) {
      event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.delete(OFFLINE_URL)));
    } else if (response.ok && response.headers.get("Content-Language")) {
      // Only her own pages say which language they are in: keep her offline page fresh and in it.
      const language = response.headers.get("Content-Language");
      event.waitUntil(shellIsStale(language).then((stale) => (stale ? keepShell() : null)));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    if (kept) return kept;
    throw error;
  }
}

async function asset(event) {
  const cache = await caches.open(ASSETS_CACHE);
  const kept = await cache.match(event.request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(event.request);
  if (response.ok) event.waitUntil(cache.put(event.request, response.clone()));
  return response;
}

async function clip(event) {
  const cache = await caches.open(AUDIO_CACHE);
  const kept = await cache.match(event.request.url);
  if (kept) return kept;
  const response = await fetch(event.request.url, { credentials: "same-origin" });
  if (response.status === 200) event.waitUntil(cache.put(event.request.url, response.clone()));
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (ASSETS.includes(url.pathname) || ON_USE_ASSETS.includes(url.pathname)) {
    event.respondWith(asset(event));
  } else if (url.pathname.startsWith("/audio/")) {
    event.respondWith(clip(event));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== LogbogOutbox.SYNC_TAG) return;
  event.waitUntil(LogbogOutbox.flush().then(async (results) => {
    // Tell her open pages what was sent, so they can say "sent" (or what was refused).
    const message = { outbox: results.map((r) => ({ state: r.state, item: { key: r.item.key, label: r.item.label, shown: r.item.shown } })) };
    for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
    if (results.some((r) => r.state === "wait")) throw new Error("entries still waiting");  // the browser retries later
  }));
});

self.addEventListener("message", (event) => {
  if (event.data === "keep-shell") event.waitUntil(keepShell());
});
