import { type ComponentType, lazy } from 'react';

/**
 * A page loaded only when its route is opened, so an area's code reaches the phone only when that area is
 * used. Pages are named exports; React.lazy wants a default one.
 */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
