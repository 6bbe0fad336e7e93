/** The payload codec the configuration asks for: configured keys, or the embedded key file. */
import { resolve } from 'node:path';
import type { PayloadCodec } from '@temporalio/common';

import type { TenureConfig } from '../config';
import { createPayloadCodec } from './payload-codec';
import { embeddedPayloadKey, parsePayloadKeys } from './payload-keys';

export function payloadCodecFor(config: TenureConfig, projectRoot: string): PayloadCodec {
  if (config.payloads.keys.length > 0) {
    const [current, ...older] = parsePayloadKeys(config.payloads.keys);

    return createPayloadCodec(current!, older);
  }

  return createPayloadCodec(
    embeddedPayloadKey(resolve(projectRoot, config.dataDir, 'payload-key')),
  );
}
