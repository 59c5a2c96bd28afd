/**
 * @file Entry of the Turing-program view (bundled to `dist/webview/turing.js` and `.css`): one line saying what the
 * run shows, the scratchpad's lines as the model writes them (monospace, each marked by the simulator, the first
 * wrong one in red beside the line it should have been), the answer, and the cells right per line. Partial results
 * arrive line by line and are drawn as they come.
 */
import '../shared/base.css';
import '../serving/lab.css';
import './style.css';
import { programRunRequest, type ProgramRunResult } from '../../src/shared/turing';
import { byId } from '../shared/dom';
import { mountView, renderer } from '../shared/mountView';
import { drawCells } from './chart';
import { HELP } from './help';

const els = {
  summary: byId('summary', HTMLElement),
  reading: byId('reading', HTMLElement),
  program: byId('program', HTMLOListElement),
  answer: byId('answer', HTMLElement),
  chart: byId('cells-chart', SVGSVGElement),
};

let shown: ProgramRunResult | undefined;

mountView({
  view: 'turing',
  renderers: [renderer(programRunRequest, show)],
  chart: () => (shown === undefined ? undefined : els.chart),
  onClear: clear,
});

/** The one line saying what the user sees. */
function reading(r: ProgramRunResult): string {
  const n = r.digits;
  const times = r.trainMaxLength > 0 ? ` (${(n / r.trainMaxLength).toFixed(1)}× its training length)` : '';
  const writing = r.done ? '' : ' It is still writing.';
  const verdict =
    r.firstWrongStep === undefined
      ? r.finished
        ? 'Every step follows from the one before, and the answer is right.'
        : 'Every line so far follows from the one before.'
      : `Line ${r.firstWrongStep} is the first step that does not follow from the line above it.`;
  return `${r.model} wrote the scratchpad of a ${n}-digit ${r.task}${times}. ${verdict}${writing}`;
}

/** The problem as the summary names it: an operand of more than 12 digits shortened to its ends. */
function shortProblem(problem: string): string {
  return problem.replace(/\d{13,}/gu, (d) => `${d.slice(0, 6)}…${d.slice(-4)}`);
}

function item(index: number, text: string, status: string, expected?: string): HTMLLIElement {
  const li = document.createElement('li');
  li.value = index;
  li.className = `line ${status}`;
  const cells = document.createElement('code');
  cells.textContent = text === '' ? '(nothing: the model stopped here)' : text;
  li.append(cells);
  li.title = `Line ${index}: ${status === 'problem' ? 'the problem' : status}`;
  if (expected !== undefined) {
    const want = document.createElement('code');
    want.className = 'expected';
    want.textContent = `expected: ${expected}`;
    want.title = `The simulator's successor of line ${index - 1}`;
    li.append(want);
  }
  return li;
}

/** The answer line: the model's answer and verdict, or why there is none. */
function answerText(r: ProgramRunResult): string {
  const result = `the ${r.task === 'addition' ? 'sum' : 'product'} is ${r.expectedAnswer}`;
  if (r.answer !== undefined) return `Answer ${r.answer}: ${r.correct ? 'correct' : `wrong, ${result}`}.`;
  if (r.stopped === true) return `No answer: the run was stopped before the model finished; ${result}.`;
  if (r.ended === 'runaway') {
    const line = r.lines[r.lines.length - 1]?.index ?? 1;
    return `No answer: line ${line} ran past the program's longest line (the model lost its place); ${result}.`;
  }
  if (r.done) return `No answer: the model did not end its scratchpad within its token budget; ${result}.`;
  return 'Writing…';
}

function show(r: ProgramRunResult): void {
  shown = r;
  const kind = r.scratchpad ? 'scratchpad' : 'no scratchpad';
  const state = r.done ? '' : ' (writing…)';
  els.summary.textContent = `Turing program: ${r.model} (${kind}) on ${shortProblem(r.problem)}${state}`;
  els.reading.textContent = reading(r);
  const rows = [item(0, r.truth[0] ?? '', 'problem')];
  for (const l of r.lines) {
    const first = l.index === r.firstWrongStep;
    rows.push(item(l.index, l.text, first ? 'wrong first' : l.status, first ? l.expected : undefined));
  }
  const missing = r.firstWrongStep !== undefined && !r.lines.some((l) => l.index === r.firstWrongStep);
  if (missing) rows.push(item(r.firstWrongStep ?? 0, '', 'wrong first', r.expected));
  els.program.replaceChildren(...rows);
  const done = r.answer !== undefined;
  els.answer.textContent = answerText(r);
  els.answer.className = `answer-line ${done ? (r.correct ? 'right' : 'wrong') : ''}`;
  els.answer.title = `The true answer is ${r.expectedAnswer}.`;
  drawCells(els.chart, r);
}

function clear(): void {
  shown = undefined;
  els.program.replaceChildren();
  els.chart.replaceChildren();
  els.answer.textContent = '';
  els.reading.textContent = HELP.intro;
  els.summary.textContent = 'Waiting for a Turing-program run…';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = els.chart.parentElement?.clientWidth ?? 0;
  if (w === lastWidth || shown === undefined) return;
  lastWidth = w;
  drawCells(els.chart, shown);
}).observe(els.chart.parentElement ?? document.body);
