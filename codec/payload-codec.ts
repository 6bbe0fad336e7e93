/**
 * Encrypts every Temporal payload (HR events, records, statuses: personal data) with AES-256-GCM
 * before it leaves the process, so the Temporal server and its database hold ciphertext only.
 * Workflow ids and search attributes never pass through here; they carry no personal data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKey {
  /** Recorded with each payload, so that keys can be rotated: old payloads name their key. */
  id: string;
  /** 32 bytes. */
  material: Buffer;
}

export class PayloadKeyError extends Error {
  readonly code = 'codec.unknown_key';
}

/**
 * Creates the codec. `current` encrypts; every key in `keys` (the current one included) may
 * decrypt. Payloads that are not encrypted pass through unchanged, so turning the codec on
 * keeps older histories readable.
 */
export function createPayloadCodec(current: PayloadKey, keys: PayloadKey[] = []): PayloadCodec {
  const byId = new Map([...keys, current].map((key) => [key.id, key.material]));

  return {
    encode: async (payloads: Payload[]) => payloads.map((payload) => encrypt(current, payload)),
    decode: async (payloads: Payload[]) =>
      payloads.map((payload) => {
        if (metadataText(payload, 'encoding') !== ENCODING) return payload;
        const keyId = metadataText(payload, 'encryption-key-id') ?? '';
        const material = byId.get(keyId);
        if (!material) throw new PayloadKeyError(`No payload key with id "${keyId}" is configured`);

        return decrypt(material, payload);
      }),
  };
}

function encrypt(key: PayloadKey, payload: Payload): Payload {
  const plain = temporal.api.common.v1.Payload.encode(payload).finish();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.material, iv);
  const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);

  return {
    metadata: {
      encoding: Buffer.from(ENCODING),
      'encryption-key-id': Buffer.from(key.id),
    },
    data: sealed,
  };
}

function decrypt(material: Buffer, payload: Payload): Payload {
  const sealed = Buffer.from(payload.data ?? new Uint8Array());
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', material, iv);
  decipher.setAuthTag(tag);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);

  return temporal.api.common.v1.Payload.decode(plain) as Payload;
}

function metadataText(payload: Payload, key: string): string | undefined {
  const value = payload.metadata?.[key];

  return value ? Buffer.from(value).toString() : undefined;
}
