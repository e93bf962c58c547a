import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { LlmStatus } from '../../../shared/ipc/contract';
import type { ProviderConfigInput, ProviderPreset } from '../../../shared/llm/provider-config';
import { useAppStore } from '../store';
import { AlertIcon, CheckIcon, KeyIcon, PlugIcon, Spinner } from '../ui/icons';
import {
  applyPreset,
  fieldErrorsFromMessage,
  firstInvalidField,
  formFromStatus,
  formToConfig,
  hybridExample,
  sameSettings,
  type FieldErrors,
  type FormField,
  type PresetChoice,
  type ProviderForm,
} from './provider-form';
import './settings.css';

/** App settings: for now, the AI persona's provider (model server, key, limits, scoring). */
export function SettingsScreen() {
  const status = useAppStore((state) => state.llmStatus);
  const loadStatus = useAppStore((state) => state.llmStatusLoad);
  const loadError = useAppStore((state) => state.llmStatusError);
  const loadLlmStatus = useAppStore((state) => state.loadLlmStatus);
  const resetLlmActions = useAppStore((state) => state.resetLlmActions);
  const titleRef = useRef<HTMLHeadingElement>(null);
  // The form starts from what main says now, not from a status kept from an earlier visit.
  const [fresh, setFresh] = useState(false);

  const load = useCallback(() => {
    let live = true;
    void loadLlmStatus().then(() => {
      if (live) setFresh(true);
    });
    return () => {
      live = false;
    };
  }, [loadLlmStatus]);

  useEffect(() => {
    document.title = 'Settings · ChatTrain';
    titleRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
    const stop = load();
    return () => {
      stop();
      resetLlmActions();
    };
  }, [load, resetLlmActions]);

  return (
    <main className="page settings-page" data-testid="settings-screen" aria-labelledby="settings-title">
      <header className="page-head settings-head">
        <div>
          <h1 id="settings-title" ref={titleRef} tabIndex={-1}>
            Settings
          </h1>
          <p className="lead">How the persona talks and how answers are scored. Everything stays on this computer; only the model server you set up here is contacted.</p>
        </div>
      </header>
      {status && fresh && loadStatus === 'ready' ? (
        <LlmSettings status={status} />
      ) : loadStatus === 'error' ? (
        <div className="state-panel state-error" role="alert" data-testid="settings-error">
          <AlertIcon size={24} />
          <h2>The settings could not be loaded</h2>
          <p>{loadError}</p>
          <button type="button" className="btn btn-primary" onClick={() => load()}>
            Try again
          </button>
        </div>
      ) : (
        <div className="state-panel" data-testid="settings-loading">
          <Spinner label="Loading the settings" />
          <p>Loading the settings…</p>
        </div>
      )}
    </main>
  );
}

function LlmSettings({ status }: { status: LlmStatus }) {
  const [form, setForm] = useState<ProviderForm>(() => formFromStatus(status));
  const [errors, setErrors] = useState<FieldErrors>({});
  const saved = formFromStatus(status);
  const unsaved = !sameSettings(form, saved);
  const keyRef = useRef<HTMLInputElement>(null);

  const update = <K extends keyof ProviderForm>(key: K, value: ProviderForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (key in errors) setErrors((current) => ({ ...current, [key]: undefined }));
  };

  const choosePreset = (choice: PresetChoice) => {
    setForm((current) => applyPreset(current, status.presets, choice));
    setErrors((current) => ({ ...current, baseUrl: undefined, model: undefined }));
  };

  /** The form as a config, or null after putting its problems next to the fields. */
  const validConfig = () => {
    const result = formToConfig(form);
    if (result.ok) {
      setErrors({});
      return result.config;
    }
    setErrors(result.errors);
    const first = firstInvalidField(result.errors);
    if (first) document.getElementById(`llm-${first}`)?.focus();
    return null;
  };

  return (
    <div className="settings-layout">
      <ProviderSection
        status={status}
        form={form}
        errors={errors}
        unsaved={unsaved}
        update={update}
        choosePreset={choosePreset}
        validConfig={validConfig}
        onSaved={(next) => setForm(formFromStatus(next))}
        onServerErrors={setErrors}
      />
      <div className="settings-side">
        <ApiKeySection status={status} preset={status.presets.find((preset) => preset.id === form.preset) ?? null} keyRef={keyRef} />
        <ConnectionTestSection validConfig={validConfig} keyRef={keyRef} baseUrl={form.baseUrl} />
        <section className="section settings-card offline-note" aria-labelledby="offline-title" data-testid="offline-note">
          <h2 id="offline-title">Offline persona</h2>
          <p>
            Without a provider (or with the AI persona switched off) every session uses the built-in <strong>offline persona</strong>:
            it says the scenario’s own lines, answers are scored by the keyword rules, and nothing leaves this computer. It needs no
            set-up and works without any network.
          </p>
          <p className="muted">
            If the model server fails twice in a row during a session, that session carries on with the offline persona and says so;
            your answers and progress are kept.
          </p>
        </section>
      </div>
    </div>
  );
}

