/** Resolves after `ms`, or at once when `abort` (if given) fires. */
export async function delay(ms: number, abort?: AbortSignal): Promise<void> {
  if (abort?.aborted) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      abort?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    abort?.addEventListener('abort', done);
  });
}
