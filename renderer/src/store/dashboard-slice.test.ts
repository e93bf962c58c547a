import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DashboardOverview, SessionPage } from '../../../shared/dashboard/types';
import type { SessionView } from '../../../shared/training/types';
import { localDayBound, toFilterInput } from '../cohort/session-filters';
import { scripted } from './testing/scripted-ipc';

const { calls } = scripted;

vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));

const { useAppStore } = await import('./index');
const { IpcError } = await import('../ipc/client');
const { SESSIONS_PER_PAGE } = await import('./dashboard-slice');

const SESSION = '0190a0b0-0000-7000-8000-000000000001';
const ANA = '0190a0b0-0000-7000-8000-0000000000aa';

const overview = (sessions: number): DashboardOverview => ({
  filters: { fromIso: null, toExclusiveIso: null, scenarioId: null, userId: null },
  totals: { sessions, completed: sessions, passed: 0, abandoned: 0, flagged: 0, completionRate: sessions ? 100 : null, averageScore: null, averageDurationSeconds: null },
  scenarios: [],
  trainees: [],
  scoreDistribution: [],
  flagged: { total: 0, sessions: [] },
  options: { scenarios: [{ id: 'claim', title: 'Claim call' }], trainees: [] },
});
const page = (offset: number, total = 45): SessionPage => ({ total, offset, limit: SESSIONS_PER_PAGE, sessions: [] });
const view = (feedback: SessionView['feedback'] = []) => ({ session: { id: SESSION }, feedback }) as unknown as SessionView;

const initialState = useAppStore.getState();

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(initialState, true);
  scripted.handler = async (channel, input) => {
    if (channel === 'dashboard.overview') return overview(3);
    if (channel === 'dashboard.sessions') return page((input as { offset: number }).offset);
    if (channel === 'review.get') return view();
    throw new Error(`unexpected ${channel}`);
  };
});

describe('dashboard filters', () => {
  it('turns calendar days into the local day’s first and last instant', () => {
    expect(localDayBound('2026-03-01', 'start')).toBe(new Date(2026, 2, 1, 0, 0, 0, 0).toISOString());
    expect(localDayBound('2026-03-01', 'end')).toBe(new Date(2026, 2, 1, 23, 59, 59, 999).toISOString());
    expect(localDayBound('2026-02-30', 'start')).toBeNull();
    expect(localDayBound('', 'end')).toBeNull();
    expect(toFilterInput({ from: '', to: '2026-03-01', scenarioId: 'claim', userId: '' })).toEqual({ to: localDayBound('2026-03-01', 'end'), scenarioId: 'claim' });
  });
});

describe('dashboard slice', () => {
  it('loads the overview and the first page with the current filters', async () => {
    await useAppStore.getState().loadDashboard();
    const state = useAppStore.getState();
    expect(state.overviewStatus).toBe('ready');
    expect(state.overview?.totals.sessions).toBe(3);
    expect(state.sessionPage?.offset).toBe(0);
    expect(state.overviewRefreshing).toBe(false);
    expect(calls).toEqual([
      { channel: 'dashboard.sessions', input: { filters: {}, limit: SESSIONS_PER_PAGE, offset: 0 } },
      { channel: 'dashboard.overview', input: {} },
    ]);
  });

  it('reloads when a filter changes, and sends no back-to-front date range', async () => {
    await useAppStore.getState().setDashboardFilter('userId', ANA);
    expect(calls.filter((call) => call.channel === 'dashboard.overview').at(-1)?.input).toEqual({ userId: ANA });
    expect(useAppStore.getState().dashboardFilters.userId).toBe(ANA);

    calls.length = 0;
    await useAppStore.getState().setDashboardFilter('from', '2026-03-05');
    await useAppStore.getState().setDashboardFilter('to', '2026-03-01');
    expect(calls.map((call) => call.channel)).toEqual(['dashboard.sessions', 'dashboard.overview']); // only the first change loaded
    expect(useAppStore.getState().dashboardFilters).toMatchObject({ from: '2026-03-05', to: '2026-03-01' });

    await useAppStore.getState().resetDashboardFilters();
    expect(calls.at(-1)).toEqual({ channel: 'dashboard.overview', input: {} });
  });

  it('pages through sessions', async () => {
    await useAppStore.getState().loadSessionPage(SESSIONS_PER_PAGE);
    expect(calls.at(-1)).toEqual({ channel: 'dashboard.sessions', input: { filters: {}, limit: SESSIONS_PER_PAGE, offset: SESSIONS_PER_PAGE } });
    expect(useAppStore.getState().sessionPage?.offset).toBe(SESSIONS_PER_PAGE);
  });

  it('keeps only the newest answer when filters change faster than main answers', async () => {
    const pending: ((value: DashboardOverview) => void)[] = [];
    scripted.handler = (channel, input) =>
      channel === 'dashboard.overview' ? new Promise((resolve) => pending.push(resolve as (value: DashboardOverview) => void)) : Promise.resolve(page((input as { offset: number }).offset));
    const first = useAppStore.getState().setDashboardFilter('scenarioId', 'claim');
    const second = useAppStore.getState().setDashboardFilter('scenarioId', '');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]!(overview(7));
    pending[0]!(overview(1));
    await Promise.all([first, second]);
    expect(useAppStore.getState().overview?.totals.sessions).toBe(7);
  });

  it('tells a trainee’s refusal apart from other failures', async () => {
    scripted.handler = async () => {
      throw new IpcError('UNAUTHORIZED', 'This needs a facilitator or trainer profile.');
    };
    await useAppStore.getState().loadDashboard();
    expect(useAppStore.getState()).toMatchObject({ overviewStatus: 'error', overviewProblem: { denied: true, message: 'This needs a facilitator or trainer profile.' } });

    scripted.handler = async () => {
      throw new IpcError('DATABASE_LOCKED', 'The database is busy.');
    };
    await useAppStore.getState().openReview(SESSION);
    expect(useAppStore.getState()).toMatchObject({ reviewStatus: 'error', reviewProblem: { denied: false, message: 'The database is busy.' } });
  });

  it('opens a review and saves manual feedback, keeping the view main returns', async () => {
    await useAppStore.getState().openReview(SESSION);
    expect(useAppStore.getState()).toMatchObject({ reviewStatus: 'ready', reviewSessionId: SESSION });

    const note = { id: 'n1', type: 'manual', stepId: 'greet', score: 70, suggestion: 'Nice.' } as SessionView['feedback'][number];
    scripted.handler = async () => view([note]);
    expect(await useAppStore.getState().addManualFeedback('greet', 70, 'Nice.')).toBe(true);
    expect(calls.at(-1)).toEqual({ channel: 'review.addManualFeedback', input: { sessionId: SESSION, stepId: 'greet', score: 70, comment: 'Nice.' } });
    expect(useAppStore.getState().review?.feedback).toEqual([note]);
    expect(useAppStore.getState().manualFeedbackSave).toMatchObject({ status: 'done', stepId: 'greet' });

    scripted.handler = async () => {
      throw new IpcError('NOT_FOUND', 'The session’s scenario has no step “x”.');
    };
    expect(await useAppStore.getState().addManualFeedback('x', 10, 'No.')).toBe(false);
    expect(useAppStore.getState().manualFeedbackSave).toMatchObject({ status: 'error', stepId: 'x', error: 'The session’s scenario has no step “x”.' });
    expect(useAppStore.getState().review?.feedback).toEqual([note]);

    useAppStore.getState().closeReview();
    expect(useAppStore.getState()).toMatchObject({ review: null, reviewSessionId: null, reviewStatus: 'idle' });
  });
});
