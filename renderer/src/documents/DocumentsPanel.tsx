import type { DocumentSummary } from '../../../shared/scenario/types';
import { useAppStore } from '../store';
import { DocumentIcon } from '../ui/icons';
import { DocumentSearch } from './DocumentSearch';
import { DocumentViewer } from './DocumentViewer';
import './documents.css';

const noDocuments: DocumentSummary[] = [];

export function DocumentsPanel() {
  const documents = useAppStore((state) => state.detail?.documents ?? noDocuments);
  const openDocumentId = useAppStore((state) => state.openDocumentId);
  const openDocumentById = useAppStore((state) => state.openDocumentById);
  const loadingId = useAppStore((state) => (state.documentStatus === 'loading' ? state.openDocumentId : null));

  return (
    <div className="docs-panel" data-testid="documents-panel">
      <h2 className="docs-title">Reference documents</h2>
      {documents.length === 0 ? (
        <p className="muted" data-testid="no-documents">
          This scenario has no reference documents.
        </p>
      ) : (
        <>
          <DocumentSearch />
          <ul className="doc-list" aria-label="Documents">
            {documents.map((document) => (
              <li key={document.id}>
                <button
                  type="button"
                  className="doc-link"
                  data-testid="document-link"
                  aria-current={document.id === openDocumentId ? 'true' : undefined}
                  aria-busy={loadingId === document.id}
                  onClick={() => void openDocumentById(document.id)}
                >
                  <DocumentIcon size={16} />
                  <span className="doc-link-title">{document.title}</span>
                  <span className="doc-link-format">{document.format.toUpperCase()}</span>
                </button>
              </li>
            ))}
          </ul>
          <DocumentViewer />
        </>
      )}
    </div>
  );
}
