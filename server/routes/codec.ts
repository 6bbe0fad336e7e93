/**
 * The codec endpoint the Temporal Web UI calls to show encrypted payloads to operators
 * (`POST /codec/decode`, `POST /codec/encode`, proto-JSON payload lists). It decrypts personal
 * data for whoever can reach it: it is on by default only in embedded mode, on loopback; a real
 * deployment that turns it on must put it behind the operators' authentication.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

import { sendError } from '../http-errors';

const MAX_PAYLOADS = 1_000;

/** Creates the codec router; `origins` are the Web UI origins allowed to call it. */
export function createCodecRouter(codec: PayloadCodec, origins: string[]): Router {
  const router = express.Router();
  const json = express.json({ limit: '4mb' });

  router.use('/codec', (req: Request, res: Response, next) => {
    const origin = req.headers.origin;
    if (origin && origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, x-namespace');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();

      return;
    }
    next();
  });

  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/codec/${direction}`, json, async (req: Request, res: Response) => {
      const payloads = readPayloads(req.body);
      if (!payloads) {
        sendError(
          res,
          400,
          'codec.invalid_body',
          'Expected { "payloads": [ { "metadata": {...}, "data": "<base64>" } ] }',
        );

        return;
      }
      try {
        const result = await codec[direction](payloads);
        res.json({
          payloads: result.map((p) => temporal.api.common.v1.Payload.fromObject(p).toJSON()),
        });
      } catch {
        sendError(
          res,
          400,
          'codec.failed',
          `The payloads could not be ${direction}d with the configured keys`,
        );
      }
    });
  }

  return router;
}

function readPayloads(body: unknown): Payload[] | undefined {
  const list = (body as { payloads?: unknown } | undefined)?.payloads;
  if (!Array.isArray(list) || list.length > MAX_PAYLOADS) return undefined;
  try {
    return list.map(
      (item) =>
        temporal.api.common.v1.Payload.fromObject(item as Record<string, unknown>) as Payload,
    );
  } catch {
    return undefined;
  }
}
