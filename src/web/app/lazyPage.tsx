import { type ComponentType, lazy } from 'react';

const loadAntdProvider = () => import('./AntdProvider');

/**
 * A page drawn with antd, loaded only when its route is opened, so an area's code reaches the phone only
 * when that area is used. It comes inside antd's provider (locale and theme), fetched beside it. Pages are
 * named exports; React.lazy wants a default one.
 */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): ComponentType {
  return lazyWithAntd<Record<string, never>, M, K>(load, name);
}

/** Any component drawn with antd (a dialog, a section), loaded on first use inside antd's provider. */
export function lazyWithAntd<P extends object, M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): ComponentType<P> {
  return lazy(async () => {
    const [module, { AntdProvider }] = await Promise.all([load(), loadAntdProvider()]);
    const Component = module[name] as ComponentType<P>;
    return {
      default: (props: P) => (
        <AntdProvider>
          <Component {...props} />
        </AntdProvider>
      ),
    };
  });
}
