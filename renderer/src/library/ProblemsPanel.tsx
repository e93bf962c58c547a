import type { ScenarioProblem } from '../../../shared/scenario/types';
import { useAppStore } from '../store';
import { plural } from '../ui/format';
import { AlertIcon } from '../ui/icons';

/** `file:line:column`, or just the file for problems not at a place in it. */
export function problemLocation(problem: ScenarioProblem): string {
  if (problem.line <= 0) return problem.file;
  return problem.column > 0 ? `${problem.file}:${problem.line}:${problem.column}` : `${problem.file}:${problem.line}`;
}

/** Main prefixes the message with the path; the panel shows the path on its own. */
export function problemMessage(problem: ScenarioProblem): string {
  const prefix = `${problem.path}: `;
  return problem.path && problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
}

function fileCount(problems: ScenarioProblem[]): number {
  return new Set(problems.map((problem) => problem.file)).size;
}

/**
 * Content problems from the latest reload. They are never swallowed: the panel can be
 * collapsed, but a bar with the count and a "Show" button stays until the problems are gone.
 */
export function ProblemsPanel() {
  const problems = useAppStore((state) => state.problems);
  const hidden = useAppStore((state) => state.problemsHidden);
  const hideProblems = useAppStore((state) => state.hideProblems);
  const showProblems = useAppStore((state) => state.showProblems);

  if (problems.length === 0) return null;
  const summary = `${plural(problems.length, 'content problem')} in ${plural(fileCount(problems), 'file')}`;

  if (hidden) {
    return (
      <div className="problems-collapsed" data-testid="problems-collapsed">
        <AlertIcon size={16} />
        <span>{summary}</span>
        <button type="button" className="btn btn-small btn-warning" data-testid="show-problems" onClick={showProblems}>
          Show problems
        </button>
      </div>
    );
  }

  return (
    <section className="problems" aria-labelledby="problems-title" data-testid="problems-panel">
      <div className="problems-head">
        <AlertIcon size={20} className="problems-icon" />
        <div className="problems-intro">
          <h2 id="problems-title">{summary}</h2>
          <p>
            These files could not be loaded as written, so the scenarios in them are missing from the library. Other
            scenarios are not affected. Fix the files, then choose <strong>Reload content</strong>.
          </p>
        </div>
        <button type="button" className="btn btn-small btn-ghost" data-testid="hide-problems" onClick={hideProblems}>
          Hide
        </button>
      </div>
      <ul className="problem-list">
        {problems.map((problem, index) => (
          <li key={`${problem.file}:${problem.line}:${problem.column}:${problem.path}:${index}`} className="problem" data-testid="problem">
            <code
              className="problem-location"
              title={problem.line > 0 ? `line ${problem.line}, column ${problem.column}` : 'the whole file'}
            >
              {problemLocation(problem)}
            </code>
            {problem.path && <code className="problem-path">{problem.path}</code>}
            <span className="problem-message">{problemMessage(problem)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
