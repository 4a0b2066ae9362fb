import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { QueueDashboard } from '../deps.js';

/** A BullMQ queue as the dashboard adapter takes it. */
export type DashboardQueue = ConstructorParameters<typeof BullMQAdapter>[0];

/** Where the dashboard is mounted. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The BullMQ dashboard (`@bull-board/hono`) over the given queues, to mount at
 * {@link QUEUE_DASHBOARD_PATH}; `createApp` puts it behind the `admin` scope.
 */
export function createQueueDashboard(queues: readonly DashboardQueue[]): QueueDashboard {
  const serverAdapter = new HonoAdapter(serveStatic);
  // @bull-board/hono 9.10.1 pins @bull-board/api 9.10.1 while this package has 9.10.2: the
  // adapter is the same shape, only the private fields' declarations differ.
  type ServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: serverAdapter as unknown as ServerAdapter,
  });
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  return { app: serverAdapter.registerPlugin() };
}
