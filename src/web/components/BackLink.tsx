import { Link } from 'react-router';

export function BackLink({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <Link to={to} className="linli-back">
      <span aria-hidden="true">←&nbsp;</span>
      {children}
    </Link>
  );
}
