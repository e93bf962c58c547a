import type { FeedbackItem } from '../../../shared/training/types';
import { formatScore } from '../ui/format';
import { AlertIcon, CheckIcon, CloseIcon, InfoIcon, SparkIcon } from '../ui/icons';

const typeLabels: Record<FeedbackItem['type'], string> = {
  rule_based: 'Keyword check',
  llm_judge: 'AI judge',
  hybrid: 'Combined score',
  manual: 'Facilitator',
};

/**
 * The cards under one answer: the automatic evaluation rows (keyword check, AI judge,
 * combined score — stored in that order) make one card; each facilitator's manual
 * feedback is a card of its own.
 */
export function feedbackCards(items: FeedbackItem[]): FeedbackItem[][] {
  const automatic = items.filter((item) => item.type !== 'manual');
  const manual = items.filter((item) => item.type === 'manual').map((item) => [item]);
  return automatic.length > 0 ? [automatic, ...manual] : manual;
}

interface JudgeCheck {
  criterion: string;
  check: string;
  passed: boolean;
  reason: string;
}

/** The judge's checks, by criterion (from the row's details, or its found/missing lists). */
function judgeChecks(judge: FeedbackItem): { criterion: string; checks: JudgeCheck[] }[] {
  const checks: JudgeCheck[] =
    judge.checks && judge.checks.length > 0
      ? judge.checks
      : [
          ...judge.found.map((check) => ({ criterion: '', check, passed: true, reason: '' })),
          ...judge.missing.map((check) => ({ criterion: '', check, passed: false, reason: '' })),
        ];
  const groups: { criterion: string; checks: JudgeCheck[] }[] = [];
  for (const check of checks) {
    const group = groups.find((candidate) => candidate.criterion === check.criterion);
    if (group) group.checks.push(check);
    else groups.push({ criterion: check.criterion, checks: [check] });
  }
  return groups;
}

/**
 * What the evaluation of one answer found. The last automatic row decides (the combined
 * score when the AI judge answered, else the keyword check); the keyword chips come from
 * the keyword check; the judge's checks and comment fold out below.
 */
