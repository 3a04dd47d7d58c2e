import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_PREFERENCES, type TPreferences } from '../../../shared/contracts/auth';
import type { Role } from '../../../shared/roles';
import { type Look, setLook, type TextStep, useLook } from '../../lib/elderMode';
import { useSession } from '../../lib/session';
import { useSavePreferences } from './api';
// A plain dialog of a few lines: it comes with the header, so the first sign-in shows it with the home.
import { ElderOffer } from './ElderOffer';

/** The chain roles are offered 长辈模式 once, at their first sign-in. */
const OFFERED_TO: readonly Role[] = ['branch', 'group_leader', 'party_member', 'building_leader'];
const STEPS: readonly TextStep[] = [1, 2, 3];

/**
 * 长辈模式 one tap away (MIIT's age-friendly design rules): the switch, and when it is on, three text sizes.
 * Signed in, the choice is kept with the account so it follows the person to another phone; this phone
 * keeps a copy so the next page opens right before the server answers.
 */
export function ElderModeSwitch() {
  const { t } = useTranslation();
  const look = useLook();
  const session = useSession();
  const save = useSavePreferences();
  const signedIn = session.data ?? null;
  const server = signedIn?.preferences ?? null;
  const adopted = useRef(false);
  const [answered, setAnswered] = useState(false);

  // Once per page load: the account's choice wins over this phone's copy; a choice made on this phone before
  // the account ever chose is given to the account.
  useEffect(() => {
    if (!server || adopted.current) return;
    adopted.current = true;
    const neverChosen =
      server.elderMode === DEFAULT_PREFERENCES.elderMode &&
      server.textStep === DEFAULT_PREFERENCES.textStep &&
      !server.elderOffered;
    if (neverChosen && look.elderMode) {
      save.mutate({ ...look, elderOffered: true });
      return;
    }
    setLook({ elderMode: server.elderMode, textStep: server.textStep });
  }, [server, look, save]);

  const choose = (next: Look, elderOffered = server?.elderOffered ?? false) => {
    if (elderOffered) setAnswered(true);
    setLook(next);
    if (!signedIn) return;
    const preferences: TPreferences = { ...next, elderOffered: elderOffered || next.elderMode };
    save.mutate(preferences);
  };

  const offer =
    signedIn !== null && server !== null && !server.elderOffered && OFFERED_TO.includes(signedIn.user.role);

  return (
    <div className="linli-flex linli-elder-switch">
      <button
        type="button"
        aria-pressed={look.elderMode}
        className={`linli-button${look.elderMode ? ' linli-button-primary' : ''}`}
        onClick={() => choose({ ...look, elderMode: !look.elderMode })}
        data-testid="elder-switch"
      >
        {look.elderMode ? t('elder.switchOn') : t('elder.switchOff')}
      </button>
      {look.elderMode ? (
        <fieldset className="linli-elder-steps" aria-label={t('elder.textSize')}>
          {STEPS.map((step) => (
            <button
              key={step}
              type="button"
              aria-pressed={look.textStep === step}
              className={`linli-button${look.textStep === step ? ' linli-button-primary' : ''}`}
              onClick={() => choose({ elderMode: true, textStep: step })}
              data-testid={`text-step-${step}`}
            >
              {look.textStep === step ? '✓ ' : ''}
              {t(`elder.step${step}`)}
            </button>
          ))}
        </fieldset>
      ) : null}
      {offer && !answered ? (
        <ElderOffer
          onYes={() => choose({ elderMode: true, textStep: look.textStep }, true)}
          onNo={() => choose({ ...look, elderMode: false }, true)}
        />
      ) : null}
      {save.isError ? (
        <span role="status" className="linli-elder-unsaved">
          {t('elder.saveFailed')}
        </span>
      ) : null}
    </div>
  );
}