interface ProviderSectionProps {
  status: LlmStatus;
  form: ProviderForm;
  errors: FieldErrors;
  unsaved: boolean;
  update<K extends keyof ProviderForm>(key: K, value: ProviderForm[K]): void;
  choosePreset(choice: PresetChoice): void;
  validConfig(): ProviderConfigInput | null;
  onSaved(status: LlmStatus): void;
  onServerErrors(errors: FieldErrors): void;
}

function ProviderSection({ status, form, errors, unsaved, update, choosePreset, validConfig, onSaved, onServerErrors }: ProviderSectionProps) {
  const save = useAppStore((state) => state.llmSave);
  const saveLlmConfig = useAppStore((state) => state.saveLlmConfig);
  const [general, setGeneral] = useState<string | null>(null);
  const preset = status.presets.find((candidate) => candidate.id === form.preset) ?? null;
  const saving = save.status === 'running';
  const problems = Object.values(errors).filter(Boolean).length;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    const config = validConfig();
    if (!config) return;
    const next = await saveLlmConfig(config, form.enabled);
    if (next) {
      onSaved(next);
      return;
    }
    // Main refused: put what it said next to the fields it names.
    const message = useAppStore.getState().llmSave.error ?? '';
    const { fields, general: rest } = fieldErrorsFromMessage(message);
    onServerErrors(fields);
    setGeneral(rest);
    const first = firstInvalidField(fields);
    if (first) document.getElementById(`llm-${first}`)?.focus();
  };

  const field = (name: FormField) => ({
    id: `llm-${name}`,
    error: errors[name],
  });

  return (
    <section className="section settings-card provider-card" aria-labelledby="llm-title" data-testid="llm-settings">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="settings-card-head">
          <h2 id="llm-title">AI persona (LLM)</h2>
          <span className={status.enabled && status.config ? 'state-pill state-on' : 'state-pill state-off'} data-testid="llm-state">
            {status.enabled && status.config ? 'On' : 'Off'}
          </span>
        </div>
        <p className="muted card-intro">
          A language model on any OpenAI-compatible server can play the persona and judge answers against the scenario’s rubric. The
          settings apply to sessions started from now on.
        </p>

        <label className="switch-row" htmlFor="llm-enabled">
          <input
            id="llm-enabled"
            type="checkbox"
            role="switch"
            className="switch"
            data-testid="llm-enabled"
            checked={form.enabled}
            onChange={(event) => update('enabled', event.target.checked)}
          />
          <span className="switch-text">
            <strong>Use the AI persona</strong>
            <span className="muted">New sessions are role-played by the model below instead of the offline persona.</span>
          </span>
        </label>

        <fieldset className="settings-group">
          <legend>Model server</legend>
          <div className="field">
            <label htmlFor="llm-preset">Preset</label>
            <select id="llm-preset" data-testid="llm-preset" value={form.preset} onChange={(event) => choosePreset(event.target.value as PresetChoice)} aria-describedby="llm-preset-note">
              {status.presets.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
              <option value="custom">Other OpenAI-compatible server</option>
            </select>
            <PresetNote preset={preset} />
          </div>
          <div className="settings-grid settings-grid-2">
            <TextField {...field('baseUrl')} label="Base URL" type="url" value={form.baseUrl} placeholder="http://localhost:11434/v1" hint="The API root, usually ending in /v1." onChange={(value) => update('baseUrl', value)} />
            <TextField {...field('model')} label="Model" value={form.model} placeholder="llama3.2" hint="The model name as the server knows it." onChange={(value) => update('model', value)} />
          </div>
        </fieldset>

        <fieldset className="settings-group">
          <legend>Replies</legend>
          <div className="settings-grid settings-grid-3">
            <TextField {...field('temperature')} label="Temperature" inputMode="decimal" value={form.temperature} hint="0 = predictable, 2 = very varied. A scenario may set its own." onChange={(value) => update('temperature', value)} />
            <TextField {...field('maxTokens')} label="Max tokens per reply" inputMode="numeric" value={form.maxTokens} hint="Longest reply. A scenario may set its own." onChange={(value) => update('maxTokens', value)} />
            <TextField {...field('timeoutSeconds')} label="Request timeout" unit="seconds" inputMode="decimal" value={form.timeoutSeconds} hint="Longest wait for the server to start, or between two pieces of a reply." onChange={(value) => update('timeoutSeconds', value)} />
          </div>
        </fieldset>

        <fieldset className="settings-group">
          <legend>Limits and network</legend>
          <div className="settings-grid settings-grid-3">
            <TextField {...field('requestsPerMinute')} label="Requests per minute" inputMode="numeric" value={form.requestsPerMinute} hint="At most this many requests in any minute." onChange={(value) => update('requestsPerMinute', value)} />
            <TextField {...field('tokensPerHour')} label="Tokens per hour" inputMode="numeric" value={form.tokensPerHour} hint="Prompt and reply tokens in any hour." onChange={(value) => update('tokensPerHour', value)} />
            <TextField {...field('proxyUrl')} label="Proxy URL" optional type="url" value={form.proxyUrl} placeholder="http://proxy:8080" hint="Only for servers outside this computer." onChange={(value) => update('proxyUrl', value)} />
          </div>
        </fieldset>

        <fieldset className="settings-group">
          <legend>Scoring</legend>
          <label className="switch-row" htmlFor="llm-judgeEnabled">
            <input
              id="llm-judgeEnabled"
              type="checkbox"
              role="switch"
              className="switch"
              data-testid="llm-judge-enabled"
              checked={form.judgeEnabled}
              onChange={(event) => update('judgeEnabled', event.target.checked)}
            />
            <span className="switch-text">
              <strong>AI judge</strong>
              <span className="muted">Also score each answer with the model, check by check against the scenario’s rubric.</span>
            </span>
          </label>
          <WeightSlider weight={form.hybridRuleWeight} disabled={!form.judgeEnabled} onChange={(value) => update('hybridRuleWeight', value)} />
        </fieldset>

        <div className="settings-actions">
          <button type="submit" className="btn btn-primary" data-testid="llm-save" disabled={saving} aria-busy={saving}>
            {saving && <Spinner />}
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <p className="form-status" role="status" aria-live="polite" data-testid="llm-save-status">
            {!saving && unsaved && <span className="muted">Unsaved changes</span>}
            {!saving && !unsaved && save.status === 'done' && save.message && (
              <span className="saved-note">
                <CheckIcon size={15} /> {save.message}
              </span>
            )}
          </p>
        </div>
        {(problems > 0 || general) && (
          <div className="inline-error settings-errors" role="alert" data-testid="llm-errors">
            <AlertIcon size={16} />
            <div>
              {problems > 0 && <p>{problems === 1 ? 'One setting needs' : `${problems} settings need`} fixing (marked above); nothing was saved.</p>}
              {general && <p>{general}</p>}
            </div>
          </div>
        )}
      </form>
    </section>
  );
}

