import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAppStore } from '../store';
import { AlertIcon, LockIcon, Spinner } from '../ui/icons';
import { describePinRefusal, pinProblem } from './pin-messages';
import { PinInput } from './PinFields';
import { RoleBadge } from './RoleBadge';
import '../ui/dialog.css';
import './people.css';

/**
 * Asks for the PIN of the profile being switched to (the store's `pinPrompt`). A modal
 * <dialog>: focus starts in the PIN field and comes back to it after a wrong PIN, Escape
 * cancels, and focus returns to whatever opened it. A lock-out counts down live.
 */
export function PinDialog() {
  const prompt = useAppStore((state) => state.pinPrompt);
  const submitPin = useAppStore((state) => state.submitPin);
  const cancelPinPrompt = useAppStore((state) => state.cancelPinPrompt);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  const [pin, setPin] = useState('');
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const titleId = useId();
  const bodyId = useId();
  const messageId = useId();

  const open = prompt !== null;
  const checking = prompt?.status === 'checking';
  const refusal = prompt?.refusal ?? null;
  const remainingMs = refusal && prompt ? Math.max(0, refusal.retryAfterMs - (now - prompt.refusalAt)) : 0;
  const locked = remainingMs > 0;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setPin('');
      setLocalProblem(null);
      setNow(Date.now());
      dialog.showModal();
      inputRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      const opener = openerRef.current;
      openerRef.current = null;
      // After a switch the page changes; the switcher button is always there to come back to.
      if (opener?.isConnected) opener.focus();
      else document.querySelector<HTMLElement>('[data-testid="profile-switcher"]')?.focus();
    }
  }, [open]);

  // A refusal empties the field and puts the cursor back for the next try.
  useEffect(() => {
    if (!prompt?.refusalAt) return;
    setPin('');
    setNow(Date.now());
    inputRef.current?.focus();
  }, [prompt?.refusalAt]);

  // The lock-out counts down each second while it lasts.
  useEffect(() => {
    if (!locked) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [locked]);

  useEffect(() => {
    if (!checking && open) inputRef.current?.focus();
  }, [checking, open]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (checking || locked) return;
    // Obvious typos are caught here, so they cost no attempt.
    const problem = pinProblem(pin);
    setLocalProblem(problem);
    if (problem) {
      inputRef.current?.focus();
      return;
    }
    void submitPin(pin);
  };

  const refusalText = describePinRefusal(refusal, remainingMs);
  const lockOver = refusal !== null && (refusal.reason === 'locked' || refusal.lockedUntil !== null) && !locked;
  const message = localProblem ?? prompt?.error ?? refusalText;
  // "The lock-out is over" is good news, not an error.
  const isError = message !== null && !(message === refusalText && lockOver);

  return (
    <dialog
      ref={dialogRef}
      className="dialog pin-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid="pin-dialog"
      onCancel={(event) => {
        event.preventDefault();
        cancelPinPrompt();
      }}
      onClick={(event) => {
        if (event.target !== dialogRef.current || checking) return;
        const box = dialogRef.current.getBoundingClientRect();
        const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
        if (!inside) cancelPinPrompt();
      }}
    >
      {prompt && (
        <form className="dialog-box" onSubmit={onSubmit} noValidate>
          <div className="pin-dialog-head">
            <span className="pin-dialog-icon" aria-hidden="true">
              <LockIcon size={20} />
            </span>
            <div>
              <h2 id={titleId} className="dialog-title">
                Enter the PIN for {prompt.profile.displayName}
              </h2>
              <p id={bodyId} className="muted pin-dialog-lead">
                <RoleBadge role={prompt.profile.role} /> This profile is protected by a PIN.
              </p>
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${titleId}-pin`}>PIN</label>
            <PinInput
              ref={inputRef}
              id={`${titleId}-pin`}
              autoComplete="off"
              value={pin}
              disabled={checking}
              aria-invalid={isError}
              aria-describedby={message ? messageId : undefined}
              data-testid="pin-input"
              onPin={(typed) => {
                setPin(typed);
                if (localProblem) setLocalProblem(null);
              }}
            />
          </div>
          <p id={messageId} className={message ? (isError ? 'inline-error pin-message' : 'pin-message pin-message-ok') : 'visually-hidden'} role="alert" data-testid="pin-message">
            {message && isError && <AlertIcon size={16} />}
            {message}
          </p>
          <div className="dialog-actions">
            <button type="button" className="btn btn-secondary" data-testid="pin-cancel" onClick={cancelPinPrompt} disabled={checking}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" data-testid="pin-submit" disabled={checking || locked} aria-busy={checking}>
              {checking && <Spinner />}
              {checking ? 'Checking…' : 'Switch profile'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
