// The operator's endpoints: /healthz (the process answers), /readyz (it should get work) and
// /metrics (Prometheus text format). They say nothing about cases or people, only counts.
import type { Route } from '../http/http-server.js';
import type { ReadinessCheck } from './readiness.js';
import type { ServiceMetrics } from './service-metrics.js';

const TEXT = 'text/plain; charset=utf-8';

export function opsRoutes(parts: { readonly readiness: ReadinessCheck; readonly metrics: ServiceMetrics }): Route[] {
  return [
    // Alive is enough: a database outage must not make a supervisor restart a healthy process.
    { method: 'GET', path: '/healthz', handle: () => Promise.resolve({ status: 200, body: 'ok\n', contentType: TEXT }) },
    {
      method: 'GET',
      path: '/readyz',
      async handle() {
        const readiness = await parts.readiness.check();
        return readiness.ready ? { status: 200, body: 'ready\n', contentType: TEXT } : { status: 503, body: `not ready: ${readiness.reason}\n`, contentType: TEXT };
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      async handle() {
        const { contentType, body } = await parts.metrics.scrape();
        return { status: 200, body, contentType };
      },
    },
  ];
}