function PresetNote({ preset }: { preset: ProviderPreset | null }) {
  return (
    <div id="llm-preset-note" className="preset-note" data-testid="preset-note">
      <p>{preset ? preset.note : 'Any server that speaks the OpenAI chat API: enter its base URL and the model name.'}</p>
      {preset && (
        <span className={preset.needsApiKey ? 'key-need key-need-yes' : 'key-need key-need-no'} data-testid="preset-key-need">
          <KeyIcon size={13} />
          {preset.needsApiKey ? 'Needs an API key' : 'No API key needed'}
        </span>
      )}
    </div>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  hint?: string;
  unit?: string;
  optional?: boolean;
  placeholder?: string;
  type?: 'text' | 'url';
  inputMode?: 'decimal' | 'numeric';
  onChange(value: string): void;
}

function TextField({ id, label, value, error, hint, unit, optional, placeholder, type = 'text', inputMode, onChange }: TextFieldProps) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field settings-field">
      <label htmlFor={id}>
        {label}
        {unit && <span className="optional"> ({unit})</span>}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      <input
        id={id}
        type={type}
        data-testid={id}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field-error" data-testid={`${id}-error`}>
          <AlertIcon size={14} /> {error}
        </p>
      )}
      {hint && !error && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

function WeightSlider({ weight, disabled, onChange }: { weight: number; disabled: boolean; onChange(value: number): void }) {
  const ruleShare = Math.round(weight * 100);
  return (
    <div className={disabled ? 'field weight-field weight-disabled' : 'field weight-field'}>
      <label htmlFor="llm-hybridRuleWeight">
        Keyword weight <span className="optional">(w)</span>
      </label>
      <div className="weight-row">
        <span className="weight-end" aria-hidden="true">
          AI judge
        </span>
        <input
          id="llm-hybridRuleWeight"
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={weight}
          disabled={disabled}
          data-testid="llm-weight"
          aria-valuetext={`${weight.toFixed(2)}: keywords ${ruleShare} percent, AI judge ${100 - ruleShare} percent`}
          aria-describedby="llm-weight-formula"
          onChange={(event) => onChange(Number(event.target.value))}
        />
        <span className="weight-end" aria-hidden="true">
          Keywords
        </span>
        <output htmlFor="llm-hybridRuleWeight" className="weight-value" data-testid="llm-weight-value">
          {weight.toFixed(2)}
        </output>
      </div>
      <div id="llm-weight-formula" className="weight-formula">
        <p>
          <code>combined = round(w × keyword score + (1 − w) × judge score)</code>
        </p>
        <p className="muted">
          Now: keywords {ruleShare} %, AI judge {100 - ruleShare} %. {hybridExample(weight)} w = 1 uses only the keyword rules, w = 0 only the
          judge. If the judge fails, the keyword score decides.
        </p>
      </div>
    </div>
  );
}

function ApiKeySection({ status, preset, keyRef }: { status: LlmStatus; preset: ProviderPreset | null; keyRef: RefObject<HTMLInputElement | null> }) {
  const action = useAppStore((state) => state.llmKeyAction);
  const saveApiKey = useAppStore((state) => state.saveApiKey);
  const clearApiKey = useAppStore((state) => state.clearApiKey);
  const [typed, setTyped] = useState(false);
  const busy = action.status === 'running';
  const fallback = status.keyStorage.kind === 'file-fallback';
  const hintId = useId();

  // The key field is uncontrolled: the key is never copied into app state or the page's markup.
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = keyRef.current;
    const apiKey = input?.value.trim() ?? '';
    if (apiKey === '') return;
    if (await saveApiKey(apiKey)) {
      if (input) input.value = '';
      setTyped(false);
    }
  };

  return (
    <section className="section settings-card" aria-labelledby="key-title" data-testid="api-key-section">
      <div className="settings-card-head">
        <h2 id="key-title">API key</h2>
        <span className={status.keySet ? 'state-pill state-on' : 'state-pill state-off'} data-testid="key-status">
          {status.keySet ? 'A key is stored' : 'No key stored'}
        </span>
      </div>
      <div className={fallback ? 'key-storage key-storage-fallback' : 'key-storage'} data-testid="key-storage" data-kind={status.keyStorage.kind}>
        <p className="key-storage-label">
          {fallback ? <AlertIcon size={15} /> : <CheckIcon size={15} />}
          <span>
            <strong>{fallback ? 'File fallback' : 'OS keychain'}</strong>
            {fallback ? ': not encrypted by the operating system' : ': encrypted by the operating system'}
          </span>
        </p>
        <p>{status.keyStorage.description}</p>
      </div>
      {preset && !status.keySet && preset.needsApiKey && (
        <p className="muted key-note" data-testid="key-needed">
          {preset.label} needs an API key.
        </p>
      )}
      <form className="key-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="llm-api-key">{status.keySet ? 'Replace the key' : 'Paste the key'}</label>
          <input
            ref={keyRef}
            id="llm-api-key"
            type="password"
            data-testid="llm-api-key"
            autoComplete="off"
            spellCheck={false}
            placeholder={status.keySet ? 'A key is stored (hidden)' : 'sk-…'}
            aria-describedby={hintId}
            onInput={(event) => setTyped(event.currentTarget.value.trim() !== '')}
          />
          <p id={hintId} className="field-hint">
            The key is handed to the app’s main process and never shown again, not even here.
          </p>
        </div>
        <div className="key-actions">
          <button type="submit" className="btn btn-primary btn-small" data-testid="save-key" disabled={busy || !typed} aria-busy={busy && action.kind === 'save'}>
            {busy && action.kind === 'save' && <Spinner />}
            Save key
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            data-testid="clear-key"
            disabled={busy || !status.keySet}
            aria-busy={busy && action.kind === 'clear'}
            onClick={() => void clearApiKey()}
          >
            {busy && action.kind === 'clear' && <Spinner />}
            Clear key
          </button>
          <p className="form-status" role="status" aria-live="polite" data-testid="key-action-status">
            {action.status === 'done' && action.message && (
              <span className="saved-note">
                <CheckIcon size={15} /> {action.message}
              </span>
            )}
          </p>
        </div>
        {action.status === 'error' && (
          <p className="inline-error" role="alert" data-testid="key-error">
            <AlertIcon size={16} /> {action.kind === 'clear' ? 'The key was not removed.' : 'The key was not saved.'} {action.error}
          </p>
        )}
      </form>
    </section>
  );
}

