/** The data-care screen (filled in by its feature work). */
export function DataCareScreen() {
  return (
    <main className="page" data-testid="data-care-screen">
      <h1>DataCare</h1>
    </main>
  );
}
