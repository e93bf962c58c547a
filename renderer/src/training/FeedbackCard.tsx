import type { FeedbackItem } from '../../../shared/training/types';
import { AlertIcon, CheckIcon, CloseIcon } from '../ui/icons';
import { formatScore } from './format';

const typeLabels: Record<FeedbackItem['type'], string> = {
  rule_based: 'Keyword check',
  llm_judge: 'AI judge',
  hybrid: 'Combined check',
  manual: 'Facilitator',
};

/** What one evaluation of an answer found: the verdict, covered and missing points, and a suggestion. */
export function FeedbackCard({ feedback }: { feedback: FeedbackItem }) {
  const { passed } = feedback;
  return (
    <section
      className={passed ? 'feedback feedback-passed' : 'feedback feedback-missed'}
      data-testid="feedback-card"
      data-passed={passed}
      aria-label={`Feedback: ${passed ? 'passed' : 'not passed'}, score ${formatScore(feedback.score)} out of 100`}
    >
      <header className="feedback-head">
        <span className="feedback-verdict" data-testid="feedback-verdict">
          {passed ? <CheckIcon size={15} /> : <AlertIcon size={15} />}
          {passed ? 'Passed' : 'Not passed'}
        </span>
        <span className="feedback-score" data-testid="feedback-score">
          Score <strong>{formatScore(feedback.score)}</strong>
          <span className="feedback-out-of">/100</span>
        </span>
        <span className="feedback-type">
          {typeLabels[feedback.type]}
          {feedback.authorName ? ` · ${feedback.authorName}` : ''}
        </span>
      </header>
      {feedback.found.length > 0 && (
        <div className="feedback-row">
          <span className="feedback-label" id={`found-${feedback.id}`}>
            Covered
          </span>
          <ul className="chips" aria-labelledby={`found-${feedback.id}`} data-testid="feedback-found">
            {feedback.found.map((keyword) => (
              <li key={keyword} className="chip chip-found">
                <CheckIcon size={12} />
                {keyword}
              </li>
            ))}
          </ul>
        </div>
      )}
      {feedback.missing.length > 0 && (
        <div className="feedback-row">
          <span className="feedback-label" id={`missing-${feedback.id}`}>
            Missing
          </span>
          <ul className="chips" aria-labelledby={`missing-${feedback.id}`} data-testid="feedback-missing">
            {feedback.missing.map((keyword) => (
              <li key={keyword} className="chip chip-missing">
                <CloseIcon size={12} />
                {keyword}
              </li>
            ))}
          </ul>
        </div>
      )}
      {feedback.forbidden.length > 0 && (
        <p className="feedback-forbidden" data-testid="feedback-forbidden">
          <AlertIcon size={15} />
          <span>
            <strong>Avoid:</strong> {feedback.forbidden.map((phrase) => `“${phrase}”`).join(', ')}. Phrases like this cost points and
            the customer’s trust.
          </span>
        </p>
      )}
      {feedback.suggestion && (
        <p className="feedback-suggestion" data-testid="feedback-suggestion">
          <strong>Suggestion:</strong> {feedback.suggestion}
        </p>
      )}
    </section>
  );
}
