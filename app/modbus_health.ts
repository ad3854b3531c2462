/**
 * The Modbus service's part of `/api/health`: every device in
 * communication fault is a problem. Lives at the composition root so the web
 * layer knows nothing of drivers.
 *
 * @module
 */
import type { ModbusService } from "../drivers/modbus/modbus_service.ts";
import type { HealthCheck } from "../web/api/health_api.ts";

/** A health check that reports the service's devices in communication fault. */
export function modbusHealth(service: Pick<ModbusService, "pollers">): HealthCheck {
  return () =>
    service.pollers
      // A device not asked anything yet is not known to be down.
      .filter((p) => p.counters.requests > 0 && !p.counters.commOk)
      .map((p) => ({
        component: "device",
        id: p.device.id,
        message: `device "${p.device.id}" is in communication fault` +
          (p.counters.lastError ? `: ${p.counters.lastError}` : ""),
      }));
}
