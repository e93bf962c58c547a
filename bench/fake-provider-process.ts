// Runs the fake OpenAI-compatible server in its own process for the streaming bench, the way
// a real model server would be, and reports its timings (epoch ms) over IPC.
import { performance } from 'node:perf_hooks';
import { startFakeOpenAiServer, type FakeBehaviour } from '../tests/llm/fake-openai-server';

const epoch = (at: number) => performance.timeOrigin + at;
const fake = await startFakeOpenAiServer({
  onTiming: (event, at) => process.send!({ timing: event, at: epoch(at) }),
});
process.on('message', (message: { enqueue?: FakeBehaviour; close?: boolean }) => {
  if (message.enqueue) fake.enqueue(message.enqueue);
  if (message.close) void fake.close().then(() => process.exit(0));
});
process.send!({ baseUrl: fake.baseUrl });
