export function App() {
  return <main>ChatTrain</main>;
}
