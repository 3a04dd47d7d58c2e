import { type TPushSettings, ZPushSettings } from '../../shared/contracts/push';
import { api } from './api';

/** Why this phone cannot receive reminders, if it cannot. */
export function pushUnsupported(): 'no_support' | 'denied' | null {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return 'no_support';
  }
  return Notification.permission === 'denied' ? 'denied' : null;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushUnsupported() === 'no_support') return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** This phone stops receiving: the server forgets it and the browser drops the subscription. */
export async function forgetThisPhone(): Promise<TPushSettings | null> {
  const subscription = await currentSubscription();
  if (!subscription) return null;
  const settings = await api('/api/v1/push/subscriptions/remove', {
    method: 'POST',
    body: { endpoint: subscription.endpoint },
    schema: ZPushSettings,
  }).catch(() => null);
  await subscription.unsubscribe().catch(() => false);
  return settings;
}
