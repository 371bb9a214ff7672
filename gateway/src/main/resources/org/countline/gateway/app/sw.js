/*
 * The field app's service worker (scope /app/): keeps the app's files and the gateway's OpenAPI
 * document (the device's validation rules) so the app opens without signal. Each file is answered
 * from the cache at once and refreshed from the gateway behind it, so an upgrade arrives on the
 * next start. The /v1 API is never cached: reports go through the app's own outbox.
 */
'use strict';

var CACHE = 'countline-field-app-v1';
var FILES = ['./', 'index.html', 'app.css', 'rules.js', 'app.js', 'manifest.webmanifest', 'icon.svg', '/openapi.json'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) { return; }
  if (!(url.pathname.indexOf('/app/') === 0 || url.pathname === '/openapi.json')) { return; }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    var key = url.pathname === '/app/' ? './' : request;
    return cache.match(key, { ignoreSearch: true }).then(function (cached) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) { cache.put(key, response.clone()); }
        return response;
      });
      if (cached) {
        fresh.catch(function () { return null; });
        event.waitUntil(fresh.then(function () { return null; }, function () { return null; }));
        return cached;
      }
      return fresh;
    });
  }));
});
