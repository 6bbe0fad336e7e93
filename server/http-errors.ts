/**
 * One JSON error shape for every route: `{ error: { code, message } }` with a stable dotted code.
 */
import type { Response } from 'express';

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
