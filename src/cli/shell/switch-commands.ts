/**
 * EXPAND and PAGING as cqlsh's SwitchCommand words them: a report without an argument, `Now ...
 * is enabled` / `Disabled ...` on a change, an error when already in that state.
 */

import type { Switch } from './shell-command.js';

export interface SwitchOutcome {
  readonly enabled: boolean;
  readonly message: string;
  readonly isError: boolean;
}

export function applySwitch(command: string, description: string, enabled: boolean, requested: Switch): SwitchOutcome {
  if (requested === null) {
    const message = enabled
      ? `${description} is currently enabled. Use ${command} OFF to disable`
      : `${description} is currently disabled. Use ${command} ON to enable.`;
    return { enabled, message, isError: false };
  }
  if (requested === 'on') {
    if (enabled) return { enabled, message: `${description} is already enabled. Use ${command} OFF to disable.`, isError: true };
    return { enabled: true, message: `Now ${description} is enabled`, isError: false };
  }
  if (!enabled) return { enabled, message: `${description} is not enabled.`, isError: true };
  return { enabled: false, message: `Disabled ${description}.`, isError: false };
}
