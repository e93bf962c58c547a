/** The dashboard screen (filled in by its feature work). */
export function DashboardScreen() {
  return (
    <main className="page" data-testid="dashboard-screen">
      <h1>Dashboard</h1>
    </main>
  );
}
