/**
 * @file The positions view of a selected Turing-program scratchpad: every cell with its coupled
 * ID (a cell keeps the ID of the tape cell it copies), checked step by step against the
 * addition machine.
 */
import { additionMachine } from '../../core/analyses/turing/additionMachine';
import { scratchpadParse } from '../../core/analyses/turing/scratchpad';
import { scratchpadCheck } from '../../core/analyses/turing/scratchpadCheck';
import { scratchpadIds } from '../../core/analyses/turing/scratchpadIds';
import type { PositionsParams, PositionsResult } from '../../shared/positions';

/** Coupled IDs of the scratchpad in `p.text`, with whether each step follows the addition machine. */
export function scratchpadView(p: PositionsParams): PositionsResult {
  const steps = scratchpadParse(p.text);
  const ids = scratchpadIds(steps, p.idOffset ?? 0);
  const check = scratchpadCheck(additionMachine(), p.text);
  const tokens = ids.tokens.map((t, i) => ({
    text: t === '\n' ? '⏎' : t,
    ruleId: ids.ids[i] ?? 0,
    answer: false,
    step: ids.stepOf[i] ?? 0,
  }));
  const halt = check.ok && check.halt !== undefined ? ` (${check.halt})` : ' (unfinished)';
  const note = check.ok
    ? `${steps.length} steps, each a valid step of the addition machine${halt}.`
    : `${steps.length} steps; as an addition-machine scratchpad, step ${check.step} (line ${check.line}) is wrong: ` +
      check.message;
  return { source: p.source, task: 'scratchpad', problem: p.text.trim(), tokens, note };
}
