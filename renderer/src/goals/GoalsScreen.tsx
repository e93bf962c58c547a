/** The goals screen (filled in by its feature work). */
export function GoalsScreen() {
  return (
    <main className="page" data-testid="goals-screen">
      <h1>Goals</h1>
    </main>
  );
}
