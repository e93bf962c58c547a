import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import type { Difficulty } from '../store/types';
import { difficultyLabel } from '../scenario/meta';
import { SearchIcon } from '../ui/icons';
import { difficulties, filtersActive, selectDomainOptions, selectTagOptions } from './filter';

export function LibraryFilters() {
  const filters = useAppStore((state) => state.filters);
  const setFilter = useAppStore((state) => state.setFilter);
  const resetFilters = useAppStore((state) => state.resetFilters);
  const domains = useAppStore(useShallow(selectDomainOptions));
  const tags = useAppStore(useShallow(selectTagOptions));
  const active = filtersActive(filters);

  return (
    <section className="filters" aria-label="Search and filter scenarios">
      <div className="field field-grow">
        <label htmlFor="library-search">Search</label>
        <div className="input-with-icon">
          <SearchIcon size={16} />
          <input
            id="library-search"
            type="search"
            data-testid="library-search"
            placeholder="Title, description or tag"
            autoComplete="off"
            spellCheck={false}
            maxLength={200}
            value={filters.text}
            onChange={(event) => setFilter('text', event.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="filter-domain">Domain</label>
        <select id="filter-domain" data-testid="filter-domain" value={filters.domain} onChange={(event) => setFilter('domain', event.target.value)}>
          <option value="">All domains</option>
          {domains.map((domain) => (
            <option key={domain} value={domain}>
              {domain}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-difficulty">Difficulty</label>
        <select
          id="filter-difficulty"
          data-testid="filter-difficulty"
          value={filters.difficulty}
          onChange={(event) => setFilter('difficulty', event.target.value as '' | Difficulty)}
        >
          <option value="">Any difficulty</option>
          {difficulties.map((difficulty) => (
            <option key={difficulty} value={difficulty}>
              {difficultyLabel(difficulty)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-tag">Tag</label>
        <select id="filter-tag" data-testid="filter-tag" value={filters.tag} onChange={(event) => setFilter('tag', event.target.value)}>
          <option value="">Any tag</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-action">
        <button type="button" className="btn btn-ghost" data-testid="reset-filters" onClick={resetFilters} disabled={!active}>
          Reset filters
        </button>
      </div>
    </section>
  );
}
