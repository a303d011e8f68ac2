/* Bahi service worker (served from /sw.js by bahi.web.dashboard.views.service_worker).
   - The app shell (stylesheets, scripts, icons, the offline page) is cached at install.
   - Static files: cache first (their URLs change when their content does).
   - Pages: network first; the last pages viewed are kept, so reports read earlier open offline;
     with no copy, the offline page. Sign-in pages, the API and anything not a GET never are.
   - Signing in or out forgets the kept pages: the next person at this device must not see them. */
"use strict";

const VERSION = "{{ version }}";
const SHELL_CACHE = "bahi-shell-" + VERSION;
const PAGES_CACHE = "bahi-pages-v1";
const PRECACHE = {{ precache_json|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const MAX_PAGES = 40;
const NEVER_KEPT = [/^\/accounts\//, /^\/api\//, /^\/sw\.js$/, /^\/healthz$/];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("bahi-shell-") && key !== SHELL_CACHE)
          .map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function forgetPages() {
  return caches.delete(PAGES_CACHE);
}

async function keepPage(request, response) {
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(request, response);
  const keys = await cache.keys();
  // Oldest first (insertion order): drop what is beyond the limit.
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((k) => cache.delete(k)));
}

async function networkFirst(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    const type = response.headers.get("Content-Type") || "";
    if (response.ok && !response.redirected && type.startsWith("text/html")) {
      event.waitUntil(keepPage(request, response.clone()));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request, { cacheName: PAGES_CACHE });
    return kept || (await caches.match(OFFLINE_URL)) || Response.error();
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method !== "GET") {
    if (url.pathname.startsWith("/accounts/")) {
      event.waitUntil(forgetPages());
    }
    return;
  }
  if (NEVER_KEPT.some((pattern) => pattern.test(url.pathname))) {
    return;
  }
  if (url.pathname.startsWith("{{ static_prefix }}")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(event));
  }
});
