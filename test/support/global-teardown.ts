/** Stops the shared Temporal dev server started by the global setup. */
import type { DevServer } from '../../scripts/temporal-dev-server';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { tenureDevServer?: DevServer }).tenureDevServer?.stop();
}
