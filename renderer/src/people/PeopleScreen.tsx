/** The people screen (filled in by its feature work). */
export function PeopleScreen() {
  return (
    <main className="page" data-testid="people-screen">
      <h1>People</h1>
    </main>
  );
}
