// The operator's listener (/healthz, /readyz, /metrics): none without a port, loopback unless chosen otherwise.
import { z } from 'zod';
import { host, port } from './fields.js';

export const opsSchema = z
  .object({
    CERTBELL_OPS_PORT: port.optional(),
    CERTBELL_OPS_HOST: host('127.0.0.1'),
  })
  .transform((e) => ({ port: e.CERTBELL_OPS_PORT ?? null, host: e.CERTBELL_OPS_HOST }));