export function FeedbackCard({ items }: { items: FeedbackItem[] }) {
  const deciding = items[items.length - 1]!;
  const rule = items.find((item) => item.type === 'rule_based');
  const judge = items.find((item) => item.type === 'llm_judge');
  const keywords = rule ?? deciding;
  const { passed } = deciding;
  const notice = items.map((item) => item.notice).find((text) => text);
  // With a judge, its comment is in the fold-out; the suggestion is the keyword check's tip.
  const suggestion = judge ? (rule?.suggestion ?? null) : deciding.suggestion;

  return (
    <section
      className={`feedback ${passed ? 'feedback-passed' : 'feedback-missed'}${judge ? ' feedback-judged' : ''}`}
      data-testid="feedback-card"
      data-passed={passed}
      data-type={deciding.type}
      aria-label={`Feedback: ${passed ? 'passed' : 'not passed'}, ${typeLabels[deciding.type].toLowerCase()} ${formatScore(deciding.score)} out of 100`}
    >
      <header className="feedback-head">
        <span className="feedback-verdict" data-testid="feedback-verdict">
          {passed ? <CheckIcon size={15} /> : <AlertIcon size={15} />}
          {passed ? 'Passed' : 'Not passed'}
        </span>
        <span className="feedback-score" data-testid="feedback-score">
          Score <strong>{formatScore(deciding.score)}</strong>
          <span className="feedback-out-of">/100</span>
        </span>
        <span className="feedback-type" data-testid="feedback-type">
          {deciding.type === 'hybrid' || deciding.type === 'llm_judge' ? <SparkIcon size={12} /> : null}
          {typeLabels[deciding.type]}
          {deciding.authorName ? ` · ${deciding.authorName}` : ''}
        </span>
      </header>
      {deciding.type === 'hybrid' && (rule || judge) && (
        <p className="feedback-breakdown" data-testid="feedback-breakdown">
          {rule && (
            <span>
              Keyword check <strong>{formatScore(rule.score)}</strong>
            </span>
          )}
          {judge && (
            <span>
              AI judge <strong>{formatScore(judge.score)}</strong>
            </span>
          )}
          <span className="muted">combined by the weight set in Settings</span>
        </p>
      )}
      {keywords.found.length > 0 && (
        <div className="feedback-row">
          <span className="feedback-label" id={`found-${deciding.id}`}>
            Covered
          </span>
          <ul className="chips" aria-labelledby={`found-${deciding.id}`} data-testid="feedback-found">
            {keywords.found.map((keyword) => (
              <li key={keyword} className="chip chip-found">
                <CheckIcon size={12} />
                {keyword}
              </li>
            ))}
          </ul>
        </div>
      )}
      {keywords.missing.length > 0 && (
        <div className="feedback-row">
          <span className="feedback-label" id={`missing-${deciding.id}`}>
            Missing
          </span>
          <ul className="chips" aria-labelledby={`missing-${deciding.id}`} data-testid="feedback-missing">
            {keywords.missing.map((keyword) => (
              <li key={keyword} className="chip chip-missing">
                <CloseIcon size={12} />
                {keyword}
              </li>
            ))}
          </ul>
        </div>
      )}
      {keywords.forbidden.length > 0 && (
        <p className="feedback-forbidden" data-testid="feedback-forbidden">
          <AlertIcon size={15} />
          <span>
            <strong>Avoid:</strong> {keywords.forbidden.map((phrase) => `“${phrase}”`).join(', ')}. Phrases like this cost points and
            the customer’s trust.
          </span>
        </p>
      )}
      {suggestion && (
        <p className="feedback-suggestion" data-testid="feedback-suggestion">
          <strong>Suggestion:</strong> {suggestion}
        </p>
      )}
      {notice && (
        <p className="feedback-notice" data-testid="feedback-notice">
          <InfoIcon size={15} />
          <span>{notice}</span>
        </p>
      )}
      {judge && <JudgeDetails judge={judge} />}
    </section>
  );
}

function JudgeDetails({ judge }: { judge: FeedbackItem }) {
  const groups = judgeChecks(judge);
  const total = groups.reduce((sum, group) => sum + group.checks.length, 0);
  const passedCount = groups.reduce((sum, group) => sum + group.checks.filter((check) => check.passed).length, 0);
  return (
    <details className="judge-details" data-testid="judge-details">
      <summary>
        <SparkIcon size={13} />
        <span>
          AI judge: <strong data-testid="judge-tally">{`${passedCount} of ${total}`}</strong> checks passed
        </span>
        <span className="judge-score">score {formatScore(judge.score)}</span>
      </summary>
      <div className="judge-body">
        {groups.map((group) => (
          <div key={group.criterion || 'checks'} className="judge-group">
            {group.criterion && <p className="judge-criterion">{group.criterion}</p>}
            <ul className="judge-checks">
              {group.checks.map((check, index) => (
                <li key={index} className={check.passed ? 'judge-check judge-pass' : 'judge-check judge-fail'} data-testid="judge-check" data-passed={check.passed}>
                  <span className="judge-mark" aria-hidden="true">
                    {check.passed ? <CheckIcon size={13} /> : <CloseIcon size={13} />}
                  </span>
                  <span className="judge-text">
                    <span className="visually-hidden">{check.passed ? 'Passed: ' : 'Not passed: '}</span>
                    {check.check}
                    {check.reason && <span className="judge-reason"> — {check.reason}</span>}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
        {judge.suggestion && (
          <p className="judge-comment" data-testid="judge-comment">
            <strong>The judge’s comment:</strong> {judge.suggestion}
          </p>
        )}
      </div>
    </details>
  );
}