function ConnectionTestSection({
  validConfig,
  keyRef,
  baseUrl,
}: {
  validConfig: ProviderSectionProps['validConfig'];
  keyRef: RefObject<HTMLInputElement | null>;
  baseUrl: string;
}) {
  const test = useAppStore((state) => state.llmTest);
  const testLlmConnection = useAppStore((state) => state.testLlmConnection);
  const [invalid, setInvalid] = useState(false);
  const running = test.status === 'running';

  const run = () => {
    const config = validConfig();
    setInvalid(config === null);
    if (!config) return;
    const typed = keyRef.current?.value.trim() ?? '';
    void testLlmConnection(config, typed === '' ? undefined : typed);
  };

  let outcome: ReactNode = null;
  if (invalid) {
    outcome = (
      <p className="inline-error" data-testid="test-result" data-ok="false">
        <AlertIcon size={16} /> Fix the settings marked in the form first.
      </p>
    );
  } else if (running) {
    outcome = (
      <p className="test-running" data-testid="test-running">
        <Spinner /> Testing the connection to {baseUrl.trim() || 'the server'}…
      </p>
    );
  } else if (test.status === 'error') {
    outcome = (
      <p className="inline-error" data-testid="test-result" data-ok="false">
        <AlertIcon size={16} /> <span>The test could not run. {test.error}</span>
      </p>
    );
  } else if (test.result?.ok) {
    outcome = (
      <div className="notice notice-success test-outcome" data-testid="test-result" data-ok="true">
        <CheckIcon size={18} />
        <p>
          <strong>Connected.</strong> Model <code data-testid="test-model">{test.result.model}</code> answered in{' '}
          <span data-testid="test-latency">{Math.round(test.result.latencyMs).toLocaleString('en')} ms</span>.
        </p>
      </div>
    );
  } else if (test.result && !test.result.ok) {
    outcome = (
      <div className="notice notice-error test-outcome" data-testid="test-result" data-ok="false">
        <AlertIcon size={18} />
        <div>
          <p>
            <strong>The connection failed.</strong>
          </p>
          <p data-testid="test-error-message">{test.result.error.message}</p>
          <p className="test-error-kind">
            {test.result.error.kind.replace(/_/g, ' ')}
            {test.result.error.status !== undefined ? ` · HTTP ${test.result.error.status}` : ''}
          </p>
        </div>
      </div>
    );
  }

  return (
    <section className="section settings-card" aria-labelledby="test-title" data-testid="connection-test">
      <h2 id="test-title">Test the connection</h2>
      <p className="muted card-intro">Sends one short request with the settings in the form (saved or not) and the key you typed, or the stored key.</p>
      <button type="button" className="btn btn-secondary" data-testid="test-connection" onClick={run} disabled={running} aria-busy={running}>
        <PlugIcon size={15} />
        {running ? 'Testing…' : 'Test connection'}
      </button>
      <div className="test-outcome-region" role="status" aria-live="polite">
        {outcome}
      </div>
    </section>
  );
}
