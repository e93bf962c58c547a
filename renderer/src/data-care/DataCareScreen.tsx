import { useEffect, useRef } from 'react';
import { useAppStore } from '../store';
import { AlertIcon, ShieldIcon, Spinner } from '../ui/icons';
import { BackupsCard } from './BackupsCard';
import { DataFolderCard } from './DataFolderCard';
import { EraseProfileCard } from './EraseProfileCard';
import { RetentionCard } from './RetentionCard';
import './data-care.css';

/** Data care (facilitators and trainers): backups and restore, the data folder, retention, deleting a profile's data. */
export function DataCareScreen() {
  const info = useAppStore((state) => state.dataInfo);
  const load = useAppStore((state) => state.dataInfoLoad);
  const error = useAppStore((state) => state.dataInfoError);
  const denied = useAppStore((state) => state.dataInfoDenied);
  const loadDataCare = useAppStore((state) => state.loadDataCare);
  const resetDataCareActions = useAppStore((state) => state.resetDataCareActions);
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = 'Data care · ChatTrain';
    titleRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
    void loadDataCare();
    return () => resetDataCareActions();
  }, [loadDataCare, resetDataCareActions]);

  return (
    <main className="page dc-page" data-testid="data-care-screen" aria-labelledby="dc-title">
      <header className="page-head">
        <div>
          <h1 id="dc-title" ref={titleRef} tabIndex={-1}>
            Data care
          </h1>
          <p className="lead">Everything ChatTrain records stays in one folder on this computer. Back it up, restore it, decide how long old records are kept, and move it elsewhere.</p>
        </div>
      </header>
      {info && load !== 'error' ? (
        <div className="dc-layout">
          <div className="dc-column">
            <BackupsCard info={info} />
            <EraseProfileCard />
          </div>
          <div className="dc-column">
            <DataFolderCard info={info} />
            <RetentionCard info={info} />
          </div>
        </div>
      ) : load === 'error' && denied ? (
        <div className="state-panel" data-testid="data-care-denied">
          <ShieldIcon size={24} />
          <h2>Data care is for facilitators and trainers</h2>
          <p>Backups, restoring, retention and the data folder concern everyone’s data. Switch to a facilitator or trainer profile to use them.</p>
          <button type="button" className="btn btn-secondary" onClick={goToLibrary}>
            Back to library
          </button>
        </div>
      ) : load === 'error' ? (
        <div className="state-panel state-error" role="alert" data-testid="data-care-error">
          <AlertIcon size={24} />
          <h2>Data care could not be opened</h2>
          <p>{error}</p>
          <div className="button-row">
            <button type="button" className="btn btn-primary" onClick={() => void loadDataCare()}>
              Try again
            </button>
            <button type="button" className="btn btn-secondary" onClick={goToLibrary}>
              Back to library
            </button>
          </div>
        </div>
      ) : (
        <div className="state-panel" data-testid="data-care-loading">
          <Spinner label="Loading data care" />
          <p>Loading the data folder and its backups…</p>
        </div>
      )}
    </main>
  );
}
