/**
 * @file Machines shared by the Turing tests.
 */

/** Binary increment, three states: q0 walks right to the end, q1 carries leftwards, qa accepts. */
export const INCREMENT = `
name: binary increment
start: q0
accept: qa
blank: _
q0 0 -> q0 0 R
q0 1 -> q0 1 R
q0 _ -> q1 _ L   # past the last digit: turn back
q1 1 -> q1 0 L   # 1 + carry = 0, carry on
q1 0 -> qa 1 S
q1 _ -> qa 1 S   # carry past the first digit: the tape grows on the left
`;
