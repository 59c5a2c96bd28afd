"""lens-lm: the default byte-level causal LM, and the GPT-2-style blocks every zoo model reuses."""
