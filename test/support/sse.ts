/** Reads a server-sent event stream over real HTTP, collecting `report` events as they arrive. */
export async function openFeed(url: string, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`feed answered ${res.status}`);
  const events: { kind: string; at: string; report: { id: string; [key: string]: unknown } }[] = [];
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (block.includes('event: report') && data) events.push(JSON.parse(data));
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    events,
    /** Waits until an event about the report arrives, or fails after `ms`. */
    async waitFor(reportId: string, ms = 5000) {
      const start = Date.now();
      while (Date.now() - start < ms) {
        const found = events.find((e) => e.report.id === reportId);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no feed event for ${reportId} within ${ms} ms`);
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
