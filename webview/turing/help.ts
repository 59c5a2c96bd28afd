/**
 * @file The words of the Turing-program view: what each part shows (the section notes and tooltips).
 */

/** Help texts of the view. */
export const HELP = {
  intro:
    'A Turing program is a scratchpad in which every line copies the one before with one local edit: the last digit ' +
    'of each operand is used up and the next digit of the result is written after the carry mark (a: no carry, ' +
    'b: carry 1, …). The simulator computes each line from the line before it and checks what the model wrote.',
  lines:
    'The lines as the model writes them (line 0 is the problem). Green: the simulator\u2019s successor of the line ' +
    'above. Red: the first wrong step, with the line it should have been beside it. Grey: checked against a wrong ' +
    'line above, or not checkable.',
  chart:
    'For each line of the scratchpad, how many of its cells equal the true program\u2019s line (bar) out of the ' +
    'cells the true line has (outline). A line the model has not written yet has no bar.',
  legendRight: 'A line equal to the simulator\u2019s successor of the line above it.',
  legendWrong: 'A line that is not the successor of the line above it; the first one is the first wrong step.',
  legendUnchecked: 'A line after a malformed or wrong line, which the simulator cannot continue from.',
} as const;
