import type { HTMLAttributes } from 'react';

/**
 * A bordered box in the theme's colours, for the first screens a phone opens (the home's figures). Plain,
 * not antd's Card: the home is drawn without antd.
 */
export function Panel({
  small,
  className,
  ...rest
}: HTMLAttributes<HTMLDivElement> & { small?: boolean; 'data-testid'?: string }) {
  return (
    <div
      className={`linli-box${small ? '' : ' linli-box-lg'}${className ? ` ${className}` : ''}`}
      {...rest}
    />
  );
}
