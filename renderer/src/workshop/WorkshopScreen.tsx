/** The workshop screen (filled in by its feature work). */
export function WorkshopScreen() {
  return (
    <main className="page" data-testid="workshop-screen">
      <h1>Workshop</h1>
    </main>
  );
}
