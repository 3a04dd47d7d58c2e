import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task } from '../features/home/roleTasks';
import { PlainTag } from './PlainTag';

export function TaskList({ tasks, headingId }: { tasks: readonly Task[]; headingId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="linli-list" aria-labelledby={headingId}>
      {tasks.map((task) => (
        <li key={task.key} className="linli-list-item" data-testid={`task-${task.key}`}>
          <span style={{ flex: '1 1 200px' }}>{t(task.text ?? `tasks.${task.key}`)}</span>
          {task.to ? (
            <Link to={task.to} className="linli-button-link">
              {t(task.action ?? 'home.open')}
            </Link>
          ) : (
            <PlainTag color="#6b4500" style={{ padding: '4px 10px' }}>
              {t('home.coming')}
            </PlainTag>
          )}
        </li>
      ))}
    </ul>
  );
}
