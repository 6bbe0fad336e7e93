/**
 * The embedded HR API emulators for `npm start`: for every id-only HR source that is not pointed at
 * a real API (and only alongside the embedded Temporal), an emulator with the public development
 * credentials, so that its webhooks can be tried end to end on one machine.
 */
import { DEV_BAMBOOHR, DEV_GUSTO, DEV_HIBOB, DEV_PERSONIO, type TenureConfig } from '../config';
import { startBambooHrEmulator } from '../emulators/bamboohr';
import { startGustoEmulator } from '../emulators/gusto';
import { startHiBobEmulator } from '../emulators/hibob';
import { startPersonioEmulator } from '../emulators/personio';
import type { ExternalEndpoints } from '../worker/start-worker';

type Stop = () => Promise<void>;
type HrEndpoints = Pick<ExternalEndpoints, 'bamboohr' | 'hibob' | 'gusto' | 'personio'>;

/** Starts what is embedded; returns where each HR reader reads, configured or embedded. */
export async function startHrEmulators(
  config: TenureConfig,
  stops: Stop[],
  lines: string[],
): Promise<HrEndpoints> {
  const endpoints: HrEndpoints = {
    ...(config.bamboohr ? { bamboohr: config.bamboohr } : {}),
    ...(config.hibob ? { hibob: config.hibob } : {}),
    ...(config.gusto ? { gusto: config.gusto } : {}),
    ...(config.personio ? { personio: config.personio } : {}),
  };
  const { embedded, emulators } = config;

  if (!endpoints.bamboohr && embedded.bamboohr) {
    const emulator = await startBambooHrEmulator({ port: emulators.bamboohrPort, ...DEV_BAMBOOHR });
    stops.push(emulator.close);
    endpoints.bamboohr = { apiUrl: emulator.url, ...DEV_BAMBOOHR };
    lines.push(`BambooHR emulator    ${emulator.url}  (add employees: POST /__admin/employees)`);
  }
  if (!endpoints.hibob && embedded.hibob) {
    const emulator = await startHiBobEmulator({ port: emulators.hibobPort, ...DEV_HIBOB });
    stops.push(emulator.close);
    endpoints.hibob = { apiUrl: emulator.url, ...DEV_HIBOB };
    lines.push(`HiBob emulator       ${emulator.url}  (add people: POST /__admin/people)`);
  }
  if (!endpoints.gusto && embedded.gusto) {
    const emulator = await startGustoEmulator({ port: emulators.gustoPort, ...DEV_GUSTO });
    stops.push(emulator.close);
    endpoints.gusto = { apiUrl: emulator.url, ...DEV_GUSTO };
    lines.push(`Gusto emulator       ${emulator.url}  (add employees: POST /__admin/employees)`);
  }
  if (!endpoints.personio && embedded.personio) {
    const emulator = await startPersonioEmulator({ port: emulators.personioPort, ...DEV_PERSONIO });
    stops.push(emulator.close);
    endpoints.personio = { apiUrl: emulator.url, ...DEV_PERSONIO };
    lines.push(`Personio emulator    ${emulator.url}  (add persons: POST /__admin/persons)`);
  }

  return endpoints;
}
