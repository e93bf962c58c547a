/** The review screen (filled in by its feature work). */
export function ReviewScreen() {
  return (
    <main className="page" data-testid="review-screen">
      <h1>Review</h1>
    </main>
  );
}
