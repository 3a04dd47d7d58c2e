import { theme } from 'antd';
import type { CSSProperties, HTMLAttributes } from 'react';

/**
 * A bordered box in the theme's colours, for the first screens a phone opens (sign-in, the home's
 * figures). antd's Card would look the same but brings Tabs and Skeleton with it, a sixth of the first
 * load's budget.
 */
export function Panel({
  small,
  style,
  ...rest
}: HTMLAttributes<HTMLDivElement> & { small?: boolean; 'data-testid'?: string }) {
  const { token } = theme.useToken();
  const box: CSSProperties = {
    background: token.colorBgContainer,
    border: `${token.lineWidth}px ${token.lineType} ${token.colorBorderSecondary}`,
    borderRadius: token.borderRadiusLG,
    padding: small ? token.paddingSM : token.paddingLG,
    ...style,
  };
  return <div style={box} {...rest} />;
}
