import webpush from 'web-push';
import type { TPushMessage } from '../../shared/contracts/push';
import type { StoredSubscription } from './push.repository';
import type { VapidKeys } from './vapidKeys';

export type SendResult = 'sent' | 'gone' | 'failed';

export interface PushSender {
  send(subscription: StoredSubscription, message: TPushMessage): Promise<SendResult>;
}

/** A subscription may point only at a known push service (config `pushHosts`, `*.` for a domain's hosts). */
export function allowedEndpoint(endpoint: string, hosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  const secure = url.protocol === 'https:';
  return hosts.some((allowed) => {
    const entry = allowed.toLowerCase();
    // An entry naming a port (a push service inside a test) is taken as written, over http too.
    if (entry.includes(':')) return host === entry;
    if (!secure) return false;
    return entry.startsWith('*.') ? hostname.endsWith(entry.slice(1)) : hostname === entry;
  });
}

/**
 * Sends through the browsers' push services (RFC 8030), the payload encrypted for the phone (RFC 8291) and
 * the request signed with the server's VAPID key (RFC 8292), both made by web-push; the request itself
 * goes by fetch, which follows the same rules for every push service.
 */
export function webPushSender(keys: VapidKeys, subject: string, hosts: readonly string[]): PushSender {
  return {
    async send(subscription, message) {
      if (!allowedEndpoint(subscription.endpoint, hosts)) return 'gone';
      const request = webpush.generateRequestDetails(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        JSON.stringify(message),
        {
          vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          // A notice a day old is no longer news; an emergency goes ahead of the phone's power saving.
          TTL: 24 * 3600,
          urgency: message.kind === 'emergency_report' ? 'high' : 'normal',
          topic: message.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
        },
      );
      try {
        const response = await fetch(request.endpoint, {
          method: 'POST',
          headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
          body: request.body ? new Uint8Array(request.body) : null,
          redirect: 'error',
          signal: AbortSignal.timeout(10_000),
        });
        if (response.status === 404 || response.status === 410) return 'gone';
        return response.ok ? 'sent' : 'failed';
      } catch {
        return 'failed';
      }
    },
  };
}
