import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type TPushSettings, ZPushKey, ZPushSettings } from '../../../shared/contracts/push';
import { api } from '../../lib/api';
import { forgetThisPhone } from '../../lib/push';

const settingsKey = ['push', 'settings'] as const;

export function usePushSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api('/api/v1/push/settings', { schema: ZPushSettings, signal }),
  });
}

export function useChangePushSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kinds: Partial<TPushSettings['kinds']>) =>
      api('/api/v1/push/settings', { method: 'PUT', body: { kinds }, schema: ZPushSettings }),
    onSuccess: (settings) => queryClient.setQueryData(settingsKey, settings),
  });
}

/** Asks the person's permission, subscribes this phone with the server's key and tells the server. */
export function useSubscribeThisPhone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') throw new Error('denied');
      const { publicKey } = await api('/api/v1/push/key', { schema: ZPushKey });
      const registration = await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: publicKey,
        }));
      const json = subscription.toJSON();
      return api('/api/v1/push/subscriptions', {
        method: 'POST',
        body: { endpoint: json.endpoint, keys: json.keys },
        schema: ZPushSettings,
      });
    },
    onSuccess: (settings) => queryClient.setQueryData(settingsKey, settings),
  });
}

export function useForgetThisPhone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: forgetThisPhone,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKey }),
  });
}
