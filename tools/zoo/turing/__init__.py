"""The Turing-program zoo: Hard-ALiBi decoders trained on Turing-program scratchpads, and their
no-scratchpad baselines."""
