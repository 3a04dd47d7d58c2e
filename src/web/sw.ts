import { Queue } from 'workbox-background-sync';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, NetworkOnly } from 'workbox-strategies';
import { API_CACHE, CACHED_AT_HEADER, SIGNED_OUT, SKIP_WAITING } from './lib/offlineProtocol';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

// The app itself (both pages, every area's code, the icons) is kept on the phone, so Linli opens with no
// signal, from a cold start, in a stairwell.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The page that installed the first version is served by it at once, not from its next opening on: a
// building leader may walk into the stairwell right after her first visit.
clientsClaim();

// The light page (residents' pages and the sign-in) and the staff app; every address is one of them, as the
// server's webPageFor decides.
const LIGHT_PAGE = /^\/([brn]\/|login(\?|$))/;
registerRoute(new NavigationRoute(createHandlerBoundToURL('/public.html'), { allowlist: [LIGHT_PAGE] }));
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/open311\//, LIGHT_PAGE],
  }),
);

/*
 * What a person on their round needs with no signal: who is signed in, their households and buildings,
 * today's care list and tasks, errands, the report catalogue. Asked of the server first; the phone's copy
 * answers only when the server cannot be reached, marked with when it was fetched so the page can say so.
 * The server sends only what the person's role may see, and signing out removes it all (SIGNED_OUT).
 */
const WORKING_SET =
  /^\/api\/v1\/(auth\/me|home$|households|buildings|residents\/search|reports\/catalogue|care\/|service\/rounds|round\/)/;

registerRoute(
  ({ url, request }) =>
    request.method === 'GET' && url.origin === self.location.origin && WORKING_SET.test(url.pathname),
  new NetworkFirst({
    cacheName: API_CACHE,
    networkTimeoutSeconds: 10,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 800, maxAgeSeconds: 14 * 24 * 3600 }),
      {
        // A copy from the phone says when the server sent it.
        cachedResponseWillBeUsed: async ({ cachedResponse }) => {
          if (!cachedResponse) return cachedResponse;
          const headers = new Headers(cachedResponse.headers);
          headers.set(CACHED_AT_HEADER, cachedResponse.headers.get('date') ?? new Date(0).toUTCString());
          return new Response(await cachedResponse.blob(), {
            status: cachedResponse.status,
            statusText: cachedResponse.statusText,
            headers,
          });
        },
      },
    ],
  }),
);

/*
 * Background Sync: what the phone records with no signal (a report, a check-in, a visit, a door on the round)
 * waits in the page's outbox, which sends it on reconnect and on opening. Where the browser has Background
 * Sync, the service worker keeps a copy of each such request that failed for want of a network and sends it
 * when the signal returns, even with every Linli page closed. Only requests carrying an Idempotency-Key:
 * the copy and the page's own later try then land once between them, and the page learns the answer from
 * its retry. The session's CSRF token travels in the copy, so nobody else signed in later can send it.
 */
const outboxCopies = new Queue('linli-outbox', { maxRetentionTime: 7 * 24 * 60 });

registerRoute(
  ({ url, request }) =>
    request.method === 'POST' &&
    url.origin === self.location.origin &&
    url.pathname.startsWith('/api/') &&
    request.headers.has('idempotency-key'),
  new NetworkOnly({
    plugins: [{ fetchDidFail: async ({ request }) => outboxCopies.pushRequest({ request }) }],
  }),
  'POST',
);

async function forgetOutboxCopies(): Promise<void> {
  while (await outboxCopies.shiftRequest()) {
    // Each shifted copy is dropped.
  }
}

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const type = (event.data as { type?: string } | null)?.type;
  if (type === SKIP_WAITING) void self.skipWaiting();
  if (type === SIGNED_OUT) event.waitUntil(Promise.all([caches.delete(API_CACHE), forgetOutboxCopies()]));
});

/*
 * Web Push: what must not wait reaches the phone while Linli is closed (an emergency report, a report
 * given to this person, a ladder step naming them). The server sends what and where, never who; a tap
 * opens the page where it is handled, in a Linli window already open if there is one.
 */
self.addEventListener('push', (event: PushEvent) => {
  let message: { title?: string; body?: string; url?: string; tag?: string; kind?: string } = {};
  try {
    message = event.data?.json() ?? {};
  } catch {
    message = { body: event.data?.text() };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || '邻里', {
      body: message.body ?? '',
      tag: message.tag,
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      lang: 'zh-CN',
      data: { url: message.url ?? '/' },
      requireInteraction: message.kind === 'emergency_report',
    }),
  );
});

self.addEventListener('notificationclick', (event: NotificationEvent) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? '/', self.location.origin);
  // Only pages of Linli itself: a notice never opens another site.
  const target = url.origin === self.location.origin ? url.href : self.location.origin;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        await open.navigate(target);
        return;
      }
      await self.clients.openWindow(target);
    })(),
  );
});
