import type { DocumentSearchHit } from '../../../shared/scenario/types';
import { useAppStore } from '../store';
import { MAX_QUERY_LENGTH } from '../store/scenario-slice';
import { plural } from '../ui/format';
import { SearchIcon, Spinner } from '../ui/icons';
import { splitSnippet, tidySnippetText } from './snippet';

/** A snippet with its matched terms in <mark>, built from text runs (never HTML). */
export function Snippet({ text }: { text: string }) {
  return (
    <>
      {splitSnippet(text).map((part, index) => {
        const shown = tidySnippetText(part.text);
        return part.marked ? <mark key={index}>{shown}</mark> : <span key={index}>{shown}</span>;
      })}
    </>
  );
}

export function DocumentSearch() {
  const query = useAppStore((state) => state.search.query);
  const setSearchQuery = useAppStore((state) => state.setSearchQuery);

  return (
    <div className="doc-search">
      <label htmlFor="document-search" className="field-label-strong">
        Search this scenario’s documents
      </label>
      <div className="input-with-icon">
        <SearchIcon size={16} />
        <input
          id="document-search"
          type="search"
          data-testid="document-search"
          placeholder="For example: deductible, rental car"
          autoComplete="off"
          spellCheck={false}
          maxLength={MAX_QUERY_LENGTH}
          aria-controls="document-search-results"
          aria-describedby="document-search-status"
          value={query}
          onChange={(event) => setSearchQuery(event.target.value)}
          onKeyDown={(event) => {
            // First Escape clears the box; the next one leaves the scenario.
            if (event.key === 'Escape' && query !== '') {
              event.preventDefault();
              setSearchQuery('');
            }
          }}
        />
      </div>
      <SearchResults />
    </div>
  );
}

function SearchResults() {
  const search = useAppStore((state) => state.search);
  const openDocumentById = useAppStore((state) => state.openDocumentById);
  const active = search.query.trim() !== '';

  let status = '';
  if (active && search.status === 'searching' && search.results.length === 0) status = 'Searching…';
  else if (active && search.status === 'done')
    status = search.results.length === 0 ? `No matches for “${search.searchedQuery}”.` : `${plural(search.results.length, 'match', 'matches')}`;

  return (
    <div
      id="document-search-results"
      className="search-results"
      data-testid="document-search-results"
      data-status={active ? search.status : 'idle'}
      data-searched-query={search.searchedQuery}
    >
      <p id="document-search-status" className="search-status" role="status" aria-live="polite" data-testid="search-status">
        {search.status === 'searching' && active && <Spinner />}
        {status && (
          <span data-testid={search.status === 'done' && search.results.length === 0 ? 'search-no-matches' : undefined}>{status}</span>
        )}
      </p>
      {active && search.status === 'error' && (
        <p className="inline-error" role="alert" data-testid="search-error">
          Search is not available right now. {search.error}
        </p>
      )}
      {active && search.results.length > 0 && (
        <ul className="hit-list" aria-label="Search results">
          {search.results.map((hit) => (
            <li key={hit.chunkId}>
              <SearchHit hit={hit} onOpen={() => void openDocumentById(hit.documentId, hit.heading)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The most specific part of a heading path such as `Guide > 5. Coverage`. */
export function headingLabel(heading: string): string {
  const segments = heading.split(/\s+>\s+/).map((segment) => segment.trim()).filter(Boolean);
  return segments[segments.length - 1] ?? '';
}

function SearchHit({ hit, onOpen }: { hit: DocumentSearchHit; onOpen(): void }) {
  const heading = headingLabel(hit.heading);
  return (
    <button type="button" className="hit" data-testid="search-hit" onClick={onOpen}>
      <span className="hit-where">
        <span className="hit-document">{hit.documentTitle}</span>
        {heading && heading !== hit.documentTitle && (
          <>
            <span className="hit-separator" aria-hidden="true">
              ›
            </span>
            <span className="hit-heading" title={hit.heading}>
              {heading}
            </span>
          </>
        )}
      </span>
      <span className="hit-snippet">
        <Snippet text={hit.snippet} />
      </span>
    </button>
  );
}
