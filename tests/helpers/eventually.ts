// Waiting for what the service shows after a change: its read model reloads when it next reads the data version.

/** The value once `ok` holds for it, asked again every 200 ms for up to 15 s; the last value otherwise. */
export async function eventually<T>(get: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  let value = await get();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await get();
  }
  return value;
}
