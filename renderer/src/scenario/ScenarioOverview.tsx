import type { Persona, RubricCriterion, ScenarioStep, SmartGoal } from '../../../shared/scenario/schema';
import type { ScenarioDetail } from '../../../shared/scenario/types';
import { SmartFieldTerm } from '../goals/SmartFieldTerm';
import { smartFieldInfo } from '../goals/smart-fields';
import { plural } from '../ui/format';
import { TagChips } from './meta';

/** `verify_identity` → `Verify identity`. */
export function humaniseId(id: string): string {
  const words = id.replace(/[._-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

export function ScenarioOverview({ detail }: { detail: ScenarioDetail }) {
  const { definition } = detail;
  return (
    <div className="overview">
      <section className="section" aria-labelledby="section-description">
        <h2 id="section-description">About this scenario</h2>
        <p className="description" data-testid="scenario-description">
          {definition.description}
        </p>
      </section>
      <PersonaSection persona={definition.persona} />
      <GoalsSection goals={definition.smart_goals} />
      <StepsSection steps={definition.steps} personaName={definition.persona.name} />
      <RubricSection rubric={definition.rubric} passScore={definition.completion.pass_score} />
    </div>
  );
}

/** Who the trainee talks to: the scenario's persona, or the snapshot a session keeps of it. */
export type PersonaInfo = Pick<Persona, 'name' | 'role' | 'traits'> & { background?: string | null | undefined };

export function PersonaSection({ persona }: { persona: PersonaInfo }) {
  return (
    <section className="section" aria-labelledby="section-persona" data-testid="persona">
      <h2 id="section-persona">Who you will talk to</h2>
      <div className="persona-card">
        <div className="persona-avatar" aria-hidden="true">
          {initials(persona.name)}
        </div>
        <div className="persona-body">
          <h3 className="persona-name" data-testid="persona-name">
            {persona.name}
          </h3>
          <p className="persona-role">{persona.role}</p>
          {persona.traits.length > 0 && (
            <div className="persona-traits">
              <span className="field-label" id="persona-traits-label">
                Traits
              </span>
              <TagChips tags={persona.traits} label="Persona traits" />
            </div>
          )}
          {persona.background && (
            <div className="persona-background">
              <span className="field-label">Background</span>
              <p>{persona.background}</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

export function GoalsSection({ goals }: { goals: SmartGoal[] }) {
  return (
    <section className="section" aria-labelledby="section-goals" data-testid="smart-goals">
      <h2 id="section-goals">SMART goals</h2>
      {goals.length === 0 ? (
        <p className="muted">This scenario sets no goals up front.</p>
      ) : (
        <ol className="goal-list">
          {goals.map((goal, index) => (
            <li key={index} className="goal-card" data-testid="smart-goal">
              <h3 className="goal-title">Goal {index + 1}</h3>
              <dl className="smart-fields">
                {smartFieldInfo.map((field) => (
                  <div key={field.key} className="smart-field">
                    <SmartFieldTerm field={field} />
                    <dd>{goal[field.key]}</dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function StepsSection({ steps, personaName }: { steps: ScenarioStep[]; personaName: string }) {
  const firstName = personaName.split(/\s+/)[0] || personaName;
  return (
    <section className="section" aria-labelledby="section-steps" data-testid="steps">
      <h2 id="section-steps">
        Conversation steps <span className="section-count">{plural(steps.length, 'step')}</span>
      </h2>
      <ol className="step-list">
        {steps.map((step, index) => (
          <li key={step.id} className="step" data-testid="step">
            <span className="step-number" aria-hidden="true">
              {index + 1}
            </span>
            <div className="step-body">
              <h3 className="step-title">
                <span className="visually-hidden">Step {index + 1}: </span>
                {humaniseId(step.id)}
              </h3>
              <p className="step-goal">
                <span className="field-label">Your goal</span>
                {step.goal}
              </p>
              <figure className="persona-line">
                <figcaption className="field-label">{firstName} opens with</figcaption>
                <blockquote>{step.persona_says}</blockquote>
              </figure>
              <p className="step-meta">
                <span>Pass score {step.pass_score}</span>
                <span aria-hidden="true">·</span>
                <span>Up to {plural(step.max_attempts, 'attempt')}</span>
                {step.variations.length > 0 && (
                  <>
                    <span aria-hidden="true">·</span>
                    <span>{plural(step.variations.length, 'alternative opening')}</span>
                  </>
                )}
              </p>
              <FacilitatorNotes step={step} />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** What the evaluation looks for, folded away so trainees are not handed the answers. */
function FacilitatorNotes({ step }: { step: ScenarioStep }) {
  const hasNotes = step.hint || step.expected_keywords.length > 0 || step.forbidden.length > 0 || step.follow_up;
  if (!hasNotes) return null;
  return (
    <details className="facilitator-notes" data-testid="facilitator-notes">
      <summary>Facilitator notes</summary>
      <dl className="notes-fields">
        {step.hint && (
          <div>
            <dt>Hint shown after a miss</dt>
            <dd>{step.hint}</dd>
          </div>
        )}
        {step.expected_keywords.length > 0 && (
          <div>
            <dt>Expected keywords</dt>
            <dd>{step.expected_keywords.join(', ')}</dd>
          </div>
        )}
        {step.forbidden.length > 0 && (
          <div>
            <dt>Forbidden phrases</dt>
            <dd>{step.forbidden.join(', ')}</dd>
          </div>
        )}
        {step.follow_up && (
          <div>
            <dt>Follow-up line after a miss</dt>
            <dd>{step.follow_up}</dd>
          </div>
        )}
      </dl>
    </details>
  );
}

function RubricSection({ rubric, passScore }: { rubric: RubricCriterion[]; passScore: number }) {
  return (
    <section className="section" aria-labelledby="section-rubric" data-testid="rubric">
      <h2 id="section-rubric">How you will be assessed</h2>
      <p className="muted">
        The session passes at an overall score of <strong>{passScore}</strong> out of 100.
        {rubric.length > 0 && ' When a language model is configured, it judges each answer against these criteria.'}
      </p>
      {rubric.length > 0 && (
        <ul className="rubric-list">
          {rubric.map((criterion) => {
            const percent = Math.round(criterion.weight * 100);
            return (
              <li key={criterion.criterion} className="rubric-item">
                <div className="rubric-head">
                  <h3>{humaniseId(criterion.criterion)}</h3>
                  <span className="rubric-weight">
                    <span className="visually-hidden">Weight: </span>
                    {percent}%
                  </span>
                </div>
                <div className="rubric-bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, Math.max(0, percent))}%` }} />
                </div>
                <ul className="rubric-checks">
                  {criterion.checks.map((check) => (
                    <li key={check}>{check}</li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
